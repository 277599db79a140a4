//! JSON twins of the verification queue.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, DecisionInput};
use crate::accounts::model::UserId;
use crate::profiles::model::Profile;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::problem::ProblemDetails;
use crate::web::{AppResult, CurrentUser};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(queue)).routes(routes!(decide))
}

/// Teachers waiting for verification (moderators only).
#[utoipa::path(get, path = "/api/v1/moderation/verifications", tag = "moderation",
    responses((status = 200, body = Vec<Profile>), (status = 403, body = ProblemDetails)), security(("bearer" = [])))]
async fn queue(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<Profile>>> {
    user.require_moderator()?;
    Ok(Json(service::queue(&state, 100).await?))
}

/// Verify a waiting teacher, or reject with a reason (moderators only).
#[utoipa::path(post, path = "/api/v1/moderation/verifications/{id}", tag = "moderation", params(("id" = i64, Path)),
    request_body = DecisionInput,
    responses((status = 204), (status = 403, body = ProblemDetails), (status = 409, body = ProblemDetails, description = "not waiting for verification"),
              (status = 422, body = ProblemDetails)), security(("bearer" = [])))]
async fn decide(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<UserId>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> AppResult<StatusCode> {
    service::decide(&state, &user, id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}
