//! Errors at the HTTP edge. Handlers return `AppResult<T>`; an `AppError`
//! becomes a bare response carrying an [`ErrorInfo`], and the context
//! middleware (which knows the language and whether the request is for the
//! API) renders it as a localised HTML page or as `application/problem+json`
//! (RFC 9457). Internal errors are logged with context and shown as a
//! generic message.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use sea_orm::{DbErr, SqlErr};

/// One invalid field: the field's name and the catalogue key of the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// A form field, a JSON path (`classes[2]`) or a path or query parameter.
    pub field: std::borrow::Cow<'static, str>,
    pub key: &'static str,
}

/// The invalid fields of a form or JSON body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, key: &'static str) {
        if self.get(field).is_none() {
            self.0.push(FieldError { field: field.into(), key });
        }
    }

    /// One error on a field whose name is only known at run time.
    pub fn one(field: String, key: &'static str) -> FieldErrors {
        FieldErrors(vec![FieldError { field: field.into(), key }])
    }
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.key)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// `Ok(())` when nothing was wrong, else the validation error.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() { Ok(()) } else { Err(AppError::Validation(self)) }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid input")]
    Validation(FieldErrors),
    /// A unique value (phone, e-mail, EIIN) is already taken.
    #[error("already exists")]
    Conflict(FieldErrors),
    #[error("wrong log-in or password")]
    BadCredentials,
    #[error("log-in required")]
    LoginRequired,
    #[error("forbidden")]
    Forbidden,
    #[error("the form expired or came from another site")]
    CsrfFailed,
    #[error("not found")]
    NotFound,
    #[error("request body too large")]
    TooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// A path or query parameter that does not parse (named in the errors).
    #[error("bad parameter")]
    BadParameter(FieldErrors),
    #[error("too many attempts")]
    RateLimited { retry_after_secs: i64 },
    /// A teacher's own limit (writings an hour, uploads in progress, bytes
    /// a day): `key` is the message, `max` the limit it names, `until` when
    /// she may go on, where the limit knows (an hour's window ends).
    #[error("quota reached")]
    Quota { key: &'static str, max: i64, until: Option<DateTime<Utc>> },
    /// A protocol's own refusal (tus): its status, a stable code, and the
    /// catalogue key of its title (`KEY-detail` explains).
    #[error("protocol: {code}")]
    Protocol { status: StatusCode, code: &'static str, key: &'static str },
    /// Not allowed for a reason the teacher should read (her own item,
    /// a privilege she has not earned yet): a stable code and the
    /// catalogue key of the message.
    #[error("not allowed: {code}")]
    NotAllowed { code: &'static str, key: &'static str },
    /// Too much work queued (e.g. log-ins waiting for password hashing).
    #[error("busy")]
    Busy { retry_after_secs: i64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
        AppError::Internal(anyhow::Error::new(e).context("database"))
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(anyhow::Error::new(e).context("template"))
    }
}

/// Turns a unique-constraint violation into a 409 on `field`; other database
/// errors stay internal. One place instead of a `map_err` at every insert.
pub fn on_unique(e: DbErr, field: &'static str, key: &'static str) -> AppError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            let mut errors = FieldErrors::default();
            errors.add(field, key);
            AppError::Conflict(errors)
        }
        _ => e.into(),
    }
}

/// What the context middleware needs to render an error.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub code: &'static str,
    /// Catalogue key of the title.
    pub title_key: &'static str,
    pub fields: FieldErrors,
    pub retry_after_secs: Option<i64>,
    /// A specific message (catalogue key) with the number it names.
    pub detail: Option<(&'static str, i64)>,
    /// When a limit ends (the message then says when she may go on).
    pub until: Option<DateTime<Utc>>,
}

impl AppError {
    /// A refusal naming one field and the message (catalogue key) for it.
    pub fn invalid(field: &'static str, key: &'static str) -> AppError {
        let mut errors = FieldErrors::default();
        errors.add(field, key);
        AppError::Validation(errors)
    }

    pub fn info(&self) -> ErrorInfo {
        let (status, code, title_key) = match self {
            AppError::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "error-validation"),
            AppError::Conflict(_) => (StatusCode::CONFLICT, "already_exists", "error-conflict"),
            AppError::BadCredentials => (StatusCode::UNAUTHORIZED, "bad_credentials", "error-bad-credentials"),
            AppError::LoginRequired => (StatusCode::UNAUTHORIZED, "login_required", "error-login-required"),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden", "error-forbidden"),
            AppError::CsrfFailed => (StatusCode::FORBIDDEN, "csrf_failed", "error-csrf"),
            AppError::NotFound => (StatusCode::NOT_FOUND, "not_found", "error-not-found"),
            AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large", "error-too-large"),
            AppError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "error-media-type")
            }
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request", "error-bad-request"),
            AppError::BadParameter(_) => (StatusCode::BAD_REQUEST, "bad_parameter", "error-bad-request"),
            AppError::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited", "error-rate-limited"),
            AppError::Quota { .. } => (StatusCode::TOO_MANY_REQUESTS, "quota_exceeded", "error-quota"),
            AppError::Busy { .. } => (StatusCode::SERVICE_UNAVAILABLE, "busy", "error-busy"),
            AppError::Protocol { status, code, key } => (*status, *code, *key),
            AppError::NotAllowed { code, key } => (StatusCode::FORBIDDEN, *code, *key),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal", "error-internal"),
        };
        let fields = match self {
            AppError::Validation(f) | AppError::Conflict(f) | AppError::BadParameter(f) => f.clone(),
            _ => FieldErrors::default(),
        };
        let retry_after_secs = match self {
            AppError::RateLimited { retry_after_secs } | AppError::Busy { retry_after_secs } => Some(*retry_after_secs),
            AppError::Quota { until: Some(at), .. } => Some((*at - Utc::now()).num_seconds().max(1)),
            _ => None,
        };
        let (detail, until) = match self {
            AppError::Quota { key, max, until } => (Some((*key, *max)), *until),
            _ => (None, None),
        };
        ErrorInfo { status, code, title_key, fields, retry_after_secs, detail, until }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(e) = &self {
            tracing::error!(error = ?e, "internal error");
        }
        let info = self.info();
        let mut response = info.status.into_response();
        response.extensions_mut().insert(info);
        response
    }
}
