//! SQL of practice dashboards: the tries, observations and circle
//! meetings of a period, one query each. Who the place's teachers are
//! comes from accounts, and what they studied from learning
//! (`practice::figures` puts the facts together).

use chrono::NaiveDate;
use sea_orm::entity::prelude::*;
use sea_orm::{QuerySelect, Value};

use crate::db::numbered as statement;
use crate::ids::{DistrictId, InstitutionId, UpazilaId, UserId};
use crate::practice::entity::log;
use crate::practice::model::{LogStatus, MeetingStatus};

/// The place a dashboard covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Nation,
    District(DistrictId),
    Upazila(UpazilaId),
    School(InstitutionId),
}

/// Tries logged on or after `since`: whose, and the day tried; only
/// `teachers`' when given.
pub async fn tries_since(
    db: &impl ConnectionTrait,
    since: NaiveDate,
    teachers: Option<&[UserId]>,
) -> Result<Vec<(UserId, NaiveDate)>, DbErr> {
    let mut q = log::Entity::find()
        .select_only()
        .column(log::Column::TeacherId)
        .column(log::Column::TriedOn)
        .filter(log::Column::Status.eq(LogStatus::Done))
        .filter(log::Column::TriedOn.gte(since));
    if let Some(t) = teachers {
        q = q.filter(log::Column::TeacherId.is_in(t.iter().map(|t| t.0)));
    }
    let rows: Vec<(UserId, Option<NaiveDate>)> = q.into_tuple().all(db).await?;
    Ok(rows.into_iter().filter_map(|(t, day)| Some((t, day?))).collect())
}

/// Observations made on or after `since`: the observed teacher, and the
/// day; only `teachers`' when given.
pub async fn observations_since(
    db: &impl ConnectionTrait,
    since: NaiveDate,
    teachers: Option<&[UserId]>,
) -> Result<Vec<(UserId, NaiveDate)>, DbErr> {
    let mut sql = "SELECT l.teacher_id AS teacher, o.observed_on AS day \
                     FROM practice_observations o JOIN practice_logs l ON l.id = o.log_id \
                    WHERE o.observed_on >= $1"
        .to_owned();
    let mut values: Vec<Value> = vec![since.into()];
    if let Some(t) = teachers {
        if t.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..t.len()).map(|i| format!("${}", i + 2)).collect();
        sql.push_str(&format!(" AND l.teacher_id IN ({})", marks.join(", ")));
        values.extend(t.iter().map(|t| Value::from(t.0)));
    }
    let rows = db.query_all_raw(statement(db, &sql, values)).await?;
    rows.iter().map(|r| Ok((UserId(r.try_get("", "teacher")?), r.try_get("", "day")?))).collect()
}

/// Circle meetings of `place` held on or after `since`: the row each
/// counts in (a nation's rows are districts, a district's upazilas, an
/// upazila's schools: the circle's own place), and the day it met.
pub async fn meetings_held_since(
    db: &impl ConnectionTrait,
    place: Place,
    since: NaiveDate,
) -> Result<Vec<(Option<i64>, NaiveDate)>, DbErr> {
    let (filter, key, id) = match place {
        Place::Nation => ("CAST($3 AS BIGINT) = 0", "c.district_id", 0),
        Place::District(d) => ("c.district_id = $3", "c.upazila_id", d.0),
        Place::Upazila(u) => ("c.upazila_id = $3", "c.institution_id", u.0),
        Place::School(s) => ("c.institution_id = $3", "c.institution_id", s.0),
    };
    let sql = format!(
        "SELECT {key} AS place, m.meets_on AS day FROM circle_meetings m JOIN circles c ON c.id = m.circle_id \
          WHERE m.status = $1 AND m.meets_on >= $2 AND ({filter})"
    );
    let values: Vec<Value> = vec![MeetingStatus::Held.as_str().into(), since.into(), id.into()];
    let rows = db.query_all_raw(statement(db, &sql, values)).await?;
    rows.iter().map(|r| Ok((r.try_get("", "place")?, r.try_get("", "day")?))).collect()
}
