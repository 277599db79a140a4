//! SQL of training batches and events: trainers, members, attendance.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{ActiveValue::NotSet, Condition, PaginatorTrait, QueryOrder, QuerySelect, Set};

use crate::ids::{BatchId, UserId};
use crate::learning::entity::{attendance, batch, member, trainer};
use crate::learning::words::{BatchStatus, MemberStatus};

pub async fn insert(
    db: &impl ConnectionTrait,
    b: batch::ActiveModel,
    trainers: &[UserId],
) -> Result<batch::Model, DbErr> {
    let b = b.insert(db).await?;
    for t in trainers {
        trainer::ActiveModel { batch_id: Set(b.id), user_id: Set(*t) }.insert(db).await?;
    }
    Ok(b)
}

pub fn new_batch(fields: batch::Model) -> batch::ActiveModel {
    batch::ActiveModel { id: NotSet, created_at: Set(Utc::now()), ..fields.into() }
}

pub async fn find(db: &impl ConnectionTrait, id: BatchId) -> Result<Option<batch::Model>, DbErr> {
    batch::Entity::find_by_id(id).one(db).await
}

/// The batch, when `who` runs it: she created it or is one of its trainers
/// (the rule is in the query, so no caller can forget half of it).
pub async fn run_by(db: &impl ConnectionTrait, id: BatchId, who: UserId) -> Result<Option<batch::Model>, DbErr> {
    let trained = Query::select()
        .column(trainer::Column::BatchId)
        .from(trainer::Entity)
        .and_where(trainer::Column::UserId.eq(who.0))
        .to_owned();
    batch::Entity::find_by_id(id)
        .filter(Condition::any().add(batch::Column::CreatedBy.eq(who.0)).add(batch::Column::Id.in_subquery(trained)))
        .one(db)
        .await
}

/// Open batches and events, soonest first.
pub async fn open(db: &impl ConnectionTrait) -> Result<Vec<batch::Model>, DbErr> {
    batch::Entity::find()
        .filter(batch::Column::Status.eq(BatchStatus::Open))
        .order_by_asc(batch::Column::StartsOn)
        .order_by_asc(batch::Column::Id)
        .all(db)
        .await
}

/// Open batches and events whose first day is `day`.
pub async fn starting_on(db: &impl ConnectionTrait, day: chrono::NaiveDate) -> Result<Vec<batch::Model>, DbErr> {
    batch::Entity::find()
        .filter(batch::Column::Status.eq(BatchStatus::Open))
        .filter(batch::Column::StartsOn.eq(day))
        .all(db)
        .await
}

/// Marks her reminded of the batch's first day; false when she was
/// already (another worker, or an earlier round, got there first).
pub async fn claim_reminder(db: &impl ConnectionTrait, id: BatchId, who: UserId) -> Result<bool, DbErr> {
    let done = member::Entity::update_many()
        .col_expr(member::Column::RemindedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(member::Column::BatchId.eq(id.0))
        .filter(member::Column::UserId.eq(who.0))
        .filter(member::Column::RemindedAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

pub async fn trainers_of(db: &impl ConnectionTrait, id: BatchId) -> Result<Vec<UserId>, DbErr> {
    Ok(trainer::Entity::find()
        .filter(trainer::Column::BatchId.eq(id.0))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.user_id)
        .collect())
}

pub async fn members_of(db: &impl ConnectionTrait, id: BatchId) -> Result<Vec<member::Model>, DbErr> {
    member::Entity::find()
        .filter(member::Column::BatchId.eq(id.0))
        .order_by_asc(member::Column::JoinedAt)
        .order_by_asc(member::Column::UserId)
        .all(db)
        .await
}

pub async fn member(db: &impl ConnectionTrait, id: BatchId, who: UserId) -> Result<Option<member::Model>, DbErr> {
    member::Entity::find_by_id((id, who)).one(db).await
}

pub async fn by_pass(db: &impl ConnectionTrait, id: BatchId, code: &str) -> Result<Option<member::Model>, DbErr> {
    member::Entity::find()
        .filter(member::Column::BatchId.eq(id.0))
        .filter(member::Column::PassCode.eq(code))
        .one(db)
        .await
}

pub async fn memberships_of(db: &impl ConnectionTrait, who: UserId) -> Result<Vec<member::Model>, DbErr> {
    member::Entity::find().filter(member::Column::UserId.eq(who.0)).all(db).await
}

pub async fn placed_count(db: &impl ConnectionTrait, id: BatchId) -> Result<u64, DbErr> {
    member::Entity::find()
        .filter(member::Column::BatchId.eq(id.0))
        .filter(member::Column::Status.eq(MemberStatus::Placed))
        .count(db)
        .await
}

pub async fn add_member(
    db: &impl ConnectionTrait,
    id: BatchId,
    who: UserId,
    status: MemberStatus,
    pass: String,
) -> Result<(), DbErr> {
    member::ActiveModel {
        batch_id: Set(id),
        user_id: Set(who),
        status: Set(status),
        pass_code: Set(pass),
        joined_at: Set(Utc::now()),
        completed_at: Set(None),
        reminded_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn set_member_status(
    db: &impl ConnectionTrait,
    id: BatchId,
    who: UserId,
    status: MemberStatus,
) -> Result<(), DbErr> {
    let change = member::ActiveModel { status: Set(status), ..Default::default() };
    member::Entity::update_many()
        .set(change)
        .filter(member::Column::BatchId.eq(id.0))
        .filter(member::Column::UserId.eq(who.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn remove_member(db: &impl ConnectionTrait, id: BatchId, who: UserId) -> Result<(), DbErr> {
    attendance::Entity::delete_many()
        .filter(attendance::Column::BatchId.eq(id.0))
        .filter(attendance::Column::UserId.eq(who.0))
        .exec(db)
        .await?;
    member::Entity::delete_by_id((id, who)).exec(db).await?;
    Ok(())
}

/// Marks one day present (marking twice changes nothing).
pub async fn mark(db: &impl ConnectionTrait, id: BatchId, who: UserId, day: i32, by: UserId) -> Result<(), DbErr> {
    let row = attendance::ActiveModel {
        batch_id: Set(id),
        user_id: Set(who),
        day: Set(day),
        marked_by: Set(by),
        marked_at: Set(Utc::now()),
    };
    attendance::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([attendance::Column::BatchId, attendance::Column::UserId, attendance::Column::Day])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn attendance_of(db: &impl ConnectionTrait, id: BatchId) -> Result<Vec<attendance::Model>, DbErr> {
    attendance::Entity::find().filter(attendance::Column::BatchId.eq(id.0)).all(db).await
}

pub async fn complete(db: &impl ConnectionTrait, id: BatchId, finished: &[UserId]) -> Result<(), DbErr> {
    let change = batch::ActiveModel { status: Set(BatchStatus::Completed), ..Default::default() };
    batch::Entity::update_many().set(change).filter(batch::Column::Id.eq(id.0)).exec(db).await?;
    let done = member::ActiveModel { completed_at: Set(Some(Utc::now())), ..Default::default() };
    member::Entity::update_many()
        .set(done)
        .filter(member::Column::BatchId.eq(id.0))
        .filter(member::Column::UserId.is_in(finished.iter().map(|u| u.0)))
        .exec(db)
        .await?;
    Ok(())
}

/// Every batch of a course, soonest first.
pub async fn for_course(db: &impl ConnectionTrait, course: crate::ids::CourseId) -> Result<Vec<batch::Model>, DbErr> {
    batch::Entity::find()
        .filter(batch::Column::CourseId.eq(course.0))
        .order_by_asc(batch::Column::StartsOn)
        .order_by_asc(batch::Column::Id)
        .all(db)
        .await
}

/// Placed teachers of each of these batches, in one query.
pub async fn placed_counts(db: &impl ConnectionTrait, ids: &[BatchId]) -> Result<HashMap<BatchId, i64>, DbErr> {
    let rows: Vec<(BatchId, i64)> = member::Entity::find()
        .select_only()
        .column(member::Column::BatchId)
        .column_as(member::Column::UserId.count(), "n")
        .filter(member::Column::BatchId.is_in(ids.iter().map(|b| b.0)))
        .filter(member::Column::Status.eq(MemberStatus::Placed))
        .group_by(member::Column::BatchId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Days marked present in each of these batches (one per teacher and day), in one query.
pub async fn attendance_counts(db: &impl ConnectionTrait, ids: &[BatchId]) -> Result<HashMap<BatchId, i64>, DbErr> {
    let rows: Vec<(BatchId, i64)> = attendance::Entity::find()
        .select_only()
        .column(attendance::Column::BatchId)
        .column_as(attendance::Column::Day.count(), "n")
        .filter(attendance::Column::BatchId.is_in(ids.iter().map(|b| b.0)))
        .group_by(attendance::Column::BatchId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}
