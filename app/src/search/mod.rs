//! Search over contents, blog posts, questions and answers, ideas and
//! teachers, in Bangla, English and Bangla typed in Latin letters, through
//! one analyser (`crates/bangla`) and one engine, tantivy on local disk
//! (`DATA/index`): with SQLite the portal's one index; with PostgreSQL,
//! each node's own, following a change log beside `search_entries` (which
//! every node shares, and whose full-text search answers while a node's
//! index is being built). The index is derived data:
//! changes reach it through `search.index` jobs within seconds, and
//! `batayon reindex` rebuilds it from the database.

mod api;
pub mod changes;
pub mod chapters;
pub mod embedded;
pub mod engine;
pub mod entry;
mod facets;
pub mod follow;
pub mod indexer;
pub mod model;
mod names;
mod pages;
pub mod postgres;
pub mod related;
pub mod service;
mod snippet;
mod sources;
mod stored;

pub use api::api;
pub use pages::router;
