//! One vote per teacher and item.

use chrono::Utc;
use sea_orm::Set;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait};

use crate::community::entity::{answer, post, question, vote};
use crate::ids::UserId;

pub async fn find(db: &impl ConnectionTrait, kind: &str, item: i64, who: UserId) -> Result<Option<i32>, DbErr> {
    Ok(vote::Entity::find_by_id((kind.to_owned(), item, who)).one(db).await?.map(|v| v.value))
}

pub async fn remove(db: &impl ConnectionTrait, kind: &str, item: i64, who: UserId) -> Result<(), DbErr> {
    vote::Entity::delete_by_id((kind.to_owned(), item, who)).exec(db).await?;
    Ok(())
}

pub async fn insert(db: &impl ConnectionTrait, kind: &str, item: i64, who: UserId, value: i32) -> Result<(), DbErr> {
    vote::ActiveModel {
        item_kind: Set(kind.to_owned()),
        item_id: Set(item),
        user_id: Set(who),
        value: Set(value),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Moves an item's score by `delta` in one statement (no read-modify-write
/// race between two voters) and returns the new score.
pub async fn add_to_score(db: &impl ConnectionTrait, kind: &str, item: i64, delta: i64) -> Result<i64, DbErr> {
    match kind {
        "question" => {
            question::Entity::update_many()
                .col_expr(question::Column::Score, Expr::col(question::Column::Score).add(delta))
                .filter(question::Column::Id.eq(item))
                .exec(db)
                .await?;
            Ok(question::Entity::find_by_id(crate::ids::QuestionId(item)).one(db).await?.map_or(0, |q| q.score))
        }
        "post" => {
            post::Entity::update_many()
                .col_expr(post::Column::Score, Expr::col(post::Column::Score).add(delta))
                .filter(post::Column::Id.eq(item))
                .exec(db)
                .await?;
            Ok(post::Entity::find_by_id(crate::ids::PostId(item)).one(db).await?.map_or(0, |p| p.score))
        }
        _ => {
            answer::Entity::update_many()
                .col_expr(answer::Column::Score, Expr::col(answer::Column::Score).add(delta))
                .filter(answer::Column::Id.eq(item))
                .exec(db)
                .await?;
            Ok(answer::Entity::find_by_id(crate::ids::AnswerId(item)).one(db).await?.map_or(0, |a| a.score))
        }
    }
}

/// The caller's votes on a question and its answers, in one query.
pub async fn on_thread(
    db: &impl ConnectionTrait,
    question: i64,
    answers: &[i64],
    who: UserId,
) -> Result<std::collections::HashMap<(&'static str, i64), i32>, DbErr> {
    use sea_orm::sea_query::Condition;
    let mut any = Condition::any()
        .add(Condition::all().add(vote::Column::ItemKind.eq("question")).add(vote::Column::ItemId.eq(question)));
    if !answers.is_empty() {
        any = any.add(
            Condition::all()
                .add(vote::Column::ItemKind.eq("answer"))
                .add(vote::Column::ItemId.is_in(answers.iter().copied())),
        );
    }
    Ok(vote::Entity::find()
        .filter(vote::Column::UserId.eq(who))
        .filter(any)
        .all(db)
        .await?
        .into_iter()
        .map(|v| (if v.item_kind == "question" { "question" } else { "answer" }, v.item_id, v.value))
        .map(|(k, id, value)| ((k, id), value))
        .collect())
}
