//! A question with its answers: the page, answering, votes, accepting and
//! closing as a duplicate, as plain forms.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::discussion::NoticeQuery;
use crate::ids::{AnswerId, QuestionId, UserId};
use crate::items::ItemRef;
use crate::questions::model::{AnswerInput, QuestionView};
use crate::questions::reputation::Privilege;
use crate::questions::{accepting, asking, editing, kept, store, votes};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::form::redirect_or_again;
use crate::web::{AppError, AppResult, FieldErrors, Page};

#[derive(Template)]
#[template(path = "community/question.html")]
struct QuestionPageView {
    page: Page,
    /// The shared view (not copied per request) and the viewer's votes.
    q: std::sync::Arc<QuestionView>,
    mine: std::sync::Arc<kept::MyVotes>,
    is_asker: bool,
    can_edit_others: bool,
    can_close: bool,
    answer_body: String,
    errors: FieldErrors,
    /// The teacher's report was received.
    reported: bool,
}

impl QuestionPageView {
    fn my_q(&self) -> i32 {
        self.mine.get(&ItemRef::from(self.q.id)).copied().unwrap_or(0)
    }
    fn my_a(&self, answer: &i64) -> i32 {
        self.mine.get(&ItemRef::from(AnswerId(*answer))).copied().unwrap_or(0)
    }
    fn can_edit(&self, author: &UserId) -> bool {
        self.page.user.as_ref().is_some_and(|u| u.id == *author) || self.can_edit_others
    }
    fn markdown(&self, html: &str) -> askama::filters::Safe<String> {
        // Rendered by `markdown::to_html`, which sanitises.
        askama::filters::Safe(html.to_owned())
    }
}

/// The question's page, with `answer_body` in the answer form and `errors`
/// beside the fields.
async fn question_page(
    state: &AppState,
    page: Page,
    id: QuestionId,
    answer_body: String,
    errors: FieldErrors,
) -> AppResult<QuestionPageView> {
    let viewer = page.user.clone();
    let q = kept::question(state, id).await?;
    let mine = match &viewer {
        Some(v) => {
            let answers: Vec<i64> = q.answers.iter().map(|a| a.id.0).collect();
            kept::votes(state, v.id, id, &answers).await?
        }
        None => Default::default(),
    };
    // One query for both rights: the viewer's points.
    let (can_edit_others, can_close) = match &viewer {
        Some(v) => {
            let points = if v.role.can_moderate() { i64::MAX } else { kept::points(state, v.id).await? };
            (
                points >= Privilege::EditOthers.points(),
                v.id == q.author.id || points >= Privilege::ReviewReports.points(),
            )
        }
        None => (false, false),
    };
    let is_asker = viewer.as_ref().is_some_and(|v| v.id == q.author.id);
    let mut page = page;
    page.title = q.title.clone();
    Ok(QuestionPageView { page, q, mine, is_asker, can_edit_others, can_close, answer_body, errors, reported: false })
}

pub(super) async fn page(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<QuestionId>,
    Query(n): Query<NoticeQuery>,
) -> AppResult<Html<String>> {
    let mut view = question_page(&state, page, id, String::new(), FieldErrors::default()).await?;
    view.reported = n.reported();
    Ok(Html(view.render()?))
}

#[derive(Deserialize)]
pub(super) struct AnswerForm {
    #[serde(default)]
    body: String,
}

pub(super) async fn answer(
    State(state): State<AppState>,
    page: Page,
    user: crate::web::CurrentUser,
    Path(id): Path<QuestionId>,
    VerifiedForm(f): VerifiedForm<AnswerForm>,
) -> AppResult<Response> {
    let input = AnswerInput { body: f.body.clone() };
    let answered = asking::answer(&state, &user, id, &input).await.map(|a| format!("/questions/{id}#answer-{}", a.id));
    redirect_or_again(answered, async |errors| Ok(question_page(&state, page, id, f.body, errors).await?.render()?))
        .await
}

#[derive(Deserialize)]
pub(super) struct VoteForm {
    value: String,
}

impl VoteForm {
    /// The vote sent; anything but a number is refused as out of range.
    pub(crate) fn value(&self) -> i32 {
        self.value.trim().parse().unwrap_or(99)
    }
}

pub(super) async fn vote_question(
    State(state): State<AppState>,
    user: crate::web::CurrentUser,
    Path(id): Path<QuestionId>,
    VerifiedForm(f): VerifiedForm<VoteForm>,
) -> AppResult<Response> {
    votes::vote(&state, &user, id.into(), f.value()).await?;
    Ok(Redirect::to(&format!("/questions/{id}#question")).into_response())
}

pub(super) async fn vote_answer(
    State(state): State<AppState>,
    user: crate::web::CurrentUser,
    Path(id): Path<AnswerId>,
    VerifiedForm(f): VerifiedForm<VoteForm>,
) -> AppResult<Response> {
    votes::vote(&state, &user, id.into(), f.value()).await?;
    answer_link(State(state), Path(id)).await
}

pub(super) async fn accept(
    State(state): State<AppState>,
    user: crate::web::CurrentUser,
    Path(id): Path<AnswerId>,
    VerifiedForm(_): VerifiedForm<crate::web::extract::TokenOnlyForm>,
) -> AppResult<Response> {
    let q = accepting::accept(&state, &user, id).await?;
    Ok(Redirect::to(&format!("/questions/{q}#answer-{id}")).into_response())
}

pub(super) async fn answer_link(State(state): State<AppState>, Path(id): Path<AnswerId>) -> AppResult<Response> {
    let a = store::questions::visible_answer(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(Redirect::to(&format!("/questions/{}#answer-{id}", a.question_id)).into_response())
}

#[derive(Deserialize)]
pub(super) struct DuplicateForm {
    #[serde(default)]
    duplicate_of: String,
}

impl DuplicateForm {
    /// The question typed (its number, `#number` or its address); none to reopen.
    fn of(&self) -> Option<QuestionId> {
        let typed = bangla::to_ascii_digits(&self.duplicate_of);
        let typed = typed.trim().trim_start_matches('#').rsplit('/').next().unwrap_or("").to_owned();
        if typed.is_empty() { None } else { Some(typed.parse::<QuestionId>().unwrap_or(QuestionId(0))) }
    }
}

pub(super) async fn duplicate(
    State(state): State<AppState>,
    page: Page,
    user: crate::web::CurrentUser,
    Path(id): Path<QuestionId>,
    VerifiedForm(f): VerifiedForm<DuplicateForm>,
) -> AppResult<Response> {
    let closed = editing::close_as_duplicate(&state, &user, id, f.of()).await.map(|()| format!("/questions/{id}"));
    redirect_or_again(closed, async |errors| {
        Ok(question_page(&state, page, id, String::new(), errors).await?.render()?)
    })
    .await
}
