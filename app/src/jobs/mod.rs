//! Background jobs in a table: thumbnails and renditions, badge awards,
//! recognition rounds and search index updates. Any portal node (or
//! `batayon worker`) takes the next job; failures are retried with growing
//! pauses, then parked on the failed-jobs page for administrators. The
//! loop that runs them (worker.rs) sits above the features.

mod model;
pub mod pages;
mod search;
pub mod store;

pub use model::{JobKind, JobStatus};
pub use search::{SearchChange, search_change, search_file_later, search_later};
pub use store::*;
