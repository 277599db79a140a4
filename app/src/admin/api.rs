//! The administrators' API: roles.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::set_role;
use crate::accounts::model::{Role, UserId};
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::problem::ProblemDetails;
use crate::web::{AppResult, CurrentUser};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(change_role))
}

#[derive(Deserialize, ToSchema)]
pub struct RoleChange {
    pub role: Role,
}

/// Give an account a role (administrators only).
#[utoipa::path(put, path = "/api/v1/users/{id}/role", tag = "admin", params(("id" = i64, Path)), request_body = RoleChange,
    responses((status = 204), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)), security(("bearer" = [])))]
async fn change_role(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<UserId>,
    ApiJson(body): ApiJson<RoleChange>,
) -> AppResult<StatusCode> {
    set_role(&state, &user, id, body.role).await?;
    Ok(StatusCode::NO_CONTENT)
}
