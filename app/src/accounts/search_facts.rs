//! What search walks of the accounts: every teacher's id, for a rebuild.
//! The accounts themselves come from `accounts::store::find_many`.

use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};

use crate::accounts::entity::user;
use crate::ids::UserId;

/// Ids after `after`, in order, `limit` at most.
pub async fn ids_after(db: &impl ConnectionTrait, after: UserId, limit: u64) -> Result<Vec<UserId>, DbErr> {
    user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Id.gt(after))
        .order_by_asc(user::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// Every account.
pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    user::Entity::find().count(db).await
}
