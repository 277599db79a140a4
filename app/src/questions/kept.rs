//! Question pages kept in memory. The view everyone shares (a question
//! with its answers and comments, Markdown rendered) is built once and kept
//! for [`KEEP_FOR`]; each request adds only its viewer's own marks (her
//! votes, her points), which are kept per viewer for [`MINE_FOR`]. A change
//! on this node drops what it touches at once; other nodes show it within
//! those seconds. Posts and ideas keep theirs the same way, in their folders.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::model::QuestionView;
use crate::ids::{QuestionId, UserId};
use crate::items::ItemRef;
use crate::state::AppState;
use crate::web::AppResult;
use crate::web::kept::KeptMap;

pub const KEEP_FOR: Duration = Duration::from_secs(3);
pub const MINE_FOR: Duration = Duration::from_secs(5);
/// At most this many entries a map; past it the stale ones go, then all.
pub(crate) const MAX_KEPT: usize = 5000;

type Map<K, V> = KeptMap<K, V, MAX_KEPT>;

/// A viewer's votes by item.
pub type MyVotes = HashMap<ItemRef, i32>;

#[derive(Default)]
pub struct Kept {
    questions: Map<QuestionId, Arc<QuestionView>>,
    /// A viewer's votes on a thread (question and its answers).
    votes: Map<(UserId, QuestionId), Arc<MyVotes>>,
    points: Map<UserId, i64>,
}

fn kept(state: &AppState) -> Arc<Kept> {
    state.part::<Kept>()
}

pub async fn question(state: &AppState, id: QuestionId) -> AppResult<Arc<QuestionView>> {
    let k = kept(state);
    if let Some(v) = k.questions.get(&id, KEEP_FOR) {
        return Ok(v);
    }
    let view = Arc::new(super::views::build(state, id).await?);
    k.questions.put(id, view.clone(), KEEP_FOR);
    Ok(view)
}

/// `who`'s votes on a question and its answers.
pub async fn votes(state: &AppState, who: UserId, id: QuestionId, answers: &[i64]) -> AppResult<Arc<MyVotes>> {
    let k = kept(state);
    if let Some(v) = k.votes.get(&(who, id), MINE_FOR) {
        return Ok(v);
    }
    let mine = Arc::new(super::store::votes::on_thread(&state.db, id, answers, who).await?);
    k.votes.put((who, id), mine.clone(), MINE_FOR);
    Ok(mine)
}

/// `who`'s reputation, for what her page may offer (actions re-check).
pub async fn points(state: &AppState, who: UserId) -> AppResult<i64> {
    let k = kept(state);
    if let Some(p) = k.points.get(&who, MINE_FOR) {
        return Ok(p);
    }
    let p = super::reputation::total(&state.db, who).await?;
    k.points.put(who, p, MINE_FOR);
    Ok(p)
}

/// Drops a question's kept view after a change to it.
pub fn forget(state: &AppState, id: QuestionId) {
    kept(state).questions.forget_where(|q| *q == id);
}

/// After `who` voted on a thread: her marks on it, and the points of all.
pub fn forget_vote(state: &AppState, who: UserId, id: QuestionId) {
    kept(state).votes.forget_where(|(u, q)| *u == who && *q == id);
    forget_points(state);
}

/// A vote moves someone's points; kept points are a few seconds old at most.
pub fn forget_points(state: &AppState) {
    kept(state).points.forget_where(|_| true);
}
