//! The community: questions and answers where teachers solve each other's
//! classroom and ICT problems, votes, an accepted answer, edit history,
//! the reputation that recognises helpers, and ideas to the authorities. Owns the tables
//! `questions`, `question_tags`, `answers`, `votes`, `community_comments`,
//! `revisions`, `reputation_events`, `reputation_totals`, `ideas` and
//! `idea_supports`.

mod api;
pub mod comments;
mod comments_web;
pub mod entity;
pub mod hiding;
pub mod ideas;
mod ideas_api;
mod ideas_pages;
pub mod kept;
pub mod limits;
pub mod markdown;
pub mod mentions;
pub mod model;
mod pages;
pub mod pictures;
pub mod posts;
mod posts_api;
mod posts_pages;
pub mod questions;
pub mod reputation;
pub mod store;
pub mod votes;

/// Every `/api/v1` route of the community.
pub fn api() -> utoipa_axum::router::OpenApiRouter<crate::state::AppState> {
    api::api().merge(ideas_api::api()).merge(comments_web::api()).merge(posts_api::api())
}

/// Every page of the community.
pub fn router() -> axum::Router<crate::state::AppState> {
    pages::router()
        .merge(ideas_pages::router())
        .merge(comments_web::router())
        .merge(posts_pages::router())
        .merge(pictures::router())
}
