//! Editing questions and answers (each edit kept as a revision), closing
//! a question as a duplicate, and the history of the edits.

use sea_orm::TransactionTrait;

use super::model::*;
use super::reputation::{self, Privilege};
use super::store::questions as store;
use super::store::revisions::{self, NewRevision};
use super::views::authors;
use crate::discussion::markdown;
use crate::ids::{AnswerId, QuestionId, UserId};
use crate::items::ItemRef;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

/// May `who` change this item of `author`'s?
async fn may_edit(state: &AppState, who: &CurrentUser, author: UserId) -> AppResult<()> {
    if author == who.id {
        return Ok(());
    }
    reputation::require(&state.db, who, Privilege::EditOthers).await
}

/// Edits saved in an hour: each keeps a whole revision, so they are counted.
pub const EDITS_PER_HOUR: u32 = 60;

async fn edit_allowance(state: &AppState, who: &CurrentUser) -> AppResult<()> {
    crate::web::ratelimit::hourly_allowance(&state.db, "edit", who.id.0, EDITS_PER_HOUR, "quota-edits-hour").await
}

pub async fn edit_question(
    state: &AppState,
    who: &CurrentUser,
    id: QuestionId,
    input: &QuestionInput,
    note: &str,
) -> AppResult<()> {
    let q = store::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
    may_edit(state, who, q.author_id).await?;
    let valid = input.validate().map_err(AppError::Validation)?;
    let body_read = markdown::text_to_check(&valid.body);
    crate::blocklist::check(state, &[("title", &valid.title), ("body", &body_read), ("tags", &valid.tags.join(" "))])
        .await?;
    edit_allowance(state, who).await?;
    let note = note.trim().chars().take(200).collect::<String>();
    let txn = state.db.begin().await?;
    store::update_text(&txn, id, &valid.title, &valid.body).await?;
    store::set_tags(&txn, id, &valid.tags).await?;
    let rev = NewRevision {
        item: ItemRef::from(id),
        editor: who.id,
        title: Some(&valid.title),
        body: &valid.body,
        note: &note,
    };
    revisions::add(&txn, rev).await?;
    txn.commit().await?;
    super::kept::forget(state, id);
    crate::jobs::search_later(&state.db, id).await?;
    Ok(())
}

pub async fn edit_answer(
    state: &AppState,
    who: &CurrentUser,
    id: AnswerId,
    input: &AnswerInput,
    note: &str,
) -> AppResult<QuestionId> {
    let a = store::visible_answer(&state.db, id).await?.ok_or(AppError::NotFound)?;
    may_edit(state, who, a.author_id).await?;
    let mut errors = FieldErrors::default();
    let body = check_body(&input.body, &mut errors);
    errors.into_result()?;
    crate::blocklist::check(state, &[("body", &markdown::text_to_check(&body))]).await?;
    edit_allowance(state, who).await?;
    let note = note.trim().chars().take(200).collect::<String>();
    let txn = state.db.begin().await?;
    store::update_answer(&txn, id, &body).await?;
    revisions::add(
        &txn,
        NewRevision { item: ItemRef::from(id), editor: who.id, title: None, body: &body, note: &note },
    )
    .await?;
    txn.commit().await?;
    super::kept::forget(state, a.question_id);
    crate::jobs::search_later(&state.db, a.question_id).await?;
    Ok(a.question_id)
}

/// Closes a question as a duplicate of another (or reopens it with None).
pub async fn close_as_duplicate(
    state: &AppState,
    who: &CurrentUser,
    id: QuestionId,
    of: Option<QuestionId>,
) -> AppResult<()> {
    let q = store::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if q.author_id != who.id {
        reputation::require(&state.db, who, Privilege::ReviewReports).await?;
    }
    if let Some(other) = of
        && (other == id || store::visible(&state.db, other).await?.is_none())
    {
        return Err(AppError::invalid("duplicate_of", "field-duplicate-invalid"));
    }
    let txn = state.db.begin().await?;
    store::set_duplicate(&txn, id, of).await?;
    let detail = serde_json::json!({ "duplicate_of": of });
    crate::audit::record(&txn, Some(who.id), "question.duplicate", id, detail).await?;
    txn.commit().await?;
    super::kept::forget(state, id);
    crate::jobs::search_later(&state.db, id).await?;
    Ok(())
}

/// The saved versions of a question or answer, each with what changed.
pub async fn history(state: &AppState, item: ItemRef) -> AppResult<Vec<RevisionView>> {
    let rows = revisions::of(&state.db, item).await?;
    if rows.is_empty() {
        return Err(AppError::NotFound);
    }
    let people = authors(state, rows.iter().map(|r| r.editor_id).collect()).await?;
    let mut out: Vec<RevisionView> = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let diff = match i.checked_sub(1).map(|p| &rows[p]) {
            Some(before) => diff_lines(&full_text(before), &full_text(r)),
            None => Vec::new(),
        };
        out.push(RevisionView {
            number: i + 1,
            editor: people[&r.editor_id].clone(),
            title: r.title.clone(),
            body: r.body.clone(),
            note: r.note.clone(),
            created_at: r.created_at,
            diff,
        });
    }
    Ok(out)
}

fn full_text(r: &super::entity::revision::Model) -> String {
    match &r.title {
        Some(t) => format!("{t}\n\n{}", r.body),
        None => r.body.clone(),
    }
}

fn diff_lines(before: &str, after: &str) -> Vec<DiffLine> {
    similar::TextDiff::from_lines(before, after)
        .iter_all_changes()
        .map(|c| DiffLine {
            sign: match c.tag() {
                similar::ChangeTag::Delete => "-",
                similar::ChangeTag::Insert => "+",
                similar::ChangeTag::Equal => " ",
            }
            .into(),
            text: c.value().trim_end_matches('\n').to_owned(),
        })
        .collect()
}
