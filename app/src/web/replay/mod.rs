//! Forms sent again are done once. A phone's outbox sends each form it kept
//! offline with an `Idempotency-Key` of its own making; the connection may
//! drop after the portal acted but before the phone heard, and the phone
//! then sends it again. The first sending with a key is acted on and its
//! answer kept; a later one gets that answer (a redirect to the same page)
//! and does nothing; one arriving while the first is still being acted on
//! is told to wait (409). A refused form lets its key go, so the mended
//! form can be sent with it. Keys are per account and kept seven days.

mod store;

use axum::extract::{Request, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use sea_orm::{DatabaseConnection, DbErr};

use super::context::RequestContext;
use super::error::AppError;
use crate::state::AppState;

const KEEP_DAYS: i64 = 7;

/// A key the outbox makes: letters, digits and dashes, 8 to 64 of them.
fn well_formed(key: &str) -> bool {
    (8..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let key = req.headers().get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let user = req.extensions().get::<RequestContext>().and_then(|c| c.user.as_ref()).map(|u| u.id.0);
    let (Some(key), Some(user), true) = (key, user, req.method() == Method::POST) else {
        return next.run(req).await;
    };
    if !well_formed(&key) {
        return AppError::invalid("idempotency_key", "field-idempotency-key").into_response();
    }
    match store::claim(&state.db, user, &key).await {
        Ok(store::Claim::New) => {}
        Ok(store::Claim::Running) => return StatusCode::CONFLICT.into_response(),
        Ok(store::Claim::Done { status, location }) => return replayed(status, location),
        Err(e) => return AppError::Internal(e.into()).into_response(),
    }
    let response = next.run(req).await;
    let status = response.status();
    let kept = if status.is_success() || status.is_redirection() {
        let location = response.headers().get(LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
        store::finish(&state.db, user, &key, status.as_u16(), location).await
    } else {
        store::forget(&state.db, user, &key).await
    };
    if let Err(e) = kept {
        tracing::warn!(error = %e, "keeping a form's answer for its key failed");
    }
    response
}

/// The first sending's answer again, saying it is a replay.
fn replayed(status: u16, location: Option<String>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut response = status.into_response();
    if let Some(v) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(LOCATION, v);
    }
    response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

/// Forgets keys older than a week.
pub async fn prune(db: &DatabaseConnection) -> Result<u64, DbErr> {
    store::prune(db, Utc::now() - Duration::days(KEEP_DAYS)).await
}
