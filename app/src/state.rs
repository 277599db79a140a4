//! The one `AppState`, built once at start and shared by every handler.
//! It holds the shared parts (database, settings, storage, senders); the
//! web layer and each feature keep their own in-memory parts (assets, page
//! cache, counters, locks) in [`Parts`], found by type, so this file names
//! neither and everything above it may import it.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use sea_orm::DatabaseConnection;
use tokio::sync::Semaphore;

use crate::config::Config;
use crate::senders::Senders;
use crate::storage::Storage;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub db: DatabaseConnection,
    pub config: Config,
    pub senders: Senders,
    pub storage: Storage,
    /// Argon2 is deliberately slow and memory-hungry: at most two hashes run
    /// at once, so a burst of log-ins cannot starve a 2-core machine.
    pub hashing: Semaphore,
    /// Decoding a photo takes tens of MB for a moment: two at a time.
    pub decoding: Semaphore,
    parts: Parts,
}

/// Features' own in-memory parts, one value per type, made on first use.
#[derive(Default)]
struct Parts(RwLock<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config, storage: Storage) -> Self {
        let senders = Senders::from_config(&config);
        AppState(Arc::new(Inner {
            db,
            config,
            senders,
            storage,
            hashing: Semaphore::new(2),
            decoding: Semaphore::new(2),
            parts: Parts::default(),
        }))
    }

    /// The process-wide `T` of a feature (e.g. content's view counter).
    pub fn part<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let id = TypeId::of::<T>();
        if let Some(found) = self.parts.0.read().expect("parts").get(&id) {
            return found.clone().downcast::<T>().expect("stored under its own type");
        }
        let mut parts = self.parts.0.write().expect("parts");
        let entry = parts.entry(id).or_insert_with(|| Arc::new(T::default()));
        entry.clone().downcast::<T>().expect("stored under its own type")
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
