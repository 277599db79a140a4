//! The one `AppState`, built once at start and shared by every handler.

use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::sync::Semaphore;

use crate::accounts::senders::Senders;
use crate::config::Config;
use crate::media::Storage;
use crate::web::assets::Assets;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub db: DatabaseConnection,
    pub config: Config,
    pub senders: Senders,
    pub storage: Storage,
    pub upload_locks: crate::uploads::UploadLocks,
    pub views: crate::content::views::ViewCounter,
    pub page_cache: crate::web::page_cache::PageCache,
    pub assets: Assets,
    /// Argon2 is deliberately slow and memory-hungry: at most two hashes run
    /// at once, so a burst of log-ins cannot starve a 2-core machine.
    pub hashing: Semaphore,
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config, storage: Storage) -> Self {
        let senders = Senders::from_config(&config);
        AppState(Arc::new(Inner {
            db,
            config,
            senders,
            storage,
            upload_locks: Default::default(),
            views: Default::default(),
            page_cache: Default::default(),
            assets: Assets::build(),
            hashing: Semaphore::new(2),
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
