//! `/api/v1/questions`, `/api/v1/answers` and a teacher's reputation.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::*;
use super::reputation::{self, Reputation};
use super::store::questions::{ListFilter, Order};
use super::{accepting, asking, editing, store, views, votes};
use crate::ids::{AnswerId, ChapterId, QuestionId, SubjectId, UserId};
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, ask))
        .routes(routes!(similar))
        .routes(routes!(get_one, edit))
        .routes(routes!(answers, add_answer))
        .routes(routes!(edit_answer))
        .routes(routes!(accept))
        .routes(routes!(vote_question))
        .routes(routes!(vote_answer))
        .routes(routes!(question_revisions))
        .routes(routes!(answer_revisions))
        .routes(routes!(reputation_of))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// new (default) | unanswered | votes
    #[param(pattern = "^(new|unanswered|votes)$")]
    pub sort: Option<String>,
    pub tag: Option<String>,
    /// Class number, 1–12.
    #[param(minimum = 1, maximum = 12)]
    pub class: Option<i32>,
    pub subject_id: Option<SubjectId>,
    /// From 1.
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
    /// 1 to 100; 20 when left out.
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

impl ListParams {
    /// Unknown or out-of-range values are refused, not quietly replaced.
    pub fn filter(&self) -> AppResult<ListFilter> {
        let mut errors = FieldErrors::default();
        let order = match self.sort.as_deref() {
            None | Some("new") => Order::Newest,
            Some("unanswered") => Order::Unanswered,
            Some("votes") => Order::Votes,
            Some(_) => {
                errors.add("sort", "field-bad-parameter");
                Order::Newest
            }
        };
        if self.class.is_some_and(|c| !(1..=12).contains(&c)) {
            errors.add("class", "field-bad-parameter");
        }
        crate::web::extract::check_paging(self.page, self.per_page, &mut errors);
        if !errors.is_empty() {
            return Err(AppError::BadParameter(errors));
        }
        let tag = self.tag.as_deref().map(|t| bangla::normalize(t.trim()).to_lowercase()).filter(|t| !t.is_empty());
        Ok(ListFilter {
            order,
            tag,
            class_number: self.class,
            subject_id: self.subject_id,
            author: None,
            page: self.page.unwrap_or(1),
            per_page: self.per_page.unwrap_or(20),
        })
    }
}

/// Questions: newest, unanswered or most voted; by tag, class or subject.
#[utoipa::path(get, path = "/api/v1/questions", tag = "questions", params(ListParams), responses((status = 200, body = QuestionPage), (status = 400, body = ProblemDetails)))]
async fn list(State(state): State<AppState>, ApiQuery(p): ApiQuery<ListParams>) -> AppResult<Json<QuestionPage>> {
    Ok(Json(views::list(&state, &p.filter()?).await?))
}

/// Ask a question (Markdown body; optional tags and curriculum place).
#[utoipa::path(post, path = "/api/v1/questions", tag = "questions", request_body = QuestionInput,
    responses((status = 201, body = QuestionView), (status = 422, body = ProblemDetails), (status = 429, body = ProblemDetails)), security(("bearer" = [])))]
async fn ask(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<QuestionInput>,
) -> AppResult<(StatusCode, Json<QuestionView>)> {
    let q = asking::ask(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(views::view(&state, q.id, Some(&user)).await?)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimilarParams {
    /// The title being typed.
    #[serde(default)]
    pub title: String,
}

/// Questions already asked that look like this title.
#[utoipa::path(get, path = "/api/v1/questions/similar", tag = "questions", params(SimilarParams), responses((status = 200, body = Vec<QuestionSummary>)))]
async fn similar(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<SimilarParams>,
) -> AppResult<Json<Vec<QuestionSummary>>> {
    let title: String = p.title.chars().take(300).collect();
    Ok(Json(asking::similar(&state, &title, None).await?))
}

/// A question with its answers, the accepted one first.
#[utoipa::path(get, path = "/api/v1/questions/{id}", tag = "questions", params(("id" = i64, Path)),
    responses((status = 200, body = QuestionView), (status = 404, body = ProblemDetails)))]
async fn get_one(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiPath(id): ApiPath<QuestionId>,
) -> AppResult<Json<QuestionView>> {
    Ok(Json(views::view(&state, id, ctx.user.as_ref()).await?))
}

#[derive(Deserialize, ToSchema, Debug)]
pub struct QuestionEdit {
    // The question's fields one by one: a flattened struct would read every
    // unknown field too.
    #[serde(default)]
    #[schema(required = true, min_length = 10, max_length = 150)]
    pub title: String,
    /// Markdown.
    #[serde(default)]
    #[schema(required = true, min_length = 20, max_length = 20000)]
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub chapter_id: Option<ChapterId>,
    pub subject_id: Option<SubjectId>,
    /// A class number, 1–12.
    #[schema(minimum = 1, maximum = 12)]
    pub class: Option<i32>,
    /// What was changed and why (kept with the revision).
    #[serde(default)]
    pub note: String,
}

/// Edit a question (its author, or a teacher with the editing privilege); the old text stays in its history.
#[utoipa::path(patch, path = "/api/v1/questions/{id}", tag = "questions", params(("id" = i64, Path)), request_body = QuestionEdit,
    responses((status = 200, body = QuestionView), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<QuestionId>,
    ApiJson(e): ApiJson<QuestionEdit>,
) -> AppResult<Json<QuestionView>> {
    let question = QuestionInput {
        title: e.title,
        body: e.body,
        tags: e.tags,
        chapter_id: e.chapter_id,
        subject_id: e.subject_id,
        class: e.class,
    };
    editing::edit_question(&state, &user, id, &question, &e.note).await?;
    Ok(Json(views::view(&state, id, Some(&user)).await?))
}

/// A question's answers, the accepted one first.
#[utoipa::path(get, path = "/api/v1/questions/{id}/answers", tag = "questions", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<AnswerView>), (status = 404, body = ProblemDetails)))]
async fn answers(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiPath(id): ApiPath<QuestionId>,
) -> AppResult<Json<Vec<AnswerView>>> {
    Ok(Json(views::view(&state, id, ctx.user.as_ref()).await?.answers))
}

/// Answer a question (Markdown). The asker is notified.
#[utoipa::path(post, path = "/api/v1/questions/{id}/answers", tag = "questions", params(("id" = i64, Path)), request_body = AnswerInput,
    responses((status = 201, body = AnswerView), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails), (status = 429, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn add_answer(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<QuestionId>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> AppResult<(StatusCode, Json<AnswerView>)> {
    let a = asking::answer(&state, &user, id, &input).await?;
    let view = views::view(&state, id, Some(&user)).await?;
    let mine = view.answers.into_iter().find(|x| x.id == a.id).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(mine)))
}

#[derive(Deserialize, ToSchema, Debug)]
pub struct AnswerEdit {
    #[serde(default)]
    #[schema(required = true, min_length = 20, max_length = 20000)]
    pub body: String,
    #[serde(default)]
    pub note: String,
}

/// Edit an answer (its author, or a teacher with the editing privilege).
#[utoipa::path(patch, path = "/api/v1/answers/{id}", tag = "questions", params(("id" = i64, Path)), request_body = AnswerEdit,
    responses((status = 204), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn edit_answer(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<AnswerId>,
    ApiJson(e): ApiJson<AnswerEdit>,
) -> AppResult<StatusCode> {
    editing::edit_answer(&state, &user, id, &AnswerInput { body: e.body }, &e.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accept an answer (the asker only); the helper earns reputation and is notified.
#[utoipa::path(post, path = "/api/v1/answers/{id}/accept", tag = "questions", params(("id" = i64, Path)),
    responses((status = 200, body = QuestionView), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn accept(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<AnswerId>,
) -> AppResult<Json<QuestionView>> {
    let q = accepting::accept(&state, &user, id).await?;
    Ok(Json(views::view(&state, q, Some(&user)).await?))
}

/// Vote on a question: 1 up, -1 down (needs the privilege), 0 withdraws. Not on one's own.
#[utoipa::path(put, path = "/api/v1/questions/{id}/vote", tag = "questions", params(("id" = i64, Path)), request_body = VoteInput,
    responses((status = 200, body = VoteResult), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn vote_question(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<QuestionId>,
    ApiJson(v): ApiJson<VoteInput>,
) -> AppResult<Json<VoteResult>> {
    Ok(Json(votes::vote(&state, &user, id.into(), v.value).await?))
}

/// Vote on an answer: 1 up, -1 down (needs the privilege), 0 withdraws. Not on one's own.
#[utoipa::path(put, path = "/api/v1/answers/{id}/vote", tag = "questions", params(("id" = i64, Path)), request_body = VoteInput,
    responses((status = 200, body = VoteResult), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn vote_answer(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<AnswerId>,
    ApiJson(v): ApiJson<VoteInput>,
) -> AppResult<Json<VoteResult>> {
    Ok(Json(votes::vote(&state, &user, id.into(), v.value).await?))
}

/// Every saved version of a question, with what each changed.
#[utoipa::path(get, path = "/api/v1/questions/{id}/revisions", tag = "questions", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<RevisionView>), (status = 404, body = ProblemDetails)))]
async fn question_revisions(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<QuestionId>,
) -> AppResult<Json<Vec<RevisionView>>> {
    store::questions::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(editing::history(&state, id.into()).await?))
}

/// Every saved version of an answer, with what each changed.
#[utoipa::path(get, path = "/api/v1/answers/{id}/revisions", tag = "questions", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<RevisionView>), (status = 404, body = ProblemDetails)))]
async fn answer_revisions(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<AnswerId>,
) -> AppResult<Json<Vec<RevisionView>>> {
    store::questions::visible_answer(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(editing::history(&state, id.into()).await?))
}

/// A teacher's reputation and its latest changes, with why.
#[utoipa::path(get, path = "/api/v1/users/{id}/reputation", tag = "questions", params(("id" = i64, Path)),
    responses((status = 200, body = Reputation), (status = 404, body = ProblemDetails)))]
async fn reputation_of(State(state): State<AppState>, ApiPath(id): ApiPath<UserId>) -> AppResult<Json<Reputation>> {
    crate::accounts::store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(reputation::of(&state.db, id).await?))
}
