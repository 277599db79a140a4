//! Learning's facts for recognition (`recognition::sources::LearningSource`):
//! the lessons teachers finished in a period, in one query over learning's
//! own tables.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use crate::recognition::scoring::{Act, Deed};
use crate::recognition::sources::{LearningSource, rows_between, user_id};

impl<C: ConnectionTrait> LearningSource for C {
    async fn lesson_acts_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<Act>, DbErr> {
        let sql = "SELECT e.user_id, p.done_at AS at FROM activity_progress p JOIN enrolments e ON e.id = p.enrolment_id \
                   WHERE p.done_at >= $1 AND p.done_at < $2";
        rows_between(self, sql, from, until, Vec::new())
            .await?
            .iter()
            .map(|r| Ok(Act { user: user_id(r, "user_id")?, deed: Deed::LessonCompleted, at: r.try_get("", "at")? }))
            .collect()
    }
}
