//! Follows and the personal feed: a teacher follows colleagues, tags and
//! subjects, and her home page shows what is new from them and in her own
//! classes and subjects; a daily e-mail digest carries the same when she
//! asks for it. Owns the tables `follows` and `digest_subscriptions`.

mod api;
pub mod digest;
pub mod model;
mod pages;
pub mod service;
pub mod store;

pub use api::api;
pub use pages::router;
