//! `/api/v1/me/follows`, `/api/v1/me/feed` and `/api/v1/me/digest`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, FeedItem, Follow};
use crate::state::AppState;
use crate::web::extract::ApiJson;
use crate::web::problem::ProblemDetails;
use crate::web::{AppResult, CurrentUser};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(follows, set_follow)).routes(routes!(feed)).routes(routes!(digest, set_digest))
}

/// Whom and what the caller follows.
#[utoipa::path(get, path = "/api/v1/me/follows", tag = "feed", responses((status = 200, body = Vec<Follow>)), security(("bearer" = [])))]
async fn follows(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<Follow>>> {
    Ok(Json(service::following(&state, user.id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct FollowChange {
    pub kind: crate::feed::model::FollowKind,
    pub key: String,
    /// true to follow, false to stop.
    pub following: bool,
}

/// Follow (or stop following) a teacher, a tag or a subject.
#[utoipa::path(put, path = "/api/v1/me/follows", tag = "feed", request_body = FollowChange,
    responses((status = 200, body = Follow), (status = 403, body = ProblemDetails), (status = 422, body = ProblemDetails)), security(("bearer" = [])))]
async fn set_follow(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(c): ApiJson<FollowChange>,
) -> AppResult<Json<Follow>> {
    let f = Follow { kind: c.kind, key: c.key };
    Ok(Json(service::follow(&state, user.id, &f, c.following).await?))
}

/// What is new from whom and what the caller follows, and in her classes and subjects.
#[utoipa::path(get, path = "/api/v1/me/feed", tag = "feed", responses((status = 200, body = Vec<FeedItem>)), security(("bearer" = [])))]
async fn feed(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<FeedItem>>> {
    Ok(Json(service::items(&state, user.id, None, 30).await?))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct Digest {
    /// Receive the daily e-mail digest (needs an e-mail address on the account).
    pub subscribed: bool,
}

#[utoipa::path(get, path = "/api/v1/me/digest", tag = "feed", responses((status = 200, body = Digest)), security(("bearer" = [])))]
async fn digest(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Digest>> {
    Ok(Json(Digest { subscribed: super::store::subscribed(&state.db, user.id).await? }))
}

/// Subscribe to (or leave) the daily e-mail digest.
#[utoipa::path(put, path = "/api/v1/me/digest", tag = "feed", request_body = Digest,
    responses((status = 200, body = Digest), (status = 422, body = ProblemDetails)), security(("bearer" = [])))]
async fn set_digest(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(d): ApiJson<Digest>,
) -> AppResult<(StatusCode, Json<Digest>)> {
    super::pages::subscribe(&state, &user, d.subscribed).await?;
    Ok((StatusCode::OK, Json(d)))
}
