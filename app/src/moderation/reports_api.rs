//! JSON twins of reports: filing one (on a content, or on any item), the
//! moderators' queue, and a decision on a content or any item.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{Decision, ItemReportInput, ReportFiled, ReportInput, ReportedItem};
use super::{decisions, reports, target};
use crate::content::model::ContentId;
use crate::items::{ItemKind, ItemRef};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::problem::ProblemDetails;
use crate::web::{AppResult, CurrentUser};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report_content))
        .routes(routes!(report_item))
        .routes(routes!(report_queue))
        .routes(routes!(decide_content))
        .routes(routes!(decide_item))
}

/// Report a content to the moderators.
#[utoipa::path(post, path = "/api/v1/contents/{id}/reports", tag = "contents", params(("id" = i64, Path)), request_body = ReportInput,
    responses((status = 201, body = ReportFiled), (status = 404, body = ProblemDetails), (status = 409, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn report_content(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<ContentId>,
    ApiJson(input): ApiJson<ReportInput>,
) -> AppResult<(StatusCode, Json<ReportFiled>)> {
    let id = reports::file(&state, user.id, id.into(), Some(input.reason), input.detail.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(ReportFiled { id })))
}

/// Report a content, question, answer, post, idea or comment to the moderators.
#[utoipa::path(post, path = "/api/v1/reports", tag = "moderation", request_body = ItemReportInput,
    responses((status = 201, body = ReportFiled), (status = 404, body = ProblemDetails), (status = 409, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn report_item(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<ItemReportInput>,
) -> AppResult<(StatusCode, Json<ReportFiled>)> {
    let item = ItemRef::new(input.item_kind, input.item_id);
    let id = reports::file(&state, user.id, item, Some(input.reason), input.detail.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(ReportFiled { id })))
}

/// Items with open reports, every kind (moderators only).
#[utoipa::path(get, path = "/api/v1/moderation/reports", tag = "moderation",
    responses((status = 200, body = Vec<ReportedItem>), (status = 403, body = ProblemDetails)), security(("bearer" = [])))]
async fn report_queue(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<ReportedItem>>> {
    user.require_moderator()?;
    Ok(Json(reports::open_queue(&state, &target::REPORTABLE, 100).await?))
}

/// Hide, restore or dismiss the reports of a content, with a reason (moderators only).
#[utoipa::path(post, path = "/api/v1/moderation/contents/{id}/decision", tag = "moderation", params(("id" = i64, Path)), request_body = Decision,
    responses((status = 204), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn decide_content(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<ContentId>,
    ApiJson(d): ApiJson<Decision>,
) -> AppResult<StatusCode> {
    user.require_moderator()?;
    decisions::decide(&state, &user, id.into(), &d).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Hide, restore or dismiss the reports of any item, with a reason: moderators,
/// and teachers trusted to review community items (not their own, not contents,
/// only while a report is open, never restoring).
#[utoipa::path(post, path = "/api/v1/moderation/items/{kind}/{id}/decision", tag = "moderation",
    params(("kind" = ItemKind, Path), ("id" = i64, Path)), request_body = Decision,
    responses((status = 204), (status = 400, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails),
              (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn decide_item(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath((kind, id)): ApiPath<(ItemKind, i64)>,
    ApiJson(d): ApiJson<Decision>,
) -> AppResult<StatusCode> {
    decisions::decide(&state, &user, ItemRef::new(kind, id), &d).await?;
    Ok(StatusCode::NO_CONTENT)
}
