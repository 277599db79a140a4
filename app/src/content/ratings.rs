//! Ratings: one of 1–5 stars per teacher per content, changeable, never on
//! one's own content. The content keeps the sum and count for ranking.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{QuerySelect, Set, TransactionTrait};

use super::entity::{content, rating};
use super::model::{ContentId, RatingSummary};
use crate::accounts::model::UserId;
use crate::state::AppState;
use crate::web::{AppError, AppResult, FieldErrors};

pub async fn rate(state: &AppState, who: UserId, id: ContentId, stars: i32) -> AppResult<RatingSummary> {
    if !(1..=5).contains(&stars) {
        let mut errors = FieldErrors::default();
        errors.add("stars", "field-stars-range");
        return Err(AppError::Validation(errors));
    }
    let item = super::store::find(&state.db, id).await?.filter(|c| !c.hidden).ok_or(AppError::NotFound)?;
    if item.author_id == who.0 {
        return Err(AppError::Forbidden);
    }
    let txn = state.db.begin().await?;
    rating::Entity::insert(rating::ActiveModel {
        content_id: Set(id.0),
        user_id: Set(who.0),
        stars: Set(stars),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([rating::Column::ContentId, rating::Column::UserId])
            .update_columns([rating::Column::Stars, rating::Column::UpdatedAt])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let (sum, count): (Option<i64>, i64) = rating::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(COALESCE(SUM(stars), 0) AS BIGINT)"), "sum")
        .column_as(rating::Column::UserId.count(), "count")
        .filter(rating::Column::ContentId.eq(id.0))
        .into_tuple()
        .one(&txn)
        .await?
        .unwrap_or((Some(0), 0));
    let sum = sum.unwrap_or(0);
    content::Entity::update_many()
        .col_expr(content::Column::RatingSum, Expr::value(sum))
        .col_expr(content::Column::RatingCount, Expr::value(count))
        .filter(content::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(RatingSummary::from(sum, count))
}

/// The stars `who` gave, if any.
pub async fn mine(state: &AppState, who: UserId, id: ContentId) -> AppResult<Option<i32>> {
    Ok(rating::Entity::find_by_id((id.0, who.0)).one(&state.db).await?.map(|r| r.stars))
}
