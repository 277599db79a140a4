//! SQL of the community: questions and answers, votes, edit history and
//! the reputation ledger. Nothing else writes these tables.

pub mod comments;
pub mod demo_time;
pub mod hiding;
pub mod ideas;
pub mod posts;
pub mod questions;
pub mod reputation;
pub mod revisions;
pub mod votes;
