//! One vote per teacher and item (questions, answers and posts), and the
//! scores of questions and answers (a post's score is its owner's).

use chrono::Utc;
use sea_orm::Set;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait};

use crate::ids::{AnswerId, QuestionId, UserId};
use crate::items::{ItemKind, ItemRef};
use crate::questions::entity::{answer, question, vote};

pub async fn find(db: &impl ConnectionTrait, item: ItemRef, who: UserId) -> Result<Option<i32>, DbErr> {
    Ok(vote::Entity::find_by_id((item.kind, item.id, who)).one(db).await?.map(|v| v.value))
}

/// Takes `who`'s vote row on `item` for this transaction and returns her
/// vote as it stands (0 for none). The write comes first: a parallel vote of
/// hers waits here for this one to finish and then reads its result, instead
/// of both reading "no vote" and both inserting (a 500 on the unique key, or
/// SQLite's "database is locked" when two readers both try to write). A row
/// made here with 0 is set or removed before the transaction ends.
pub async fn claim(db: &impl ConnectionTrait, item: ItemRef, who: UserId) -> Result<i32, DbErr> {
    let values = || vec![item.kind.into(), item.id.into(), who.0.into()];
    let insert = "INSERT INTO votes (item_kind, item_id, user_id, value, created_at) VALUES ($1, $2, $3, 0, $4) \
                  ON CONFLICT (item_kind, item_id, user_id) DO NOTHING";
    let mut first = values();
    first.push(Utc::now().into());
    db.execute_raw(crate::db::numbered(db, insert, first)).await?;
    // An update locks the row (PostgreSQL) until this transaction ends.
    let lock = "UPDATE votes SET value = value WHERE item_kind = $1 AND item_id = $2 AND user_id = $3";
    db.execute_raw(crate::db::numbered(db, lock, values())).await?;
    Ok(find(db, item, who).await?.unwrap_or(0))
}

/// Sets a claimed vote row to `value`.
pub async fn set(db: &impl ConnectionTrait, item: ItemRef, who: UserId, value: i32) -> Result<(), DbErr> {
    vote::Entity::update_many()
        .col_expr(vote::Column::Value, Expr::value(value))
        .filter(vote::Column::ItemKind.eq(item.kind))
        .filter(vote::Column::ItemId.eq(item.id))
        .filter(vote::Column::UserId.eq(who))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn remove(db: &impl ConnectionTrait, item: ItemRef, who: UserId) -> Result<(), DbErr> {
    vote::Entity::delete_by_id((item.kind, item.id, who)).exec(db).await?;
    Ok(())
}

pub async fn insert(db: &impl ConnectionTrait, item: ItemRef, who: UserId, value: i32) -> Result<(), DbErr> {
    vote::ActiveModel {
        item_kind: Set(item.kind),
        item_id: Set(item.id),
        user_id: Set(who),
        value: Set(value),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Moves a question's or an answer's score by `delta` in one statement (no
/// read-modify-write race between two voters) and returns the new score.
pub async fn add_to_score(db: &impl ConnectionTrait, item: ItemRef, delta: i64) -> Result<i64, DbErr> {
    if item.kind == ItemKind::Question {
        question::Entity::update_many()
            .col_expr(question::Column::Score, Expr::col(question::Column::Score).add(delta))
            .filter(question::Column::Id.eq(item.id))
            .exec(db)
            .await?;
        return Ok(question::Entity::find_by_id(QuestionId(item.id)).one(db).await?.map_or(0, |q| q.score));
    }
    answer::Entity::update_many()
        .col_expr(answer::Column::Score, Expr::col(answer::Column::Score).add(delta))
        .filter(answer::Column::Id.eq(item.id))
        .exec(db)
        .await?;
    Ok(answer::Entity::find_by_id(AnswerId(item.id)).one(db).await?.map_or(0, |a| a.score))
}

/// The caller's votes on a question and its answers, in one query.
pub async fn on_thread(
    db: &impl ConnectionTrait,
    question: QuestionId,
    answers: &[i64],
    who: UserId,
) -> Result<std::collections::HashMap<ItemRef, i32>, DbErr> {
    use sea_orm::sea_query::Condition;
    let mut any = Condition::any().add(
        Condition::all().add(vote::Column::ItemKind.eq(ItemKind::Question)).add(vote::Column::ItemId.eq(question.0)),
    );
    if !answers.is_empty() {
        any = any.add(
            Condition::all()
                .add(vote::Column::ItemKind.eq(ItemKind::Answer))
                .add(vote::Column::ItemId.is_in(answers.iter().copied())),
        );
    }
    Ok(vote::Entity::find()
        .filter(vote::Column::UserId.eq(who))
        .filter(any)
        .all(db)
        .await?
        .into_iter()
        .map(|v| (ItemRef::new(v.item_kind, v.item_id), v.value))
        .collect())
}

/// Moves the votes on an item back by `back` (the demo's past weeks).
pub(crate) async fn move_back(db: &impl ConnectionTrait, item: ItemRef, back: chrono::Duration) -> Result<(), DbErr> {
    let on_item =
        || vote::Entity::find().filter(vote::Column::ItemKind.eq(item.kind)).filter(vote::Column::ItemId.eq(item.id));
    for v in on_item().all(db).await? {
        vote::Entity::update_many()
            .col_expr(vote::Column::CreatedAt, Expr::value(v.created_at - back))
            .filter(vote::Column::ItemKind.eq(item.kind))
            .filter(vote::Column::ItemId.eq(item.id))
            .filter(vote::Column::UserId.eq(v.user_id))
            .exec(db)
            .await?;
    }
    Ok(())
}
