//! Posts' facts for recognition (`recognition::sources::PostSource`): the
//! posts published in a period, in one query over posts' own table.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use super::model::PostStatus;
use crate::recognition::scoring::{Act, Deed};
use crate::recognition::sources::{PostSource, rows_between, user_id};

impl<C: ConnectionTrait> PostSource for C {
    async fn post_acts_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<Act>, DbErr> {
        let sql = "SELECT author_id, published_at AS at FROM posts \
                   WHERE status = $3 AND published_at >= $1 AND published_at < $2 AND NOT hidden AND deleted_at IS NULL";
        rows_between(self, sql, from, until, vec![PostStatus::Published.as_str().into()])
            .await?
            .iter()
            .map(|r| Ok(Act { user: user_id(r, "author_id")?, deed: Deed::PostPublished, at: r.try_get("", "at")? }))
            .collect()
    }
}
