//! Editing an answer (its author, or a teacher with the editing privilege).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use serde::Deserialize;

use crate::ids::{AnswerId, QuestionId};
use crate::questions::model::AnswerInput;
use crate::questions::reputation::{self, Privilege};
use crate::questions::{editing, store};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::form::redirect_or_again;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

#[derive(Template)]
#[template(path = "community/answer_edit.html")]
struct AnswerEditPage {
    page: Page,
    id: AnswerId,
    question_id: QuestionId,
    body: String,
    errors: FieldErrors,
}

/// The form for answer `id` again, with what she typed and `errors` beside it.
async fn again_page(
    state: &AppState,
    page: Page,
    id: AnswerId,
    body: String,
    errors: FieldErrors,
) -> AppResult<String> {
    let a = store::questions::visible_answer(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let page = page.titled("answer-edit-title");
    Ok(AnswerEditPage { page, id, question_id: a.question_id, body, errors }.render()?)
}

pub(super) async fn form(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<AnswerId>,
) -> AppResult<Html<String>> {
    let a = store::questions::visible_answer(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if a.author_id != user.id {
        reputation::require(&state.db, &user, Privilege::EditOthers).await?;
    }
    let page = page.titled("answer-edit-title");
    let form = AnswerEditPage { page, id, question_id: a.question_id, body: a.body, errors: FieldErrors::default() };
    Ok(Html(form.render()?))
}

#[derive(Deserialize)]
pub(super) struct AnswerEditForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    note: String,
}

pub(super) async fn save(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<AnswerId>,
    VerifiedForm(f): VerifiedForm<AnswerEditForm>,
) -> AppResult<Response> {
    let input = AnswerInput { body: f.body.clone() };
    let saved =
        editing::edit_answer(&state, &user, id, &input, &f.note).await.map(|q| format!("/questions/{q}#answer-{id}"));
    redirect_or_again(saved, async |errors| again_page(&state, page, id, f.body, errors).await).await
}
