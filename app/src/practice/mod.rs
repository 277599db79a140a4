//! From course to classroom: practice journals (plan a try of an activity
//! with a class, log what happened, reflect with a photo or a voice note),
//! support at school (the head teacher's board, comments, encouragement,
//! classroom observations, gentle reminders), learning circles and
//! mentors, and dashboards for head teachers and education officers.
//! Builds on learning (its activities and completions), never the other
//! way round: learning's pages link here by address only.

pub mod access;
mod api;
pub mod attachments;
pub mod board;
mod circle_pages;
pub mod circles;
pub mod dashboard;
mod dashboard_pages;
pub mod entity;
mod facts;
mod figures;
pub mod journal;
pub mod meetings;
pub mod model;
mod pager;
pub mod pages;
pub mod reminders;
pub mod store;

pub fn api() -> utoipa_axum::router::OpenApiRouter<crate::state::AppState> {
    api::api()
}

pub fn router() -> axum::Router<crate::state::AppState> {
    pages::router().merge(circle_pages::router()).merge(dashboard_pages::router())
}
