//! Questions and answers where teachers solve each other's classroom and
//! ICT problems: asking, answering, votes (on posts too), an accepted
//! answer, edit history, and the reputation that recognises helpers. Owns
//! `questions`, `question_tags`, `answers`, `votes`, `revisions`,
//! `reputation_events` and `reputation_totals`. Comments under questions
//! and answers are discussion's; this folder tells discussion about its
//! items (`owner`).

mod accepting;
pub(crate) mod api;
pub(crate) mod asking;
pub(crate) mod editing;
pub mod entity;
mod facts;
pub(crate) mod kept;
pub(crate) mod model;
mod owner;
mod pages;
pub mod reputation;
pub(crate) mod search_facts;
pub mod store;
pub(crate) mod views;
pub(crate) mod votes;

pub use owner::install;

/// Every `/api/v1` route of questions, answers and reputation.
pub fn api() -> utoipa_axum::router::OpenApiRouter<crate::state::AppState> {
    api::api()
}

/// Every question page.
pub fn router() -> axum::Router<crate::state::AppState> {
    pages::router()
}
