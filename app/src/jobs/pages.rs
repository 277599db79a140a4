//! The failed-jobs page for administrators: what failed, why, and a button
//! to try again.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::{AppError, AppResult, CurrentUser, Page};

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/jobs", get(failed_jobs)).route("/admin/jobs/{id}/retry", post(retry))
}

pub struct FailedJob {
    pub id: crate::ids::JobId,
    pub kind: super::JobKind,
    pub payload: String,
    pub attempts: i32,
    pub error: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "admin/jobs.html")]
struct JobsPage {
    page: Page,
    jobs: Vec<FailedJob>,
    pending: i64,
}

async fn failed_jobs(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    user.require_admin()?;
    let lang = page.lang;
    let jobs = super::failed(&state.db, 100)
        .await?
        .into_iter()
        .map(|j| FailedJob {
            id: j.id,
            when: j.finished_at.map(|t| lang.date(&t)).unwrap_or_default(),
            kind: j.kind,
            payload: j.payload,
            attempts: j.attempts,
            error: j.last_error.unwrap_or_default(),
        })
        .collect();
    let pending = super::pending(&state.db).await? as i64;
    Ok(Html(JobsPage { page: page.titled("jobs-title"), jobs, pending }.render()?))
}

async fn retry(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<crate::ids::JobId>,
    VerifiedForm(_): VerifiedForm<crate::web::extract::TokenOnlyForm>,
) -> AppResult<Response> {
    user.require_admin()?;
    if !super::retry(&state.db, id).await? {
        return Err(AppError::NotFound);
    }
    let subject = crate::items::ItemKind::Job;
    crate::audit::record(
        &state.db,
        Some(user.id),
        "job.retry",
        crate::items::ItemRef::new(subject, id.0),
        serde_json::json!({}),
    )
    .await?;
    Ok(Redirect::to("/admin/jobs").into_response())
}
