//! Administration: administrators find accounts and give them roles
//! (head teacher, moderator, education officer, administrator). Every
//! change is written to the audit log. The accounts themselves belong to
//! `accounts`; this folder only decides who may change a role and records it.

mod api;
mod pages;
mod service;

pub use api::api;
pub use pages::router;
pub use service::{AccountRow, find_accounts, set_role};
