//! Page views are counted in memory and written every few seconds in one
//! statement per content, so a popular page costs no database write per
//! visit. A crash loses at most those few seconds of views, which are
//! statistics, not anyone's work.

use std::collections::HashMap;
use std::sync::Mutex;

use std::sync::Arc;

use sea_orm::{ConnectionTrait, DbErr};

use super::model::ContentId;
use crate::state::AppState;

pub const FLUSH_EVERY_SECS: u64 = 5;

/// This process's counter.
pub fn counter(state: &AppState) -> Arc<ViewCounter> {
    state.part::<ViewCounter>()
}

#[derive(Default)]
pub struct ViewCounter(Mutex<HashMap<i64, i64>>);

impl ViewCounter {
    pub fn count(&self, id: ContentId) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()).entry(id.0).or_default() += 1;
    }

    /// Writes the views counted so far; on failure they are kept for the next try.
    pub async fn flush(&self, db: &impl ConnectionTrait) -> Result<(), DbErr> {
        let pending: Vec<(i64, i64)> =
            std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner())).into_iter().collect();
        for (i, (id, n)) in pending.iter().enumerate() {
            let written = super::store::add_views(db, ContentId(*id), *n).await;
            if let Err(e) = written {
                let mut counts = self.0.lock().unwrap_or_else(|p| p.into_inner());
                for (id, n) in &pending[i..] {
                    *counts.entry(*id).or_default() += n;
                }
                return Err(e);
            }
        }
        Ok(())
    }
}
