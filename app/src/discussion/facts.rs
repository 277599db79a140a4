//! Discussion's facts for recognition (`recognition::sources::DiscussionSource`):
//! the comments written in a period on questions, answers, posts and ideas,
//! in one query over discussion's own table.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use crate::recognition::scoring::{Act, Deed};
use crate::recognition::sources::{DiscussionSource, rows_between, user_id};

impl<C: ConnectionTrait> DiscussionSource for C {
    async fn comment_acts_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<Act>, DbErr> {
        let sql = "SELECT author_id, created_at AS at FROM community_comments \
                   WHERE created_at >= $1 AND created_at < $2 AND NOT hidden AND deleted_at IS NULL";
        rows_between(self, sql, from, until, Vec::new())
            .await?
            .iter()
            .map(|r| Ok(Act { user: user_id(r, "author_id")?, deed: Deed::CommentWritten, at: r.try_get("", "at")? }))
            .collect()
    }
}
