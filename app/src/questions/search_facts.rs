//! What search indexes of questions: the visible ones with their tags and
//! visible answers, and the ids a rebuild walks. Search reads questions
//! only through these functions.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};

use super::entity::{answer, question, question_tag};
use crate::ids::{ChapterId, QuestionId, SubjectId, UserId};

/// A visible question as the index needs it.
#[derive(Clone, Debug)]
pub struct QuestionFacts {
    pub id: QuestionId,
    pub author_id: UserId,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    /// The visible answers' texts, best voted first.
    pub answers: Vec<String>,
    pub subject_id: Option<SubjectId>,
    pub chapter_id: Option<ChapterId>,
    pub class_number: Option<i32>,
    /// Votes up less votes down.
    pub score: i64,
    pub answer_count: i64,
    pub has_accepted_answer: bool,
    pub created_at: DateTime<Utc>,
}

/// The questions among `ids` that anyone may see (not hidden, not deleted).
pub async fn visible(db: &impl ConnectionTrait, ids: &[QuestionId]) -> Result<Vec<QuestionFacts>, DbErr> {
    let rows = question::Entity::find()
        .filter(question::Column::Id.is_in(ids.iter().copied()))
        .filter(question::Column::Hidden.eq(false))
        .filter(question::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let mut tags: HashMap<QuestionId, Vec<String>> = HashMap::new();
    for t in
        question_tag::Entity::find().filter(question_tag::Column::QuestionId.is_in(ids.iter().copied())).all(db).await?
    {
        tags.entry(t.question_id).or_default().push(t.tag);
    }
    let mut answers: HashMap<QuestionId, Vec<String>> = HashMap::new();
    for a in answer::Entity::find()
        .filter(answer::Column::QuestionId.is_in(ids.iter().copied()))
        .filter(answer::Column::Hidden.eq(false))
        .filter(answer::Column::DeletedAt.is_null())
        .order_by_desc(answer::Column::Score)
        .all(db)
        .await?
    {
        answers.entry(a.question_id).or_default().push(a.body);
    }
    Ok(rows
        .into_iter()
        .map(|q| QuestionFacts {
            tags: tags.remove(&q.id).unwrap_or_default(),
            answers: answers.remove(&q.id).unwrap_or_default(),
            id: q.id,
            author_id: q.author_id,
            title: q.title,
            body: q.body,
            subject_id: q.subject_id,
            chapter_id: q.chapter_id,
            class_number: q.class_number,
            score: q.score,
            answer_count: q.answer_count,
            has_accepted_answer: q.accepted_answer_id.is_some(),
            created_at: q.created_at,
        })
        .collect())
}

/// Ids after `after`, in order, `limit` at most: every question, visible
/// or not (a rebuild walks them all).
pub async fn ids_after(db: &impl ConnectionTrait, after: QuestionId, limit: u64) -> Result<Vec<QuestionId>, DbErr> {
    question::Entity::find()
        .select_only()
        .column(question::Column::Id)
        .filter(question::Column::Id.gt(after))
        .order_by_asc(question::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// Every question, visible or not.
pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    question::Entity::find().count(db).await
}
