//! Comments on questions, answers, ideas and posts.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::NotSet, QueryOrder, Set};

use crate::community::entity::comment;
use crate::ids::{DiscussionCommentId, UserId};

pub async fn insert(
    db: &impl ConnectionTrait,
    kind: &str,
    item: i64,
    author: UserId,
    body: &str,
) -> Result<comment::Model, DbErr> {
    comment::ActiveModel {
        id: NotSet,
        item_kind: Set(kind.to_owned()),
        item_id: Set(item),
        author_id: Set(author),
        body: Set(body.to_owned()),
        hidden: Set(false),
        deleted_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await
}

pub async fn find(db: &impl ConnectionTrait, id: DiscussionCommentId) -> Result<Option<comment::Model>, DbErr> {
    comment::Entity::find_by_id(id).filter(comment::Column::DeletedAt.is_null()).one(db).await
}

pub async fn soft_delete(db: &impl ConnectionTrait, id: DiscussionCommentId) -> Result<(), DbErr> {
    comment::Entity::update_many()
        .col_expr(comment::Column::DeletedAt, Expr::value(Utc::now()))
        .filter(comment::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_hidden(db: &impl ConnectionTrait, id: DiscussionCommentId, hidden: bool) -> Result<(), DbErr> {
    comment::Entity::update_many()
        .col_expr(comment::Column::Hidden, Expr::value(hidden))
        .filter(comment::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Visible comments on several items of one kind, oldest first.
pub async fn on(db: &impl ConnectionTrait, kind: &str, items: &[i64]) -> Result<Vec<comment::Model>, DbErr> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    comment::Entity::find()
        .filter(comment::Column::ItemKind.eq(kind))
        .filter(comment::Column::ItemId.is_in(items.iter().copied()))
        .filter(comment::Column::DeletedAt.is_null())
        .filter(comment::Column::Hidden.eq(false))
        .order_by_asc(comment::Column::CreatedAt)
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await
}
