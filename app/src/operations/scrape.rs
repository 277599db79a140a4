//! `GET /metrics`: the process-wide series from the recorder, then this
//! portal's own gauges read now, in the Prometheus text format.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::response::{IntoResponse, Response};

use super::access::{self, Refusal};
use super::{gauges, recorder};
use crate::state::AppState;

/// The Prometheus text exposition format.
const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";

pub async fn metrics(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match access::check(&parts, &state.config) {
        Ok(()) => {}
        Err(Refusal::NoToken) => {
            return (
                StatusCode::UNAUTHORIZED,
                [(WWW_AUTHENTICATE, "Bearer")],
                "send the metrics token as a bearer token\n",
            )
                .into_response();
        }
        Err(Refusal::NotLocal) => {
            let why = "metrics answer only on this machine; set --metrics-token to scrape from elsewhere\n";
            return (StatusCode::FORBIDDEN, why).into_response();
        }
    }
    let mut text = recorder::get().handle.as_ref().map(|h| h.render()).unwrap_or_default();
    gauges::write(&state, &mut text).await;
    ([(CONTENT_TYPE, TEXT_FORMAT)], text).into_response()
}
