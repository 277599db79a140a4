//! Report forms under questions, answers, posts, ideas and comments, the
//! moderators' decisions on them, and `POST /api/v1/reports`.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::item_reports::{self, ItemReportFiled, ItemReportInput};
use super::reports::{Action, Decision};
use crate::state::AppState;
use crate::web::extract::{ApiJson, VerifiedForm};
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult, CurrentUser};

pub fn router() -> Router<AppState> {
    Router::new().route("/reports/{kind}/{id}", post(report)).route("/moderation/items/{kind}/{id}", post(moderate))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(file))
}

#[derive(Deserialize)]
struct ReportForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    back: String,
}

/// Where to go after a form: the page it came from (checked), else home.
fn back_to(back: &str) -> String {
    crate::web::redirect::safe_next(Some(back))
}

async fn report(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((kind, id)): Path<(String, i64)>,
    VerifiedForm(f): VerifiedForm<ReportForm>,
) -> AppResult<Response> {
    let input = ItemReportInput { item_kind: kind, item_id: id, reason: f.reason, detail: Some(f.detail) };
    let back = back_to(&f.back);
    match item_reports::file(&state, &user, &input).await {
        Ok(_) => Ok(Redirect::to(&with_notice(&back, "reported")).into_response()),
        // Already reported: say so the same way, the moderators have it.
        Err(AppError::Conflict(_)) => Ok(Redirect::to(&with_notice(&back, "reported")).into_response()),
        Err(e) => Err(e),
    }
}

fn with_notice(back: &str, notice: &str) -> String {
    let (path, anchor) = back.split_once('#').map_or((back, ""), |(p, a)| (p, a));
    let sep = if path.contains('?') { '&' } else { '?' };
    if anchor.is_empty() {
        format!("{path}{sep}notice={notice}")
    } else {
        format!("{path}{sep}notice={notice}#{anchor}")
    }
}

#[derive(Deserialize)]
struct DecisionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
}

async fn moderate(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((kind, id)): Path<(String, i64)>,
    VerifiedForm(f): VerifiedForm<DecisionForm>,
) -> AppResult<Response> {
    let action = Action::parse(&f.action).ok_or(AppError::BadRequest("unknown action"))?;
    item_reports::decide(&state, &user, &kind, id, &Decision { action, reason: f.reason }).await?;
    Ok(Redirect::to("/moderation/reports").into_response())
}

/// Report a question, answer, post, idea or comment to the moderators.
#[utoipa::path(post, path = "/api/v1/reports", tag = "moderation", request_body = ItemReportInput,
    responses((status = 201, body = ItemReportFiled), (status = 404, body = ProblemDetails), (status = 409, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn file(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<ItemReportInput>,
) -> AppResult<(StatusCode, Json<ItemReportFiled>)> {
    let id = item_reports::file(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(ItemReportFiled { id })))
}
