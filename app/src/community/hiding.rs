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

/// After a decision: a question's kept page shows it at once on this node.
pub async fn changed(state: &AppState, kind: &str, id: i64) -> AppResult<()> {
    if let Some(q) = super::store::hiding::question_of(&state.db, kind, id).await? {
        super::kept::forget(state, q);
        crate::jobs::search_later(&state.db, "question", q.0).await?;
    }
    if matches!(kind, "post" | "idea") {
        crate::jobs::search_later(&state.db, kind, id).await?;
    }
    match kind {
        "post" => super::kept::forget_post(state, crate::ids::PostId(id)),
        "idea" => super::kept::forget_idea(state, crate::ids::IdeaId(id)),
        // A comment may sit under a post or an idea: drop them all (rare).
        "comment" => super::kept::forget_all_posts_and_ideas(state),
        _ => {}
    }
    Ok(())
}

/// Hides (or shows again) an item; the caller records why.
pub async fn set_hidden(db: &impl ConnectionTrait, kind: &str, id: i64, hidden: bool) -> AppResult<()> {
    Ok(super::store::hiding::set_hidden(db, kind, id, hidden).await?)
}
