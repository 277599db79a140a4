//! SQL of reports: one table, `item_reports`, for every kind of item (this
//! folder owns it). A partial unique index keeps one open report per
//! teacher and item (m0023).

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::NotSet, QueryOrder, QuerySelect, Set};

use super::model::{ReportReason, ReportStatus};
use crate::db::entity;
use crate::ids::{ReportId, UserId};
use crate::items::ItemRef;

entity!(report, "item_reports", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::ReportId,
    pub item_kind: crate::items::ItemKind,
    pub item_id: i64,
    pub reporter_id: crate::ids::UserId,
    pub reason: crate::moderation::model::ReportReason,
    pub detail: String,
    pub status: crate::moderation::model::ReportStatus,
    pub decided_by: Option<crate::ids::UserId>,
    /// The decision's reason, as the author was told it.
    pub decision_note: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
});

impl report::Model {
    /// The item reported.
    pub fn item(&self) -> ItemRef {
        ItemRef::new(self.item_kind, self.item_id)
    }
}

fn of(item: ItemRef) -> sea_orm::Condition {
    sea_orm::Condition::all().add(report::Column::ItemKind.eq(item.kind)).add(report::Column::ItemId.eq(item.id))
}

/// Whether `who` has a report on the item that nobody has decided on yet.
pub async fn open_by(db: &impl ConnectionTrait, item: ItemRef, who: UserId) -> Result<bool, DbErr> {
    Ok(report::Entity::find()
        .filter(of(item))
        .filter(report::Column::ReporterId.eq(who))
        .filter(report::Column::Status.eq(ReportStatus::Open))
        .one(db)
        .await?
        .is_some())
}

pub async fn insert(
    db: &impl ConnectionTrait,
    item: ItemRef,
    who: UserId,
    reason: ReportReason,
    detail: String,
) -> Result<ReportId, DbErr> {
    let row = report::ActiveModel {
        id: NotSet,
        item_kind: Set(item.kind),
        item_id: Set(item.id),
        reporter_id: Set(who),
        reason: Set(reason),
        detail: Set(detail),
        status: Set(ReportStatus::Open),
        decided_by: Set(None),
        decision_note: Set(None),
        decided_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Closes an item's open reports with a decision; how many it closed (none:
/// nobody reported it, or another decision came first). With `filed_by_others`
/// only reports someone other than `by` filed are closed.
pub async fn close_open(
    db: &impl ConnectionTrait,
    item: ItemRef,
    status: ReportStatus,
    by: UserId,
    note: &str,
    filed_by_others: bool,
) -> Result<u64, DbErr> {
    let reporter = if filed_by_others { report::Column::ReporterId.ne(by) } else { Expr::value(true) };
    let closed = report::Entity::update_many()
        .col_expr(report::Column::Status, Expr::value(status))
        .col_expr(report::Column::DecidedBy, Expr::value(by))
        .col_expr(report::Column::DecisionNote, Expr::value(note))
        .col_expr(report::Column::DecidedAt, Expr::value(Utc::now()))
        .filter(of(item))
        .filter(report::Column::Status.eq(ReportStatus::Open))
        .filter(reporter)
        .exec(db)
        .await?;
    Ok(closed.rows_affected)
}

/// Closes an item's open reports that give `reason` (a move answers the
/// "wrong chapter" reports, not a spam report on the same content); how many.
pub async fn close_open_for(
    db: &impl ConnectionTrait,
    item: ItemRef,
    reason: ReportReason,
    status: ReportStatus,
    by: UserId,
    note: &str,
) -> Result<u64, DbErr> {
    let closed = report::Entity::update_many()
        .col_expr(report::Column::Status, Expr::value(status))
        .col_expr(report::Column::DecidedBy, Expr::value(by))
        .col_expr(report::Column::DecisionNote, Expr::value(note))
        .col_expr(report::Column::DecidedAt, Expr::value(Utc::now()))
        .filter(of(item))
        .filter(report::Column::Status.eq(ReportStatus::Open))
        .filter(report::Column::Reason.eq(reason))
        .exec(db)
        .await?;
    Ok(closed.rows_affected)
}

/// The oldest open reports, at most `limit`, of the kinds given.
pub async fn open(
    db: &impl ConnectionTrait,
    kinds: &[crate::items::ItemKind],
    limit: u64,
) -> Result<Vec<report::Model>, DbErr> {
    report::Entity::find()
        .filter(report::Column::Status.eq(ReportStatus::Open))
        .filter(report::Column::ItemKind.is_in(kinds.iter().copied()))
        .order_by_asc(report::Column::CreatedAt)
        .order_by_asc(report::Column::Id)
        .limit(limit)
        .all(db)
        .await
}
