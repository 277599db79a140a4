//! The report form's target on a content page, the moderators' queue of
//! reported contents, and their decisions from the queue or the page.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::reports::{self, Action, Decision, ReportInput, ReportedContent};
use crate::content::model::ContentId;
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::VerifiedForm;
use crate::web::{AppError, AppResult, CurrentUser, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/contents/{id}/reports", post(report))
        .route("/contents/{id}/moderate", post(moderate))
        .route("/moderation/reports", get(queue))
}

#[derive(Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    detail: String,
}

pub async fn report(
    State(state): State<AppState>,
    page: Page,
    ctx: RequestContext,
    user: CurrentUser,
    Path(id): Path<ContentId>,
    VerifiedForm(f): VerifiedForm<ReportForm>,
) -> AppResult<Response> {
    let input = ReportInput { reason: f.reason, detail: Some(f.detail) };
    match reports::file(&state, user.id, id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/contents/{id}?reported=1#report")).into_response()),
        Err(e) => crate::content::pages::again(&state, page, &ctx, id, e).await,
    }
}

#[derive(Deserialize)]
pub struct ModerateForm {
    action: String,
    #[serde(default)]
    reason: String,
    /// Where to go back to (the queue or the content page).
    back: Option<String>,
}

pub async fn moderate(
    State(state): State<AppState>,
    page: Page,
    ctx: RequestContext,
    user: CurrentUser,
    Path(id): Path<ContentId>,
    VerifiedForm(f): VerifiedForm<ModerateForm>,
) -> AppResult<Response> {
    let action = Action::parse(&f.action).ok_or(AppError::BadRequest("unknown action"))?;
    let back = crate::web::redirect::safe_next(f.back.as_deref());
    match reports::decide(&state, &user, id, &Decision { action, reason: f.reason }).await {
        Ok(()) => Ok(Redirect::to(&back).into_response()),
        Err(AppError::Validation(errors)) if back.starts_with("/moderation") => {
            let html = queue_page(&state, page, &user, Some((id, errors))).await?.render()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => crate::content::pages::again(&state, page, &ctx, id, e).await,
    }
}

#[derive(Template)]
#[template(path = "moderation/reports.html")]
pub struct QueuePage {
    page: Page,
    queue: Vec<ReportedContent>,
    items: Vec<super::item_reports::ReportedItem>,
    refused: Option<(ContentId, crate::web::FieldErrors)>,
    /// A trusted teacher, not a moderator: community items only, no restoring.
    reviewer: bool,
}

async fn queue_page(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    refused: Option<(ContentId, crate::web::FieldErrors)>,
) -> AppResult<QueuePage> {
    let reviewer = !user.role.can_moderate();
    if reviewer && !super::item_reports::may_review(state, user).await? {
        return Err(AppError::Forbidden);
    }
    let queue = if reviewer { vec![] } else { reports::open_queue(state, 50).await? };
    let mut items = super::item_reports::open_queue(state, 50).await?;
    if reviewer {
        // Her own writing is for others to judge.
        items.retain(|i| i.author != user.id);
    }
    Ok(QueuePage { page: page.titled("reports-title"), queue, items, refused, reviewer })
}

pub async fn queue(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    Ok(Html(queue_page(&state, page, &user, None).await?.render()?))
}
