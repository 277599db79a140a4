//! Notifications: short messages to a teacher about their own things (a
//! moderator hid or restored their content, someone commented). Shown on
//! the notifications page and by `GET /api/v1/notifications`.

mod api;
mod pages;
pub mod store;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

pub use api::api;
pub use pages::router;
pub use store::{notify, unread_count};

#[derive(Serialize, ToSchema)]
pub struct Notification {
    pub id: crate::ids::NotificationId,
    pub kind: String,
    /// The message in the caller's language.
    pub text: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

pub(crate) fn view(e: store::entry::Model, lang: crate::web::Lang) -> Notification {
    Notification {
        id: e.id,
        text: lang.t_with(&e.kind, &[("detail", e.detail.clone())]),
        kind: e.kind,
        link: e.link,
        created_at: e.created_at,
        read: e.read_at.is_some(),
    }
}
