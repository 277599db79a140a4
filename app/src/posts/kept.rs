//! Post pages kept in memory: a published post as everyone sees it, kept
//! for [`KEEP_FOR`], and each viewer's like, kept for [`MINE_FOR`] (see
//! `questions::kept`, which keeps question pages the same way).

use std::sync::Arc;

use super::service::PostView;
use crate::ids::{PostId, UserId};
use crate::items::ItemRef;
use crate::questions::kept::{KEEP_FOR, MAX_KEPT, MINE_FOR};
use crate::state::AppState;
use crate::web::AppResult;
use crate::web::kept::KeptMap;

#[derive(Default)]
pub struct Kept {
    posts: KeptMap<PostId, Arc<PostView>, MAX_KEPT>,
    votes: KeptMap<(UserId, PostId), i32, MAX_KEPT>,
}

fn kept(state: &AppState) -> Arc<Kept> {
    state.part::<Kept>()
}

/// A published, visible post as everyone sees it; `None` when it is not
/// one (a draft or a hidden post is never kept).
pub async fn post(state: &AppState, id: PostId) -> AppResult<Option<Arc<PostView>>> {
    let k = kept(state);
    if let Some(v) = k.posts.get(&id, KEEP_FOR) {
        return Ok(Some(v));
    }
    let Some(view) = super::service::build_public(state, id).await? else { return Ok(None) };
    let view = Arc::new(view);
    k.posts.put(id, view.clone(), KEEP_FOR);
    Ok(Some(view))
}

/// `who`'s vote on a post: 1, -1 or 0.
pub async fn my_vote(state: &AppState, who: UserId, id: PostId) -> AppResult<i32> {
    let k = kept(state);
    if let Some(v) = k.votes.get(&(who, id), MINE_FOR) {
        return Ok(v);
    }
    let v = crate::questions::store::votes::find(&state.db, ItemRef::from(id), who).await?.unwrap_or(0);
    k.votes.put((who, id), v, MINE_FOR);
    Ok(v)
}

pub fn forget(state: &AppState, id: PostId) {
    kept(state).posts.forget_where(|p| *p == id);
}

/// After `who` voted: her mark on the post, and everyone's kept points.
pub fn forget_vote(state: &AppState, who: UserId, id: PostId) {
    kept(state).votes.forget_where(|(u, p)| *u == who && *p == id);
    crate::questions::kept::forget_points(state);
}
