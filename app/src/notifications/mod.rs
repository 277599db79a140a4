//! Notifications: short messages to a teacher about their own things (a
//! moderator hid or restored their content, someone commented). Shown on
//! the notifications page, by `GET /api/v1/notifications` and as a count on
//! the header's bell (kept [`UNREAD_KEEP`], so a page asks at most once then).

mod api;
pub mod by_sms;
mod pages;
pub mod store;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

pub use api::api;
pub use pages::router;
pub use store::{notify, unread_count};

use std::sync::Arc;
use std::time::Duration;

use crate::ids::UserId;
use crate::state::AppState;
use crate::web::context::{Unread, UnreadCounter};
use crate::web::kept::KeptMap;

/// How long the header's unread count is kept: a new notification shows on
/// the bell within this; reading them all shows at once on this node.
pub const UNREAD_KEEP: Duration = Duration::from_secs(5);

/// Unread counts for the header, per teacher.
#[derive(Default)]
struct KeptUnread(KeptMap<UserId, u64, 50_000>);

/// Gives every signed-in page its bell's count: one count over her rows
/// (found by the partial index of unread rows, m0029) at most every [`UNREAD_KEEP`].
pub fn install(state: &AppState) {
    let counter: UnreadCounter = Arc::new(|state, user| Box::pin(async move { unread_for_header(&state, user).await }));
    state.part::<Unread>().install(counter);
}

async fn unread_for_header(state: &AppState, user: UserId) -> u64 {
    let kept = state.part::<KeptUnread>();
    if let Some(n) = kept.0.get(&user, UNREAD_KEEP) {
        return n;
    }
    match store::unread_count(&state.db, user).await {
        Ok(n) => {
            kept.0.put(user, n, UNREAD_KEEP);
            n
        }
        Err(e) => {
            tracing::warn!(error = %e, "unread notifications not counted");
            0
        }
    }
}

/// Drops a teacher's kept count (she has just read them all).
pub fn forget_unread(state: &AppState, user: UserId) {
    state.part::<KeptUnread>().0.forget_where(|u| *u == user);
}

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
        text: lang.t_with(&e.kind, &[("detail", dates_in_words(&e.detail, lang))]),
        kind: e.kind,
        link: e.link,
        created_at: e.created_at,
        read: e.read_at.is_some(),
    }
}

/// The dates a notice was written with (`2026-12-04`, a meeting's day, an
/// award's week) as people read them in `lang`: "৪ ডিসেম্বর ২০২৬". What
/// teachers typed (a title) stays as they wrote it.
fn dates_in_words(detail: &str, lang: crate::web::Lang) -> String {
    let mut out = String::with_capacity(detail.len());
    let mut rest = detail;
    while let Some(at) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let starts_a_word = !out.chars().next_back().is_some_and(char::is_alphanumeric);
        let day = rest
            .get(..10)
            .filter(|_| starts_a_word)
            .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .filter(|_| !rest[10..].chars().next().is_some_and(char::is_alphanumeric));
        match day {
            Some(d) => {
                out.push_str(&lang.date(&d.and_hms_opt(6, 0, 0).expect("a time").and_utc()));
                rest = &rest[10..];
            }
            None => {
                let digit = rest.chars().next().expect("found a digit");
                out.push(digit);
                rest = &rest[digit.len_utf8()..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::dates_in_words;
    use crate::web::Lang;

    #[test]
    fn dates_read_as_words_and_titles_stay_as_typed() {
        assert_eq!(dates_in_words("2026-11-30 – 2026-12-06", Lang::Bn), "৩০ নভেম্বর ২০২৬ – ৬ ডিসেম্বর ২০২৬");
        assert_eq!(dates_in_words("সার্কেল · 2026-12-04", Lang::En), "সার্কেল · 4 December 2026");
        assert_eq!(dates_in_words("Class 6 fractions", Lang::Bn), "Class 6 fractions");
        assert_eq!(dates_in_words("code12026-12-04", Lang::Bn), "code12026-12-04");
    }
}
