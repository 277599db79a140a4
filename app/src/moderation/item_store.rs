//! SQL of reports about community items (questions, answers, posts,
//! ideas, comments). This folder owns the table `item_reports`.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::NotSet, QueryOrder, QuerySelect, Set};

use crate::db::entity;
use crate::ids::UserId;

entity!(item_report, "item_reports", {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// question | answer | post | idea | comment
    pub item_kind: String,
    pub item_id: i64,
    pub reporter_id: crate::ids::UserId,
    pub reason: String,
    pub detail: String,
    /// open | hidden | restored | dismissed
    pub status: String,
    pub decided_by: Option<crate::ids::UserId>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
});

pub async fn open_by(db: &impl ConnectionTrait, kind: &str, id: i64, who: UserId) -> Result<bool, DbErr> {
    Ok(item_report::Entity::find()
        .filter(item_report::Column::ItemKind.eq(kind))
        .filter(item_report::Column::ItemId.eq(id))
        .filter(item_report::Column::ReporterId.eq(who))
        .filter(item_report::Column::Status.eq("open"))
        .one(db)
        .await?
        .is_some())
}

pub async fn insert(
    db: &impl ConnectionTrait,
    kind: &str,
    id: i64,
    who: UserId,
    reason: &str,
    detail: &str,
) -> Result<i64, DbErr> {
    let row = item_report::ActiveModel {
        id: NotSet,
        item_kind: Set(kind.to_owned()),
        item_id: Set(id),
        reporter_id: Set(who),
        reason: Set(reason.to_owned()),
        detail: Set(detail.to_owned()),
        status: Set("open".into()),
        decided_by: Set(None),
        decided_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Closes an item's open reports with a decision; how many it closed (none:
/// nobody reported it, or another decision came first).
pub async fn close_open(
    db: &impl ConnectionTrait,
    kind: &str,
    id: i64,
    status: &str,
    by: UserId,
) -> Result<u64, DbErr> {
    let closed = item_report::Entity::update_many()
        .col_expr(item_report::Column::Status, Expr::value(status))
        .col_expr(item_report::Column::DecidedBy, Expr::value(by))
        .col_expr(item_report::Column::DecidedAt, Expr::value(Utc::now()))
        .filter(item_report::Column::ItemKind.eq(kind))
        .filter(item_report::Column::ItemId.eq(id))
        .filter(item_report::Column::Status.eq("open"))
        .exec(db)
        .await?;
    Ok(closed.rows_affected)
}

pub async fn open(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<item_report::Model>, DbErr> {
    item_report::Entity::find()
        .filter(item_report::Column::Status.eq("open"))
        .order_by_asc(item_report::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await
}
