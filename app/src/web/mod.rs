//! Shared HTTP plumbing (features use it; it uses no feature): request context (who, which
//! language, CSRF token), errors, assets and response hygiene.

pub mod assets;
pub mod context;
pub mod csrf;
pub mod csv;
pub mod error;
pub mod extract;
pub mod fields;
pub mod form;
pub mod hygiene;
pub mod i18n;
pub mod kept;
pub mod language;
pub mod page_cache;
pub mod page_parts;
pub mod problem;
pub mod ratelimit;
pub mod redirect;
pub mod replay;
pub mod role;
pub mod saver;
pub mod text;

pub use context::{CurrentUser, Page};
pub use error::{AppError, AppResult, FieldErrors};
pub use i18n::{Lang, dhaka_date};
pub use role::Role;
