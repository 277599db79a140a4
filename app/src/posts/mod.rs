//! Blog posts and opinions: written in Markdown, saved as drafts as the
//! teacher types, published when she is ready, liked and commented by
//! colleagues; pictures in them. Owns `posts`, `post_tags` and
//! `post_pictures`. Votes and reputation are the questions folder's,
//! comments discussion's; this folder tells discussion about posts (`owner`).

pub(crate) mod api;
pub mod entity;
mod facts;
pub(crate) mod kept;
mod model;
mod owner;
mod pages;
mod pictures;
pub(crate) mod search_facts;
pub(crate) mod service;
pub mod store;

pub use model::{PostCategory, PostStatus};
pub use owner::install;

/// Every `/api/v1` route of posts.
pub fn api() -> utoipa_axum::router::OpenApiRouter<crate::state::AppState> {
    api::api()
}

/// Every post page, pictures included.
pub fn router() -> axum::Router<crate::state::AppState> {
    pages::router()
}
