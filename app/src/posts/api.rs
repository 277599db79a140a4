//! `/api/v1/posts`: blogs and opinions, drafts included for their author.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::PostCategory;
use super::service::{self as posts, PostInput, PostPage, PostView};
use super::store::PostFilter;
use crate::ids::PostId;
use crate::questions::model::{VoteInput, VoteResult};
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(mine))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(vote))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PostParams {
    pub category: Option<PostCategory>,
    pub tag: Option<String>,
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

impl PostParams {
    pub fn filter(&self) -> AppResult<PostFilter> {
        let mut errors = FieldErrors::default();
        crate::web::extract::check_paging(self.page, self.per_page, &mut errors);
        if !errors.is_empty() {
            return Err(AppError::BadParameter(errors));
        }
        let tag = self.tag.as_deref().map(|t| bangla::normalize(t).to_lowercase()).filter(|t| !t.is_empty());
        Ok(PostFilter {
            category: self.category,
            tag,
            mine: None,
            page: self.page.unwrap_or(1),
            per_page: self.per_page.unwrap_or(20),
        })
    }
}

/// Published posts, newest first, by category or tag.
#[utoipa::path(get, path = "/api/v1/posts", tag = "posts", params(PostParams), responses((status = 200, body = PostPage), (status = 400, body = ProblemDetails)))]
async fn list(State(state): State<AppState>, ApiQuery(p): ApiQuery<PostParams>) -> AppResult<Json<PostPage>> {
    Ok(Json(posts::list(&state, &p.filter()?).await?))
}

/// The caller's own posts, drafts first by last change.
#[utoipa::path(get, path = "/api/v1/me/posts", tag = "posts", params(PostParams), responses((status = 200, body = PostPage), (status = 400, body = ProblemDetails)), security(("bearer" = [])))]
async fn mine(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(p): ApiQuery<PostParams>,
) -> AppResult<Json<PostPage>> {
    let f = PostFilter { mine: Some(user.id), ..p.filter()? };
    Ok(Json(posts::list(&state, &f).await?))
}

/// Write a post: kept as a draft unless `publish` is true (then it needs a title, a body and a category).
#[utoipa::path(post, path = "/api/v1/posts", tag = "posts", request_body = PostInput,
    responses((status = 201, body = PostView), (status = 422, body = ProblemDetails), (status = 429, body = ProblemDetails)), security(("bearer" = [])))]
async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<PostInput>,
) -> AppResult<(StatusCode, Json<PostView>)> {
    let p = posts::create(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(posts::view(&state, p.id, Some(&user)).await?)))
}

/// A published post (or one's own draft).
#[utoipa::path(get, path = "/api/v1/posts/{id}", tag = "posts", params(("id" = i64, Path)),
    responses((status = 200, body = PostView), (status = 404, body = ProblemDetails)))]
async fn get_one(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiPath(id): ApiPath<PostId>,
) -> AppResult<Json<PostView>> {
    Ok(Json(posts::view(&state, id, ctx.user.as_ref()).await?))
}

/// Save a change (the author; autosave uses this), publishing when `publish` is true.
#[utoipa::path(patch, path = "/api/v1/posts/{id}", tag = "posts", params(("id" = i64, Path)), request_body = PostInput,
    responses((status = 200, body = PostView), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<PostId>,
    ApiJson(input): ApiJson<PostInput>,
) -> AppResult<Json<PostView>> {
    posts::update(&state, &user, id, &input).await?;
    Ok(Json(posts::view(&state, id, Some(&user)).await?))
}

/// Delete a post (its author, or a moderator).
#[utoipa::path(delete, path = "/api/v1/posts/{id}", tag = "posts", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)), security(("bearer" = [])))]
async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<PostId>,
) -> AppResult<StatusCode> {
    posts::delete(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Like a post (1), vote it down (-1, needs the privilege) or withdraw (0). Not one's own.
#[utoipa::path(put, path = "/api/v1/posts/{id}/vote", tag = "posts", params(("id" = i64, Path)), request_body = VoteInput,
    responses((status = 200, body = VoteResult), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn vote(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<PostId>,
    ApiJson(v): ApiJson<VoteInput>,
) -> AppResult<Json<VoteResult>> {
    Ok(Json(posts::vote(&state, &user, id, v.value).await?))
}
