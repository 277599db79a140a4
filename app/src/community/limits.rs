//! How much one teacher may write in an hour: enough to help, too few to
//! flood. A new account (younger than a week) gets less, so a spammer's
//! fresh accounts do little before a moderator notices.

use chrono::{Duration, Utc};

use super::store;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};

/// Questions, answers, posts and ideas together, per hour.
pub const NEW_ACCOUNT_POSTS_PER_HOUR: u64 = 5;
pub const POSTS_PER_HOUR: u64 = 30;
/// Comments, per hour (they are short and conversations run fast).
pub const NEW_ACCOUNT_COMMENTS_PER_HOUR: u64 = 15;
pub const COMMENTS_PER_HOUR: u64 = 120;
pub const NEW_ACCOUNT_DAYS: i64 = 7;

/// What is being written, for the limit that applies.
#[derive(Clone, Copy)]
pub enum Writing {
    /// A question, an answer, a post or an idea.
    Post,
    Comment,
}

/// Refuses with 429 and a message naming the limit when `who` has written
/// her hour's share of `what`.
pub async fn check(state: &AppState, who: &CurrentUser, what: Writing) -> AppResult<()> {
    let account = crate::accounts::store::find(&state.db, who.id).await?.ok_or(AppError::LoginRequired)?;
    let young = Utc::now() - account.created_at < Duration::days(NEW_ACCOUNT_DAYS);
    let since = Utc::now() - Duration::hours(1);
    let db = &state.db;
    let (written, max, key) = match what {
        Writing::Post => {
            let n = store::questions::written_since(db, who.id, since).await?
                + store::posts::written_since(db, who.id, since).await?
                + store::ideas::written_since(db, who.id, since).await?;
            let (max, key) = if young {
                (NEW_ACCOUNT_POSTS_PER_HOUR, "quota-posts-new-account")
            } else {
                (POSTS_PER_HOUR, "quota-posts-hour")
            };
            (n, max, key)
        }
        Writing::Comment => {
            let n = store::comments::written_since(db, who.id, since).await?;
            let (max, key) = if young {
                (NEW_ACCOUNT_COMMENTS_PER_HOUR, "quota-comments-new-account")
            } else {
                (COMMENTS_PER_HOUR, "quota-comments-hour")
            };
            (n, max, key)
        }
    };
    if written >= max {
        return Err(AppError::Quota { key, max: max as i64 });
    }
    Ok(())
}
