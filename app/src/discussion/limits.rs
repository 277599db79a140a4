//! How much one teacher may write in an hour: enough to help, too few to
//! flood. A new account (younger than a week) gets less, so a spammer's
//! fresh accounts do little before a moderator notices. Counted per clock
//! hour in the database (`web::ratelimit`), so parallel requests and
//! several portal nodes share one count.

use chrono::{Duration, Utc};

use crate::ids::UserId;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, ratelimit};

/// Questions, answers, posts and ideas together, per hour.
pub const NEW_ACCOUNT_POSTS_PER_HOUR: u32 = 5;
pub const POSTS_PER_HOUR: u32 = 30;
/// Comments, per hour (they are short and conversations run fast).
pub const NEW_ACCOUNT_COMMENTS_PER_HOUR: u32 = 15;
pub const COMMENTS_PER_HOUR: u32 = 120;
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
    allowance(state, who.id, what).await
}

/// The same for a caller that knows only the account: the library's
/// comments on contents share the community's comment allowance.
pub async fn allowance(state: &AppState, who: UserId, what: Writing) -> AppResult<()> {
    let account = crate::accounts::store::find(&state.db, who).await?.ok_or(AppError::LoginRequired)?;
    let young = Utc::now() - account.created_at < Duration::days(NEW_ACCOUNT_DAYS);
    let (bucket, max, key) = match (what, young) {
        (Writing::Post, true) => ("post", NEW_ACCOUNT_POSTS_PER_HOUR, "quota-posts-new-account"),
        (Writing::Post, false) => ("post", POSTS_PER_HOUR, "quota-posts-hour"),
        (Writing::Comment, true) => ("comment", NEW_ACCOUNT_COMMENTS_PER_HOUR, "quota-comments-new-account"),
        (Writing::Comment, false) => ("comment", COMMENTS_PER_HOUR, "quota-comments-hour"),
    };
    ratelimit::hourly_allowance(&state.db, bucket, who.0, max, key).await
}
