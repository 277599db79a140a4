//! SQL of studying: enrolments, progress per activity, quiz attempts and
//! certificates.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::NotSet, PaginatorTrait, QueryOrder, Set};

use crate::ids::{ActivityId, CourseId, CourseVersionId, EnrolmentId, ModuleId, UserId};
use crate::learning::entity::{attempt, certificate, enrolment, progress};

pub async fn enrolment(
    db: &impl ConnectionTrait,
    course: CourseId,
    who: UserId,
) -> Result<Option<enrolment::Model>, DbErr> {
    enrolment::Entity::find()
        .filter(enrolment::Column::CourseId.eq(course.0))
        .filter(enrolment::Column::UserId.eq(who.0))
        .one(db)
        .await
}

pub async fn enrolments_of(db: &impl ConnectionTrait, who: UserId) -> Result<Vec<enrolment::Model>, DbErr> {
    enrolment::Entity::find()
        .filter(enrolment::Column::UserId.eq(who.0))
        .order_by_desc(enrolment::Column::EnrolledAt)
        .all(db)
        .await
}

pub async fn count_enrolled(db: &impl ConnectionTrait, course: CourseId) -> Result<u64, DbErr> {
    enrolment::Entity::find().filter(enrolment::Column::CourseId.eq(course.0)).count(db).await
}

/// Teachers enrolled in each of `courses`, in one query.
pub async fn enrolled_counts(
    db: &impl ConnectionTrait,
    courses: &[CourseId],
) -> Result<std::collections::HashMap<CourseId, i64>, DbErr> {
    use sea_orm::QuerySelect;
    let rows: Vec<(CourseId, i64)> = enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::CourseId)
        .column_as(enrolment::Column::Id.count(), "n")
        .filter(enrolment::Column::CourseId.is_in(courses.iter().map(|c| c.0)))
        .group_by(enrolment::Column::CourseId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Enrols `who` in a version unless she already is; her enrolment either way.
pub async fn enrol(
    db: &impl ConnectionTrait,
    course: CourseId,
    v: CourseVersionId,
    who: UserId,
) -> Result<enrolment::Model, DbErr> {
    let row = enrolment::ActiveModel {
        id: NotSet,
        course_id: Set(course),
        version_id: Set(v),
        user_id: Set(who),
        enrolled_at: Set(Utc::now()),
        completed_at: Set(None),
    };
    enrolment::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([enrolment::Column::CourseId, enrolment::Column::UserId]).do_nothing().to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    enrolment(db, course, who).await?.ok_or(DbErr::RecordNotFound("enrolment".into()))
}

pub async fn complete(db: &impl ConnectionTrait, id: EnrolmentId) -> Result<(), DbErr> {
    let change = enrolment::ActiveModel { completed_at: Set(Some(Utc::now())), ..Default::default() };
    enrolment::Entity::update_many()
        .set(change)
        .filter(enrolment::Column::Id.eq(id.0))
        .filter(enrolment::Column::CompletedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn progress_of(db: &impl ConnectionTrait, e: EnrolmentId) -> Result<Vec<progress::Model>, DbErr> {
    progress::Entity::find().filter(progress::Column::EnrolmentId.eq(e.0)).all(db).await
}

/// Keeps where she is in an activity; once done it stays done.
pub async fn set_progress(
    db: &impl ConnectionTrait,
    e: EnrolmentId,
    a: ActivityId,
    position_secs: Option<f64>,
    done: bool,
) -> Result<(), DbErr> {
    let now = Utc::now();
    let before = progress::Entity::find_by_id((e, a)).one(db).await?;
    let row = progress::ActiveModel {
        enrolment_id: Set(e),
        activity_id: Set(a),
        position_secs: Set(position_secs.or(before.as_ref().map(|b| b.position_secs)).unwrap_or(0.0)),
        done_at: Set(before.and_then(|b| b.done_at).or(done.then_some(now))),
        updated_at: Set(now),
    };
    progress::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([progress::Column::EnrolmentId, progress::Column::ActivityId])
                .update_columns([progress::Column::PositionSecs, progress::Column::DoneAt, progress::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn attempts(db: &impl ConnectionTrait, e: EnrolmentId, m: ModuleId) -> Result<Vec<attempt::Model>, DbErr> {
    attempt::Entity::find()
        .filter(attempt::Column::EnrolmentId.eq(e.0))
        .filter(attempt::Column::ModuleId.eq(m.0))
        .order_by_asc(attempt::Column::Number)
        .all(db)
        .await
}

pub async fn passed_modules(db: &impl ConnectionTrait, e: EnrolmentId) -> Result<Vec<ModuleId>, DbErr> {
    Ok(attempt::Entity::find()
        .filter(attempt::Column::EnrolmentId.eq(e.0))
        .filter(attempt::Column::Passed.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.module_id)
        .collect())
}

pub async fn attempt_by_key(
    db: &impl ConnectionTrait,
    who: UserId,
    key: &str,
) -> Result<Option<attempt::Model>, DbErr> {
    attempt::Entity::find()
        .filter(attempt::Column::UserId.eq(who.0))
        .filter(attempt::Column::IdempotencyKey.eq(key))
        .one(db)
        .await
}

/// Holds the enrolment until the transaction ends (a write that changes
/// nothing): attempts at its quizzes are then read, checked and numbered by
/// one request at a time. PostgreSQL locks the row; SQLite takes its write
/// lock here, at the transaction's first statement, waiting its turn.
pub async fn hold_enrolment(db: &impl ConnectionTrait, e: EnrolmentId) -> Result<(), DbErr> {
    enrolment::Entity::update_many()
        .col_expr(enrolment::Column::EnrolledAt, Expr::col(enrolment::Column::EnrolledAt))
        .filter(enrolment::Column::Id.eq(e.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn insert_attempt(db: &impl ConnectionTrait, a: attempt::ActiveModel) -> Result<attempt::Model, DbErr> {
    a.insert(db).await
}

pub async fn certificate_of(db: &impl ConnectionTrait, e: EnrolmentId) -> Result<Option<certificate::Model>, DbErr> {
    certificate::Entity::find().filter(certificate::Column::EnrolmentId.eq(e.0)).one(db).await
}

pub async fn certificate_by_code(db: &impl ConnectionTrait, code: &str) -> Result<Option<certificate::Model>, DbErr> {
    certificate::Entity::find().filter(certificate::Column::Code.eq(code)).one(db).await
}

pub async fn insert_certificate(
    db: &impl ConnectionTrait,
    c: certificate::ActiveModel,
) -> Result<certificate::Model, DbErr> {
    c.insert(db).await
}

/// "Try this in class" tasks marked done between `from` and `until`:
/// (teacher, activity, when), for practice reminders and for head
/// teachers' "may need encouragement" (only `teachers`' when given).
pub async fn practice_tasks_done(
    db: &impl ConnectionTrait,
    from: chrono::DateTime<Utc>,
    until: chrono::DateTime<Utc>,
    teachers: Option<&[UserId]>,
) -> Result<Vec<(UserId, ActivityId, chrono::DateTime<Utc>)>, DbErr> {
    let mut sql = String::from(
        "SELECT e.user_id AS user_id, p.activity_id AS activity_id, p.done_at AS done_at \
           FROM activity_progress p \
           JOIN enrolments e ON e.id = p.enrolment_id \
           JOIN course_activities a ON a.id = p.activity_id \
          WHERE a.kind = $3 AND p.done_at IS NOT NULL AND p.done_at >= $1 AND p.done_at <= $2",
    );
    let practice = crate::learning::words::ActivityKind::Practice.as_str();
    let mut values: Vec<sea_orm::Value> = vec![from.into(), until.into(), practice.into()];
    if let Some(teachers) = teachers {
        if teachers.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..teachers.len()).map(|i| format!("${}", i + 4)).collect();
        sql.push_str(&format!(" AND e.user_id IN ({})", marks.join(", ")));
        values.extend(teachers.iter().map(|t| sea_orm::Value::from(t.0)));
    }
    let rows = db.query_all_raw(crate::db::numbered(db, &sql, values)).await?;
    rows.iter()
        .map(|r| {
            Ok((
                UserId(r.try_get("", "user_id")?),
                ActivityId(r.try_get("", "activity_id")?),
                r.try_get::<chrono::DateTime<Utc>>("", "done_at")?,
            ))
        })
        .collect()
}

/// Completed enrolments of a course with their certificates (for badges
/// that recognise the course): only `who`'s, or only those completed
/// since `since`, when given.
pub async fn completions_of_course(
    db: &impl ConnectionTrait,
    course: CourseId,
    who: Option<UserId>,
    since: Option<chrono::DateTime<Utc>>,
) -> Result<Vec<(enrolment::Model, Option<certificate::Model>)>, DbErr> {
    let mut q = enrolment::Entity::find()
        .filter(enrolment::Column::CourseId.eq(course.0))
        .filter(enrolment::Column::CompletedAt.is_not_null());
    if let Some(w) = who {
        q = q.filter(enrolment::Column::UserId.eq(w.0));
    }
    if let Some(s) = since {
        q = q.filter(enrolment::Column::CompletedAt.gte(s));
    }
    let done = q.all(db).await?;
    let certificates = certificate::Entity::find()
        .filter(certificate::Column::EnrolmentId.is_in(done.iter().map(|e| e.id.0)))
        .all(db)
        .await?;
    Ok(done
        .into_iter()
        .map(|e| {
            let c = certificates.iter().find(|c| c.enrolment_id == e.id).cloned();
            (e, c)
        })
        .collect())
}

/// Enrolments as a relation that practice dashboards count inside their
/// own grouped statement (`user_id`, `completed_at`); used as `(…) AS alias`.
pub const ENROLMENTS: &str = "SELECT user_id, completed_at FROM enrolments";
