//! Practice's facts for recognition (`recognition::sources::PracticeSource`):
//! tries in class logged as done, and the notes and observations
//! colleagues wrote on tries, each in one query over practice's own tables.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::model::LogStatus;
use crate::recognition::scoring::{Act, Deed, Support};
use crate::recognition::sources::{PracticeSource, rows_between, user_id};

impl<C: ConnectionTrait> PracticeSource for C {
    async fn tries_between(&self, first: NaiveDate, last: NaiveDate) -> Result<Vec<Act>, DbErr> {
        let sql =
            "SELECT teacher_id, tried_on FROM practice_logs WHERE status = $1 AND tried_on >= $2 AND tried_on <= $3";
        let values: Vec<Value> = vec![LogStatus::Done.as_str().into(), first.into(), last.into()];
        let mut acts = Vec::new();
        for r in self.query_all_raw(crate::db::numbered(self, sql, values)).await? {
            let day: NaiveDate = r.try_get("", "tried_on")?;
            // Noon in Dhaka on the day of the try.
            let at = day.and_hms_opt(6, 0, 0).expect("a time").and_utc();
            acts.push(Act { user: user_id(&r, "teacher_id")?, deed: Deed::PracticeTried, at });
        }
        Ok(acts)
    }

    async fn support_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<Support>, DbErr> {
        let sql = "SELECT n.author_id AS by_id, l.teacher_id FROM practice_notes n JOIN practice_logs l ON l.id = n.log_id \
                     WHERE n.created_at >= $1 AND n.created_at < $2 \
                   UNION ALL SELECT o.observer_id, l.teacher_id FROM practice_observations o JOIN practice_logs l ON l.id = o.log_id \
                     WHERE o.created_at >= $1 AND o.created_at < $2";
        rows_between(self, sql, from, until, Vec::new())
            .await?
            .iter()
            .map(|r| Ok(Support { by: user_id(r, "by_id")?, teacher: user_id(r, "teacher_id")? }))
            .collect()
    }
}
