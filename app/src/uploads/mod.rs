//! Resumable uploads (tus 1.0.0: core, creation, termination, checksum,
//! expiration) at `/api/v1/uploads`. A teacher on a flaky connection sends
//! a video in pieces; after a drop, the client asks how much arrived and
//! continues from that byte. Partial files live in the work folder of the
//! node that received them (behind a load balancer, route
//! `/api/v1/uploads` by upload id or share that folder).

mod routes;

use std::path::PathBuf;

use chrono::{Duration, Utc};
use sea_orm::entity::prelude::*;

use crate::state::AppState;

pub use routes::{api, metadata};

/// An upload not finished within a day is removed.
pub const EXPIRES_AFTER_HOURS: i64 = 24;

pub mod upload {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "uploads")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub user_id: i64,
        pub length: i64,
        pub received_bytes: i64,
        /// The client's Upload-Metadata, as JSON.
        pub metadata: String,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub completed_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub fn file_path(state: &AppState, id: &str) -> PathBuf {
    state.config.work_dir.join("tus").join(id)
}

/// A finished upload of `user`, ready to become a content.
pub async fn finished(state: &AppState, user: i64, id: &str) -> Result<Option<upload::Model>, DbErr> {
    Ok(upload::Entity::find_by_id(id.to_owned())
        .one(&state.db)
        .await?
        .filter(|u| u.user_id == user && u.received_bytes == u.length && u.expires_at > Utc::now()))
}

/// Forgets an upload that became a content (its file was moved away).
pub async fn forget(state: &AppState, id: &str) -> Result<(), DbErr> {
    upload::Entity::delete_by_id(id.to_owned()).exec(&state.db).await?;
    Ok(())
}

/// Removes expired uploads and their partial files.
pub async fn expire(state: &AppState) -> anyhow::Result<u64> {
    let old = upload::Entity::find().filter(upload::Column::ExpiresAt.lt(Utc::now())).all(&state.db).await?;
    for u in &old {
        let _ = tokio::fs::remove_file(file_path(state, &u.id)).await;
        upload::Entity::delete_by_id(u.id.clone()).exec(&state.db).await?;
    }
    Ok(old.len() as u64)
}

pub fn expiry() -> chrono::DateTime<Utc> {
    Utc::now() + Duration::hours(EXPIRES_AFTER_HOURS)
}

/// Uploads with a PATCH in progress on this node.
#[derive(Default)]
pub struct UploadLocks(std::sync::Mutex<std::collections::HashSet<String>>);

/// Held while a PATCH writes; frees the upload when dropped.
pub struct UploadLock<'a> {
    locks: &'a UploadLocks,
    id: String,
}

impl UploadLocks {
    pub fn take(&self, id: &str) -> Option<UploadLock<'_>> {
        let mut held = self.0.lock().unwrap_or_else(|p| p.into_inner());
        held.insert(id.to_owned()).then(|| UploadLock { locks: self, id: id.to_owned() })
    }
}

impl Drop for UploadLock<'_> {
    fn drop(&mut self) {
        self.locks.0.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.id);
    }
}
