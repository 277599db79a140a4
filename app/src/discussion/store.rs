//! SQL of discussion: comments on questions, answers, ideas and posts.
//! Nothing else writes `community_comments`.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::NotSet, QueryOrder, Set};

use super::entity::comment;
use crate::ids::{DiscussionCommentId, UserId};
use crate::items::{ItemKind, ItemRef};

pub async fn insert(
    db: &impl ConnectionTrait,
    item: ItemRef,
    author: UserId,
    body: &str,
) -> Result<comment::Model, DbErr> {
    comment::ActiveModel {
        id: NotSet,
        item_kind: Set(item.kind),
        item_id: Set(item.id),
        author_id: Set(author),
        body: Set(body.to_owned()),
        hidden: Set(false),
        deleted_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await
}

/// A comment whatever its visibility, deleted ones too.
pub(crate) async fn any(db: &impl ConnectionTrait, id: DiscussionCommentId) -> Result<Option<comment::Model>, DbErr> {
    comment::Entity::find_by_id(id).one(db).await
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

pub(crate) async fn set_hidden(db: &impl ConnectionTrait, id: DiscussionCommentId, hidden: bool) -> Result<(), DbErr> {
    comment::Entity::update_many()
        .col_expr(comment::Column::Hidden, Expr::value(hidden))
        .filter(comment::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Visible comments on several items of one kind, oldest first.
pub async fn on(db: &impl ConnectionTrait, kind: ItemKind, items: &[i64]) -> Result<Vec<comment::Model>, DbErr> {
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
