//! Moderation: the queue of teachers waiting to be verified, the decisions,
//! and the moderation pages (the audit log itself lives in `audit`).

pub mod api;
pub mod pages;
pub mod service;

pub use api::api;
pub use pages::router;
