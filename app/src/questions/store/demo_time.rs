//! For the demo only: moves questions (with their answers and the votes on
//! them) back by whole weeks, so the demo has past weeks to award.

use chrono::Duration;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;

use crate::items::ItemRef;
use crate::questions::entity::{answer, question};

/// Question `id` goes back `id % weeks` weeks.
pub async fn spread_over_weeks(db: &impl ConnectionTrait, weeks: i64) -> Result<(), DbErr> {
    for q in question::Entity::find().all(db).await? {
        let back = Duration::days(7 * (q.id.0 % weeks));
        if back.is_zero() {
            continue;
        }
        question::Entity::update_many()
            .col_expr(question::Column::CreatedAt, Expr::value(q.created_at - back))
            .col_expr(question::Column::ActiveAt, Expr::value(q.active_at - back))
            .filter(question::Column::Id.eq(q.id))
            .exec(db)
            .await?;
        super::votes::move_back(db, ItemRef::from(q.id), back).await?;
        for a in answer::Entity::find().filter(answer::Column::QuestionId.eq(q.id)).all(db).await? {
            answer::Entity::update_many()
                .col_expr(answer::Column::CreatedAt, Expr::value(a.created_at - back))
                .filter(answer::Column::Id.eq(a.id))
                .exec(db)
                .await?;
            super::votes::move_back(db, ItemRef::from(a.id), back).await?;
        }
    }
    Ok(())
}
