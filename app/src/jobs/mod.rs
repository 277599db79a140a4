//! Background jobs in a table: thumbnails and renditions today. Any portal
//! node (or `batayon worker`) takes the next job; failures are retried with
//! growing pauses, then parked on the failed-jobs page for administrators.
//! The loop that runs them (worker.rs) sits above the features.

pub mod pages;
pub mod store;

pub use store::*;
