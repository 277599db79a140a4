//! Community pages kept in memory. The view everyone shares (a question
//! with its answers and comments, a post, an idea; Markdown rendered) is
//! built once and kept for [`KEEP_FOR`]; each request adds only its
//! viewer's own marks (her votes, her support, her points), which are
//! kept per viewer for [`MINE_FOR`]. A change on this node drops what it
//! touches at once; other nodes show it within those seconds.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::ideas::IdeaView;
use super::model::QuestionView;
use super::posts::PostView;
use crate::ids::{IdeaId, PostId, QuestionId, UserId};
use crate::state::AppState;
use crate::web::kept::KeptMap;
use crate::web::{AppResult, Lang};

pub const KEEP_FOR: Duration = Duration::from_secs(3);
pub const MINE_FOR: Duration = Duration::from_secs(5);
/// At most this many entries a map; past it the stale ones go, then all.
const MAX_KEPT: usize = 5000;

type Map<K, V> = KeptMap<K, V, MAX_KEPT>;

/// A viewer's votes by (item kind, item id).
pub type MyVotes = HashMap<(&'static str, i64), i32>;

#[derive(Default)]
pub struct Kept {
    questions: Map<QuestionId, Arc<QuestionView>>,
    posts: Map<PostId, Arc<PostView>>,
    ideas: Map<(IdeaId, Lang), Arc<IdeaView>>,
    /// A viewer's votes on a thread (question and its answers).
    votes: Map<(UserId, &'static str, i64), Arc<MyVotes>>,
    points: Map<UserId, i64>,
    supports: Map<(UserId, IdeaId), bool>,
}

fn kept(state: &AppState) -> Arc<Kept> {
    state.part::<Kept>()
}

pub async fn question(state: &AppState, id: QuestionId) -> AppResult<Arc<QuestionView>> {
    let k = kept(state);
    if let Some(v) = k.questions.get(&id, KEEP_FOR) {
        return Ok(v);
    }
    let view = Arc::new(super::questions::build(state, id).await?);
    k.questions.put(id, view.clone(), KEEP_FOR);
    Ok(view)
}

/// A published, visible post as everyone sees it; `None` when it is not
/// one (a draft or a hidden post is never kept).
pub async fn post(state: &AppState, id: PostId) -> AppResult<Option<Arc<PostView>>> {
    let k = kept(state);
    if let Some(v) = k.posts.get(&id, KEEP_FOR) {
        return Ok(Some(v));
    }
    let Some(view) = super::posts::build_public(state, id).await? else { return Ok(None) };
    let view = Arc::new(view);
    k.posts.put(id, view.clone(), KEEP_FOR);
    Ok(Some(view))
}

pub async fn idea(state: &AppState, id: IdeaId, lang: Lang) -> AppResult<Arc<IdeaView>> {
    let k = kept(state);
    if let Some(v) = k.ideas.get(&(id, lang), KEEP_FOR) {
        return Ok(v);
    }
    let view = Arc::new(super::ideas::build(state, id, lang).await?);
    k.ideas.put((id, lang), view.clone(), KEEP_FOR);
    Ok(view)
}

/// `who`'s votes on a thread (`kind` question or post, and for a question
/// its answers).
pub async fn votes(
    state: &AppState,
    who: UserId,
    kind: &'static str,
    id: i64,
    answers: &[i64],
) -> AppResult<Arc<MyVotes>> {
    let k = kept(state);
    if let Some(v) = k.votes.get(&(who, kind, id), MINE_FOR) {
        return Ok(v);
    }
    let mine = Arc::new(match kind {
        "question" => super::store::votes::on_thread(&state.db, id, answers, who).await?,
        _ => super::store::votes::find(&state.db, kind, id, who)
            .await?
            .map(|v| HashMap::from([((kind, id), v)]))
            .unwrap_or_default(),
    });
    k.votes.put((who, kind, id), mine.clone(), MINE_FOR);
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

pub async fn supports(state: &AppState, who: UserId, id: IdeaId) -> AppResult<bool> {
    let k = kept(state);
    if let Some(s) = k.supports.get(&(who, id), MINE_FOR) {
        return Ok(s);
    }
    let s = super::store::ideas::supports(&state.db, id, who).await?;
    k.supports.put((who, id), s, MINE_FOR);
    Ok(s)
}

/// Drops a question's kept view after a change to it.
pub fn forget(state: &AppState, id: QuestionId) {
    kept(state).questions.forget_where(|q| *q == id);
}

pub fn forget_post(state: &AppState, id: PostId) {
    kept(state).posts.forget_where(|p| *p == id);
}

pub fn forget_idea(state: &AppState, id: IdeaId) {
    kept(state).ideas.forget_where(|(i, _)| *i == id);
}

/// After `who` voted: her marks on that thread, and the points of all
/// (a vote moves someone's points; kept points are a few seconds old at most).
pub fn forget_vote(state: &AppState, who: UserId, kind: &'static str, id: i64) {
    let k = kept(state);
    k.votes.forget_where(|(u, kd, i)| *u == who && *kd == kind && *i == id);
    k.points.forget_where(|_| true);
}

pub fn forget_support(state: &AppState, who: UserId, id: IdeaId) {
    kept(state).supports.forget_where(|(u, i)| *u == who && *i == id);
}

/// Drops every kept post and idea (a hidden comment may be under any).
pub fn forget_all_posts_and_ideas(state: &AppState) {
    let k = kept(state);
    k.posts.forget_where(|_| true);
    k.ideas.forget_where(|_| true);
}
