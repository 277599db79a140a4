//! JSON twins of reports: filing one, the moderators' queue, the decision.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::reports::{self, Decision, ReportInput, ReportedContent};
use crate::content::model::ContentId;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult, CurrentUser};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report)).routes(routes!(report_queue)).routes(routes!(decide_content))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ReportFiled {
    pub id: crate::ids::ReportId,
}

/// Report a content to the moderators.
#[utoipa::path(post, path = "/api/v1/contents/{id}/reports", tag = "contents", params(("id" = i64, Path)), request_body = ReportInput,
    responses((status = 201, body = ReportFiled), (status = 409, body = ProblemDetails), (status = 422, body = ProblemDetails)), security(("bearer" = [])))]
async fn report(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<ContentId>,
    ApiJson(input): ApiJson<ReportInput>,
) -> AppResult<(StatusCode, Json<ReportFiled>)> {
    let id = reports::file(&state, user.id, id, &input).await?;
    Ok((StatusCode::CREATED, Json(ReportFiled { id })))
}

/// Contents with open reports (moderators only).
#[utoipa::path(get, path = "/api/v1/moderation/reports", tag = "moderation",
    responses((status = 200, body = Vec<ReportedContent>), (status = 403, body = ProblemDetails)), security(("bearer" = [])))]
async fn report_queue(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<ReportedContent>>> {
    if !user.role.can_moderate() {
        return Err(AppError::Forbidden);
    }
    Ok(Json(reports::open_queue(&state, 100).await?))
}

/// Hide, restore or dismiss the reports of a content, with a reason (moderators only).
#[utoipa::path(post, path = "/api/v1/moderation/contents/{id}/decision", tag = "moderation", params(("id" = i64, Path)), request_body = Decision,
    responses((status = 204), (status = 403, body = ProblemDetails), (status = 422, body = ProblemDetails)), security(("bearer" = [])))]
async fn decide_content(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<ContentId>,
    ApiJson(d): ApiJson<Decision>,
) -> AppResult<StatusCode> {
    reports::decide(&state, &user, id, &d).await?;
    Ok(StatusCode::NO_CONTENT)
}
