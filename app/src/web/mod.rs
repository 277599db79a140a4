//! Shared HTTP plumbing: router assembly, request context (who, which
//! language, CSRF token), errors, assets and response hygiene.

pub mod assets;
pub mod context;
pub mod csrf;
pub mod error;
pub mod extract;
pub mod hygiene;
pub mod i18n;
pub mod page_cache;
pub mod ratelimit;
pub mod router;

pub use context::{CurrentUser, Page};
pub use error::{AppError, AppResult, FieldErrors};
pub use i18n::Lang;
