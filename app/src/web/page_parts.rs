//! Parts of pages that are the same for every viewer (a chapter's list of
//! contents), rendered once and kept for [`KEEP_FOR`]; each request wraps
//! them in its own header (who is signed in, their CSRF token). A change
//! shows after at most [`KEEP_FOR`], on every node.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::error::AppResult;
use crate::state::AppState;

pub const KEEP_FOR: Duration = Duration::from_secs(3);
/// Memory for kept parts; past it the oldest go first.
const BUDGET: usize = 16 * 1024 * 1024;

#[derive(Default)]
pub struct PageParts(Mutex<Parts>);

#[derive(Default)]
struct Parts {
    map: HashMap<String, (Instant, Arc<str>)>,
    bytes: usize,
}

impl PageParts {
    fn get(&self, key: &str) -> Option<Arc<str>> {
        let parts = self.0.lock().unwrap_or_else(|p| p.into_inner());
        parts.map.get(key).filter(|(at, _)| at.elapsed() < KEEP_FOR).map(|(_, html)| html.clone())
    }

    fn put(&self, key: String, html: Arc<str>) {
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let parts = &mut *guard;
        let cost = key.len() + html.len();
        if let Some((_, old)) = parts.map.remove(&key) {
            parts.bytes -= key.len() + old.len();
        }
        while parts.bytes + cost > BUDGET {
            let Some(oldest) = parts.map.iter().min_by_key(|(_, (at, _))| *at).map(|(k, _)| k.clone()) else { break };
            let (_, old) = parts.map.remove(&oldest).expect("just found");
            parts.bytes -= oldest.len() + old.len();
        }
        if cost <= BUDGET {
            parts.bytes += cost;
            parts.map.insert(key, (Instant::now(), html));
        }
    }
}

/// The part kept under `key`, or `render`ed now and kept.
pub async fn get_or_render<F, Fut>(state: &AppState, key: String, render: F) -> AppResult<Arc<str>>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = AppResult<String>>,
{
    let parts = state.part::<PageParts>();
    if let Some(html) = parts.get(&key) {
        return Ok(html);
    }
    let html: Arc<str> = render().await?.into();
    parts.put(key, html.clone());
    Ok(html)
}

/// Bumped by every change that kept views depend on (a content shared or
/// hidden, a round published, a teacher verified): views kept by whole
/// features (the home page's shared part, the hall of fame) are rebuilt on
/// this node at once when it moves, and elsewhere within their keep time.
#[derive(Default)]
struct Changes(AtomicU64);

/// Something shown on many pages changed: kept views are rebuilt.
pub fn changed(state: &AppState) {
    state.part::<Changes>().0.fetch_add(1, Ordering::Relaxed);
}

/// How many changes this node has seen; a view kept with an older number is stale.
pub fn generation(state: &AppState) -> u64 {
    state.part::<Changes>().0.load(Ordering::Relaxed)
}

/// Views built from the database and the same for everyone who asks with
/// the same key (the home page's shared part, a leaderboard, a search's
/// results): read back while younger than the keep time and while nothing
/// was [`changed`] on this node since they were built.
pub struct KeptViews<K, V, const MAX: usize = 5000>(super::kept::KeptMap<K, (u64, Arc<V>), MAX>);

impl<K, V, const MAX: usize> Default for KeptViews<K, V, MAX> {
    fn default() -> Self {
        KeptViews(Default::default())
    }
}

impl<K: std::hash::Hash + Eq, V, const MAX: usize> KeptViews<K, V, MAX> {
    /// The view kept under `key`, when still fresh.
    pub fn fresh(&self, state: &AppState, key: &K, keep: Duration) -> Option<Arc<V>> {
        let generation = generation(state);
        self.0.get(key, keep).filter(|(made_at, _)| *made_at == generation).map(|(_, v)| v)
    }

    /// The view kept under `key`, or `build` run now and kept.
    pub async fn get_or_build<Fut>(&self, state: &AppState, key: K, keep: Duration, build: Fut) -> AppResult<Arc<V>>
    where
        Fut: Future<Output = AppResult<V>>,
    {
        match self.fresh(state, &key, keep) {
            Some(found) => Ok(found),
            None => self.build(state, key, keep, build).await,
        }
    }

    /// `build` run now and kept under `key`. The change number is read
    /// before building, so a change made meanwhile leaves it stale.
    pub async fn build<Fut>(&self, state: &AppState, key: K, keep: Duration, build: Fut) -> AppResult<Arc<V>>
    where
        Fut: Future<Output = AppResult<V>>,
    {
        self.build_as_of(generation(state), key, keep, build).await
    }

    /// As [`KeptViews::build`], for a caller that read some of what it
    /// builds from before: kept under the change number it read first.
    pub async fn build_as_of<Fut>(&self, generation: u64, key: K, keep: Duration, build: Fut) -> AppResult<Arc<V>>
    where
        Fut: Future<Output = AppResult<V>>,
    {
        let found = Arc::new(build.await?);
        self.0.put(key, (generation, found.clone()), keep);
        Ok(found)
    }
}

/// Drops every kept part whose key starts with `prefix` (a change on this
/// node shows at once here, and within [`KEEP_FOR`] elsewhere).
pub fn forget_prefix(state: &AppState, prefix: &str) {
    changed(state);
    let parts = state.part::<PageParts>();
    let mut guard = parts.0.lock().unwrap_or_else(|p| p.into_inner());
    let parts = &mut *guard;
    let mut freed = 0;
    parts.map.retain(|k, (_, html)| {
        let keep = !k.starts_with(prefix);
        if !keep {
            freed += k.len() + html.len();
        }
        keep
    });
    parts.bytes -= freed;
}
