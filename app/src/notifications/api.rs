//! The JSON twin of the notifications page.

use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::by_sms::{self, SmsReminders};
use super::{Notification, store, view};
use crate::state::AppState;
use crate::web::extract::ApiJson;
use crate::web::problem::ProblemDetails;
use crate::web::{AppResult, CurrentUser};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(sms_reminders, choose_sms_reminders))
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

/// Whether her reminders also go by SMS.
#[utoipa::path(get, path = "/api/v1/notifications/sms", tag = "notifications",
    responses((status = 200, body = SmsReminders), (status = 401, body = ProblemDetails)), security(("bearer" = [])))]
async fn sms_reminders(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<SmsReminders>> {
    Ok(Json(by_sms::standing(&state, &user).await?))
}

/// Turns her reminders by SMS on or off (on needs a mobile number).
#[utoipa::path(put, path = "/api/v1/notifications/sms", tag = "notifications", request_body = SmsChoice,
    responses((status = 200, body = SmsReminders), (status = 401, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn choose_sms_reminders(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<SmsChoice>,
) -> AppResult<Json<SmsReminders>> {
    Ok(Json(by_sms::set(&state, &user, body.on).await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct SmsChoice {
    pub on: bool,
}
