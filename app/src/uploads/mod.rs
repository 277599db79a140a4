//! Resumable uploads (tus 1.0.0: core, creation, termination, checksum,
//! expiration) at `/api/v1/uploads`. A teacher on a flaky connection sends
//! a video in pieces; after a drop, the client asks how much arrived and
//! continues from that byte. Partial files live in the work folder of the
//! node that received them (behind a load balancer, route
//! `/api/v1/uploads` by upload id or share that folder).

mod routes;
pub mod store;

use std::path::PathBuf;

use chrono::{Duration, Utc};
use sea_orm::DbErr;

pub use store::upload;

use crate::ids::{UploadId, UserId};
use crate::state::AppState;

pub use routes::api;

/// An upload not finished within a day is removed.
pub const EXPIRES_AFTER_HOURS: i64 = 24;

pub fn file_path(state: &AppState, id: &UploadId) -> PathBuf {
    state.config.work_dir.join("tus").join(id.as_str())
}

/// A finished upload of `user`: where its file is and the client's
/// metadata, ready to become a content.
pub struct Finished {
    pub path: PathBuf,
    pub metadata: std::collections::HashMap<String, String>,
}

pub async fn finished(state: &AppState, user: UserId, id: &str) -> Result<Option<Finished>, DbErr> {
    let Some(id) = UploadId::parse(id) else { return Ok(None) };
    let found = store::find(&state.db, &id)
        .await?
        .filter(|u| u.user_id == user && u.received_bytes == u.length && u.expires_at > Utc::now());
    Ok(found.map(|u| Finished { path: file_path(state, &id), metadata: routes::metadata(&u) }))
}

/// Forgets an upload that became a content, and its file.
pub async fn forget(state: &AppState, id: &str) -> Result<(), DbErr> {
    let Some(id) = UploadId::parse(id) else { return Ok(()) };
    store::delete(&state.db, &id).await?;
    let _ = tokio::fs::remove_file(file_path(state, &id)).await;
    Ok(())
}

/// Removes expired uploads and their partial files.
pub async fn expire(state: &AppState) -> anyhow::Result<u64> {
    let old = store::expired(&state.db).await?;
    for id in &old {
        let _ = tokio::fs::remove_file(file_path(state, id)).await;
        store::delete(&state.db, id).await?;
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

/// Uploads a teacher may have in progress at once.
pub const MAX_OPEN: u64 = 5;
/// Bytes a teacher may announce in uploads in one day (2 GB).
pub const DAILY_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Refuses (429, with a message naming the limit) a new upload of `length`
/// bytes that would pass `user`'s quotas: a lost phone's stolen session, or
/// a script, cannot fill the disk.
pub async fn check_quota(state: &AppState, user: UserId, length: u64) -> Result<(), crate::web::AppError> {
    let (open, bytes) = store::usage(&state.db, user).await?;
    if open >= MAX_OPEN {
        return Err(crate::web::AppError::Quota { key: "quota-open-uploads", max: MAX_OPEN as i64, until: None });
    }
    if bytes + length > DAILY_BYTES {
        return Err(crate::web::AppError::Quota {
            key: "quota-daily-bytes",
            max: (DAILY_BYTES / 1024 / 1024) as i64,
            until: None,
        });
    }
    Ok(())
}
