//! Moderation: the queue of teachers waiting to be verified and their
//! decisions; reports about contents, their queue and the decisions on
//! them (hide, restore, dismiss). The audit log itself lives in `audit`.

pub mod api;
pub mod pages;
pub mod reports;
mod reports_api;
mod reports_pages;
pub mod service;
pub mod store;

pub use api::api;
pub use pages::router;
