//! Forms sent again are done once. A phone's outbox sends each form it kept
//! offline with an `Idempotency-Key` of its own making (an API client may
//! do the same); the connection may drop after the portal acted but before
//! the phone heard, and the phone then sends it again.
//!
//! - The first sending with a key is acted on and its answer kept (status,
//!   `Location`, and a small body: an API client learns the id it made).
//! - A later sending of the same request (method and path) gets that answer
//!   and does nothing; the same key on another request is refused (422).
//! - One arriving while the first is still being acted on is told to wait
//!   (409); a first sending cut off mid-way (the phone lost its connection
//!   while uploading) or left unfinished two minutes lets its key go.
//! - A refused form lets its key go, so the mended form can be sent with it.
//! - A keyed sending without a live session is answered 401, never a
//!   redirect to the log-in page the outbox would take for "sent".
//!
//! Keys are per account, 8–64 letters, digits, `-` or `_`, kept a week.

mod store;

use axum::body::{Body, HttpBody, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use sea_orm::{DatabaseConnection, DbErr};

use super::context::RequestContext;
use super::error::AppError;
use crate::state::AppState;

const KEEP_DAYS: i64 = 7;
/// A first sending unfinished this long is taken to have died.
const STALE_MINUTES: i64 = 2;
/// Answers up to this size are kept whole.
const KEEP_BODY: u64 = 64 * 1024;

fn well_formed(key: &str) -> bool {
    (8..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Lets the key go if the sending ends before its answer was kept (the
/// client went away mid-upload, or the handler panicked).
struct Unfinished {
    db: DatabaseConnection,
    user: i64,
    key: String,
    done: bool,
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let (db, user, key) = (self.db.clone(), self.user, std::mem::take(&mut self.key));
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(e) = store::forget(&db, user, &key).await {
                    tracing::warn!(error = %e, "letting an unfinished form's key go failed");
                }
            });
        }
    }
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(raw) = req.headers().get("idempotency-key").filter(|_| req.method() == Method::POST) else {
        return next.run(req).await;
    };
    let Some(key) = raw.to_str().ok().filter(|k| well_formed(k)).map(str::to_owned) else {
        return AppError::invalid("idempotency_key", "field-idempotency-key").into_response();
    };
    let Some(user) = req.extensions().get::<RequestContext>().and_then(|c| c.user.as_ref()).map(|u| u.id.0) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let request = format!("{} {}", req.method(), req.uri().path());
    let stale = Utc::now() - Duration::minutes(STALE_MINUTES);
    match store::claim(&state.db, user, &key, &request, stale).await {
        Ok(store::Claim::New) => {}
        Ok(store::Claim::Running) => return StatusCode::CONFLICT.into_response(),
        Ok(store::Claim::Done(answer)) => return replayed(answer),
        Ok(store::Claim::Other) => {
            return AppError::invalid("idempotency_key", "field-idempotency-key-other").into_response();
        }
        Err(e) => return AppError::Internal(e.into()).into_response(),
    }
    let mut unfinished = Unfinished { db: state.db.clone(), user, key: key.clone(), done: false };
    let response = next.run(req).await;
    let status = response.status();
    let (response, kept) = if status.is_success() || status.is_redirection() {
        let (parts, body) = response.into_parts();
        let small = body.size_hint().exact().is_some_and(|n| n <= KEEP_BODY);
        let (body, bytes) = if small {
            match to_bytes(body, KEEP_BODY as usize).await {
                Ok(b) => (Body::from(b.clone()), Some(b.to_vec())),
                Err(e) => return AppError::Internal(anyhow::anyhow!("reading an answer: {e}")).into_response(),
            }
        } else {
            (body, None)
        };
        let header = |name| parts.headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_owned);
        let answer = store::Answer {
            status: status.as_u16(),
            location: header(LOCATION),
            content_type: header(CONTENT_TYPE),
            body: bytes.filter(|b| !b.is_empty()),
        };
        (Response::from_parts(parts, body), store::finish(&state.db, user, &key, answer).await)
    } else {
        (response, store::forget(&state.db, user, &key).await)
    };
    unfinished.done = kept.is_ok();
    if let Err(e) = kept {
        tracing::warn!(error = %e, "keeping a form's answer for its key failed");
    }
    response
}

/// The first sending's answer again, saying it is a replay.
fn replayed(answer: store::Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = (status, answer.body.unwrap_or_default()).into_response();
    let headers = response.headers_mut();
    headers.remove(CONTENT_TYPE);
    for (name, value) in [(LOCATION, answer.location), (CONTENT_TYPE, answer.content_type)] {
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert(name, v);
        }
    }
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

/// Forgets keys older than a week.
pub async fn prune(db: &DatabaseConnection) -> Result<u64, DbErr> {
    store::prune(db, Utc::now() - Duration::days(KEEP_DAYS)).await
}
