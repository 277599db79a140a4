//! `GET /readyz`: 200 when this node can do its work, the database and the
//! file store both answering; else 503 and a short reason. A load balancer
//! stops sending requests to a node that is not ready. (`/healthz` stays
//! the cheaper check, the database only.)

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// Each check gives up after this long: a probe must answer well within
/// the balancer's own time-out.
const CHECK_LIMIT: Duration = Duration::from_secs(2);

/// A key nobody stores: asking for it exercises the store (its folder, or
/// the S3 endpoint, credentials and bucket) without reading any file.
const PROBE_KEY: &str = "readyz/probe";

pub async fn readyz(State(state): State<AppState>) -> Response {
    let database = tokio::time::timeout(CHECK_LIMIT, crate::db::ping(&state.db));
    let storage = tokio::time::timeout(CHECK_LIMIT, state.storage.exists(PROBE_KEY));
    let (database, storage) = tokio::join!(database, storage);
    let mut reasons = Vec::new();
    if !matches!(database, Ok(true)) {
        reasons.push("database unavailable");
    }
    match storage {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => {
            tracing::warn!(error = %e, storage = %state.storage.description, "readiness: the file store failed");
            reasons.push("storage unavailable");
        }
        Err(_) => reasons.push("storage did not answer in time"),
    }
    if reasons.is_empty() {
        (StatusCode::OK, "ready\n").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, format!("{}\n", reasons.join("; "))).into_response()
    }
}
