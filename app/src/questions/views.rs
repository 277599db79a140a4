//! Questions as teachers see them: lists, one question with its answers
//! and comments, and the authors' names and points.

use std::collections::HashMap;

use super::entity::question;
use super::model::*;
use super::store::questions as store;
use crate::discussion::{comments, markdown};
use crate::ids::{QuestionId, UserId};
use crate::items::{ItemKind, ItemRef};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};

pub async fn list(state: &AppState, filter: &store::ListFilter) -> AppResult<QuestionPage> {
    let (rows, total) = store::list(&state.db, filter).await?;
    Ok(QuestionPage { items: summaries(state, rows).await?, total, page: filter.page, per_page: filter.per_page })
}

/// Names and points of the teachers on a page, in two queries.
pub(crate) async fn authors(state: &AppState, ids: Vec<UserId>) -> AppResult<HashMap<UserId, Author>> {
    let names = crate::accounts::store::names_of(&state.db, &ids).await?;
    let points = super::store::reputation::totals_of(&state.db, &ids).await?;
    Ok(ids
        .into_iter()
        .map(|id| {
            let a = Author {
                id,
                name: names.get(&id).cloned().unwrap_or_default(),
                reputation: points.get(&id).copied().unwrap_or(0),
            };
            (id, a)
        })
        .collect())
}

pub async fn summaries(state: &AppState, rows: Vec<question::Model>) -> AppResult<Vec<QuestionSummary>> {
    let ids: Vec<QuestionId> = rows.iter().map(|q| q.id).collect();
    let mut tags: HashMap<QuestionId, Vec<String>> = HashMap::new();
    for (q, t) in store::tags_of(&state.db, &ids).await? {
        tags.entry(q).or_default().push(t);
    }
    let people = authors(state, rows.iter().map(|q| q.author_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|q| QuestionSummary {
            excerpt: markdown::excerpt(&q.body, 160),
            author: people[&q.author_id].clone(),
            tags: tags.remove(&q.id).unwrap_or_default(),
            answered: q.accepted_answer_id.is_some(),
            id: q.id,
            title: q.title,
            score: q.score,
            answer_count: q.answer_count,
            duplicate_of: q.duplicate_of,
            created_at: q.created_at,
        })
        .collect())
}

/// A question with its answers (accepted first, then by score), as
/// `viewer` sees it: the shared view (kept a few seconds, see `kept`) with
/// her own votes marked (one query).
pub async fn view(state: &AppState, id: QuestionId, viewer: Option<&CurrentUser>) -> AppResult<QuestionView> {
    let shared = super::kept::question(state, id).await?;
    let mut view = (*shared).clone();
    if let Some(v) = viewer {
        let answer_ids: Vec<i64> = view.answers.iter().map(|a| a.id.0).collect();
        let mine = super::kept::votes(state, v.id, id, &answer_ids).await?;
        view.my_vote = mine.get(&ItemRef::from(id)).copied().unwrap_or(0);
        for a in &mut view.answers {
            a.my_vote = mine.get(&ItemRef::from(a.id)).copied().unwrap_or(0);
        }
    }
    Ok(view)
}

/// The question as everyone sees it (no one's votes marked).
pub async fn build(state: &AppState, id: QuestionId) -> AppResult<QuestionView> {
    let q = store::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let mut answers = store::answers_of(&state.db, id).await?;
    answers.sort_by_key(|a| (Some(a.id) != q.accepted_answer_id, -a.score));
    let tags = store::tags_of(&state.db, &[id]).await?.into_iter().map(|(_, t)| t).collect();
    let mut people: Vec<UserId> = answers.iter().map(|a| a.author_id).collect();
    people.push(q.author_id);
    let people = authors(state, people).await?;
    let answer_ids: Vec<i64> = answers.iter().map(|a| a.id.0).collect();
    let mut answer_comments = comments::on(state, ItemKind::Answer, &answer_ids).await?;
    let question_comments = comments::of(state, ItemRef::from(id)).await?;
    let answers = answers
        .into_iter()
        .map(|a| AnswerView {
            comments: answer_comments.remove(&a.id.0).unwrap_or_default(),
            body_html: markdown::to_html(&a.body),
            author: people[&a.author_id].clone(),
            accepted: Some(a.id) == q.accepted_answer_id,
            my_vote: 0,
            edited: a.updated_at > a.created_at,
            id: a.id,
            question_id: a.question_id,
            body: a.body,
            score: a.score,
            created_at: a.created_at,
        })
        .collect();
    Ok(QuestionView {
        body_html: markdown::to_html(&q.body),
        author: people[&q.author_id].clone(),
        edited: q.updated_at > q.created_at,
        id: q.id,
        title: q.title,
        body: q.body,
        tags,
        class: q.class_number,
        subject_id: q.subject_id,
        chapter_id: q.chapter_id,
        score: q.score,
        my_vote: 0,
        answer_count: q.answer_count,
        accepted_answer_id: q.accepted_answer_id,
        duplicate_of: q.duplicate_of,
        created_at: q.created_at,
        comments: question_comments,
        answers,
    })
}
