//! What moderation needs of questions and answers: find one whatever its
//! visibility, and hide or show it.

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;

use crate::discussion::owners::Found;
use crate::ids::{AnswerId, QuestionId};
use crate::questions::entity::{answer, question};

pub async fn question(db: &impl ConnectionTrait, id: QuestionId) -> Result<Option<Found>, DbErr> {
    Ok(question::Entity::find_by_id(id).filter(question::Column::DeletedAt.is_null()).one(db).await?.map(|q| Found {
        author: q.author_id,
        title: q.title,
        link: format!("/questions/{id}"),
        hidden: q.hidden,
    }))
}

pub async fn answer(db: &impl ConnectionTrait, id: AnswerId) -> Result<Option<Found>, DbErr> {
    Ok(answer::Entity::find_by_id(id).filter(answer::Column::DeletedAt.is_null()).one(db).await?.map(|a| Found {
        author: a.author_id,
        title: a.body.chars().take(80).collect(),
        link: format!("/questions/{}#answer-{id}", a.question_id),
        hidden: a.hidden,
    }))
}

pub async fn hide_question(db: &impl ConnectionTrait, id: QuestionId, hidden: bool) -> Result<(), DbErr> {
    question::Entity::update_many()
        .col_expr(question::Column::Hidden, Expr::value(hidden))
        .filter(question::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn hide_answer(db: &impl ConnectionTrait, id: AnswerId, hidden: bool) -> Result<(), DbErr> {
    answer::Entity::update_many()
        .col_expr(answer::Column::Hidden, Expr::value(hidden))
        .filter(answer::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The question an answer belongs to, whatever either's state.
pub async fn question_of(db: &impl ConnectionTrait, id: AnswerId) -> Result<Option<QuestionId>, DbErr> {
    Ok(answer::Entity::find_by_id(id).one(db).await?.map(|a| a.question_id))
}
