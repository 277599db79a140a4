//! Question pages kept in memory: the view everyone shares (question,
//! answers, comments, rendered Markdown) is built once and kept for
//! [`KEEP_FOR`]; each request adds only its viewer's votes and rights.
//! A change on this node drops the question's view at once; other nodes
//! show it within [`KEEP_FOR`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::model::QuestionView;
use crate::ids::QuestionId;
use crate::state::AppState;
use crate::web::AppResult;

pub const KEEP_FOR: Duration = Duration::from_secs(3);
/// At most this many questions kept; past it the oldest go.
const MAX_KEPT: usize = 2000;

#[derive(Default)]
pub struct Kept(Mutex<HashMap<QuestionId, (Instant, Arc<QuestionView>)>>);

pub async fn question(state: &AppState, id: QuestionId) -> AppResult<Arc<QuestionView>> {
    let kept = state.part::<Kept>();
    if let Some((at, view)) = kept.0.lock().unwrap_or_else(|p| p.into_inner()).get(&id)
        && at.elapsed() < KEEP_FOR
    {
        return Ok(view.clone());
    }
    let view = Arc::new(super::questions::build(state, id).await?);
    let mut map = kept.0.lock().unwrap_or_else(|p| p.into_inner());
    if map.len() >= MAX_KEPT {
        map.retain(|_, (at, _)| at.elapsed() < KEEP_FOR);
        if map.len() >= MAX_KEPT
            && let Some(oldest) = map.iter().min_by_key(|(_, (at, _))| *at).map(|(k, _)| *k)
        {
            map.remove(&oldest);
        }
    }
    map.insert(id, (Instant::now(), view.clone()));
    Ok(view)
}

/// Drops a question's kept view after a change to it.
pub fn forget(state: &AppState, id: QuestionId) {
    state.part::<Kept>().0.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
}
