//! Body extractors that answer bad input with our own errors: forms that
//! must carry the CSRF token, and JSON that must say it is JSON.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use super::context::RequestContext;
use super::csrf;
use super::error::{AppError, FieldErrors};
use super::text;

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
        serde_html_form::from_bytes(&body).map(VerifiedForm).map_err(|_| AppError::BadRequest("malformed form"))
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
        let mut reader = serde_json::Deserializer::from_slice(&body);
        match serde_path_to_error::deserialize(text::Checked(&mut reader)) {
            Ok(value) => Ok(ApiJson(value)),
            Err(e) if e.inner().is_data() => {
                // Name the field that is wrong, not the whole body.
                let message = e.inner().to_string();
                let field = wrong_field(&e.path().to_string(), &message);
                tracing::debug!(error = %e, "JSON of the wrong shape");
                let key = if message.starts_with(text::CONTROL_MESSAGE) {
                    "field-control-character"
                } else {
                    "field-wrong-shape"
                };
                Err(AppError::Validation(FieldErrors::one(field, key)))
            }
            Err(_) => Err(AppError::BadRequest("malformed JSON")),
        }
    }
}

/// The field a deserialisation error is about: its path, or for a missing
/// field (reported at the parent) the name serde quotes in the message.
fn wrong_field(path: &str, message: &str) -> String {
    let quoted = message.split('`').nth(1).filter(|_| message.starts_with("missing field"));
    match (path, quoted) {
        (".", Some(name)) => name.to_owned(),
        (p, Some(name)) => format!("{p}.{name}"),
        (".", None) => "body".to_owned(),
        (p, None) => p.to_owned(),
    }
}

/// A path parameter that must parse, else 400 naming the parameter.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> axum::extract::FromRequestParts<S> for ApiPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, AppError> {
        use axum::extract::path::ErrorKind;
        use axum::extract::rejection::PathRejection;
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                let field = match e.kind() {
                    ErrorKind::ParseErrorAtKey { key, .. } | ErrorKind::InvalidUtf8InPathParam { key } => key.clone(),
                    _ => "id".to_owned(),
                };
                Err(AppError::BadParameter(FieldErrors::one(field, "field-bad-parameter")))
            }
            Err(_) => Err(AppError::NotFound),
        }
    }
}

/// Query parameters that must parse, else 400 naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> axum::extract::FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, AppError> {
        let query = parts.uri.query().unwrap_or("");
        // A parameter without a name (`?=x`, `&=x`) is never one of ours: refuse it rather than ignore it.
        if form_urlencoded::parse(query.as_bytes()).any(|(k, _)| k.is_empty()) {
            return Err(AppError::BadParameter(FieldErrors::one(String::new(), "field-bad-parameter")));
        }
        let reader = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(text::Checked(reader)).map(ApiQuery).map_err(|e| {
            let field = wrong_field(&e.path().to_string(), &e.inner().to_string());
            AppError::BadParameter(FieldErrors::one(field, "field-bad-parameter"))
        })
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

/// Checks a list's `page` (1–100,000) and `per_page` (1–100), naming the
/// wrong one; the lists of every feature take the same two.
pub fn check_paging(page: Option<u64>, per_page: Option<u64>, errors: &mut super::FieldErrors) {
    if page.is_some_and(|n| !(1..=100_000).contains(&n)) {
        errors.add("page", "field-bad-parameter");
    }
    if per_page.is_some_and(|n| !(1..=100).contains(&n)) {
        errors.add("per_page", "field-bad-parameter");
    }
}
