//! The content library: teachers share multimedia tied to textbook
//! chapters; others find, preview, download, rate, comment and report.

pub mod api;
pub mod comments;
pub mod discovery;
pub mod entity;
mod facts;
pub mod form;
pub mod lists;
pub mod model;
pub mod near_copies;
pub mod pages;
pub mod ratings;
pub(crate) mod search_facts;
pub mod service;
pub mod shared;
pub mod store;
pub mod views;

pub use api::api;
pub use pages::router;
