//! For the demo only: moves questions (with their answers and the votes on
//! them) and blog posts back by whole weeks, so the demo has past weeks to award.

use chrono::Duration;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;

use crate::community::entity::{answer, post, question, vote};

/// Question or post `id` goes back `id % weeks` weeks.
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
        votes_back(db, "question", q.id.0, back).await?;
        for a in answer::Entity::find().filter(answer::Column::QuestionId.eq(q.id)).all(db).await? {
            answer::Entity::update_many()
                .col_expr(answer::Column::CreatedAt, Expr::value(a.created_at - back))
                .filter(answer::Column::Id.eq(a.id))
                .exec(db)
                .await?;
            votes_back(db, "answer", a.id.0, back).await?;
        }
    }
    for p in post::Entity::find().all(db).await? {
        let back = Duration::days(7 * (p.id.0 % weeks));
        if back.is_zero() {
            continue;
        }
        post::Entity::update_many()
            .col_expr(post::Column::CreatedAt, Expr::value(p.created_at - back))
            .col_expr(post::Column::PublishedAt, Expr::value(p.published_at.map(|t| t - back)))
            .filter(post::Column::Id.eq(p.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

async fn votes_back(db: &impl ConnectionTrait, kind: &str, id: i64, back: Duration) -> Result<(), DbErr> {
    for v in
        vote::Entity::find().filter(vote::Column::ItemKind.eq(kind)).filter(vote::Column::ItemId.eq(id)).all(db).await?
    {
        vote::Entity::update_many()
            .col_expr(vote::Column::CreatedAt, Expr::value(v.created_at - back))
            .filter(vote::Column::ItemKind.eq(kind))
            .filter(vote::Column::ItemId.eq(id))
            .filter(vote::Column::UserId.eq(v.user_id))
            .exec(db)
            .await?;
    }
    Ok(())
}
