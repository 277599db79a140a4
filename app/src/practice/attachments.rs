//! A practice reflection's photo and voice note, sent with the log form
//! (a plain multipart form: any phone's camera and sound recorder through
//! file inputs; with JavaScript, a voice note recorded in the page).
//! Photos are re-encoded (no location or camera data survives); voice
//! notes become a small mono rendition. Both are kept in the portal's
//! file storage and served only to those who may read the entry.

use std::io::Write;
use std::path::PathBuf;

use axum::extract::Multipart;
use axum::http::HeaderMap;
use axum::response::Response;
use image::imageops::FilterType;
use sea_orm::{IntoActiveModel, Set};

use super::entity::log;
use super::store;
use crate::media::process::VoiceNote;
use crate::state::AppState;
use crate::web::extract::multipart_error;
use crate::web::{AppError, AppResult, csrf};

/// A voice note's upload: about five minutes of a phone recorder's sound.
pub const MAX_VOICE: usize = 4 * 1024 * 1024;
/// A voice note is a short reflection.
pub const MAX_VOICE_SECS: f64 = 300.0;
/// Photos and voice notes one teacher may send in an hour.
pub const FILES_PER_HOUR: u32 = 30;
/// Photos are kept at most this wide or high.
const PHOTO_SIDE: u32 = 1280;
/// Text fields of the form, each.
const MAX_FIELD: usize = 16 * 1024;

/// What the log form sent.
#[derive(Default)]
pub struct LogForm {
    pub fields: Vec<(String, String)>,
    pub photo: Option<Vec<u8>>,
    /// The voice note, streamed to a temporary file.
    pub voice: Option<tempfile::NamedTempFile>,
    /// The voice note was over [`MAX_VOICE`] (reading stopped there).
    pub voice_too_large: bool,
}

impl LogForm {
    pub fn field(&self, name: &str) -> &str {
        self.fields.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
    }
}

/// Reads the form, refusing it without the page's CSRF token before any
/// file; files after a too-large voice note are not read.
pub async fn read_form(mut form: Multipart, expected_csrf: &str) -> AppResult<LogForm> {
    let mut out = LogForm::default();
    let mut token_ok = false;
    while let Some(mut field) = form.next_field().await.map_err(|e| multipart_error(&e))? {
        let name = field.name().unwrap_or("").to_owned();
        let is_file = field.file_name().is_some();
        match name.as_str() {
            csrf::FIELD => token_ok = csrf::same(&field.text().await.map_err(|e| multipart_error(&e))?, expected_csrf),
            _ if !token_ok => return Err(AppError::CsrfFailed),
            "photo" | "voice" if is_file => {
                let max = if name == "photo" { crate::profiles::photo::MAX_UPLOAD } else { MAX_VOICE };
                let mut kept: Vec<u8> = Vec::new();
                let mut file = if name == "voice" {
                    Some(tempfile::NamedTempFile::new().map_err(|e| AppError::Internal(e.into()))?)
                } else {
                    None
                };
                let mut size = 0usize;
                while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
                    size += chunk.len();
                    if size > max {
                        if name == "photo" {
                            return Err(AppError::invalid("photo", "field-photo-large"));
                        }
                        out.voice_too_large = true;
                        return Ok(out);
                    }
                    match file.as_mut() {
                        Some(f) => f.write_all(&chunk).map_err(|e| AppError::Internal(e.into()))?,
                        None => kept.extend_from_slice(&chunk),
                    }
                }
                if size == 0 {
                    continue; // the input was left empty
                }
                match file {
                    Some(f) => out.voice = Some(f),
                    None => out.photo = Some(kept),
                }
            }
            _ => {
                let mut text = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
                    if text.len() + chunk.len() > MAX_FIELD {
                        return Err(AppError::TooLarge);
                    }
                    text.extend_from_slice(&chunk);
                }
                out.fields.push((name, String::from_utf8_lossy(&text).into_owned()));
            }
        }
    }
    if !token_ok {
        return Err(AppError::CsrfFailed);
    }
    Ok(out)
}

/// The photo as a JPEG no larger than [`PHOTO_SIDE`], off the async threads.
async fn photo_jpeg(state: &AppState, bytes: Vec<u8>) -> AppResult<Vec<u8>> {
    let _permit = state.decoding.acquire().await.map_err(|e| AppError::Internal(e.into()))?;
    tokio::task::spawn_blocking(move || {
        let image = crate::profiles::photo::decode(&bytes)?;
        let image = if image.width().max(image.height()) > PHOTO_SIDE {
            image.resize(PHOTO_SIDE, PHOTO_SIDE, FilterType::Triangle)
        } else {
            image
        };
        let mut out = Vec::new();
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 75);
        image.to_rgb8().write_with_encoder(encoder).map_err(|e| AppError::Internal(e.into()))?;
        Ok(out)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
}

fn new_key(log: &log::Model, ext: &str) -> String {
    format!("practice/{}/{}.{ext}", log.id, crate::accounts::store::random_token())
}

/// Keeps the photo and voice note sent for her entry (each replaces the
/// one before). A voice note too long, or with no sound in it, is refused.
pub async fn attach(state: &AppState, entry: log::Model, form: &mut LogForm) -> AppResult<()> {
    if form.photo.is_some() || form.voice.is_some() {
        // Each file costs decoding or transcoding: a few an hour.
        crate::web::ratelimit::hourly_allowance(
            &state.db,
            "practice-file",
            entry.teacher_id.0,
            FILES_PER_HOUR,
            "quota-practice-files-hour",
        )
        .await?;
    }
    let mut changed = entry.clone().into_active_model();
    let mut old = Vec::new();
    if let Some(bytes) = form.photo.take() {
        let jpeg = photo_jpeg(state, bytes).await?;
        let key = new_key(&entry, "jpg");
        changed.photo_bytes = Set(Some(jpeg.len() as i64));
        state.storage.put_bytes(&key, jpeg).await.map_err(AppError::Internal)?;
        old.extend(entry.photo_key.clone());
        changed.photo_key = Set(Some(key));
    }
    if let Some(voice) = form.voice.take() {
        let work = tempfile::tempdir().map_err(|e| AppError::Internal(e.into()))?;
        let out: PathBuf = work.path().join("voice.m4a");
        // One recording at a time per decoding turn, like photos: a long
        // transcode must not take every core.
        let turn = state.decoding.acquire().await.map_err(|e| AppError::Internal(e.into()))?;
        let made = crate::media::process::voice_note(voice.path(), &out, MAX_VOICE_SECS).await;
        drop(turn);
        let secs = match made {
            Ok(VoiceNote::Kept(secs)) => secs,
            Ok(VoiceNote::TooLong) => return Err(AppError::invalid("voice", "practice-voice-long")),
            Err(e) => {
                tracing::info!(error = %e, "a voice note could not be read");
                return Err(AppError::invalid("voice", "practice-voice-unreadable"));
            }
        };
        let key = new_key(&entry, "m4a");
        let size = tokio::fs::metadata(&out).await.map_err(|e| AppError::Internal(e.into()))?.len();
        changed.voice_bytes = Set(Some(size as i64));
        state.storage.put_file(&key, &out).await.map_err(AppError::Internal)?;
        old.extend(entry.voice_key.clone());
        changed.voice_key = Set(Some(key));
        changed.voice_secs = Set(secs);
    }
    store::save(&state.db, changed).await?;
    for key in old {
        if let Err(e) = state.storage.delete(&key).await {
            tracing::warn!(key, error = %e, "a replaced practice file was not deleted");
        }
    }
    Ok(())
}

/// The entry's photo or voice note, for those who may read the entry.
pub async fn send(state: &AppState, key: &str, mime: &str, headers: &HeaderMap) -> AppResult<Response> {
    let size = state.storage.size(key).await.map_err(AppError::Internal)?.ok_or(AppError::NotFound)?;
    let file = crate::media::download::Sent { key, mime, size, etag: key, filename: None };
    crate::media::download::send(&state.storage, file, headers).await
}
