//! A small map of values kept in memory for a while: each entry is read
//! back only while younger than the caller's `keep`; past `MAX` entries the
//! stale ones go, then all (a burst of new keys cannot grow it forever).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct KeptMap<K, V, const MAX: usize = 5000>(Mutex<HashMap<K, (Instant, V)>>);

impl<K, V, const MAX: usize> Default for KeptMap<K, V, MAX> {
    fn default() -> Self {
        KeptMap(Mutex::new(HashMap::new()))
    }
}

impl<K: Hash + Eq, V: Clone, const MAX: usize> KeptMap<K, V, MAX> {
    pub fn get(&self, key: &K, keep: Duration) -> Option<V> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key).filter(|(at, _)| at.elapsed() < keep).map(|(_, v)| v.clone())
    }

    /// The value even when older than `keep`, with whether it is that old.
    pub fn get_any(&self, key: &K, keep: Duration) -> Option<(V, bool)> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key).map(|(at, v)| (v.clone(), at.elapsed() >= keep))
    }

    pub fn put(&self, key: K, value: V, keep: Duration) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX {
            map.retain(|_, (at, _)| at.elapsed() < keep);
            if map.len() >= MAX {
                map.clear();
            }
        }
        map.insert(key, (Instant::now(), value));
    }

    pub fn forget_where(&self, wanted: impl Fn(&K) -> bool) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).retain(|k, _| !wanted(k));
    }
}

/// Reference data held whole in memory (the curriculum, the places): read
/// by many pages, changed only by an operator. A node reloads it at most
/// every `refresh`, and at once after [`Reference::forget`] (a change made
/// on that node); a change made on another node shows within `refresh`.
pub struct Reference<T>(std::sync::RwLock<Option<(Instant, std::sync::Arc<T>)>>);

impl<T> Default for Reference<T> {
    fn default() -> Self {
        Reference(std::sync::RwLock::new(None))
    }
}

impl<T> Reference<T> {
    /// The copy in memory while younger than `refresh`, else what `load` builds.
    pub async fn current<E, F>(&self, refresh: Duration, load: F) -> Result<std::sync::Arc<T>, E>
    where
        F: std::future::Future<Output = Result<T, E>>,
    {
        if let Some((at, found)) = self.0.read().unwrap_or_else(|p| p.into_inner()).as_ref()
            && at.elapsed() < refresh
        {
            return Ok(found.clone());
        }
        let fresh = std::sync::Arc::new(load.await?);
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), fresh.clone()));
        Ok(fresh)
    }

    pub fn forget(&self) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = None;
    }
}
