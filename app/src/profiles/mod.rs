//! Teachers' profiles: editing one's own, the public profile page, photos.

pub mod api;
pub mod model;
pub mod pages;
pub mod photo;
pub mod service;
pub mod store;

pub use api::api;
pub use pages::router;

use axum::extract::Multipart;

use crate::state::AppState;
use crate::web::extract::multipart_error;
use crate::web::{AppError, csrf};

/// Reads a multipart photo upload: the `_csrf` field (when `csrf` is given
/// it must match) and the `photo` file, refusing more than the limit.
pub async fn read_photo_upload(mut form: Multipart, csrf_expected: Option<&str>) -> Result<Vec<u8>, AppError> {
    let mut token_ok = csrf_expected.is_none();
    let mut photo = None;
    // A body whose parts cannot be read holds no photo we can find.
    let unreadable = |e: axum::extract::multipart::MultipartError| match multipart_error(&e) {
        AppError::TooLarge => AppError::TooLarge,
        _ => AppError::Validation(crate::web::FieldErrors::one("photo".into(), "field-photo-missing")),
    };
    while let Some(mut field) = form.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some(csrf::FIELD) => {
                let sent = field.text().await.map_err(|e| multipart_error(&e))?;
                if let Some(expected) = csrf_expected {
                    token_ok = csrf::same(&sent, expected);
                }
            }
            Some("photo") => {
                if !token_ok {
                    return Err(AppError::CsrfFailed);
                }
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
                    if bytes.len() + chunk.len() > photo::MAX_UPLOAD {
                        return Err(AppError::TooLarge);
                    }
                    bytes.extend_from_slice(&chunk);
                }
                photo = Some(bytes);
            }
            _ => {}
        }
    }
    if !token_ok {
        return Err(AppError::CsrfFailed);
    }
    match photo {
        Some(bytes) if !bytes.is_empty() => Ok(bytes),
        _ => {
            let mut errors = crate::web::FieldErrors::default();
            errors.add("photo", "field-photo-missing");
            Err(AppError::Validation(errors))
        }
    }
}

/// Turns the upload into the stored photo off the async threads.
/// At most two decode at once (`AppState::decoding`): each can take tens
/// of MB for a moment.
pub async fn process_photo(state: &AppState, bytes: Vec<u8>) -> Result<Vec<u8>, AppError> {
    let _permit = state.decoding.acquire().await.map_err(|e| AppError::Internal(e.into()))?;
    tokio::task::spawn_blocking(move || photo::to_square_jpeg(&bytes))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
}
