//! Views, one per viewer per day: a content's `views` grows by the number
//! of (viewer, day) rows that were new, in the same transaction, so two
//! requests (or two processes) seeing one viewer at once count her once.

use chrono::NaiveDate;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{Set, TransactionTrait};

use crate::content::entity::{content, view_day};
use crate::content::model::ContentId;

/// Records that `viewers` saw content `id` (each with its day) and adds to
/// its views those not recorded before. Returns the views added.
pub async fn add_views(db: &DatabaseConnection, id: ContentId, viewers: &[(String, NaiveDate)]) -> Result<u64, DbErr> {
    if viewers.is_empty() {
        return Ok(0);
    }
    let rows = viewers.iter().map(|(viewer, day)| view_day::ActiveModel {
        content_id: Set(id),
        viewer: Set(viewer.clone()),
        day: Set(*day),
    });
    let txn = db.begin().await?;
    let conflict = OnConflict::columns([view_day::Column::ContentId, view_day::Column::Viewer, view_day::Column::Day])
        .do_nothing()
        .to_owned();
    let new = view_day::Entity::insert_many(rows).on_conflict(conflict).exec_without_returning(&txn).await?;
    if new > 0 {
        content::Entity::update_many()
            .col_expr(content::Column::Views, Expr::col(content::Column::Views).add(new as i64))
            .filter(content::Column::Id.eq(id.0))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(new)
}

/// Forgets who viewed before `day` (nothing can be counted twice for a day
/// that is over).
pub async fn prune(db: &impl ConnectionTrait, day: NaiveDate) -> Result<u64, DbErr> {
    Ok(view_day::Entity::delete_many().filter(view_day::Column::Day.lt(day)).exec(db).await?.rows_affected)
}
