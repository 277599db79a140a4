//! Moderation: the queue of teachers waiting to be verified, the decisions,
//! and the audit log every moderator action is written to.

pub mod api;
pub mod audit;
pub mod pages;
pub mod service;

pub use api::api;
pub use pages::router;
