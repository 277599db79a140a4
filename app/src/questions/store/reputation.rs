//! The reputation ledger and each teacher's running total.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait, Func, OnConflict};
use sea_orm::{QueryOrder, QuerySelect, Set};

use crate::ids::UserId;
use crate::items::ItemRef;
use crate::questions::entity::{reputation_event as event, reputation_total as total};
use crate::questions::reputation::Reason;

pub struct NewEvent {
    pub user: UserId,
    pub points: i32,
    pub reason: Reason,
    pub item: ItemRef,
    pub actor: Option<UserId>,
    pub day: chrono::NaiveDate,
    pub capped: bool,
}

/// Writes a ledger line and moves the total with it (same transaction).
pub async fn add(db: &impl ConnectionTrait, e: NewEvent) -> Result<(), DbErr> {
    add_keyed(db, e, None).await.map(|_| ())
}

/// Writes a ledger line under an award key unless a standing award holds
/// that key already (the unique index decides, not an earlier read), and
/// moves the total only when the line was written. True when written.
pub async fn add_once(db: &impl ConnectionTrait, e: NewEvent, key: String) -> Result<bool, DbErr> {
    add_keyed(db, e, Some(key)).await
}

async fn add_keyed(db: &impl ConnectionTrait, e: NewEvent, key: Option<String>) -> Result<bool, DbErr> {
    let line = event::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        user_id: Set(e.user),
        points: Set(e.points),
        reason: Set(e.reason),
        item_kind: Set(e.item.kind),
        item_id: Set(e.item.id),
        actor_id: Set(e.actor),
        day: Set(e.day),
        capped: Set(e.capped),
        created_at: Set(Utc::now()),
        award_key: Set(key),
    };
    let written = event::Entity::insert(line)
        .on_conflict(OnConflict::column(event::Column::AwardKey).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    if written == 0 {
        return Ok(false);
    }
    total::Entity::insert(total::ActiveModel { user_id: Set(e.user), points: Set(e.points as i64) })
        .on_conflict(
            OnConflict::column(total::Column::UserId)
                .value(total::Column::Points, Expr::col((total::Entity, total::Column::Points)).add(e.points as i64))
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(true)
}

/// Frees award keys once their awards are taken back, so they may be
/// earned again.
pub async fn release(db: &impl ConnectionTrait, keys: &[String]) -> Result<(), DbErr> {
    if keys.is_empty() {
        return Ok(());
    }
    event::Entity::update_many()
        .col_expr(event::Column::AwardKey, Expr::value(Option::<String>::None))
        .filter(event::Column::AwardKey.is_in(keys.iter().cloned()))
        .exec(db)
        .await?;
    Ok(())
}

/// Points earned on `day` from the capped reasons.
pub async fn earned_on(
    db: &impl ConnectionTrait,
    user: UserId,
    day: chrono::NaiveDate,
    reasons: &[Reason],
) -> Result<i64, DbErr> {
    let sum: Option<Option<i64>> = event::Entity::find()
        .select_only()
        .column_as(Expr::from(Func::sum(Expr::col(event::Column::Points))), "n")
        .filter(event::Column::UserId.eq(user))
        .filter(event::Column::Day.eq(day))
        .filter(event::Column::Reason.is_in(reasons.iter().copied()))
        .into_tuple()
        .one(db)
        .await?;
    Ok(sum.flatten().unwrap_or(0))
}

/// What one actor's doings on one item have given `user` so far, net of
/// reversals (what withdrawing them must take back).
pub async fn net_from(
    db: &impl ConnectionTrait,
    user: UserId,
    item: ItemRef,
    actor: UserId,
    reasons: &[Reason],
) -> Result<i64, DbErr> {
    let sum: Option<Option<i64>> = event::Entity::find()
        .select_only()
        .column_as(Expr::from(Func::sum(Expr::col(event::Column::Points))), "n")
        .filter(event::Column::UserId.eq(user))
        .filter(event::Column::ItemKind.eq(item.kind))
        .filter(event::Column::ItemId.eq(item.id))
        .filter(event::Column::ActorId.eq(actor))
        .filter(event::Column::Reason.is_in(reasons.iter().copied()))
        .into_tuple()
        .one(db)
        .await?;
    Ok(sum.flatten().unwrap_or(0))
}

pub async fn total_of(db: &impl ConnectionTrait, user: UserId) -> Result<i64, DbErr> {
    Ok(total::Entity::find_by_id(user).one(db).await?.map_or(0, |t| t.points))
}

pub async fn totals_of(
    db: &impl ConnectionTrait,
    users: &[UserId],
) -> Result<std::collections::HashMap<UserId, i64>, DbErr> {
    if users.is_empty() {
        return Ok(Default::default());
    }
    Ok(total::Entity::find()
        .filter(total::Column::UserId.is_in(users.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.user_id, t.points))
        .collect())
}

pub async fn history(db: &impl ConnectionTrait, user: UserId, limit: u64) -> Result<Vec<event::Model>, DbErr> {
    event::Entity::find()
        .filter(event::Column::UserId.eq(user))
        .order_by_desc(event::Column::CreatedAt)
        .order_by_desc(event::Column::Id)
        .limit(limit)
        .all(db)
        .await
}
