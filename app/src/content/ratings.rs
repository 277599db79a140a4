//! Ratings: one of 1–5 stars per teacher per content, changeable, never on
//! one's own content. The content keeps the sum and count for ranking.

use super::model::{ContentId, RatingSummary};
use sea_orm::TransactionTrait;

use crate::accounts::model::UserId;
use crate::questions::reputation::{self, Reason};
use crate::state::AppState;
use crate::web::{AppError, AppResult, FieldErrors};

/// Ratings of this many stars or more earn the author reputation.
pub const GOOD_STARS: i32 = 4;

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
    let txn = state.db.begin().await?;
    let before = super::store::ratings::of(&txn, who, id).await?.unwrap_or(0);
    let (sum, count) = super::store::ratings::set(&txn, who, id, stars).await?;
    // Four or five stars earn the author reputation; taking them back
    // (down to three or fewer) takes the points back.
    let (was_good, is_good) = (before >= GOOD_STARS, stars >= GOOD_STARS);
    if was_good && !is_good {
        let reasons = [Reason::ContentRatedWell];
        reputation::withdraw(&txn, item.author_id, &reasons, crate::items::ItemRef::from(id), who).await?;
    } else if is_good && !was_good {
        reputation::award(&txn, item.author_id, Reason::ContentRatedWell, crate::items::ItemRef::from(id), Some(who))
            .await?;
    }
    crate::jobs::search_later(&txn, id).await?;
    txn.commit().await?;
    super::shared::rated(state, who, id, stars);
    super::discovery::used(state, who);
    Ok(RatingSummary::from(sum, count))
}

/// The stars `who` gave, if any.
pub async fn mine(state: &AppState, who: UserId, id: ContentId) -> AppResult<Option<i32>> {
    Ok(super::store::ratings::of(&state.db, who, id).await?)
}
