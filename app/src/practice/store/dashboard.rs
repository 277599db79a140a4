//! SQL of practice dashboards. Reads `users` (each teacher's school,
//! upazila and district) and learning's `enrolments` read-only, as
//! ARCHITECTURE.md allows, so a dashboard is six grouped queries rather
//! than one per teacher.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::db::numbered as statement;
use crate::ids::{DistrictId, InstitutionId, UpazilaId};

/// The place a dashboard covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Nation,
    District(DistrictId),
    Upazila(UpazilaId),
    School(InstitutionId),
}

/// What a dashboard counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Figure {
    /// Teachers (and head teachers) registered there.
    Teachers,
    /// Teachers with any enrolment.
    Enrolled,
    /// Teachers who completed at least one course.
    Completed,
    /// Teachers with a logged try on or after the day given.
    Practising,
    /// Teachers observed on or after the day given.
    Observed,
    /// Circle meetings held on or after the day given.
    CirclesHeld,
}

/// The place's filter and the column its rows are grouped by (a nation's
/// rows are districts, a district's upazilas, an upazila's schools), on
/// the table alias `t` (`u` for teachers, `c` for circles); a school's
/// one row is the school itself.
fn place_sql(place: Place, t: &str) -> (String, String, i64) {
    match place {
        Place::Nation => ("CAST($2 AS BIGINT) = 0".into(), format!("{t}.district_id"), 0),
        Place::District(d) => (format!("{t}.district_id = $2"), format!("{t}.upazila_id"), d.0),
        Place::Upazila(u) => (format!("{t}.upazila_id = $2"), format!("{t}.institution_id"), u.0),
        Place::School(s) => (format!("{t}.institution_id = $2"), format!("{t}.institution_id"), s.0),
    }
}

const TEACHERS: &str = "u.role IN ('teacher', 'head_teacher')";

/// One figure for each row of the place (key: the row's district,
/// upazila or school id; None for teachers whose profile names none).
pub async fn counts(
    db: &impl ConnectionTrait,
    place: Place,
    figure: Figure,
    since: &str,
) -> Result<HashMap<Option<i64>, i64>, DbErr> {
    let (filter, key, id) = place_sql(place, if figure == Figure::CirclesHeld { "c" } else { "u" });
    let (count, from) = match figure {
        Figure::Teachers => ("COUNT(*)", format!("users u WHERE {TEACHERS} AND CAST($1 AS TEXT) IS NOT NULL")),
        Figure::Enrolled => (
            "COUNT(DISTINCT e.user_id)",
            format!("enrolments e JOIN users u ON u.id = e.user_id WHERE {TEACHERS} AND CAST($1 AS TEXT) IS NOT NULL"),
        ),
        Figure::Completed => (
            "COUNT(DISTINCT e.user_id)",
            format!(
                "enrolments e JOIN users u ON u.id = e.user_id \
                 WHERE {TEACHERS} AND e.completed_at IS NOT NULL AND CAST($1 AS TEXT) IS NOT NULL"
            ),
        ),
        Figure::Practising => (
            "COUNT(DISTINCT l.teacher_id)",
            format!(
                "practice_logs l JOIN users u ON u.id = l.teacher_id \
                 WHERE {TEACHERS} AND l.status = 'done' AND l.tried_on >= $1"
            ),
        ),
        Figure::Observed => (
            "COUNT(DISTINCT l.teacher_id)",
            format!(
                "practice_observations o JOIN practice_logs l ON l.id = o.log_id JOIN users u ON u.id = l.teacher_id \
                 WHERE {TEACHERS} AND o.observed_on >= $1"
            ),
        ),
        Figure::CirclesHeld => (
            "COUNT(*)",
            "circle_meetings m JOIN circles c ON c.id = m.circle_id WHERE m.status = 'held' AND m.meets_on >= $1"
                .into(),
        ),
    };
    let sql = format!("SELECT {key} AS place, CAST({count} AS BIGINT) AS n FROM {from} AND ({filter}) GROUP BY {key}");
    let values: Vec<Value> = vec![since.into(), id.into()];
    let rows = db.query_all_raw(statement(db, &sql, values)).await?;
    rows.iter().map(|r| Ok((r.try_get::<Option<i64>>("", "place")?, r.try_get::<i64>("", "n")?))).collect()
}

/// One month's activity in a place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthCounts {
    pub tries: i64,
    pub teachers_practising: i64,
    pub observations: i64,
    pub meetings_held: i64,
    pub completions: i64,
}

/// Per month (`YYYY-MM`) from `since` (a day): tries logged and teachers
/// who tried, observations, circle meetings held and course completions.
pub async fn months(
    db: &impl ConnectionTrait,
    place: Place,
    since: &str,
) -> Result<HashMap<String, MonthCounts>, DbErr> {
    let (uf, _, id) = place_sql(place, "u");
    let (cf, _, _) = place_sql(place, "c");
    let queries = [
        format!(
            "SELECT substr(l.tried_on, 1, 7) AS month, CAST(COUNT(*) AS BIGINT) AS n, \
                    CAST(COUNT(DISTINCT l.teacher_id) AS BIGINT) AS m \
               FROM practice_logs l JOIN users u ON u.id = l.teacher_id \
              WHERE {TEACHERS} AND l.status = 'done' AND l.tried_on >= $1 AND ({uf}) GROUP BY substr(l.tried_on, 1, 7)"
        ),
        format!(
            "SELECT substr(o.observed_on, 1, 7) AS month, CAST(COUNT(*) AS BIGINT) AS n, CAST(0 AS BIGINT) AS m \
               FROM practice_observations o JOIN practice_logs l ON l.id = o.log_id JOIN users u ON u.id = l.teacher_id \
              WHERE {TEACHERS} AND o.observed_on >= $1 AND ({uf}) GROUP BY substr(o.observed_on, 1, 7)"
        ),
        format!(
            "SELECT substr(m.meets_on, 1, 7) AS month, CAST(COUNT(*) AS BIGINT) AS n, CAST(0 AS BIGINT) AS m \
               FROM circle_meetings m JOIN circles c ON c.id = m.circle_id \
              WHERE m.status = 'held' AND m.meets_on >= $1 AND ({cf}) GROUP BY substr(m.meets_on, 1, 7)"
        ),
        format!(
            "SELECT substr(CAST(e.completed_at AS TEXT), 1, 7) AS month, CAST(COUNT(*) AS BIGINT) AS n, CAST(0 AS BIGINT) AS m \
               FROM enrolments e JOIN users u ON u.id = e.user_id \
              WHERE {TEACHERS} AND e.completed_at IS NOT NULL AND substr(CAST(e.completed_at AS TEXT), 1, 10) >= $1 AND ({uf}) \
              GROUP BY substr(CAST(e.completed_at AS TEXT), 1, 7)"
        ),
    ];
    let mut out: HashMap<String, MonthCounts> = HashMap::new();
    for (i, sql) in queries.iter().enumerate() {
        let values: Vec<Value> = vec![since.into(), id.into()];
        for r in db.query_all_raw(statement(db, sql, values)).await? {
            let month: String = r.try_get("", "month")?;
            let (n, m): (i64, i64) = (r.try_get("", "n")?, r.try_get("", "m")?);
            let line = out.entry(month).or_default();
            match i {
                0 => (line.tries, line.teachers_practising) = (n, m),
                1 => line.observations = n,
                2 => line.meetings_held = n,
                _ => line.completions = n,
            }
        }
    }
    Ok(out)
}
