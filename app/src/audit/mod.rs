//! The audit log: who did what to which record, and why. Rows are only
//! ever added.

pub mod store;

pub use store::{entry, for_subject, recent, record};
