//! SQL of course reports: enrolments counted per place and the answers of
//! attempts, grouped by the database (a course may hold most of 900,000
//! teachers: none is read into memory to count them). Where a teacher
//! works is accounts' relation, joined as accounts wrote it.

use sea_orm::Value;
use sea_orm::entity::prelude::*;

use crate::db::numbered as statement;
use crate::ids::{CourseId, DistrictId, UpazilaId};

/// The enrolments of one place (of the teachers' profiles) as the report counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlaceTally {
    pub district: Option<DistrictId>,
    pub upazila: Option<UpazilaId>,
    pub enrolled: i64,
    /// Anything done or attempted (or the course completed).
    pub started: i64,
    pub completed: i64,
}

/// The enrolments in the course counted per district and upazila of the
/// teachers' profiles, `district`'s only when given (one grouped query).
pub async fn by_place(
    db: &impl ConnectionTrait,
    course: CourseId,
    district: Option<DistrictId>,
) -> Result<Vec<PlaceTally>, DbErr> {
    let users = crate::accounts::places_sql::places(false);
    let mut sql = format!(
        "SELECT CAST(u.district_id AS BIGINT) AS district_id, CAST(u.upazila_id AS BIGINT) AS upazila_id, \
           COUNT(*) AS enrolled, \
           SUM(CASE WHEN e.completed_at IS NOT NULL \
             OR EXISTS (SELECT 1 FROM activity_progress p WHERE p.enrolment_id = e.id) \
             OR EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.enrolment_id = e.id) THEN 1 ELSE 0 END) AS started, \
           SUM(CASE WHEN e.completed_at IS NOT NULL THEN 1 ELSE 0 END) AS completed \
         FROM enrolments e LEFT JOIN ({users}) u ON u.id = e.user_id \
         WHERE e.course_id = $1"
    );
    let mut values: Vec<Value> = vec![course.0.into()];
    if let Some(d) = district {
        sql.push_str(" AND u.district_id = $2");
        values.push(d.0.into());
    }
    sql.push_str(" GROUP BY u.district_id, u.upazila_id");
    let rows = db.query_all_raw(statement(db, &sql, values)).await?;
    rows.iter()
        .map(|r| {
            Ok(PlaceTally {
                district: r.try_get::<Option<i64>>("", "district_id")?.map(DistrictId),
                upazila: r.try_get::<Option<i64>>("", "upazila_id")?.map(UpazilaId),
                enrolled: r.try_get("", "enrolled")?,
                started: r.try_get("", "started")?,
                completed: r.try_get("", "completed")?,
            })
        })
        .collect()
}

/// The graded answers of every attempt at the course's quizzes (any
/// version's) by teachers enrolled in it, `district`'s only when given
/// (one query).
pub async fn answers(
    db: &impl ConnectionTrait,
    course: CourseId,
    district: Option<DistrictId>,
) -> Result<Vec<serde_json::Value>, DbErr> {
    let users = crate::accounts::places_sql::places(false);
    let mut sql = format!(
        "SELECT a.answers AS answers FROM quiz_attempts a \
          WHERE a.module_id IN (SELECT m.id FROM course_modules m \
                  JOIN course_versions v ON v.id = m.version_id WHERE v.course_id = $1) \
            AND a.user_id IN (SELECT e.user_id FROM enrolments e LEFT JOIN ({users}) u ON u.id = e.user_id \
                  WHERE e.course_id = $1"
    );
    let mut values: Vec<Value> = vec![course.0.into()];
    if let Some(d) = district {
        sql.push_str(" AND u.district_id = $2");
        values.push(d.0.into());
    }
    sql.push(')');
    let rows = db.query_all_raw(statement(db, &sql, values)).await?;
    rows.iter().map(|r| r.try_get("", "answers")).collect()
}
