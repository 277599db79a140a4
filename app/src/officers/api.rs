//! The administrators' API for officers' places.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{OfficerPlace, PlaceInput};
use super::service;
use crate::ids::UserId;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult, CurrentUser};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_place, put_place, delete_place))
}

/// An officer's assigned place (administrators only); 404 while she has none.
#[utoipa::path(get, path = "/api/v1/officers/{id}/place", tag = "admin", params(("id" = i64, Path)),
    responses((status = 200, body = OfficerPlace), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn get_place(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<UserId>,
) -> AppResult<Json<OfficerPlace>> {
    Ok(Json(service::place_of(&state, &user, id).await?.ok_or(AppError::NotFound)?))
}

/// Assign an officer the nation, a district or an upazila to oversee
/// (administrators only; audited). Her profile's place gives her no reach.
#[utoipa::path(put, path = "/api/v1/officers/{id}/place", tag = "admin", params(("id" = i64, Path)), request_body = PlaceInput,
    responses((status = 200, body = OfficerPlace), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails),
        (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn put_place(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<UserId>,
    ApiJson(body): ApiJson<PlaceInput>,
) -> AppResult<Json<OfficerPlace>> {
    Ok(Json(service::assign(&state, &user, id, &body).await?))
}

/// Withdraw an officer's place: she has no reach until assigned again (administrators only; audited).
#[utoipa::path(delete, path = "/api/v1/officers/{id}/place", tag = "admin", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn delete_place(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<UserId>,
) -> AppResult<StatusCode> {
    service::withdraw(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
