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
