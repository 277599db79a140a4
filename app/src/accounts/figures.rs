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
struct KeptFigures {
    kept: KeptMap<(), Figures, 1>,
    /// One count at a time on this node: while it runs, the others show the
    /// last figures (or, before the first count, wait for it) instead of
    /// each reading every account again.
    counting: tokio::sync::Mutex<()>,
}

/// A moderator verified or turned down a teacher: this node counts again
/// on the next visit.
pub fn forget(state: &AppState) {
    state.part::<KeptFigures>().kept.forget_where(|_| true);
}

/// The figures, counted at most every [`KEEP_FIGURES`] on this node.
pub async fn current(state: &AppState) -> Result<Figures, DbErr> {
    let kept = state.part::<KeptFigures>();
    let last = kept.kept.get_any(&(), KEEP_FIGURES);
    if let Some((found, false)) = last {
        return Ok(found);
    }
    let _counting = match kept.counting.try_lock() {
        Ok(counting) => counting,
        Err(_) => match last {
            Some((found, _)) => return Ok(found),
            None => kept.counting.lock().await,
        },
    };
    // Counted while this request waited.
    if let Some(found) = kept.kept.get(&(), KEEP_FIGURES) {
        return Ok(found);
    }
    let (teachers, verified) = super::store::count_teachers(&state.db).await?;
    let districts = super::store::count_districts_reached(&state.db).await?;
    let found = Figures { teachers, verified, districts };
    kept.kept.put((), found, KEEP_FIGURES);
    Ok(found)
}
