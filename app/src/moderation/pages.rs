//! The moderators' verification queue.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::service::{self, Decision, DecisionInput};
use crate::accounts::model::UserId;
use crate::audit;
use crate::profiles::model::Profile;
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

pub fn router() -> Router<AppState> {
    Router::new().route("/moderation/verifications", get(queue)).route("/moderation/verifications/{id}", post(decide))
}

pub struct AuditLine {
    pub when: String,
    pub action: String,
    pub subject_id: i64,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "moderation/queue.html")]
struct QueuePage {
    page: Page,
    waiting: Vec<Profile>,
    recent: Vec<AuditLine>,
    notice: Option<&'static str>,
    /// The teacher whose form was refused, and why.
    refused: Option<(crate::ids::UserId, FieldErrors)>,
}

#[derive(Deserialize)]
struct QueueQuery {
    done: Option<String>,
}

async fn render_queue(
    state: &AppState,
    page: Page,
    notice: Option<&'static str>,
    refused: Option<(crate::ids::UserId, FieldErrors)>,
) -> AppResult<String> {
    let lang = page.lang;
    let waiting = service::queue(state, 100).await?;
    let recent = audit::recent(&state.db, 20)
        .await?
        .into_iter()
        .map(|e| {
            let reason = serde_json::from_str::<serde_json::Value>(&e.detail)
                .ok()
                .and_then(|d| d.get("reason").and_then(|r| r.as_str()).map(str::to_owned))
                .unwrap_or_default();
            AuditLine {
                when: lang.date(&e.created_at),
                action: lang.t(&format!("audit-{}", e.action.replace('.', "-"))),
                subject_id: e.subject_id,
                reason,
            }
        })
        .collect();
    Ok(QueuePage { page: page.titled("moderation-title"), waiting, recent, notice, refused }.render()?)
}

async fn queue(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Query(q): Query<QueueQuery>,
) -> AppResult<Html<String>> {
    user.require_moderator()?;
    let notice = q.done.is_some().then_some("moderation-done");
    Ok(Html(render_queue(&state, page, notice, None).await?))
}

#[derive(Deserialize)]
struct DecisionForm {
    decision: Decision,
    #[serde(default)]
    reason: String,
    version: Option<i64>,
}

async fn decide(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<UserId>,
    VerifiedForm(form): VerifiedForm<DecisionForm>,
) -> AppResult<Response> {
    let input = DecisionInput { decision: form.decision, reason: form.reason, version: form.version };
    match service::decide(&state, &user, id, &input).await {
        Ok(()) => Ok(Redirect::to("/moderation/verifications?done=1").into_response()),
        Err(AppError::Validation(errors)) | Err(AppError::Conflict(errors)) => {
            let html = render_queue(&state, page, None, Some((id, errors))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => Err(e),
    }
}
