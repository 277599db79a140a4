//! Ratings, comments and reports from the content page, and the
//! moderators' queue of reported contents.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::view::{PageQuery, content_page};
use crate::content::comments::{self, CommentInput};
use crate::content::model::ContentId;
use crate::content::ratings;
use crate::content::reports::{self, Action, Decision, ReportInput, ReportedContent};
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::VerifiedForm;
use crate::web::{AppError, AppResult, CurrentUser, Page};

/// After a refused form: the content page again, with the message.
async fn again(state: &AppState, page: Page, ctx: &RequestContext, id: i64, e: AppError) -> AppResult<Response> {
    match e {
        AppError::Validation(errors) | AppError::Conflict(errors) => {
            let html = content_page(state, page, ctx, ContentId(id), PageQuery::default(), errors).await?.render()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        other => Err(other),
    }
}

#[derive(Deserialize)]
pub struct StarsForm {
    stars: String,
}

pub async fn rate(
    State(state): State<AppState>,
    page: Page,
    ctx: RequestContext,
    user: CurrentUser,
    Path(id): Path<i64>,
    VerifiedForm(f): VerifiedForm<StarsForm>,
) -> AppResult<Response> {
    let stars = bangla::to_ascii_digits(&f.stars).trim().parse::<i32>().unwrap_or(0);
    match ratings::rate(&state, user.id, ContentId(id), stars).await {
        Ok(_) => Ok(Redirect::to(&format!("/contents/{id}#rating")).into_response()),
        Err(e) => again(&state, page, &ctx, id, e).await,
    }
}

#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
    parent_id: Option<String>,
}

pub async fn comment(
    State(state): State<AppState>,
    page: Page,
    ctx: RequestContext,
    user: CurrentUser,
    Path(id): Path<i64>,
    VerifiedForm(f): VerifiedForm<CommentForm>,
) -> AppResult<Response> {
    let input = CommentInput { body: f.body, parent_id: f.parent_id.and_then(|p| p.trim().parse().ok()) };
    match comments::add(&state, user.id, ContentId(id), &input).await {
        Ok(c) => Ok(Redirect::to(&format!("/contents/{id}#comment-{}", c.id)).into_response()),
        Err(e) => again(&state, page, &ctx, id, e).await,
    }
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    body: String,
    content_id: i64,
}

pub async fn edit_comment(
    State(state): State<AppState>,
    page: Page,
    ctx: RequestContext,
    user: CurrentUser,
    Path(id): Path<i64>,
    VerifiedForm(f): VerifiedForm<EditForm>,
) -> AppResult<Response> {
    match comments::edit(&state, &user, id, &f.body).await {
        Ok(()) => Ok(Redirect::to(&format!("/contents/{}#comment-{id}", f.content_id)).into_response()),
        Err(e) => again(&state, page, &ctx, f.content_id, e).await,
    }
}

pub async fn delete_comment(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    VerifiedForm(_): VerifiedForm<crate::web::extract::TokenOnlyForm>,
) -> AppResult<Response> {
    let content = comments::delete(&state, &user, id).await?;
    Ok(Redirect::to(&format!("/contents/{}#comments", content.0)).into_response())
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
    Path(id): Path<i64>,
    VerifiedForm(f): VerifiedForm<ReportForm>,
) -> AppResult<Response> {
    let input = ReportInput { reason: f.reason, detail: Some(f.detail) };
    match reports::file(&state, user.id, ContentId(id), &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/contents/{id}?reported=1#report")).into_response()),
        Err(e) => again(&state, page, &ctx, id, e).await,
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
    Path(id): Path<i64>,
    VerifiedForm(f): VerifiedForm<ModerateForm>,
) -> AppResult<Response> {
    let action = Action::parse(&f.action).ok_or(AppError::BadRequest("unknown action"))?;
    let back = crate::web::redirect::safe_next(f.back.as_deref());
    match reports::decide(&state, &user, ContentId(id), &Decision { action, reason: f.reason }).await {
        Ok(()) => Ok(Redirect::to(&back).into_response()),
        Err(AppError::Validation(errors)) if back.starts_with("/moderation") => {
            let html = queue_page(&state, page, &user, Some((id, errors))).await?.render()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => again(&state, page, &ctx, id, e).await,
    }
}

#[derive(Template)]
#[template(path = "content/reports.html")]
pub struct QueuePage {
    page: Page,
    queue: Vec<ReportedContent>,
    refused: Option<(i64, crate::web::FieldErrors)>,
}

async fn queue_page(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    refused: Option<(i64, crate::web::FieldErrors)>,
) -> AppResult<QueuePage> {
    if !user.role.can_moderate() {
        return Err(AppError::Forbidden);
    }
    let queue = reports::open_queue(state, 50).await?;
    Ok(QueuePage { page: page.titled("reports-title"), queue, refused })
}

pub async fn queue(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    Ok(Html(queue_page(&state, page, &user, None).await?.render()?))
}
