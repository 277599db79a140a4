//! `/api/v1/training-batches`: face-to-face batches and events, places,
//! attendance by pass code (what the trainer's scanner sends) and rosters.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::training::{self, BatchInput, BatchView, RosterLine};
use crate::ids::{BatchId, UserId};
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::problem::ProblemDetails;
use crate::web::{AppResult, CurrentUser};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one))
        .routes(routes!(join, leave))
        .routes(routes!(mark))
        .routes(routes!(roster))
}

/// Open batches and events, soonest first.
#[utoipa::path(get, path = "/api/v1/training-batches", tag = "training", responses((status = 200, body = Vec<BatchView>)))]
async fn list(State(state): State<AppState>, ctx: RequestContext) -> AppResult<Json<Vec<BatchView>>> {
    Ok(Json(training::open(&state, ctx.user.as_ref(), None).await?))
}

#[derive(Serialize, ToSchema)]
pub struct BatchCreated {
    pub id: BatchId,
}

/// Create a batch (after a course) or an event (education officers).
#[utoipa::path(post, path = "/api/v1/training-batches", tag = "training", request_body = BatchInput,
    responses((status = 201, body = BatchCreated), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<BatchInput>,
) -> AppResult<(StatusCode, Json<BatchCreated>)> {
    Ok((StatusCode::CREATED, Json(BatchCreated { id: training::create(&state, &user, &input).await? })))
}

#[utoipa::path(get, path = "/api/v1/training-batches/{id}", tag = "training", params(("id" = i64, Path)),
    responses((status = 200, body = BatchView), (status = 404, body = ProblemDetails)))]
async fn get_one(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiPath(id): ApiPath<BatchId>,
) -> AppResult<Json<BatchView>> {
    Ok(Json(training::view(&state, ctx.user.as_ref(), id).await?))
}

/// Take a place (a batch needs its course completed; a full event puts the caller on its waiting list).
#[utoipa::path(put, path = "/api/v1/training-batches/{id}/membership", tag = "training", params(("id" = i64, Path)),
    responses((status = 200, body = BatchView), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 409, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn join(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<BatchId>,
) -> AppResult<Json<BatchView>> {
    Ok(Json(training::join(&state, &user, id).await?))
}

/// Give the place up (at an event, the first waiting takes it).
#[utoipa::path(delete, path = "/api/v1/training-batches/{id}/membership", tag = "training", params(("id" = i64, Path)),
    responses((status = 200, body = BatchView), (status = 401, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn leave(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<BatchId>,
) -> AppResult<Json<BatchView>> {
    Ok(Json(training::leave(&state, &user, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct MarkInput {
    /// 1 … the batch's days
    #[schema(minimum = 1, maximum = 30)]
    pub day: i32,
    /// The code of the teacher's pass (what her QR carries).
    pub code: Option<String>,
    /// Or the teacher (from the checklist).
    pub user_id: Option<UserId>,
}

#[derive(Serialize, ToSchema)]
pub struct Marked {
    pub name: String,
}

/// Mark a placed teacher present on a day (the batch's creator, trainers and administrators; never oneself).
#[utoipa::path(post, path = "/api/v1/training-batches/{id}/attendance", tag = "training", params(("id" = i64, Path)), request_body = MarkInput,
    responses((status = 200, body = Marked), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn mark(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<BatchId>,
    ApiJson(m): ApiJson<MarkInput>,
) -> AppResult<Json<Marked>> {
    Ok(Json(Marked { name: training::mark(&state, &user, id, m.day, m.code.as_deref(), m.user_id).await? }))
}

/// Members with the days they were present (the batch's creator, trainers and administrators).
#[utoipa::path(get, path = "/api/v1/training-batches/{id}/roster", tag = "training", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<RosterLine>), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn roster(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<BatchId>,
) -> AppResult<Json<Vec<RosterLine>>> {
    Ok(Json(training::roster(&state, &user, id).await?.1))
}
