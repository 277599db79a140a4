//! The saved versions of a question or an answer, newest first.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;

use crate::ids::{AnswerId, QuestionId};
use crate::questions::model::RevisionView;
use crate::questions::{editing, store};
use crate::state::AppState;
use crate::web::{AppError, AppResult, Page};

#[derive(Template)]
#[template(path = "community/revisions.html")]
struct HistoryPage {
    page: Page,
    back: String,
    revisions: Vec<RevisionView>,
}

pub(super) async fn question(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<QuestionId>,
) -> AppResult<Html<String>> {
    store::questions::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let mut revisions = editing::history(&state, id.into()).await?;
    revisions.reverse();
    let page = page.titled("revisions-title");
    Ok(Html(HistoryPage { page, back: format!("/questions/{id}"), revisions }.render()?))
}

pub(super) async fn answer(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<AnswerId>,
) -> AppResult<Html<String>> {
    let a = store::questions::visible_answer(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let mut revisions = editing::history(&state, id.into()).await?;
    revisions.reverse();
    let page = page.titled("revisions-title");
    Ok(Html(HistoryPage { page, back: format!("/questions/{}#answer-{id}", a.question_id), revisions }.render()?))
}
