//! Finding contents by title, teachers by name and chapters by title, in
//! Bangla or English.
//! Matching uses `bangla::search_key`, so spellings that differ only in
//! nukta form, joiners, digits or case still meet.

mod api;
pub mod model;
mod pages;
pub mod service;

pub use api::api;
pub use pages::router;
