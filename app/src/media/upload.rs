//! Receiving a file: streamed to a temporary file while it is hashed and
//! measured, its real type sniffed from the first bytes, and refused as
//! soon as it passes the size limit of its kind.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::kind::{MediaKind, sniff};
use crate::web::{AppError, FieldErrors};

/// How much is read before deciding what the file is.
const SNIFF_BYTES: usize = 64 * 1024;

pub use crate::config::SizeLimits;

/// The limit that applies to a file of `kind`.
pub fn limit_for(limits: &SizeLimits, kind: MediaKind) -> u64 {
    if kind == MediaKind::Video { limits.video } else { limits.other }
}

/// A temporary file that removes itself unless kept.
pub struct TempFile {
    pub path: PathBuf,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl TempFile {
    pub fn new_in(dir: &Path) -> std::io::Result<TempFile> {
        std::fs::create_dir_all(dir)?;
        Ok(TempFile { path: dir.join(format!("upload-{:016x}", rand::random::<u64>())) })
    }
}

pub struct Received {
    /// Where the bytes are now.
    pub path: PathBuf,
    /// Removes a temporary copy when dropped; `None` when the file belongs
    /// to someone else (a finished tus upload).
    _temp: Option<TempFile>,
    pub sha256: String,
    pub size: u64,
    pub kind: MediaKind,
    pub mime: &'static str,
    pub extension: &'static str,
}

fn field_error(key: &'static str) -> AppError {
    let mut errors = FieldErrors::default();
    errors.add("file", key);
    AppError::Validation(errors)
}

/// Streams `body` into a temporary file in `dir`.
pub async fn receive<S, E>(mut body: S, dir: &Path, limits: SizeLimits) -> Result<Received, AppError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: Into<AppError>,
{
    let temp = TempFile::new_in(dir).map_err(|e| AppError::Internal(e.into()))?;
    let mut out = tokio::fs::File::create(&temp.path).await.map_err(|e| AppError::Internal(e.into()))?;
    let mut hasher = Sha256::new();
    let mut head: Vec<u8> = Vec::new();
    let mut sniffed: Option<(MediaKind, &'static str, &'static str)> = None;
    let mut size: u64 = 0;
    let mut limit = limits.largest();
    loop {
        let chunk = match body.next().await {
            Some(c) => c.map_err(Into::into)?,
            None => break,
        };
        size += chunk.len() as u64;
        if size > limit {
            return Err(AppError::TooLarge);
        }
        hasher.update(&chunk);
        if sniffed.is_none() && head.len() < SNIFF_BYTES {
            head.extend_from_slice(&chunk);
            if head.len() >= SNIFF_BYTES {
                let found = sniff(&head).ok_or_else(|| field_error("field-file-type"))?;
                limit = limit_for(&limits, found.0);
                if size > limit {
                    return Err(AppError::TooLarge);
                }
                sniffed = Some(found);
                out.write_all(&head).await.map_err(|e| AppError::Internal(e.into()))?;
                head = Vec::new();
            }
            continue;
        }
        out.write_all(&chunk).await.map_err(|e| AppError::Internal(e.into()))?;
    }
    if size == 0 {
        return Err(field_error("field-file-empty"));
    }
    let (kind, mime, extension) = match sniffed {
        Some(found) => found,
        None => {
            // The whole file was smaller than the sniffing window.
            let found = sniff(&head).ok_or_else(|| field_error("field-file-type"))?;
            if size > limit_for(&limits, found.0) {
                return Err(AppError::TooLarge);
            }
            out.write_all(&head).await.map_err(|e| AppError::Internal(e.into()))?;
            found
        }
    };
    out.flush().await.map_err(|e| AppError::Internal(e.into()))?;
    out.sync_all().await.map_err(|e| AppError::Internal(e.into()))?;
    Ok(Received {
        path: temp.path.clone(),
        _temp: Some(temp),
        sha256: hex::encode(hasher.finalize()),
        size,
        kind,
        mime,
        extension,
    })
}

/// Reads a file that arrived another way (a finished tus upload) where it
/// lies, hashing it and sniffing its type in pieces. The file stays where
/// it is, so a failure later loses nothing.
pub async fn adopt(path: &Path, limits: SizeLimits) -> Result<Received, AppError> {
    use tokio::io::AsyncReadExt;
    let mut file = tokio::fs::File::open(path).await.map_err(|e| AppError::Internal(e.into()))?;
    let mut hasher = Sha256::new();
    let mut head = Vec::new();
    let mut buffer = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer).await.map_err(|e| AppError::Internal(e.into()))?;
        if n == 0 {
            break;
        }
        if head.len() < SNIFF_BYTES {
            head.extend_from_slice(&buffer[..n.min(SNIFF_BYTES - head.len())]);
        }
        hasher.update(&buffer[..n]);
        size += n as u64;
    }
    if size == 0 {
        return Err(field_error("field-file-empty"));
    }
    let (kind, mime, extension) = sniff(&head).ok_or_else(|| field_error("field-file-type"))?;
    if size > limit_for(&limits, kind) {
        return Err(AppError::TooLarge);
    }
    Ok(Received {
        path: path.to_owned(),
        _temp: None,
        sha256: hex::encode(hasher.finalize()),
        size,
        kind,
        mime,
        extension,
    })
}

/// Removes received files left in `dir` by a crash, older than `age`.
/// Returns how many went.
pub fn sweep_temporary(dir: &Path, age: std::time::Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t.elapsed().is_ok_and(|e| e > age));
        if name.to_string_lossy().starts_with("upload-") && old && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}
