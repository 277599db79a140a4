//! What an operator watches: `GET /metrics` in the Prometheus text format
//! and `GET /readyz` for load balancers and orchestrators (`/healthz`
//! stays in `site`: cheap, the database only). These routes sit outside
//! the session, page-cache and compression layers and are not in the
//! OpenAPI document. Who may scrape: [`access`].
//!
//! The series (every name starts `batayon_`; `docs/metrics.md` explains
//! each and the Grafana panels built on it):
//!
//! | series | type | labels | from |
//! |---|---|---|---|
//! | `batayon_http_requests_total` | counter | `family`, `status` (`2xx` …) | [`Measure`], every request |
//! | `batayon_http_request_duration_seconds` | histogram, 1 ms – 5 s | `family` | [`Measure`] |
//! | `batayon_db_pool_connections` | gauge | `state` (`in_use`, `idle`) | the sqlx pool, at scrape |
//! | `batayon_db_pool_max_connections` | gauge | | the pool's settings |
//! | `batayon_db_pool_wait_seconds` | gauge | | how long the scrape waited for a connection |
//! | `batayon_jobs_waiting` | gauge | `kind` | jobs due and not taken, at scrape |
//! | `batayon_jobs_running` | gauge | `kind` | jobs being done, at scrape |
//! | `batayon_jobs_oldest_waiting_seconds` | gauge | `kind` | since the longest-waiting job became due |
//! | `batayon_search_index_lag_jobs` | gauge | | index updates not yet taken |
//! | `batayon_search_index_lag_seconds` | gauge | | age of the oldest of them |
//! | `batayon_search_node_lag_changes` | gauge | | changes in the search log not yet in this node's index (`search::follow::lag`) |
//! | `batayon_search_node_lag_seconds` | gauge | | age of the oldest of them |
//! | `batayon_search_node_building` | gauge (0/1) | | this node is building its index again |
//! | `batayon_uploads_in_progress` | gauge | | resumable uploads begun, not finished |
//! | `batayon_messages_sent_total` | counter | `channel` (`email`, `sms`) | `senders.rs` |
//! | `batayon_messages_failed_total` | counter | `channel` | `senders.rs` |
//! | `batayon_process_start_time_seconds` | gauge | | when the recorder was installed (start-up) |
//! | `batayon_build_info` | gauge (1) | `version` | the crate's version |
//!
//! The HTTP, message and process series live in the one process-wide
//! recorder ([`recorder`]); the pool, queue, search and upload gauges are
//! read from the scraped portal's own state at scrape time ([`gauges`]), so
//! portals built side by side (the tests) never mix their figures.

pub mod access;
mod gauges;
mod http;
mod ready;
mod recorder;
mod scrape;

use axum::Router;
use axum::routing::get;

use http::Measure;

use crate::state::AppState;

/// The whole site with `/metrics` and `/readyz` added outside its layers
/// (no session, page cache or compression for probes and scrapes), and
/// every route, these too, counted and timed by [`Measure`].
pub fn around(site: Router<AppState>) -> Router<AppState> {
    site.merge(router()).layer(Measure)
}

/// `/metrics` and `/readyz`.
fn router() -> Router<AppState> {
    recorder::get();
    Router::new().route("/metrics", get(scrape::metrics)).route("/readyz", get(ready::readyz))
}
