//! Body extractors that answer bad input with our own errors: forms that
//! must carry the CSRF token, and JSON that must say it is JSON.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use super::context::RequestContext;
use super::csrf;
use super::error::{AppError, FieldErrors};

fn read_error(e: axum::extract::rejection::BytesRejection) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::BadRequest("unreadable body")
    }
}

/// A URL-encoded form whose `_csrf` field matched the browser's CSRF cookie.
pub struct VerifiedForm<T>(pub T);

#[derive(serde::Deserialize)]
struct TokenOnly {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for VerifiedForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let expected = req
            .extensions()
            .get::<RequestContext>()
            .map(|c| c.csrf.clone())
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("context middleware missing")))?;
        let body = Bytes::from_request(req, state).await.map_err(read_error)?;
        let sent: TokenOnly = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::CsrfFailed)?;
        if !csrf::same(&sent.csrf, &expected) {
            return Err(AppError::CsrfFailed);
        }
        serde_urlencoded::from_bytes(&body).map(VerifiedForm).map_err(|_| AppError::BadRequest("malformed form"))
    }
}

/// A JSON body. Requiring `Content-Type: application/json` also keeps
/// cross-site forms out: a browser must ask first (CORS preflight), and we
/// never say yes.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let is_json =
            req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
                v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
            });
        if !is_json {
            return Err(AppError::UnsupportedMediaType);
        }
        let body = Bytes::from_request(req, state).await.map_err(read_error)?;
        match serde_json::from_slice(&body) {
            Ok(value) => Ok(ApiJson(value)),
            Err(e) if e.is_data() => {
                let mut errors = FieldErrors::default();
                errors.add("body", "field-wrong-shape");
                tracing::debug!(error = %e, "JSON of the wrong shape");
                Err(AppError::Validation(errors))
            }
            Err(_) => Err(AppError::BadRequest("malformed JSON")),
        }
    }
}

/// A form that carries nothing but its CSRF token (log out, delete, retry).
#[derive(serde::Deserialize)]
pub struct TokenOnlyForm {}

/// A multipart upload that broke off or ran past the body limit.
pub fn multipart_error(e: &axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::BadRequest("malformed upload")
    }
}

/// A request whose body ends in 413 as soon as it passes `limit` bytes (at
/// once when its Content-Length says so), for routes that lift the default
/// body limit to stream a file.
pub fn limit_body(request: axum::extract::Request, limit: u64) -> Result<axum::extract::Request, AppError> {
    let declared =
        request.headers().get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(AppError::TooLarge);
    }
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    Ok(request.map(|body| axum::body::Body::new(http_body_util::Limited::new(body, limit))))
}
