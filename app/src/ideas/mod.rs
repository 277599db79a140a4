//! Ideas to the authorities: a teacher addresses an idea, suggestion or
//! concern to the nation, her district or her upazila; colleagues support
//! it; an officer of that place (or a moderator) gives it a status with a
//! public response. Owns `ideas` and `idea_supports`. Comments are
//! discussion's; this folder tells discussion about ideas (`owner`).

pub(crate) mod api;
pub mod entity;
pub(crate) mod kept;
mod model;
mod owner;
mod pages;
pub(crate) mod search_facts;
pub(crate) mod service;
pub mod store;

pub use model::{IdeaKind, IdeaScope, IdeaStatus};
pub use owner::install;

/// Every `/api/v1` route of ideas.
pub fn api() -> utoipa_axum::router::OpenApiRouter<crate::state::AppState> {
    api::api()
}

/// Every idea page.
pub fn router() -> axum::Router<crate::state::AppState> {
    pages::router()
}
