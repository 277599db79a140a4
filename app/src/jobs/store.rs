//! SQL of the jobs table: enqueue, claim (one worker per job), finish,
//! retry.

use super::model::{JobKind, JobStatus};
use crate::ids::JobId;
use chrono::{Duration, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::NotSet, DatabaseBackend, QueryOrder, QuerySelect, Set, Statement};

pub const MAX_ATTEMPTS: i32 = 5;
/// A running job's worker marks it alive this often ([`heartbeat`])...
pub const HEARTBEAT_SECS: u64 = 60;
/// ...so one not marked for this long was left by a crashed worker and is
/// taken again (a long transcode is never claimed twice).
const STALE_MINUTES: i64 = 5;

pub mod job {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "jobs")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::ids::JobId,
        pub kind: super::JobKind,
        pub payload: String,
        pub status: super::JobStatus,
        pub attempts: i32,
        pub max_attempts: i32,
        pub run_after: DateTimeUtc,
        pub locked_at: Option<DateTimeUtc>,
        pub last_error: Option<String>,
        pub created_at: DateTimeUtc,
        pub finished_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub async fn enqueue(db: &impl ConnectionTrait, kind: JobKind, payload: serde_json::Value) -> Result<JobId, DbErr> {
    let now = Utc::now();
    let row = job::ActiveModel {
        id: NotSet,
        kind: Set(kind),
        payload: Set(payload.to_string()),
        status: Set(JobStatus::Queued),
        attempts: Set(0),
        max_attempts: Set(MAX_ATTEMPTS),
        run_after: Set(now),
        locked_at: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        finished_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Takes the next due job. PostgreSQL skips rows another worker holds;
/// SQLite has one writer, so a plain conditional update is enough.
pub async fn claim(db: &DatabaseConnection) -> Result<Option<job::Model>, DbErr> {
    let now = Utc::now();
    job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(JobStatus::Queued.as_str()))
        .filter(job::Column::Status.eq(JobStatus::Running))
        .filter(job::Column::LockedAt.lt(now - Duration::minutes(STALE_MINUTES)))
        .exec(db)
        .await?;
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "UPDATE jobs SET status = $2, locked_at = $1, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM jobs WHERE status = $3 AND kind <> $4 AND run_after <= $1 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) \
             RETURNING *"
        }
        _ => {
            "UPDATE jobs SET status = ?2, locked_at = ?1, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM jobs WHERE status = ?3 AND kind <> ?4 AND run_after <= ?1 ORDER BY id LIMIT 1) \
             RETURNING *"
        }
    };
    let values = [
        now.into(),
        JobStatus::Running.as_str().into(),
        JobStatus::Queued.as_str().into(),
        JobKind::SearchIndex.as_str().into(),
    ];
    job::Entity::find().from_raw_sql(Statement::from_sql_and_values(backend, sql, values)).one(db).await
}

/// Takes up to `limit` due jobs of `kind` at once.
pub async fn claim_many(db: &DatabaseConnection, kind: JobKind, limit: u64) -> Result<Vec<job::Model>, DbErr> {
    let now = Utc::now();
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "UPDATE jobs SET status = $4, locked_at = $1, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM jobs WHERE status = $5 AND kind = $2 AND run_after <= $1 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) \
             RETURNING *"
        }
        _ => {
            "UPDATE jobs SET status = ?4, locked_at = ?1, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM jobs WHERE status = ?5 AND kind = ?2 AND run_after <= ?1 ORDER BY id LIMIT ?3) \
             RETURNING *"
        }
    };
    let values = [
        now.into(),
        kind.as_str().into(),
        (limit as i64).into(),
        JobStatus::Running.as_str().into(),
        JobStatus::Queued.as_str().into(),
    ];
    job::Entity::find().from_raw_sql(Statement::from_sql_and_values(backend, sql, values)).all(db).await
}

/// Removes finished jobs that leave nothing worth keeping (index updates).
pub async fn forget(db: &DatabaseConnection, ids: &[JobId]) -> Result<(), DbErr> {
    job::Entity::delete_many().filter(job::Column::Id.is_in(ids.iter().copied())).exec(db).await?;
    Ok(())
}

/// The worker running job `id` is still at it.
pub async fn heartbeat(db: &DatabaseConnection, id: JobId) -> Result<(), DbErr> {
    let id = id.0;
    job::Entity::update_many()
        .col_expr(job::Column::LockedAt, Expr::value(Utc::now()))
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::Status.eq(JobStatus::Running))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn complete(db: &DatabaseConnection, id: JobId) -> Result<(), DbErr> {
    let id = id.0;
    job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(JobStatus::Done.as_str()))
        .col_expr(job::Column::FinishedAt, Expr::value(Utc::now()))
        .col_expr(job::Column::LastError, Expr::value(Option::<String>::None))
        .filter(job::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Pause before the next try: 30 s, 1 min, 2 min, 4 min, …
pub fn backoff(attempts: i32) -> Duration {
    Duration::seconds(30 * 2i64.pow(attempts.clamp(1, 10) as u32 - 1))
}

pub async fn fail(db: &DatabaseConnection, job: &job::Model, error: &str) -> Result<(), DbErr> {
    let give_up = job.attempts >= job.max_attempts;
    let error: String = error.chars().take(4000).collect();
    let status = if give_up { JobStatus::Failed } else { JobStatus::Queued };
    job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(status.as_str()))
        .col_expr(job::Column::RunAfter, Expr::value(Utc::now() + backoff(job.attempts)))
        .col_expr(job::Column::LastError, Expr::value(error))
        .col_expr(job::Column::FinishedAt, Expr::value(give_up.then(Utc::now)))
        .filter(job::Column::Id.eq(job.id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn failed(db: &DatabaseConnection, limit: u64) -> Result<Vec<job::Model>, DbErr> {
    job::Entity::find()
        .filter(job::Column::Status.eq(JobStatus::Failed))
        .order_by_desc(job::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Puts a failed job back in the queue with fresh attempts.
pub async fn retry(db: &DatabaseConnection, id: JobId) -> Result<bool, DbErr> {
    let id = id.0;
    let done = job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(JobStatus::Queued.as_str()))
        .col_expr(job::Column::Attempts, Expr::value(0))
        .col_expr(job::Column::RunAfter, Expr::value(Utc::now()))
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::Status.eq(JobStatus::Failed))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Jobs not finished yet (queued or running).
pub async fn pending(db: &DatabaseConnection) -> Result<u64, DbErr> {
    job::Entity::find().filter(job::Column::Status.is_in([JobStatus::Queued, JobStatus::Running])).count(db).await
}

/// Jobs of one kind in one state, and when the longest-waiting of them
/// became due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueLine {
    pub kind: JobKind,
    pub status: JobStatus,
    pub jobs: u64,
    pub oldest_due: Option<DateTimeUtc>,
}

/// The queue by kind for `/metrics`: jobs due and not yet taken (queued)
/// and jobs being done (running), in one grouped read over the
/// `(status, run_after)` index. Retries waiting out their pause are not due.
pub async fn queue(db: &DatabaseConnection) -> Result<Vec<QueueLine>, DbErr> {
    use sea_orm::Condition;
    let due =
        Condition::all().add(job::Column::Status.eq(JobStatus::Queued)).add(job::Column::RunAfter.lte(Utc::now()));
    let rows: Vec<(JobKind, JobStatus, i64, Option<DateTimeUtc>)> = job::Entity::find()
        .select_only()
        .column(job::Column::Kind)
        .column(job::Column::Status)
        .column_as(job::Column::Id.count(), "jobs")
        .column_as(job::Column::RunAfter.min(), "oldest_due")
        .filter(Condition::any().add(due).add(job::Column::Status.eq(JobStatus::Running)))
        .group_by(job::Column::Kind)
        .group_by(job::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(kind, status, jobs, oldest_due)| QueueLine { kind, status, jobs: jobs.max(0) as u64, oldest_due })
        .collect())
}
