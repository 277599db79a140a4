//! SQL of course reports: each enrolment's progress and the answers of
//! attempts, from the learning tables only (where a teacher works is
//! asked of `accounts`).

use sea_orm::QuerySelect;
use sea_orm::entity::prelude::*;

use crate::db::numbered as statement;
use crate::ids::{CourseId, ModuleId, UserId};
use crate::learning::entity::attempt;

/// One enrolment as the report counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnrolmentTally {
    pub teacher: UserId,
    /// Anything done or attempted (or the course completed).
    pub started: bool,
    pub completed: bool,
}

/// Every enrolment in the course: whose, started, completed (one query).
pub async fn enrolments(db: &impl ConnectionTrait, course: CourseId) -> Result<Vec<EnrolmentTally>, DbErr> {
    let sql = "SELECT e.user_id AS user_id, \
                 CAST(CASE WHEN e.completed_at IS NOT NULL \
                   OR EXISTS (SELECT 1 FROM activity_progress p WHERE p.enrolment_id = e.id) \
                   OR EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.enrolment_id = e.id) THEN 1 ELSE 0 END AS INTEGER) AS started, \
                 CAST(CASE WHEN e.completed_at IS NOT NULL THEN 1 ELSE 0 END AS INTEGER) AS completed \
               FROM enrolments e \
              WHERE e.course_id = $1";
    let rows = db.query_all_raw(statement(db, sql, vec![course.0.into()])).await?;
    rows.iter()
        .map(|r| {
            Ok(EnrolmentTally {
                teacher: UserId(r.try_get("", "user_id")?),
                started: r.try_get::<i32>("", "started")? != 0,
                completed: r.try_get::<i32>("", "completed")? != 0,
            })
        })
        .collect()
}

/// The graded answers of every attempt at these modules' quizzes, with
/// whose attempt it was (one query).
pub async fn answers(
    db: &impl ConnectionTrait,
    modules: &[ModuleId],
) -> Result<Vec<(UserId, serde_json::Value)>, DbErr> {
    if modules.is_empty() {
        return Ok(Vec::new());
    }
    attempt::Entity::find()
        .select_only()
        .column(attempt::Column::UserId)
        .column(attempt::Column::Answers)
        .filter(attempt::Column::ModuleId.is_in(modules.iter().map(|m| m.0)))
        .into_tuple()
        .all(db)
        .await
}
