//! Ratings and comments from the content page (its report form and the
//! moderators' decisions are served by `moderation`).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::view::{Draft, PageQuery, content_page};
use crate::content::comments::{self, CommentInput};
use crate::content::model::ContentId;
use crate::content::ratings;
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::VerifiedForm;
use crate::web::{AppError, AppResult, CurrentUser, Page, form};

/// After a refused form: the content page again, with the message and
/// what she wrote in the box she wrote it in (a limit keeps it too).
pub async fn again(
    state: &AppState,
    page: Page,
    ctx: &RequestContext,
    id: ContentId,
    e: AppError,
    draft: Draft,
) -> AppResult<Response> {
    form::again(e, async |errors| {
        Ok(content_page(state, page, ctx, id, PageQuery::default(), errors, draft).await?.render()?)
    })
    .await
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
    Path(id): Path<ContentId>,
    VerifiedForm(f): VerifiedForm<StarsForm>,
) -> AppResult<Response> {
    let stars = bangla::to_ascii_digits(&f.stars).trim().parse::<i32>().unwrap_or(0);
    match ratings::rate(&state, user.id, id, stars).await {
        Ok(_) => Ok(Redirect::to(&format!("/contents/{id}#rating")).into_response()),
        Err(e) => again(&state, page, &ctx, id, e, Draft::default()).await,
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
    Path(id): Path<ContentId>,
    VerifiedForm(f): VerifiedForm<CommentForm>,
) -> AppResult<Response> {
    let input = CommentInput { body: f.body, parent_id: f.parent_id.and_then(|p| p.trim().parse().ok()) };
    match comments::add(&state, user.id, id, &input).await {
        Ok(c) => Ok(Redirect::to(&format!("/contents/{id}#comment-{}", c.id)).into_response()),
        Err(e) => {
            let draft = Draft { body: input.body, parent: input.parent_id };
            again(&state, page, &ctx, id, e, draft).await
        }
    }
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    body: String,
    content_id: ContentId,
}

pub async fn edit_comment(
    State(state): State<AppState>,
    page: Page,
    ctx: RequestContext,
    user: CurrentUser,
    Path(id): Path<crate::ids::CommentId>,
    VerifiedForm(f): VerifiedForm<EditForm>,
) -> AppResult<Response> {
    match comments::edit(&state, &user, id, &f.body).await {
        Ok(()) => Ok(Redirect::to(&format!("/contents/{}#comment-{id}", f.content_id)).into_response()),
        Err(e) => again(&state, page, &ctx, f.content_id, e, Draft::default()).await,
    }
}

pub async fn delete_comment(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<crate::ids::CommentId>,
    VerifiedForm(_): VerifiedForm<crate::web::extract::TokenOnlyForm>,
) -> AppResult<Response> {
    let content = comments::delete(&state, &user, id).await?;
    Ok(Redirect::to(&format!("/contents/{}#comments", content.0)).into_response())
}
