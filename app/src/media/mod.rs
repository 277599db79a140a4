//! Media: where files live (a local folder or any S3-compatible store),
//! what kind a file really is (from its bytes, not its name), and streaming
//! uploads to a temporary file while hashing.

pub mod download;
pub mod entity;
pub mod ingest;
pub mod kind;
pub mod likeness;
pub mod process;
pub mod store;
pub mod text;
pub mod upload;

pub use kind::{MediaKind, RenditionKind};
