//! SQL of training batches and events: trainers, members, attendance.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{ActiveValue::NotSet, Condition, PaginatorTrait, QueryOrder, Set};

use crate::ids::{BatchId, UserId};
use crate::learning::entity::{attendance, batch, member, trainer};

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
        .filter(batch::Column::Status.eq("open"))
        .order_by_asc(batch::Column::StartsOn)
        .order_by_asc(batch::Column::Id)
        .all(db)
        .await
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
        .filter(member::Column::Status.eq("placed"))
        .count(db)
        .await
}

pub async fn add_member(
    db: &impl ConnectionTrait,
    id: BatchId,
    who: UserId,
    status: &str,
    pass: String,
) -> Result<(), DbErr> {
    member::ActiveModel {
        batch_id: Set(id),
        user_id: Set(who),
        status: Set(status.into()),
        pass_code: Set(pass),
        joined_at: Set(Utc::now()),
        completed_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn set_member_status(db: &impl ConnectionTrait, id: BatchId, who: UserId, status: &str) -> Result<(), DbErr> {
    let change = member::ActiveModel { status: Set(status.into()), ..Default::default() };
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
    let change = batch::ActiveModel { status: Set("completed".into()), ..Default::default() };
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
