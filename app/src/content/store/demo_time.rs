//! For the demo only: moves contents, with their ratings, downloads and
//! comments, back by whole weeks, so the demo has past weeks to award.

use chrono::{DateTime, Duration, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ConnectionTrait, Value};

use super::super::entity::{comment, content, rating};
use crate::db::numbered as statement;

/// Content `id` goes back `id % weeks` weeks (so the newest week keeps a share).
pub async fn spread_over_weeks(db: &impl ConnectionTrait, weeks: i64) -> Result<(), DbErr> {
    for c in content::Entity::find().all(db).await? {
        let back = Duration::days(7 * (c.id.0 % weeks));
        if back.is_zero() {
            continue;
        }
        content::Entity::update_many()
            .col_expr(content::Column::CreatedAt, Expr::value(c.created_at - back))
            .col_expr(content::Column::UpdatedAt, Expr::value(c.updated_at - back))
            .filter(content::Column::Id.eq(c.id))
            .exec(db)
            .await?;
        for r in rating::Entity::find().filter(rating::Column::ContentId.eq(c.id)).all(db).await? {
            rating::Entity::update_many()
                .col_expr(rating::Column::UpdatedAt, Expr::value(r.updated_at - back))
                .filter(rating::Column::ContentId.eq(c.id))
                .filter(rating::Column::UserId.eq(r.user_id))
                .exec(db)
                .await?;
        }
        for m in comment::Entity::find().filter(comment::Column::ContentId.eq(c.id)).all(db).await? {
            comment::Entity::update_many()
                .col_expr(comment::Column::CreatedAt, Expr::value(m.created_at - back))
                .filter(comment::Column::Id.eq(m.id))
                .exec(db)
                .await?;
        }
        let sql = "SELECT user_id, downloaded_at FROM content_downloads WHERE content_id = $1";
        for row in db.query_all_raw(statement(db, sql, vec![c.id.0.into()])).await? {
            let user: i64 = row.try_get("", "user_id")?;
            let at: DateTime<Utc> = row.try_get("", "downloaded_at")?;
            let values: Vec<Value> = vec![(at - back).into(), c.id.0.into(), user.into()];
            let sql = "UPDATE content_downloads SET downloaded_at = $1 WHERE content_id = $2 AND user_id = $3";
            db.execute_raw(statement(db, sql, values)).await?;
        }
    }
    Ok(())
}
