//! Idea pages kept in memory: an idea as everyone reading in a language
//! sees it, kept for [`KEEP_FOR`], and each viewer's support, kept for
//! [`MINE_FOR`] (see `questions::kept`, which keeps question pages the same way).

use std::sync::Arc;

use super::service::IdeaView;
use crate::ids::{IdeaId, UserId};
use crate::questions::kept::{KEEP_FOR, MAX_KEPT, MINE_FOR};
use crate::state::AppState;
use crate::web::kept::KeptMap;
use crate::web::{AppResult, Lang};

#[derive(Default)]
pub struct Kept {
    ideas: KeptMap<(IdeaId, Lang), Arc<IdeaView>, MAX_KEPT>,
    supports: KeptMap<(UserId, IdeaId), bool, MAX_KEPT>,
}

fn kept(state: &AppState) -> Arc<Kept> {
    state.part::<Kept>()
}

pub async fn idea(state: &AppState, id: IdeaId, lang: Lang) -> AppResult<Arc<IdeaView>> {
    let k = kept(state);
    if let Some(v) = k.ideas.get(&(id, lang), KEEP_FOR) {
        return Ok(v);
    }
    let view = Arc::new(super::service::build(state, id, lang).await?);
    k.ideas.put((id, lang), view.clone(), KEEP_FOR);
    Ok(view)
}

pub async fn supports(state: &AppState, who: UserId, id: IdeaId) -> AppResult<bool> {
    let k = kept(state);
    if let Some(s) = k.supports.get(&(who, id), MINE_FOR) {
        return Ok(s);
    }
    let s = super::store::supports(&state.db, id, who).await?;
    k.supports.put((who, id), s, MINE_FOR);
    Ok(s)
}

pub fn forget(state: &AppState, id: IdeaId) {
    kept(state).ideas.forget_where(|(i, _)| *i == id);
}

pub fn forget_support(state: &AppState, who: UserId, id: IdeaId) {
    kept(state).supports.forget_where(|(u, i)| *u == who && *i == id);
}
