//! SQL of ratings: one row per teacher and content, and the totals kept on
//! the content for lists.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{QuerySelect, Set};

use crate::content::entity::{content, rating};
use crate::ids::{ContentId, UserId};

/// Sets `who`'s stars on a content and updates its totals (call it in a
/// transaction); returns the new sum and count.
pub async fn set(txn: &impl ConnectionTrait, who: UserId, id: ContentId, stars: i32) -> Result<(i64, i64), DbErr> {
    rating::Entity::insert(rating::ActiveModel {
        content_id: Set(id),
        user_id: Set(who),
        stars: Set(stars),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([rating::Column::ContentId, rating::Column::UserId])
            .update_columns([rating::Column::Stars, rating::Column::UpdatedAt])
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    let (sum, count): (Option<i64>, i64) = rating::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(COALESCE(SUM(stars), 0) AS BIGINT)"), "sum")
        .column_as(rating::Column::UserId.count(), "count")
        .filter(rating::Column::ContentId.eq(id.0))
        .into_tuple()
        .one(txn)
        .await?
        .unwrap_or((Some(0), 0));
    let sum = sum.unwrap_or(0);
    content::Entity::update_many()
        .col_expr(content::Column::RatingSum, Expr::value(sum))
        .col_expr(content::Column::RatingCount, Expr::value(count))
        .filter(content::Column::Id.eq(id.0))
        .exec(txn)
        .await?;
    Ok((sum, count))
}

pub async fn of(db: &impl ConnectionTrait, who: UserId, id: ContentId) -> Result<Option<i32>, DbErr> {
    Ok(rating::Entity::find_by_id((id, who)).one(db).await?.map(|r| r.stars))
}
