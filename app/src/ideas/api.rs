//! `/api/v1/ideas`: ideas to the authorities, support and official status.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::IdeaStatus;
use super::service::{self as ideas, IdeaInput, IdeaPage, IdeaView, StatusInput};
use super::store::IdeaFilter;
use crate::ids::{DistrictId, IdeaId};
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, submit))
        .routes(routes!(get_one))
        .routes(routes!(support))
        .routes(routes!(set_status))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IdeaParams {
    /// support (most supported first, the default) | new
    #[param(pattern = "^(support|new)$")]
    pub sort: Option<String>,
    /// Any status when left out or empty (the list's "any" choice).
    #[serde(default, deserialize_with = "empty_is_any")]
    pub status: Option<IdeaStatus>,
    pub district_id: Option<DistrictId>,
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

/// A status word, or none for an empty one: the list's form sends
/// `status=` for "any".
fn empty_is_any<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<IdeaStatus>, D::Error> {
    let word: Option<String> = Deserialize::deserialize(d)?;
    match word.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(w) => IdeaStatus::parse(w).map(Some).ok_or_else(|| serde::de::Error::custom("not a status")),
    }
}

impl IdeaParams {
    pub fn filter(&self) -> AppResult<IdeaFilter> {
        let mut errors = FieldErrors::default();
        if self.sort.as_deref().is_some_and(|s| !matches!(s, "support" | "new")) {
            errors.add("sort", "field-bad-parameter");
        }
        crate::web::extract::check_paging(self.page, self.per_page, &mut errors);
        if !errors.is_empty() {
            return Err(AppError::BadParameter(errors));
        }
        Ok(IdeaFilter {
            most_supported: self.sort.as_deref() != Some("new"),
            status: self.status,
            district_id: self.district_id,
            page: self.page.unwrap_or(1),
            per_page: self.per_page.unwrap_or(20),
        })
    }
}

/// Ideas, suggestions and concerns: most supported or newest, by status or district.
#[utoipa::path(get, path = "/api/v1/ideas", tag = "ideas", params(IdeaParams), responses((status = 200, body = IdeaPage), (status = 400, body = ProblemDetails)))]
async fn list(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiQuery(p): ApiQuery<IdeaParams>,
) -> AppResult<Json<IdeaPage>> {
    Ok(Json(ideas::list(&state, &p.filter()?, ctx.user.as_ref()).await?))
}

/// Submit an idea to the nation, or to one's own district or upazila (from the profile).
#[utoipa::path(post, path = "/api/v1/ideas", tag = "ideas", request_body = IdeaInput,
    responses((status = 201, body = IdeaView), (status = 422, body = ProblemDetails), (status = 429, body = ProblemDetails)), security(("bearer" = [])))]
async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<IdeaInput>,
) -> AppResult<(StatusCode, Json<IdeaView>)> {
    let i = ideas::submit(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(ideas::view(&state, i.id, Some(&user)).await?)))
}

#[utoipa::path(get, path = "/api/v1/ideas/{id}", tag = "ideas", params(("id" = i64, Path)),
    responses((status = 200, body = IdeaView), (status = 404, body = ProblemDetails)))]
async fn get_one(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiPath(id): ApiPath<IdeaId>,
) -> AppResult<Json<IdeaView>> {
    Ok(Json(ideas::view(&state, id, ctx.user.as_ref()).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct SupportInput {
    pub supported: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SupportResult {
    pub support_count: i64,
    pub supported: bool,
}

/// Support an idea (+1), or take the support back. Not one's own.
#[utoipa::path(put, path = "/api/v1/ideas/{id}/support", tag = "ideas", params(("id" = i64, Path)), request_body = SupportInput,
    responses((status = 200, body = SupportResult), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)), security(("bearer" = [])))]
async fn support(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<IdeaId>,
    ApiJson(s): ApiJson<SupportInput>,
) -> AppResult<Json<SupportResult>> {
    let n = ideas::support(&state, &user, id, s.supported).await?;
    Ok(Json(SupportResult { support_count: n, supported: s.supported }))
}

/// Give an idea an official status with a public response (officers of its place, moderators).
#[utoipa::path(put, path = "/api/v1/ideas/{id}/status", tag = "ideas", params(("id" = i64, Path)), request_body = StatusInput,
    responses((status = 200, body = IdeaView), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn set_status(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<IdeaId>,
    ApiJson(s): ApiJson<StatusInput>,
) -> AppResult<Json<IdeaView>> {
    ideas::set_status(&state, &user, id, &s).await?;
    Ok(Json(ideas::view(&state, id, Some(&user)).await?))
}
