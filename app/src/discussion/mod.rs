//! Discussion: the comments under questions, answers, posts and ideas,
//! and what every community item shares: Markdown, @mentions, the hourly
//! writing limits, and hiding for moderation. Owns `community_comments`.
//! The items themselves live above (questions, posts, ideas), read their
//! comments from here, and tell discussion about themselves at start
//! (`owners`), so this folder imports none of them.

pub(crate) mod comments;
pub mod entity;
mod facts;
pub mod hiding;
pub(crate) mod limits;
pub(crate) mod markdown;
pub(crate) mod mentions;
pub(crate) mod owners;
mod pages;
pub mod store;

pub use pages::NoticeQuery;

/// The `/api/v1` comment routes of every item.
pub fn api() -> utoipa_axum::router::OpenApiRouter<crate::state::AppState> {
    pages::api()
}

/// The comment forms of every item.
pub fn router() -> axum::Router<crate::state::AppState> {
    pages::router()
}
