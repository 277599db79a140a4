//! Resumable uploads (tus 1.0.0: core, creation, termination, checksum,
//! expiration) at `/api/v1/uploads`. A teacher on a flaky connection sends
//! a video in pieces; after a drop, the client asks how much arrived and
//! continues from that byte. Partial files live in the work folder of the
//! node that received them: behind a load balancer, give each node a
//! `--node-name` (it starts the upload ids) and route `/api/v1/uploads/{id}`
//! by it, as `deploy/nginx.conf` does. A finished upload then moves to the
//! shared store, so whichever node is asked makes it a content.

mod routes;
pub mod store;

use std::path::PathBuf;

use chrono::{Duration, Utc};
use sea_orm::DbErr;

pub use store::upload;

use crate::ids::{UploadId, UserId};
use crate::state::AppState;
use crate::web::AppError;

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

pub async fn finished(state: &AppState, user: UserId, id: &str) -> Result<Option<Finished>, AppError> {
    let Some(id) = UploadId::parse(id) else { return Ok(None) };
    let found = store::find(&state.db, &id)
        .await?
        .filter(|u| u.user_id == user && u.received_bytes == u.length && u.expires_at > Utc::now());
    let Some(u) = found else { return Ok(None) };
    let path = file_path(state, &id);
    if in_cluster(state) {
        // Any node may be asked to make the content: the file waits in the shared store.
        fetch_shared(state, &id, &path).await.map_err(AppError::Internal)?;
    }
    Ok(Some(Finished { path, metadata: routes::metadata(&u) }))
}

/// Forgets an upload that became a content, and its file.
pub async fn forget(state: &AppState, id: &str) -> Result<(), DbErr> {
    let Some(id) = UploadId::parse(id) else { return Ok(()) };
    store::delete(&state.db, &id).await?;
    discard_files(state, &id).await;
    Ok(())
}

/// Removes expired uploads and their partial files.
pub async fn expire(state: &AppState) -> anyhow::Result<u64> {
    let old = store::expired(&state.db).await?;
    for id in &old {
        discard_files(state, id).await;
        store::delete(&state.db, id).await?;
    }
    Ok(old.len() as u64)
}

/// Nodes behind a load balancer have names (`--node-name`); a portal on
/// its own has none.
fn in_cluster(state: &AppState) -> bool {
    state.config.node_name.is_some()
}

/// Where a finished upload waits, in a cluster, until it becomes a content.
fn shared_key(id: &UploadId) -> String {
    format!("uploads/{id}")
}

/// In a cluster the last piece's node copies the finished file to the
/// shared store before it records the upload finished: the request making
/// it a content may reach any node.
async fn share_finished(state: &AppState, id: &UploadId) -> anyhow::Result<()> {
    if in_cluster(state) {
        state.storage.put_file(&shared_key(id), &file_path(state, id)).await?;
    }
    Ok(())
}

/// Once recorded finished, a shared upload's local file is not needed.
async fn drop_local_copy(state: &AppState, id: &UploadId) {
    if in_cluster(state) {
        let _ = tokio::fs::remove_file(file_path(state, id)).await;
    }
}

async fn fetch_shared(state: &AppState, id: &UploadId, path: &std::path::Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await?;
    }
    state.storage.fetch_to(&shared_key(id), path).await
}

/// An upload's file on this node and, in a cluster, its shared copy.
async fn discard_files(state: &AppState, id: &UploadId) {
    let _ = tokio::fs::remove_file(file_path(state, id)).await;
    if in_cluster(state) {
        let _ = state.storage.delete(&shared_key(id)).await;
    }
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
