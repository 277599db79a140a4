//! What a teacher chooses for herself and keeps on her account, so it
//! follows her to another phone: her language and data-saver mode.

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;

use super::entity::user;
use crate::ids::UserId;

pub async fn set_language(db: &DatabaseConnection, user: UserId, lang_code: &str) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::Lang, Expr::value(lang_code))
        .filter(user::Column::Id.eq(user.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Keeps her data-saver choice on her account, for every phone she uses.
pub async fn set_data_saver(db: &DatabaseConnection, user: UserId, on: bool) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::DataSaver, Expr::value(on))
        .filter(user::Column::Id.eq(user.0))
        .exec(db)
        .await?;
    Ok(())
}
