//! CredentialCheck as JSON: of a credential we issued, by its id, or of any
//! credential document sent to us.

use axum::Json;
use axum::extract::State;
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::pages::credential_by_public_id;
use super::verification::{self, CredentialCheck};
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult, ratelimit};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(verify_issued)).routes(routes!(verify_document))
}

/// Whether a credential issued here is valid, revoked or expired, by whom,
/// to whom, for what and with what evidence.
#[utoipa::path(get, path = "/api/v1/credentials/{id}/verification", tag = "credentials",
    params(("id" = String, Path, description = "the credential's UUID")),
    responses((status = 200, body = CredentialCheck), (status = 404, body = ProblemDetails)))]
async fn verify_issued(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> AppResult<Json<CredentialCheck>> {
    let c = credential_by_public_id(&state, &id).await?;
    let doc: Value = serde_json::from_str(&c.document).map_err(|e| AppError::Internal(e.into()))?;
    Ok(Json(verification::check(&state, &doc).await?))
}

/// Checks a credential document (an OpenBadgeCredential as downloaded):
/// its proof, its issuer's key, its status and its dates.
#[utoipa::path(post, path = "/api/v1/verifications", tag = "credentials",
    request_body(content = Object, description = "a signed credential"),
    responses((status = 200, body = CredentialCheck), (status = 400, body = ProblemDetails), (status = 413, body = ProblemDetails),
        (status = 422, body = ProblemDetails), (status = 429, body = ProblemDetails), (status = 503, body = ProblemDetails)))]
async fn verify_document(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiJson(doc): ApiJson<Value>,
) -> AppResult<Json<CredentialCheck>> {
    let limits = &state.config.limits;
    ratelimit::hit(&state.db, &format!("verify:addr:{}", ctx.client), limits.checks_per_address, limits.window_secs)
        .await?;
    if !doc.is_object() {
        return Err(AppError::BadRequest("a credential is a JSON object"));
    }
    if serde_json::to_vec(&doc).map_or(usize::MAX, |b| b.len()) > verification::MAX_DOCUMENT_BYTES {
        return Err(AppError::TooLarge);
    }
    Ok(Json(verification::check(&state, &doc).await?))
}
