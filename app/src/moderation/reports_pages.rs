//! Report forms (under a content, and under questions, answers, posts,
//! ideas and comments), the queue of reported items, and decisions from
//! the queue or from a content's page.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::model::{Decision, ReportAction, ReportReason, ReportedItem};
use super::{decisions, reports, target};
use crate::content::model::ContentId;
use crate::content::pages::ChapterGroup;
use crate::items::{ItemKind, ItemRef};
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::VerifiedForm;
use crate::web::redirect::safe_next;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page, form};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/contents/{id}/reports", post(report_content))
        .route("/reports/{kind}/{id}", post(report_item))
        .route("/moderation/reports", get(queue))
        .route("/contents/{id}/moderate", post(moderate_content))
        .route("/moderation/items/{kind}/{id}", post(moderate_item))
        .route("/moderation/contents/{id}/chapter", post(move_content))
}

/// A report form: the reason chosen (checked against the item's kind) and
/// a detail; `back` is where the form was (community items).
#[derive(Deserialize)]
struct ReportForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    back: String,
}

async fn report_content(
    State(state): State<AppState>,
    page: Page,
    ctx: RequestContext,
    user: CurrentUser,
    Path(id): Path<ContentId>,
    VerifiedForm(f): VerifiedForm<ReportForm>,
) -> AppResult<Response> {
    match reports::file(&state, user.id, id.into(), ReportReason::parse(&f.reason), Some(&f.detail)).await {
        Ok(_) => Ok(Redirect::to(&format!("/contents/{id}?reported=1#report")).into_response()),
        Err(e) => crate::content::pages::again(&state, page, &ctx, id, e, Default::default()).await,
    }
}

async fn report_item(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((kind, id)): Path<(String, i64)>,
    VerifiedForm(f): VerifiedForm<ReportForm>,
) -> AppResult<Response> {
    let item = ItemRef::new(ItemKind::parse(&kind).ok_or(AppError::NotFound)?, id);
    let back = with_notice(&safe_next(Some(&f.back)), "reported");
    match reports::file(&state, user.id, item, ReportReason::parse(&f.reason), Some(&f.detail)).await {
        // Already reported: say so the same way, the moderators have it.
        Ok(_) | Err(AppError::Conflict(_)) => Ok(Redirect::to(&back).into_response()),
        Err(e) => Err(e),
    }
}

/// `back` with `?notice=…` added before its anchor.
fn with_notice(back: &str, notice: &str) -> String {
    let (path, anchor) = back.split_once('#').map_or((back, ""), |(p, a)| (p, a));
    let sep = if path.contains('?') { '&' } else { '?' };
    if anchor.is_empty() {
        format!("{path}{sep}notice={notice}")
    } else {
        format!("{path}{sep}notice={notice}#{anchor}")
    }
}

/// A decision form: the button pressed, the reason, and where to go back
/// to (a content's page or the queue).
#[derive(Deserialize)]
struct DecisionForm {
    action: ReportAction,
    #[serde(default)]
    reason: String,
    back: Option<String>,
}

impl DecisionForm {
    fn decision(self) -> Decision {
        Decision { action: self.action, reason: self.reason }
    }
}

async fn moderate_content(
    State(state): State<AppState>,
    page: Page,
    ctx: RequestContext,
    user: CurrentUser,
    Path(id): Path<ContentId>,
    VerifiedForm(f): VerifiedForm<DecisionForm>,
) -> AppResult<Response> {
    let back = safe_next(f.back.as_deref());
    let result = decisions::decide(&state, &user, id.into(), &f.decision()).await.map(|_| back.clone());
    if back.starts_with("/moderation") {
        let again = async |errors| queue_html(&state, page, &user, Some((id.into(), errors))).await;
        return form::redirect_or_again(result, again).await;
    }
    match result {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(e) => crate::content::pages::again(&state, page, &ctx, id, e, Default::default()).await,
    }
}

async fn moderate_item(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path((kind, id)): Path<(String, i64)>,
    VerifiedForm(f): VerifiedForm<DecisionForm>,
) -> AppResult<Response> {
    let item = ItemRef::new(ItemKind::parse(&kind).ok_or(AppError::NotFound)?, id);
    let result = decisions::decide(&state, &user, item, &f.decision()).await.map(|_| "/moderation/reports".to_owned());
    form::redirect_or_again(result, async |errors| queue_html(&state, page, &user, Some((item, errors))).await).await
}

/// The chapter a reported content belongs in, and why it moves.
#[derive(Deserialize)]
struct MoveForm {
    #[serde(default)]
    chapter_id: String,
    #[serde(default)]
    reason: String,
}

async fn move_content(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<ContentId>,
    VerifiedForm(f): VerifiedForm<MoveForm>,
) -> AppResult<Response> {
    let chapter = f.chapter_id.trim().parse().ok().map(crate::ids::ChapterId);
    let result = decisions::move_content(&state, &user, id, chapter, &f.reason).await;
    let to = result.map(|_| "/moderation/reports".to_owned());
    form::redirect_or_again(to, async |errors| queue_html(&state, page, &user, Some((id.into(), errors))).await).await
}

#[derive(Template)]
#[template(path = "moderation/reports.html")]
struct QueuePage {
    page: Page,
    items: Vec<ReportedItem>,
    /// Every chapter, for moving a content reported as in the wrong one
    /// (empty when no such report is open).
    groups: Vec<ChapterGroup>,
    /// The item whose decision was refused, and why.
    refused: Option<(ItemRef, FieldErrors)>,
    /// A trusted teacher, not a moderator: community items only, no restoring.
    reviewer: bool,
}

/// The queue: every kind for a moderator; a trusted teacher sees community
/// items, less her own writing.
async fn queue_html(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    refused: Option<(ItemRef, FieldErrors)>,
) -> AppResult<String> {
    let reviewer = !user.role.can_moderate();
    if reviewer && !decisions::may_review(state, user).await? {
        return Err(AppError::Forbidden);
    }
    let kinds: &[ItemKind] = if reviewer { &target::COMMUNITY } else { &target::REPORTABLE };
    let mut items = reports::open_queue(state, kinds, 50).await?;
    if reviewer {
        // Her own writing is for others to judge.
        items.retain(|i| i.author != user.id);
    }
    let groups = if items.iter().any(ReportedItem::wrong_chapter) {
        let levels = crate::curriculum::memory::current(state).await?.levels.clone();
        crate::content::pages::chapter_groups(&levels, page.lang)
    } else {
        Vec::new()
    };
    Ok(QueuePage { page: page.titled("reports-title"), items, groups, refused, reviewer }.render()?)
}

async fn queue(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    Ok(Html(queue_html(&state, page, &user, None).await?))
}
