//! `/api/v1/practice-logs`: a teacher's practice journal (plan, log,
//! share), comments, encouragement and observations by her school and
//! circles; `/api/v1/practice/dashboard` for head teachers and officers.
//! Photos and voice notes are sent with the journal's web form.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::dashboard::{self, Asked, PracticeDashboard};
use super::journal;
use super::model::{NoteInput, ObservationInput, PracticeInput, PracticeLog};
use crate::ids::{PracticeLogId, UserId};
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::problem::ProblemDetails;
use crate::web::{AppResult, CurrentUser};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update))
        .routes(routes!(add_note))
        .routes(routes!(observe))
        .routes(routes!(get_dashboard))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JournalParams {
    /// Another teacher's journal (her private entries only for her school and circles).
    pub teacher_id: Option<UserId>,
    /// Which page (from 1) of 20 entries: planned tries first, then those
    /// made, newest first. A page of fewer than 20 is the last.
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
}

/// A practice journal: the caller's own, or a teacher's as the caller may read it.
#[utoipa::path(get, path = "/api/v1/practice-logs", tag = "practice", params(JournalParams),
    responses((status = 200, body = Vec<PracticeLog>), (status = 401, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(p): ApiQuery<JournalParams>,
) -> AppResult<Json<Vec<PracticeLog>>> {
    let teacher = p.teacher_id.unwrap_or(user.id);
    let mut errors = crate::web::FieldErrors::default();
    crate::web::extract::check_paging(p.page, None, &mut errors);
    errors.into_result()?;
    Ok(Json(journal::journal(&state, Some(&user), teacher, p.page.unwrap_or(1)).await?.entries))
}

#[derive(Serialize, ToSchema)]
pub struct PracticeLogCreated {
    pub id: PracticeLogId,
}

/// Plan a try of an activity or content (or, with `tried_on`, log one already made).
#[utoipa::path(post, path = "/api/v1/practice-logs", tag = "practice", request_body = PracticeInput,
    responses((status = 201, body = PracticeLogCreated), (status = 401, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<PracticeInput>,
) -> AppResult<(StatusCode, Json<PracticeLogCreated>)> {
    Ok((StatusCode::CREATED, Json(PracticeLogCreated { id: journal::create(&state, &user, &input).await? })))
}

/// One entry (shared ones for anyone; others for her school and circles).
#[utoipa::path(get, path = "/api/v1/practice-logs/{id}", tag = "practice", params(("id" = i64, Path)),
    responses((status = 200, body = PracticeLog), (status = 404, body = ProblemDetails)))]
async fn get_one(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiPath(id): ApiPath<PracticeLogId>,
) -> AppResult<Json<PracticeLog>> {
    Ok(Json(journal::view(&state, ctx.user.as_ref(), id).await?))
}

/// Change her entry: log what happened (`tried_on`, what she did, how the children responded), reflect, share.
#[utoipa::path(put, path = "/api/v1/practice-logs/{id}", tag = "practice", params(("id" = i64, Path)), request_body = PracticeInput,
    responses((status = 200, body = PracticeLog), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<PracticeLogId>,
    ApiJson(input): ApiJson<PracticeInput>,
) -> AppResult<Json<PracticeLog>> {
    journal::update(&state, &user, id, &input).await?;
    Ok(Json(journal::view(&state, Some(&user), id).await?))
}

/// Comment or encourage (her school's teachers, her head teacher, her circles).
#[utoipa::path(post, path = "/api/v1/practice-logs/{id}/notes", tag = "practice", params(("id" = i64, Path)), request_body = NoteInput,
    responses((status = 201, body = PracticeLog), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn add_note(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<PracticeLogId>,
    ApiJson(input): ApiJson<NoteInput>,
) -> AppResult<(StatusCode, Json<PracticeLog>)> {
    journal::add_note(&state, &user, id, &input).await?;
    Ok((StatusCode::CREATED, Json(journal::view(&state, Some(&user), id).await?)))
}

/// Record a classroom observation against the checklist (her head teacher, or her mentor with her consent).
#[utoipa::path(post, path = "/api/v1/practice-logs/{id}/observations", tag = "practice", params(("id" = i64, Path)), request_body = ObservationInput,
    responses((status = 201, body = PracticeLog), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn observe(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<PracticeLogId>,
    ApiJson(input): ApiJson<ObservationInput>,
) -> AppResult<(StatusCode, Json<PracticeLog>)> {
    journal::observe(&state, &user, id, &input).await?;
    Ok((StatusCode::CREATED, Json(journal::view(&state, Some(&user), id).await?)))
}

/// Enrolled, completed, practising, observed and circles held for the caller's place (a head teacher's school,
/// an officer's upazila or district, the nation for administrators), its rows and six months of trends.
#[utoipa::path(get, path = "/api/v1/practice/dashboard", tag = "practice", params(Asked),
    responses((status = 200, body = PracticeDashboard), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn get_dashboard(
    State(state): State<AppState>,
    ctx: RequestContext,
    user: CurrentUser,
    ApiQuery(asked): ApiQuery<Asked>,
) -> AppResult<Json<PracticeDashboard>> {
    let place = dashboard::scope(&state, &user, asked).await?;
    Ok(Json(dashboard::counted(&state, place, ctx.lang).await?.as_ref().clone()))
}
