//! Moderation: the queue of teachers waiting to be verified and their
//! decisions; and one report system for every item a teacher can report
//! (a content, question, answer, post, idea or comment, named by
//! `ItemRef`): filing, the queue, and the decisions on them (hide, restore,
//! dismiss). The audit log itself lives in `audit`.

pub mod api;
pub mod decisions;
pub mod model;
pub mod pages;
pub mod reports;
mod reports_api;
mod reports_pages;
pub mod service;
pub mod store;
mod target;

pub use model::{ReportAction, ReportReason, ReportStatus};

/// Every `/api/v1` route of moderation.
pub fn api() -> utoipa_axum::router::OpenApiRouter<crate::state::AppState> {
    api::api().merge(reports_api::api())
}

/// Every page of moderation.
pub fn router() -> axum::Router<crate::state::AppState> {
    pages::router().merge(reports_pages::router())
}
