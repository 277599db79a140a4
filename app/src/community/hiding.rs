//! Community items as moderation sees them: reported, hidden, restored.
//! Moderation decides; the community's own tables change only here.

use sea_orm::ConnectionTrait;

pub use super::store::hiding::Found;
use crate::state::AppState;
use crate::web::AppResult;

/// What can be reported in the community.
pub const KINDS: [&str; 5] = ["question", "answer", "post", "idea", "comment"];

pub async fn find(state: &AppState, kind: &str, id: i64) -> AppResult<Option<Found>> {
    if !KINDS.contains(&kind) {
        return Ok(None);
    }
    Ok(super::store::hiding::find(&state.db, kind, id).await?)
}

/// Hides (or shows again) an item; the caller records why.
pub async fn set_hidden(db: &impl ConnectionTrait, kind: &str, id: i64, hidden: bool) -> AppResult<()> {
    Ok(super::store::hiding::set_hidden(db, kind, id, hidden).await?)
}
