//! Questions, their tags and their answers.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};
use sea_orm::{ActiveValue::NotSet, PaginatorTrait, QueryOrder, QuerySelect, Set};

use crate::ids::{AnswerId, ChapterId, QuestionId, SubjectId, UserId};
use crate::questions::entity::{answer, question, question_tag as tag};

pub struct NewQuestion<'a> {
    pub author: UserId,
    pub title: &'a str,
    pub body: &'a str,
    pub subject_id: Option<SubjectId>,
    pub chapter_id: Option<ChapterId>,
    pub class_number: Option<i32>,
    pub tags: &'a [String],
}

pub async fn insert(db: &impl ConnectionTrait, q: NewQuestion<'_>) -> Result<question::Model, DbErr> {
    let now = Utc::now();
    let row = question::ActiveModel {
        id: NotSet,
        author_id: Set(q.author),
        title: Set(q.title.to_owned()),
        title_key: Set(bangla::search_key(q.title)),
        body: Set(q.body.to_owned()),
        subject_id: Set(q.subject_id),
        chapter_id: Set(q.chapter_id),
        class_number: Set(q.class_number),
        score: Set(0),
        answer_count: Set(0),
        accepted_answer_id: Set(None),
        duplicate_of: Set(None),
        hidden: Set(false),
        deleted_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        active_at: Set(now),
    }
    .insert(db)
    .await?;
    set_tags(db, row.id, q.tags).await?;
    Ok(row)
}

pub async fn set_tags(db: &impl ConnectionTrait, id: QuestionId, tags: &[String]) -> Result<(), DbErr> {
    tag::Entity::delete_many().filter(tag::Column::QuestionId.eq(id)).exec(db).await?;
    if !tags.is_empty() {
        tag::Entity::insert_many(tags.iter().map(|t| tag::ActiveModel { question_id: Set(id), tag: Set(t.clone()) }))
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

pub async fn update_text(db: &impl ConnectionTrait, id: QuestionId, title: &str, body: &str) -> Result<(), DbErr> {
    question::Entity::update_many()
        .col_expr(question::Column::Title, Expr::value(title))
        .col_expr(question::Column::TitleKey, Expr::value(bangla::search_key(title)))
        .col_expr(question::Column::Body, Expr::value(body))
        .col_expr(question::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(question::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// A question that is neither deleted nor hidden.
pub async fn visible(db: &impl ConnectionTrait, id: QuestionId) -> Result<Option<question::Model>, DbErr> {
    question::Entity::find_by_id(id)
        .filter(question::Column::DeletedAt.is_null())
        .filter(question::Column::Hidden.eq(false))
        .one(db)
        .await
}

pub async fn tags_of(db: &impl ConnectionTrait, ids: &[QuestionId]) -> Result<Vec<(QuestionId, String)>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(tag::Entity::find()
        .filter(tag::Column::QuestionId.is_in(ids.iter().copied()))
        .order_by_asc(tag::Column::Tag)
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.question_id, t.tag))
        .collect())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Order {
    #[default]
    Newest,
    Unanswered,
    Votes,
}

#[derive(Default)]
pub struct ListFilter {
    pub order: Order,
    pub tag: Option<String>,
    pub class_number: Option<i32>,
    pub subject_id: Option<SubjectId>,
    pub author: Option<UserId>,
    pub page: u64,
    pub per_page: u64,
}

/// One page of questions and how many match in all.
pub async fn list(db: &impl ConnectionTrait, f: &ListFilter) -> Result<(Vec<question::Model>, u64), DbErr> {
    let mut q = question::Entity::find()
        .filter(question::Column::DeletedAt.is_null())
        .filter(question::Column::Hidden.eq(false));
    if f.order == Order::Unanswered {
        q = q.filter(question::Column::AnswerCount.eq(0)).filter(question::Column::DuplicateOf.is_null());
    }
    if let Some(t) = &f.tag {
        let tagged = tag::Entity::find().select_only().column(tag::Column::QuestionId).filter(tag::Column::Tag.eq(t));
        q = q.filter(question::Column::Id.in_subquery(sea_orm::QueryTrait::into_query(tagged)));
    }
    if let Some(n) = f.class_number {
        q = q.filter(question::Column::ClassNumber.eq(n));
    }
    if let Some(s) = f.subject_id {
        q = q.filter(question::Column::SubjectId.eq(s));
    }
    if let Some(a) = f.author {
        q = q.filter(question::Column::AuthorId.eq(a));
    }
    let total = q.clone().count(db).await?;
    q = match f.order {
        Order::Votes => q.order_by_desc(question::Column::Score).order_by_desc(question::Column::CreatedAt),
        _ => q.order_by_desc(question::Column::CreatedAt),
    };
    let rows =
        q.order_by_desc(question::Column::Id).offset((f.page - 1) * f.per_page).limit(f.per_page).all(db).await?;
    Ok((rows, total))
}

/// Visible questions whose title shares a word with `words` (search keys),
/// newest first; the caller ranks them.
pub async fn with_title_words(
    db: &impl ConnectionTrait,
    words: &[String],
    limit: u64,
) -> Result<Vec<question::Model>, DbErr> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut any = Condition::any();
    for w in words {
        any = any.add(question::Column::TitleKey.contains(w));
    }
    question::Entity::find()
        .filter(question::Column::DeletedAt.is_null())
        .filter(question::Column::Hidden.eq(false))
        .filter(any)
        .order_by_desc(question::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await
}

pub async fn set_duplicate(db: &impl ConnectionTrait, id: QuestionId, of: Option<QuestionId>) -> Result<(), DbErr> {
    question::Entity::update_many()
        .col_expr(question::Column::DuplicateOf, Expr::value(of))
        .filter(question::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_accepted(db: &impl ConnectionTrait, id: QuestionId, answer: Option<AnswerId>) -> Result<(), DbErr> {
    question::Entity::update_many()
        .col_expr(question::Column::AcceptedAnswerId, Expr::value(answer))
        .col_expr(question::Column::ActiveAt, Expr::value(Utc::now()))
        .filter(question::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Moves a question's accepted mark from `from` to `to`, only if it still
/// sits at `from`: false when another request moved it first. The row
/// stays locked to the end of the caller's transaction.
pub async fn move_accepted(
    db: &impl ConnectionTrait,
    id: QuestionId,
    from: Option<AnswerId>,
    to: AnswerId,
) -> Result<bool, DbErr> {
    let still = match from {
        Some(a) => question::Column::AcceptedAnswerId.eq(a),
        None => question::Column::AcceptedAnswerId.is_null(),
    };
    let moved = question::Entity::update_many()
        .col_expr(question::Column::AcceptedAnswerId, Expr::value(Some(to)))
        .col_expr(question::Column::ActiveAt, Expr::value(Utc::now()))
        .filter(question::Column::Id.eq(id))
        .filter(still)
        .exec(db)
        .await?;
    Ok(moved.rows_affected == 1)
}

pub async fn insert_answer(
    db: &impl ConnectionTrait,
    question: QuestionId,
    author: UserId,
    body: &str,
) -> Result<answer::Model, DbErr> {
    let now = Utc::now();
    let row = answer::ActiveModel {
        id: NotSet,
        question_id: Set(question),
        author_id: Set(author),
        body: Set(body.to_owned()),
        score: Set(0),
        hidden: Set(false),
        deleted_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    question::Entity::update_many()
        .col_expr(question::Column::AnswerCount, Expr::col(question::Column::AnswerCount).add(1))
        .col_expr(question::Column::ActiveAt, Expr::value(now))
        .filter(question::Column::Id.eq(question))
        .exec(db)
        .await?;
    Ok(row)
}

pub async fn update_answer(db: &impl ConnectionTrait, id: AnswerId, body: &str) -> Result<(), DbErr> {
    answer::Entity::update_many()
        .col_expr(answer::Column::Body, Expr::value(body))
        .col_expr(answer::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(answer::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// An answer whatever its state (hidden, deleted): for taking back what it
/// earned, which must happen even when nobody may see it any more.
pub async fn any_answer(db: &impl ConnectionTrait, id: AnswerId) -> Result<Option<answer::Model>, DbErr> {
    answer::Entity::find_by_id(id).one(db).await
}

/// An answer that is neither deleted nor hidden, under a question that is
/// neither: hiding a question hides its answers (their history, comments
/// and links) with it.
pub async fn visible_answer(db: &impl ConnectionTrait, id: AnswerId) -> Result<Option<answer::Model>, DbErr> {
    let its_question_shown = Query::select()
        .expr(Expr::val(1))
        .from(question::Entity)
        .and_where(
            Expr::col((question::Entity, question::Column::Id)).equals((answer::Entity, answer::Column::QuestionId)),
        )
        .and_where(Expr::col((question::Entity, question::Column::DeletedAt)).is_null())
        .and_where(Expr::col((question::Entity, question::Column::Hidden)).eq(false))
        .to_owned();
    answer::Entity::find_by_id(id)
        .filter(answer::Column::DeletedAt.is_null())
        .filter(answer::Column::Hidden.eq(false))
        .filter(Expr::exists(its_question_shown))
        .one(db)
        .await
}

/// A question's visible answers, best first (the page puts the accepted
/// one on top).
pub async fn answers_of(db: &impl ConnectionTrait, id: QuestionId) -> Result<Vec<answer::Model>, DbErr> {
    answer::Entity::find()
        .filter(answer::Column::QuestionId.eq(id))
        .filter(answer::Column::DeletedAt.is_null())
        .filter(answer::Column::Hidden.eq(false))
        .order_by_desc(answer::Column::Score)
        .order_by_asc(answer::Column::CreatedAt)
        .all(db)
        .await
}

/// Newest visible questions by any of `authors`, with any of `tags`, in
/// any of `subjects` or `classes` (a teacher's feed).
pub async fn recent_for_feed(
    db: &impl ConnectionTrait,
    authors: &[UserId],
    tags: &[String],
    subjects: &[SubjectId],
    classes: &[i32],
    since: Option<DateTime<Utc>>,
    limit: u64,
) -> Result<Vec<question::Model>, DbErr> {
    if authors.is_empty() && tags.is_empty() && subjects.is_empty() && classes.is_empty() {
        return Ok(Vec::new());
    }
    let mut any = Condition::any();
    if !authors.is_empty() {
        any = any.add(question::Column::AuthorId.is_in(authors.iter().copied()));
    }
    if !subjects.is_empty() {
        any = any.add(question::Column::SubjectId.is_in(subjects.iter().copied()));
    }
    if !classes.is_empty() {
        any = any.add(question::Column::ClassNumber.is_in(classes.iter().copied()));
    }
    if !tags.is_empty() {
        let tagged = tag::Entity::find()
            .select_only()
            .column(tag::Column::QuestionId)
            .filter(tag::Column::Tag.is_in(tags.iter().cloned()));
        any = any.add(question::Column::Id.in_subquery(sea_orm::QueryTrait::into_query(tagged)));
    }
    let mut q = question::Entity::find()
        .filter(question::Column::DeletedAt.is_null())
        .filter(question::Column::Hidden.eq(false))
        .filter(any);
    if let Some(s) = since {
        q = q.filter(question::Column::CreatedAt.gt(s));
    }
    q.order_by_desc(question::Column::CreatedAt).limit(limit).all(db).await
}
