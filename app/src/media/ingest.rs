//! Taking in a received file: stored once by its hash, then its blob row and
//! the job that makes its renditions written in one transaction, which the
//! caller extends with its own rows (the content) and commits.
//!
//! The object is written (and, in a local folder, synced) before any row
//! points to it, so a committed blob always has its bytes. A crash between
//! the two leaves an object no row points to; [`sweep`] removes those.

use sea_orm::{DatabaseTransaction, TransactionTrait};

use super::store::{self, NewBlob};
use super::upload::Received;
use crate::ids::BlobId;
use crate::state::AppState;
use crate::web::{AppError, AppResult};

/// The storage key of a file: content-addressed, spread over folders.
pub fn blob_key(sha256: &str, extension: &str) -> String {
    format!("blobs/{}/{}/{sha256}.{extension}", &sha256[..2], &sha256[2..4])
}

/// An open transaction holding the blob (new or reused) of a received file.
pub struct Ingested {
    pub txn: DatabaseTransaction,
    pub blob: BlobId,
}

/// Stores `file` (unless the same bytes are already stored, intact) and
/// opens the transaction its rows go in. Commit `txn` to keep it.
pub async fn ingest(state: &AppState, file: &Received) -> AppResult<Ingested> {
    let key = blob_key(&file.sha256, file.extension);
    if let Some(existing) = store::blob_by_sha(&state.db, &file.sha256).await? {
        // De-duplication trusts the row only if the object is really there,
        // whole: a lost or short object is written again from this copy.
        let stored = state.storage.size(&existing.storage_key).await.map_err(AppError::Internal)?;
        if stored != Some(existing.size_bytes as u64) {
            tracing::warn!(key = %existing.storage_key, ?stored, "stored file missing or short; writing it again");
            state.storage.put_file(&existing.storage_key, &file.path).await.map_err(AppError::Internal)?;
        }
        let txn = state.db.begin().await?;
        return Ok(Ingested { txn, blob: existing.id });
    }
    state.storage.put_file(&key, &file.path).await.map_err(AppError::Internal)?;
    let txn = state.db.begin().await?;
    let new = NewBlob { sha256: &file.sha256, size: file.size, mime: file.mime, kind: file.kind, storage_key: &key };
    let blob = match store::insert_blob(&txn, new).await {
        Ok(b) => b,
        Err(e) => {
            // Two teachers sent the same file at once: take the first.
            txn.rollback().await?;
            let found = store::blob_by_sha(&state.db, &file.sha256).await?.ok_or(AppError::from(e))?;
            return Ok(Ingested { txn: state.db.begin().await?, blob: found.id });
        }
    };
    crate::jobs::enqueue(&txn, crate::jobs::JobKind::MediaProcess, serde_json::json!({ "blob_id": blob.id })).await?;
    Ok(Ingested { txn, blob: blob.id })
}

/// Removes stored objects that no row points to and that are older than
/// `age` (a day in service: left by a crash between storing a file and
/// committing its row, never one being shared right now), and temporary
/// upload files as old. Returns how many went.
pub async fn sweep(state: &AppState, age: std::time::Duration) -> anyhow::Result<usize> {
    let day = chrono::Duration::from_std(age)?;
    let referenced = store::all_storage_keys(&state.db).await?;
    let mut removed = 0;
    for prefix in ["blobs", "renditions"] {
        for (key, modified) in state.storage.list(prefix).await? {
            if !referenced.contains(&key) && modified <= chrono::Utc::now() - day {
                state.storage.delete(&key).await?;
                removed += 1;
            }
        }
    }
    removed += super::upload::sweep_temporary(&state.config.work_dir, age);
    Ok(removed)
}
