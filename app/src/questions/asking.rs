//! Asking and answering: the rules (who may, what is checked, who is
//! told) above the store; questions like a title being typed.

use sea_orm::TransactionTrait;

use super::entity::{answer, question};
use super::model::*;
use super::store::questions::{self as store, NewQuestion};
use super::store::revisions::{self, NewRevision};
use crate::discussion::limits::Writing;
use crate::discussion::markdown;
use crate::ids::{QuestionId, UserId};
use crate::items::ItemRef;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

pub async fn ask(state: &AppState, who: &CurrentUser, input: &QuestionInput) -> AppResult<question::Model> {
    let valid = input.validate().map_err(AppError::Validation)?;
    let body_read = markdown::text_to_check(&valid.body);
    crate::blocklist::check(state, &[("title", &valid.title), ("body", &body_read), ("tags", &valid.tags.join(" "))])
        .await?;
    let curriculum = crate::curriculum::memory::current(state).await?;
    let (mut subject_id, mut chapter_id, mut class_number) = (input.subject_id, None, input.class);
    if let Some(ch) = input.chapter_id {
        let place = curriculum.place(ch).ok_or_else(|| AppError::invalid("chapter_id", "field-chapter-needed"))?;
        chapter_id = Some(ch);
        subject_id = Some(place.subject_id);
        class_number = Some(place.class_number);
    } else if let Some(s) = subject_id {
        let class = curriculum
            .levels
            .iter()
            .flat_map(|l| &l.classes)
            .find(|c| c.subjects.iter().any(|x| x.id == s))
            .ok_or_else(|| AppError::invalid("subject_id", "field-subject-invalid"))?;
        class_number = Some(class.number);
    }
    crate::discussion::limits::check(state, who, Writing::Post).await?;
    let txn = state.db.begin().await?;
    let row = store::insert(
        &txn,
        NewQuestion {
            author: who.id,
            title: &valid.title,
            body: &valid.body,
            subject_id,
            chapter_id,
            class_number,
            tags: &valid.tags,
        },
    )
    .await?;
    let first = NewRevision {
        item: ItemRef::from(row.id),
        editor: who.id,
        title: Some(&valid.title),
        body: &valid.body,
        note: "",
    };
    revisions::add(&txn, first).await?;
    crate::jobs::search_later(&txn, row.id).await?;
    txn.commit().await?;
    // Kept feeds on this node show it at once (elsewhere within 3 s).
    crate::web::page_parts::changed(state);
    Ok(row)
}

pub async fn answer(
    state: &AppState,
    who: &CurrentUser,
    id: QuestionId,
    input: &AnswerInput,
) -> AppResult<answer::Model> {
    let mut errors = FieldErrors::default();
    let body = check_body(&input.body, &mut errors);
    errors.into_result()?;
    crate::blocklist::check(state, &[("body", &markdown::text_to_check(&body))]).await?;
    let q = store::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if q.duplicate_of.is_some() {
        return Err(AppError::NotAllowed { code: "question_closed", key: "question-closed" });
    }
    crate::discussion::limits::check(state, who, Writing::Post).await?;
    let txn = state.db.begin().await?;
    let row = store::insert_answer(&txn, id, who.id, &body).await?;
    let first = NewRevision { item: ItemRef::from(row.id), editor: who.id, title: None, body: &body, note: "" };
    revisions::add(&txn, first).await?;
    let link = format!("/questions/{id}#answer-{}", row.id);
    if q.author_id != who.id {
        crate::notifications::store::notify(&txn, q.author_id, "notify-answer", &q.title, &link).await?;
    }
    let mut people: Vec<UserId> = store::answers_of(&txn, id).await?.into_iter().map(|a| a.author_id).collect();
    people.push(q.author_id);
    crate::discussion::mentions::notify(&txn, &body, &people, who.id, &q.title, &link).await?;
    txn.commit().await?;
    super::kept::forget(state, id);
    crate::jobs::search_later(&state.db, id).await?;
    Ok(row)
}

/// Up to five asked questions most like `title` (shared words first).
pub async fn similar(state: &AppState, title: &str, except: Option<QuestionId>) -> AppResult<Vec<QuestionSummary>> {
    let words: Vec<String> = bangla::words(title).into_iter().filter(|w| w.chars().count() >= 3).collect();
    let rows = store::with_title_words(&state.db, &words, 50).await?;
    let mut ranked: Vec<(usize, question::Model)> = rows
        .into_iter()
        .filter(|q| Some(q.id) != except)
        .map(|q| (words.iter().filter(|w| q.title_key.contains(w.as_str())).count(), q))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.score.cmp(&a.1.score)));
    let keep = words.len().div_ceil(2).max(1);
    let rows: Vec<question::Model> =
        ranked.into_iter().filter(|(n, _)| *n >= keep.min(2)).take(5).map(|(_, q)| q).collect();
    super::views::summaries(state, rows).await
}
