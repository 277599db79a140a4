//! The JSON twin of the notifications page.

use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Notification, store, view};
use crate::state::AppState;
use crate::web::{AppResult, CurrentUser};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

/// The signed-in teacher's latest notifications.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", responses((status = 200, body = Vec<Notification>)),
    security(("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    ctx: crate::web::context::RequestContext,
    user: CurrentUser,
) -> AppResult<Json<Vec<Notification>>> {
    let rows = store::recent(&state.db, user.id, 50).await?;
    Ok(Json(rows.into_iter().map(|e| view(e, ctx.lang)).collect()))
}
