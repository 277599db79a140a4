//! SQL of practice dashboards: every figure of a place in one grouped
//! statement, counted by the database (a nation holds 900,000 teachers:
//! none of them is read into memory). Who the place's teachers are is
//! accounts' relation, what they studied learning's; both are joined here
//! as their owners wrote them (`practice::figures` names the figures).

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseBackend, Value};

use crate::db::numbered as statement;
use crate::ids::{DistrictId, InstitutionId, UpazilaId};
use crate::practice::model::{LogStatus, MeetingStatus};

/// The place a dashboard covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    Nation,
    District(DistrictId),
    Upazila(UpazilaId),
    School(InstitutionId),
}

/// One line of [`figures`]: which figure (`what`, see [`Counted`]), the
/// row it counts in (a place's figures) or the month (`YYYY-MM`, a month's
/// figures), and its count (`also`: the teachers who tried, on a month's tries).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally {
    pub what: Counted,
    pub row: Option<i64>,
    pub month: String,
    pub count: i64,
    pub also: i64,
}

/// What a dashboard counts per row of its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Figure {
    /// Teachers (and head teachers) registered there.
    Teachers,
    /// Teachers with any enrolment.
    Enrolled,
    /// Teachers who completed at least one course.
    Completed,
    /// Teachers with a logged try in the window.
    Practising,
    /// Teachers observed in the window.
    Observed,
    /// Circle meetings held in the window.
    CirclesHeld,
}

/// What a dashboard counts per month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Monthly {
    /// Tries (`also`: the teachers who tried).
    Tries,
    Observations,
    Meetings,
    Completions,
}

/// What a line of [`figures`] counts: `what` numbers the place figures
/// 0–5 and the monthly ones 6–9, in the order written here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Counted {
    Place(Figure),
    Month(Monthly),
}

impl Counted {
    const ALL: [Counted; 10] = [
        Counted::Place(Figure::Teachers),
        Counted::Place(Figure::Enrolled),
        Counted::Place(Figure::Completed),
        Counted::Place(Figure::Practising),
        Counted::Place(Figure::Observed),
        Counted::Place(Figure::CirclesHeld),
        Counted::Month(Monthly::Tries),
        Counted::Month(Monthly::Observations),
        Counted::Month(Monthly::Meetings),
        Counted::Month(Monthly::Completions),
    ];
}

/// `YYYY-MM` of a date column (or, `instant`, of a UTC timestamp).
fn month_of(backend: DatabaseBackend, column: &str, instant: bool) -> String {
    match (backend, instant) {
        (DatabaseBackend::Postgres, true) => format!("to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')"),
        (DatabaseBackend::Postgres, false) => format!("to_char({column}, 'YYYY-MM')"),
        _ => format!("substr({column}, 1, 7)"),
    }
}

/// The teachers' row column and filter, and the circles' (a nation's rows
/// are districts, a district's upazilas, an upazila's schools: a circle
/// counts in its own place).
fn keys(place: Place) -> (&'static str, &'static str, &'static str, &'static str, i64) {
    match place {
        Place::Nation => ("p.district_id", "CAST($6 AS BIGINT) = 0", "c.district_id", "CAST($6 AS BIGINT) = 0", 0),
        Place::District(d) => ("p.upazila_id", "p.district_id = $6", "c.upazila_id", "c.district_id = $6", d.0),
        Place::Upazila(u) => ("p.institution_id", "p.upazila_id = $6", "c.institution_id", "c.upazila_id = $6", u.0),
        Place::School(s) => {
            ("p.institution_id", "p.institution_id = $6", "c.institution_id", "c.institution_id = $6", s.0)
        }
    }
}

/// Every figure of `place`, one statement: its teachers per row, those
/// enrolled, completed, practising and observed (tries and observations
/// from `since` on), circle meetings held per row from `since`; and per
/// month from `from` on: tries and the teachers who tried, observations,
/// meetings held and course completions (the place's teachers' only).
pub async fn figures(
    db: &impl ConnectionTrait,
    place: Place,
    since: NaiveDate,
    from: NaiveDate,
    from_instant: DateTime<Utc>,
) -> Result<Vec<Tally>, DbErr> {
    let backend = db.get_database_backend();
    let (row, filter, circle_row, circle_filter, id) = keys(place);
    let teachers = crate::accounts::places_sql::places(true);
    let enrolled = crate::learning::store::study::ENROLMENTS;
    let (tried, observed, met, completed) = (
        month_of(backend, "l.tried_on", false),
        month_of(backend, "o.observed_on", false),
        month_of(backend, "m.meets_on", false),
        month_of(backend, "e.completed_at", true),
    );
    let circles = format!(
        "FROM circle_meetings m JOIN circles c ON c.id = m.circle_id WHERE m.status = $3 AND ({circle_filter})"
    );
    let sql = format!(
        "WITH t AS (SELECT p.id AS id, CAST({row} AS BIGINT) AS row_key FROM ({teachers}) p WHERE {filter}) \
         SELECT CAST(0 AS BIGINT) AS what, t.row_key AS row_key, '' AS month, COUNT(*) AS n, CAST(0 AS BIGINT) AS also FROM t GROUP BY t.row_key \
         UNION ALL SELECT 1, t.row_key, '', COUNT(*), 0 FROM t \
           WHERE EXISTS (SELECT 1 FROM ({enrolled}) e WHERE e.user_id = t.id) GROUP BY t.row_key \
         UNION ALL SELECT 2, t.row_key, '', COUNT(*), 0 FROM t \
           WHERE EXISTS (SELECT 1 FROM ({enrolled}) e WHERE e.user_id = t.id AND e.completed_at IS NOT NULL) GROUP BY t.row_key \
         UNION ALL SELECT 3, t.row_key, '', COUNT(*), 0 FROM t WHERE EXISTS (SELECT 1 FROM practice_logs l \
           WHERE l.teacher_id = t.id AND l.status = $1 AND l.tried_on >= $2) GROUP BY t.row_key \
         UNION ALL SELECT 4, t.row_key, '', COUNT(*), 0 FROM t WHERE EXISTS (SELECT 1 FROM practice_observations o \
           JOIN practice_logs l ON l.id = o.log_id WHERE l.teacher_id = t.id AND o.observed_on >= $2) GROUP BY t.row_key \
         UNION ALL SELECT 5, CAST({circle_row} AS BIGINT), '', COUNT(*), 0 {circles} AND m.meets_on >= $2 GROUP BY {circle_row} \
         UNION ALL SELECT 6, NULL, {tried}, COUNT(*), COUNT(DISTINCT l.teacher_id) FROM practice_logs l JOIN t ON t.id = l.teacher_id \
           WHERE l.status = $1 AND l.tried_on >= $4 GROUP BY {tried} \
         UNION ALL SELECT 7, NULL, {observed}, COUNT(*), 0 FROM practice_observations o JOIN practice_logs l ON l.id = o.log_id \
           JOIN t ON t.id = l.teacher_id WHERE o.observed_on >= $4 GROUP BY {observed} \
         UNION ALL SELECT 8, NULL, {met}, COUNT(*), 0 {circles} AND m.meets_on >= $4 GROUP BY {met} \
         UNION ALL SELECT 9, NULL, {completed}, COUNT(*), 0 FROM ({enrolled}) e JOIN t ON t.id = e.user_id \
           WHERE e.completed_at >= $5 GROUP BY {completed}"
    );
    let values: Vec<Value> = vec![
        LogStatus::Done.as_str().into(),
        since.into(),
        MeetingStatus::Held.as_str().into(),
        from.into(),
        from_instant.into(),
        id.into(),
    ];
    let rows = db.query_all_raw(statement(db, &sql, values)).await?;
    rows.iter()
        .map(|r| {
            let what: i64 = r.try_get("", "what")?;
            Ok(Tally {
                what: Counted::ALL.get(what as usize).copied().ok_or_else(|| DbErr::Custom("figure".into()))?,
                row: r.try_get("", "row_key")?,
                month: r.try_get::<Option<String>>("", "month")?.unwrap_or_default(),
                count: r.try_get("", "n")?,
                also: r.try_get("", "also")?,
            })
        })
        .collect()
}
