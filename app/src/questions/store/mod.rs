//! SQL of questions: questions and answers, votes, edit history and the
//! reputation ledger. Nothing else writes these tables.

pub mod demo_time;
pub(crate) mod hiding;
pub mod questions;
pub mod reputation;
pub mod revisions;
pub mod votes;
