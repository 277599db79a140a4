//! SQL of notifications.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::NotSet, QueryOrder, QuerySelect, Set};

use crate::ids::UserId;

pub mod entry {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "notifications")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::ids::NotificationId,
        pub user_id: crate::ids::UserId,
        /// Catalogue key of the message, e.g. `notify-content-hidden`.
        pub kind: String,
        /// What the message is about (a title), and a reason if any.
        pub detail: String,
        pub link: String,
        pub created_at: DateTimeUtc,
        pub read_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub async fn notify(
    db: &impl ConnectionTrait,
    user: UserId,
    kind: &str,
    detail: &str,
    link: &str,
) -> Result<(), DbErr> {
    let written = entry::ActiveModel {
        id: NotSet,
        user_id: Set(user),
        kind: Set(kind.to_owned()),
        detail: Set(detail.to_owned()),
        link: Set(link.to_owned()),
        created_at: Set(Utc::now()),
        read_at: Set(None),
    }
    .insert(db)
    .await?;
    super::by_sms::queue_if_chosen(db, user, kind, written.id).await
}

pub async fn find(db: &impl ConnectionTrait, id: crate::ids::NotificationId) -> Result<Option<entry::Model>, DbErr> {
    entry::Entity::find_by_id(id).one(db).await
}

pub async fn recent(db: &impl ConnectionTrait, user: UserId, limit: u64) -> Result<Vec<entry::Model>, DbErr> {
    entry::Entity::find()
        .filter(entry::Column::UserId.eq(user.0))
        .order_by_desc(entry::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

pub async fn unread_count(db: &impl ConnectionTrait, user: UserId) -> Result<u64, DbErr> {
    entry::Entity::find()
        .filter(entry::Column::UserId.eq(user.0))
        .filter(entry::Column::ReadAt.is_null())
        .count(db)
        .await
}

pub async fn mark_all_read(db: &impl ConnectionTrait, user: UserId) -> Result<(), DbErr> {
    entry::Entity::update_many()
        .col_expr(entry::Column::ReadAt, Expr::value(Utc::now()))
        .filter(entry::Column::UserId.eq(user.0))
        .filter(entry::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
