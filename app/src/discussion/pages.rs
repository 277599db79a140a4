//! Comment forms and `/api/v1/{questions|answers|ideas|posts}/{id}/comments`.

use askama::Template;
use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::comments::{self, CommentInput, CommentLine};
use super::owners;
use crate::ids::{AnswerId, DiscussionCommentId, IdeaId, PostId, QuestionId};
use crate::items::ItemRef;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiPath, VerifiedForm};
use crate::web::form::redirect_or_again;
use crate::web::problem::ProblemDetails;
use crate::web::{AppResult, CurrentUser, FieldErrors, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/questions/{id}/comments", post(on_question))
        .route("/answers/{id}/comments", post(on_answer))
        .route("/ideas/{id}/comments", post(on_idea))
        .route("/posts/{id}/comments", post(on_post))
        .route("/discussion-comments/{id}/delete", post(delete))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(question_comments, comment_question))
        .routes(routes!(answer_comments, comment_answer))
        .routes(routes!(idea_comments, comment_idea))
        .routes(routes!(post_comments, comment_post))
}

/// `?notice=reported` after a report form, on an item's page.
#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    notice: Option<String>,
}

impl NoticeQuery {
    pub fn reported(&self) -> bool {
        self.notice.as_deref() == Some("reported")
    }
}

/// A refused comment: the message and the text typed, to send again.
#[derive(Template)]
#[template(path = "community/comment_refused.html")]
struct Refused {
    page: Page,
    key: &'static str,
    action: String,
    back: String,
    body: String,
}

/// After a form: back to the comment, or the form again with why not.
async fn posted(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    item: ItemRef,
    f: CommentInput,
) -> AppResult<Response> {
    let back = comments::back_to(item);
    let added = comments::add(state, user, item, &f).await.map(|c| format!("{back}#comment-{}", c.id));
    redirect_or_again(added, async |errors: FieldErrors| {
        let key = errors.0.first().map(|e| e.key).unwrap_or("field-comment-empty");
        let action = format!("/{}s/{}/comments", item.kind, item.id);
        let page = page.titled("error-validation");
        Ok(Refused { page, key, action, back, body: f.body }.render()?)
    })
    .await
}

async fn on_question(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<QuestionId>,
    VerifiedForm(f): VerifiedForm<CommentInput>,
) -> AppResult<Response> {
    posted(&state, page, &user, id.into(), f).await
}

async fn on_answer(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<AnswerId>,
    VerifiedForm(f): VerifiedForm<CommentInput>,
) -> AppResult<Response> {
    posted(&state, page, &user, id.into(), f).await
}

async fn on_idea(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<IdeaId>,
    VerifiedForm(f): VerifiedForm<CommentInput>,
) -> AppResult<Response> {
    posted(&state, page, &user, id.into(), f).await
}

async fn on_post(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<PostId>,
    VerifiedForm(f): VerifiedForm<CommentInput>,
) -> AppResult<Response> {
    posted(&state, page, &user, id.into(), f).await
}

async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<DiscussionCommentId>,
    VerifiedForm(_): VerifiedForm<crate::web::extract::TokenOnlyForm>,
) -> AppResult<Response> {
    let back = comments::delete(&state, &user, id).await?;
    Ok(Redirect::to(&back).into_response())
}

/// The comments on a visible item.
async fn list(state: &AppState, item: ItemRef) -> AppResult<Json<Vec<CommentLine>>> {
    let item = comments::commentable(item)?;
    owners::owner(state, item)?.about(state, item, None).await?;
    Ok(Json(comments::of(state, item).await?))
}

async fn create(
    state: &AppState,
    user: &CurrentUser,
    item: ItemRef,
    f: CommentInput,
) -> AppResult<(StatusCode, Json<CommentLine>)> {
    Ok((StatusCode::CREATED, Json(comments::add(state, user, item, &f).await?)))
}

/// Comments on a question.
#[utoipa::path(get, path = "/api/v1/questions/{id}/comments", tag = "questions", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<CommentLine>), (status = 404, body = ProblemDetails)))]
async fn question_comments(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<QuestionId>,
) -> AppResult<Json<Vec<CommentLine>>> {
    list(&state, id.into()).await
}

/// Comment on a question (others' questions need the commenting privilege).
#[utoipa::path(post, path = "/api/v1/questions/{id}/comments", tag = "questions", params(("id" = i64, Path)), request_body = CommentInput,
    responses((status = 201, body = CommentLine), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails), (status = 429, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn comment_question(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<QuestionId>,
    ApiJson(f): ApiJson<CommentInput>,
) -> AppResult<(StatusCode, Json<CommentLine>)> {
    create(&state, &user, id.into(), f).await
}

/// Comments on an answer.
#[utoipa::path(get, path = "/api/v1/answers/{id}/comments", tag = "questions", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<CommentLine>), (status = 404, body = ProblemDetails)))]
async fn answer_comments(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<AnswerId>,
) -> AppResult<Json<Vec<CommentLine>>> {
    list(&state, id.into()).await
}

/// Comment on an answer (the asker always may; others need the privilege).
#[utoipa::path(post, path = "/api/v1/answers/{id}/comments", tag = "questions", params(("id" = i64, Path)), request_body = CommentInput,
    responses((status = 201, body = CommentLine), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails), (status = 429, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn comment_answer(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<AnswerId>,
    ApiJson(f): ApiJson<CommentInput>,
) -> AppResult<(StatusCode, Json<CommentLine>)> {
    create(&state, &user, id.into(), f).await
}

/// Comments on an idea.
#[utoipa::path(get, path = "/api/v1/ideas/{id}/comments", tag = "ideas", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<CommentLine>), (status = 404, body = ProblemDetails)))]
async fn idea_comments(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<IdeaId>,
) -> AppResult<Json<Vec<CommentLine>>> {
    list(&state, id.into()).await
}

/// Comment on an idea.
#[utoipa::path(post, path = "/api/v1/ideas/{id}/comments", tag = "ideas", params(("id" = i64, Path)), request_body = CommentInput,
    responses((status = 201, body = CommentLine), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails), (status = 429, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn comment_idea(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<IdeaId>,
    ApiJson(f): ApiJson<CommentInput>,
) -> AppResult<(StatusCode, Json<CommentLine>)> {
    create(&state, &user, id.into(), f).await
}

/// Comments on a published post.
#[utoipa::path(get, path = "/api/v1/posts/{id}/comments", tag = "posts", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<CommentLine>), (status = 404, body = ProblemDetails)))]
async fn post_comments(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<PostId>,
) -> AppResult<Json<Vec<CommentLine>>> {
    list(&state, id.into()).await
}

/// Comment on a published post.
#[utoipa::path(post, path = "/api/v1/posts/{id}/comments", tag = "posts", params(("id" = i64, Path)), request_body = CommentInput,
    responses((status = 201, body = CommentLine), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails), (status = 429, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn comment_post(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<PostId>,
    ApiJson(f): ApiJson<CommentInput>,
) -> AppResult<(StatusCode, Json<CommentLine>)> {
    create(&state, &user, id.into(), f).await
}
