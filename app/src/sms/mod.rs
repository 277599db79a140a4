//! SMS for basic phones: the replies a gateway posts in (`inbound`), what
//! each text asks (`commands`, `conversation`): a module's quiz one
//! question at a time (`quiz`), a credential checked by its code, STOP and
//! START (kept by `senders::stops`, which every reminder respects); and the
//! administrators' page of SMS counted per day with what they cost.

mod commands;
mod conversation;
mod inbound;
mod pages;
pub mod quiz;
pub mod signature;
mod store;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::post;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/sms/inbound", post(inbound::receive).layer(DefaultBodyLimit::max(inbound::BODY_LIMIT)))
        .merge(pages::router())
}

/// The SMS API: the administrators' counts.
pub fn api() -> utoipa_axum::router::OpenApiRouter<AppState> {
    pages::api()
}

/// How long a gateway's message id is remembered: far past its signature's
/// five minutes and any gateway's retries.
const REMEMBER_DAYS: i64 = 30;

/// Forgets replies older than [`REMEMBER_DAYS`] and quizzes left longer
/// than a quiz lasts (run hourly with the other pruning).
pub async fn prune(db: &sea_orm::DatabaseConnection) -> Result<u64, sea_orm::DbErr> {
    let now = chrono::Utc::now();
    store::prune(db, now - chrono::Duration::days(REMEMBER_DAYS), now - quiz::QUIZ_LASTS).await
}
