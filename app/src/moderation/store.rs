//! SQL of moderation: reports about contents (this folder owns the table).

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::NotSet, QueryOrder, QuerySelect, Set};

use crate::ids::{ContentId, ReportId, UserId};

use crate::db::entity;

entity!(report, "reports", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::ReportId,
    pub content_id: crate::ids::ContentId,
    pub reporter_id: crate::ids::UserId,
    /// spam | copyright | wrong_chapter | inappropriate
    pub reason: String,
    pub detail: String,
    /// open | hidden | dismissed | restored
    pub status: String,
    pub decided_by: Option<i64>,
    pub decision_note: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
});

/// `who`'s report on a content that nobody has decided on yet.
pub async fn open_by(db: &DatabaseConnection, content: ContentId, who: UserId) -> Result<Option<report::Model>, DbErr> {
    report::Entity::find()
        .filter(report::Column::ContentId.eq(content.0))
        .filter(report::Column::ReporterId.eq(who.0))
        .filter(report::Column::Status.eq("open"))
        .one(db)
        .await
}

pub async fn insert(
    db: &DatabaseConnection,
    content: ContentId,
    who: UserId,
    reason: String,
    detail: String,
) -> Result<ReportId, DbErr> {
    let row = report::ActiveModel {
        id: NotSet,
        content_id: Set(content),
        reporter_id: Set(who),
        reason: Set(reason),
        detail: Set(detail),
        status: Set("open".into()),
        decided_by: Set(None),
        decision_note: Set(None),
        decided_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Closes every open report of a content with the moderator's decision.
pub async fn close_open(
    db: &impl ConnectionTrait,
    content: ContentId,
    status: &str,
    moderator: UserId,
    note: &str,
) -> Result<(), DbErr> {
    report::Entity::update_many()
        .col_expr(report::Column::Status, Expr::value(status))
        .col_expr(report::Column::DecidedBy, Expr::value(moderator.0))
        .col_expr(report::Column::DecisionNote, Expr::value(note))
        .col_expr(report::Column::DecidedAt, Expr::value(Utc::now()))
        .filter(report::Column::ContentId.eq(content.0))
        .filter(report::Column::Status.eq("open"))
        .exec(db)
        .await?;
    Ok(())
}

/// The oldest open reports, at most `limit`.
pub async fn open(db: &DatabaseConnection, limit: u64) -> Result<Vec<report::Model>, DbErr> {
    report::Entity::find()
        .filter(report::Column::Status.eq("open"))
        .order_by_asc(report::Column::Id)
        .limit(limit)
        .all(db)
        .await
}
