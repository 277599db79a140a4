//! Page views: a viewer counts once a day per content, however often she
//! reloads. Views are gathered in memory (deduplicated) and written every
//! few seconds, so a popular page costs no database write per visit; the
//! write itself keeps the once-a-day rule (`store::view_days`), so
//! parallel requests and several processes cannot count one viewer twice.
//! A crash loses at most those few seconds of views, which are statistics,
//! not anyone's work.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

use axum::extract::Request;
use axum::http::HeaderMap;
use axum::http::header::USER_AGENT;
use chrono::{NaiveDate, Utc};
use sea_orm::{DatabaseConnection, DbErr};
use sha2::{Digest, Sha256};

use super::model::ContentId;
use crate::state::AppState;
use crate::web::context::RequestContext;

pub const FLUSH_EVERY_SECS: u64 = 5;
/// Who viewed is kept this many days, then pruned.
pub const KEEP_VIEWERS_DAYS: i64 = 2;

/// This process's counter.
pub fn counter(state: &AppState) -> Arc<ViewCounter> {
    state.part::<ViewCounter>()
}

/// Who is viewing: a signed-in teacher by her id; a visitor by a hash of
/// her address, browser and the day (the address itself is never kept,
/// and the hash cannot link her visits across days).
pub fn viewer(ctx: &RequestContext, headers: &HeaderMap) -> String {
    if let Some(user) = &ctx.user {
        return format!("t{}", user.id);
    }
    let browser = headers.get(USER_AGENT).map(|v| v.as_bytes()).unwrap_or_default();
    let mut hash = Sha256::new();
    for part in [today().to_string().as_bytes(), ctx.client.as_bytes(), browser] {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
    format!("v{}", hex::encode(&hash.finalize()[..16]))
}

/// The viewer of a request served from the page cache (always a visitor).
pub fn viewer_of(req: &Request) -> Option<String> {
    req.extensions().get::<RequestContext>().map(|ctx| viewer(ctx, req.headers()))
}

fn today() -> NaiveDate {
    crate::web::dhaka_date(Utc::now())
}

#[derive(Default)]
pub struct ViewCounter(Mutex<HashSet<(i64, String, NaiveDate)>>);

impl ViewCounter {
    pub fn count(&self, id: ContentId, viewer: String) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).insert((id.0, viewer, today()));
    }

    /// Writes the views seen so far; on failure the unwritten ones are kept
    /// for the next try. Returns the views added.
    pub async fn flush(&self, db: &DatabaseConnection) -> Result<u64, DbErr> {
        let seen = std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()));
        let mut per_content: BTreeMap<i64, Vec<(String, NaiveDate)>> = BTreeMap::new();
        for (id, viewer, day) in seen {
            per_content.entry(id).or_default().push((viewer, day));
        }
        let mut added = 0;
        let mut pending = per_content.into_iter();
        while let Some((id, viewers)) = pending.next() {
            match super::store::view_days::add_views(db, ContentId(id), &viewers).await {
                Ok(n) => added += n,
                Err(e) => {
                    let mut seen = self.0.lock().unwrap_or_else(|p| p.into_inner());
                    for (id, viewers) in std::iter::once((id, viewers)).chain(pending) {
                        seen.extend(viewers.into_iter().map(|(viewer, day)| (id, viewer, day)));
                    }
                    return Err(e);
                }
            }
        }
        Ok(added)
    }
}

/// Forgets viewers of days long over (the hourly pruning calls this).
pub async fn prune(db: &DatabaseConnection) -> Result<u64, DbErr> {
    super::store::view_days::prune(db, today() - chrono::Duration::days(KEEP_VIEWERS_DAYS)).await
}
