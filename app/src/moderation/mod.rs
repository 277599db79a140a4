//! Moderation: the queue of teachers waiting to be verified and their
//! decisions; reports about contents, their queue and the decisions on
//! them (hide, restore, dismiss), and the same for questions, answers,
//! posts, ideas and comments. The audit log itself lives in `audit`.

pub mod api;
pub mod item_reports;
mod item_reports_web;
mod item_store;
pub mod pages;
pub mod reports;
mod reports_api;
mod reports_pages;
pub mod service;
pub mod store;

/// Every `/api/v1` route of moderation.
pub fn api() -> utoipa_axum::router::OpenApiRouter<crate::state::AppState> {
    api::api().merge(item_reports_web::api())
}

/// Every page of moderation.
pub fn router() -> axum::Router<crate::state::AppState> {
    pages::router().merge(item_reports_web::router())
}
