//! The portal in numbers (teachers, verified teachers, districts reached),
//! as the home page shows them. Counting the teachers reads every account
//! row (900,000 at national size), so each node counts at most every
//! [`KEEP_FIGURES`], apart from the home page's few-second shared part.

use std::time::Duration;

use sea_orm::DbErr;

use crate::state::AppState;
use crate::web::kept::KeptMap;

/// How stale the figures may be.
pub const KEEP_FIGURES: Duration = Duration::from_secs(300);

/// Teachers, verified teachers, districts with at least one account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figures {
    pub teachers: u64,
    pub verified: u64,
    pub districts: u64,
}

#[derive(Default)]
struct KeptFigures(KeptMap<(), Figures, 1>);

/// The figures, counted at most every [`KEEP_FIGURES`] on this node.
pub async fn current(state: &AppState) -> Result<Figures, DbErr> {
    let kept = state.part::<KeptFigures>();
    if let Some(found) = kept.0.get(&(), KEEP_FIGURES) {
        return Ok(found);
    }
    let (teachers, verified) = super::store::count_teachers(&state.db).await?;
    let districts = super::store::count_districts_reached(&state.db).await?;
    let found = Figures { teachers, verified, districts };
    kept.0.put((), found, KEEP_FIGURES);
    Ok(found)
}
