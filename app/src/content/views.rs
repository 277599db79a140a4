//! Page views are counted in memory and written every few seconds in one
//! statement per content, so a popular page costs no database write per
//! visit. A crash loses at most those few seconds of views, which are
//! statistics, not anyone's work.

use std::collections::HashMap;
use std::sync::Mutex;

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait};

use super::entity::content;
use super::model::ContentId;

pub const FLUSH_EVERY_SECS: u64 = 5;

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
            let written = content::Entity::update_many()
                .col_expr(content::Column::Views, Expr::col(content::Column::Views).add(*n))
                .filter(content::Column::Id.eq(*id))
                .exec(db)
                .await;
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
