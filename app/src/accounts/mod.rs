//! Accounts: sign-up, log-in, log-out, sessions and password reset.

pub mod api;
pub mod choices;
pub mod entity;
pub mod figures;
pub mod model;
pub mod pages;
pub mod password;
pub mod places_sql;
pub(crate) mod search_facts;
pub mod service;
pub mod session;
pub mod store;

pub use api::api;
pub use pages::router;
