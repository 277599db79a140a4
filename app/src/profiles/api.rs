//! JSON twins of the profile pages.

use axum::Json;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{Profile, ProfileInput};
use super::{photo, service, store};
use crate::accounts::model::UserId;
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult, CurrentUser};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_profile, update_profile))
        .routes(routes!(upload_photo))
        .layer(DefaultBodyLimit::max(photo::MAX_UPLOAD + 64 * 1024))
        .routes(routes!(teacher))
}

/// The signed-in teacher's profile.
#[utoipa::path(get, path = "/api/v1/me/profile", tag = "profiles", responses((status = 200, body = Profile), (status = 401, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn my_profile(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Profile>> {
    Ok(Json(service::load(&state, user.id).await?))
}

/// Replace the signed-in teacher's profile.
#[utoipa::path(put, path = "/api/v1/me/profile", tag = "profiles", request_body = ProfileInput,
    responses((status = 200, body = Profile), (status = 422, body = ProblemDetails)), security(("bearer" = [])))]
async fn update_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<ProfileInput>,
) -> AppResult<Json<Profile>> {
    service::save(&state, user.id, &input).await?;
    Ok(Json(service::load(&state, user.id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct PhotoSaved {
    pub photo_url: String,
}

/// The multipart body of a photo upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PhotoUpload {
    /// The picture: JPEG, PNG, WebP or GIF, at most 8 MB.
    #[schema(value_type = String, format = Binary)]
    photo: Vec<u8>,
}

/// Upload a profile photo (multipart field `photo`: JPEG, PNG, WebP or GIF, at most 8 MB).
#[utoipa::path(put, path = "/api/v1/me/photo", tag = "profiles",
    request_body(content = PhotoUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = PhotoSaved), (status = 413, body = ProblemDetails), (status = 415, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn upload_photo(
    State(state): State<AppState>,
    user: CurrentUser,
    request: axum::extract::Request,
) -> AppResult<Json<PhotoSaved>> {
    let form = Multipart::from_request(request, &state).await.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge,
        _ => AppError::UnsupportedMediaType,
    })?;
    // Cookie-authenticated writes were already checked for X-CSRF-Token by the context middleware.
    let bytes = super::read_photo_upload(form, None).await?;
    let jpeg = super::process_photo(&state, bytes).await?;
    let id = store::replace_photo(&state.db, user.id, jpeg).await?;
    Ok(Json(PhotoSaved { photo_url: service::photo_url(Some(id)).unwrap_or_default() }))
}

/// A teacher's public profile.
#[utoipa::path(get, path = "/api/v1/teachers/{id}", tag = "profiles", params(("id" = i64, Path)),
    responses((status = 200, body = Profile), (status = 404, body = ProblemDetails)))]
async fn teacher(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiPath(id): ApiPath<UserId>,
) -> AppResult<Json<Profile>> {
    let mut profile = service::load(&state, id).await?;
    if ctx.user.as_ref().is_none_or(|u| u.id != profile.id) {
        profile.verification_note = None;
    }
    Ok(Json(profile))
}
