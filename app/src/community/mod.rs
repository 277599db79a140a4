//! The community: questions and answers where teachers solve each other's
//! classroom and ICT problems, votes, an accepted answer, edit history,
//! and the reputation that recognises helpers. Owns the tables
//! `questions`, `question_tags`, `answers`, `votes`, `community_comments`,
//! `revisions`, `reputation_events` and `reputation_totals`.

mod api;
pub mod entity;
pub mod markdown;
pub mod model;
mod pages;
pub mod questions;
pub mod reputation;
pub mod store;
pub mod votes;

pub use api::api;
pub use pages::router;
