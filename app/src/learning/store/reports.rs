//! SQL of course reports: enrolments by place (reads `users` for each
//! teacher's district and upazila, read-only) and attempts' answers.

use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::db::numbered as statement;

use crate::ids::{CourseId, DistrictId, ModuleId, UpazilaId};

/// Enrolments of one place: (district, upazila, enrolled, started, completed).
pub type PlaceCounts = (Option<DistrictId>, Option<UpazilaId>, i64, i64, i64);

/// Per district and upazila of the teachers (only `district` when given):
/// enrolled, started (anything done or attempted) and completed.
pub async fn by_place(
    db: &impl ConnectionTrait,
    course: CourseId,
    district: Option<DistrictId>,
) -> Result<Vec<PlaceCounts>, DbErr> {
    let sql = "SELECT u.district_id AS district_id, u.upazila_id AS upazila_id, \
                 CAST(COUNT(*) AS BIGINT) AS enrolled, \
                 CAST(SUM(CASE WHEN e.completed_at IS NOT NULL \
                   OR EXISTS (SELECT 1 FROM activity_progress p WHERE p.enrolment_id = e.id) \
                   OR EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.enrolment_id = e.id) THEN 1 ELSE 0 END) AS BIGINT) AS started, \
                 CAST(SUM(CASE WHEN e.completed_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS completed \
               FROM enrolments e JOIN users u ON u.id = e.user_id \
              WHERE e.course_id = $1 AND ($2 = 0 OR u.district_id = $2) \
              GROUP BY u.district_id, u.upazila_id";
    let values = vec![course.0.into(), district.map_or(0, |d| d.0).into()];
    let rows = db.query_all_raw(statement(db, sql, values)).await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get::<Option<i64>>("", "district_id")?.map(DistrictId),
                r.try_get::<Option<i64>>("", "upazila_id")?.map(UpazilaId),
                r.try_get("", "enrolled")?,
                r.try_get("", "started")?,
                r.try_get("", "completed")?,
            ))
        })
        .collect()
}

/// The graded answers of every attempt at these modules' quizzes (from
/// teachers of `district` when given).
pub async fn answers(
    db: &impl ConnectionTrait,
    modules: &[ModuleId],
    district: Option<DistrictId>,
) -> Result<Vec<serde_json::Value>, DbErr> {
    if modules.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (0..modules.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT a.answers AS answers FROM quiz_attempts a JOIN users u ON u.id = a.user_id \
          WHERE ($1 = 0 OR u.district_id = $1) AND a.module_id IN ({})",
        marks.join(", ")
    );
    let mut values: Vec<Value> = vec![district.map_or(0, |d| d.0).into()];
    values.extend(modules.iter().map(|m| Value::from(m.0)));
    let rows = db.query_all_raw(statement(db, &sql, values)).await?;
    rows.iter().map(|r| r.try_get::<serde_json::Value>("", "answers")).collect()
}
