//! Ratings: one of 1–5 stars per teacher per content, changeable, never on
//! one's own content. The content keeps the sum and count for ranking.

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
    if item.author_id == who {
        return Err(AppError::Forbidden);
    }
    let (sum, count) = super::store::ratings::set(&state.db, who, id, stars).await?;
    super::shared::rated(state, who, id, stars);
    Ok(RatingSummary::from(sum, count))
}

/// The stars `who` gave, if any.
pub async fn mine(state: &AppState, who: UserId, id: ContentId) -> AppResult<Option<i32>> {
    Ok(super::store::ratings::of(&state.db, who, id).await?)
}
