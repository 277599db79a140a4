//! SQL of comments on contents.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::NotSet, QueryOrder, Set};

use crate::content::entity::comment;
use crate::ids::{CommentId, ContentId, UserId};

pub async fn find(db: &DatabaseConnection, id: CommentId) -> Result<Option<comment::Model>, DbErr> {
    comment::Entity::find_by_id(id).one(db).await
}

pub async fn insert(
    db: &DatabaseConnection,
    content: ContentId,
    author: UserId,
    parent: Option<CommentId>,
    body: String,
) -> Result<comment::Model, DbErr> {
    comment::ActiveModel {
        id: NotSet,
        content_id: Set(content),
        author_id: Set(author),
        parent_id: Set(parent),
        body: Set(body),
        created_at: Set(Utc::now()),
        edited_at: Set(None),
        deleted_at: Set(None),
    }
    .insert(db)
    .await
}

pub async fn set_body(db: &DatabaseConnection, id: CommentId, body: String) -> Result<(), DbErr> {
    comment::Entity::update_many()
        .col_expr(comment::Column::Body, Expr::value(body))
        .col_expr(comment::Column::EditedAt, Expr::value(Utc::now()))
        .filter(comment::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn soft_delete(db: &DatabaseConnection, id: CommentId) -> Result<(), DbErr> {
    comment::Entity::update_many()
        .col_expr(comment::Column::DeletedAt, Expr::value(Utc::now()))
        .filter(comment::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Every comment of a content, oldest first.
pub async fn of_content(db: &DatabaseConnection, content: ContentId) -> Result<Vec<comment::Model>, DbErr> {
    comment::Entity::find()
        .filter(comment::Column::ContentId.eq(content.0))
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await
}
