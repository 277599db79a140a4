//! Rate limits kept in the database, so every portal node behind a load
//! balancer counts the same attempts. Fixed windows: each bucket (say
//! `login:addr:10.0.0.7`) may be hit `limit` times per window.

mod store;

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DbErr};

use super::error::{AppError, AppResult};

/// Counts one attempt in `bucket`; refuses with the seconds to wait once
/// more than `limit` attempts fell in the current window. Counting comes
/// first, so parallel attempts are all counted before any is let through.
pub async fn hit(db: &DatabaseConnection, bucket: &str, limit: u32, window_secs: i64) -> AppResult<()> {
    let now = Utc::now().timestamp();
    let window_start = now - now.rem_euclid(window_secs);
    let hits = store::add_hit(db, bucket, window_start).await?;
    if hits as i64 > limit as i64 {
        return Err(AppError::RateLimited { retry_after_secs: std::cmp::max(window_start + window_secs - now, 1) });
    }
    Ok(())
}

/// Takes back the hit counted by [`hit`] when the attempt turned out to be
/// one the limit is not about (a log-in with the right password): counting
/// first keeps parallel guesses honest, taking back keeps a training room
/// on one address from locking out teachers who type their password right.
pub async fn take_back(db: &DatabaseConnection, bucket: &str, window_secs: i64) -> AppResult<()> {
    let now = Utc::now().timestamp();
    store::take_back(db, bucket, now - now.rem_euclid(window_secs)).await?;
    Ok(())
}

/// One more of `what` (a comment, a report, a follow…) by one account in
/// this hour; past `max`, a quota refusal with the message `key` naming
/// the number and the start of the next clock hour, when the count starts
/// again. Counted in the database as the writing is let through, so
/// parallel requests cannot each see room for one more.
pub async fn hourly_allowance(
    db: &DatabaseConnection,
    what: &str,
    account: i64,
    max: u32,
    key: &'static str,
) -> AppResult<()> {
    match hit(db, &format!("write:{what}:{account}"), max, HOUR_SECS).await {
        Err(AppError::RateLimited { .. }) => {
            let now = Utc::now().timestamp();
            let until = DateTime::from_timestamp(now - now.rem_euclid(HOUR_SECS) + HOUR_SECS, 0);
            Err(AppError::Quota { key, max: i64::from(max), until })
        }
        other => other,
    }
}

const HOUR_SECS: i64 = 3600;

/// Forgets windows that ended more than a day ago.
pub async fn prune(db: &DatabaseConnection) -> Result<u64, DbErr> {
    store::prune(db).await
}
