//! Search over contents, blog posts, questions and answers, ideas and
//! teachers, in Bangla, English and Bangla typed in Latin letters, through
//! one analyser (`crates/bangla`) and two engines: tantivy in `DATA/index`
//! (embedded default) and PostgreSQL full-text search (scale). The index
//! is derived data: changes reach it through `search.index` jobs within
//! seconds, and `batayon reindex` rebuilds it from the database.

mod api;
pub mod chapters;
pub mod embedded;
pub mod engine;
pub mod entry;
pub mod indexer;
pub mod model;
mod names;
mod pages;
pub mod postgres;
pub mod related;
pub mod service;
mod snippet;
mod sources;

pub use api::api;
pub use pages::router;
