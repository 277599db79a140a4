//! An idea: its page, support, and an officer's status with a response.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::discussion::NoticeQuery;
use crate::ideas::model::IdeaStatus;
use crate::ideas::service::{self as ideas, IdeaView, StatusInput};
use crate::ids::IdeaId;
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::form::redirect_or_again;
use crate::web::{AppResult, CurrentUser, FieldErrors, Page};

#[derive(Template)]
#[template(path = "community/idea.html")]
struct IdeaPageView {
    page: Page,
    idea: IdeaView,
    can_respond: bool,
    is_author: bool,
    statuses: &'static [IdeaStatus],
    errors: FieldErrors,
    reported: bool,
}

impl IdeaPageView {
    fn markdown(&self, html: &str) -> askama::filters::Safe<String> {
        // Rendered by `markdown::to_html`, which sanitises.
        askama::filters::Safe(html.to_owned())
    }
}

async fn idea_page(state: &AppState, page: Page, id: IdeaId, errors: FieldErrors) -> AppResult<IdeaPageView> {
    let idea = ideas::view(state, id, page.user.as_ref()).await?;
    let can_respond = match &page.user {
        Some(u) => ideas::may_respond_for(state, u, idea.scope, idea.district_id, idea.upazila_id).await?,
        None => false,
    };
    let is_author = page.user.as_ref().is_some_and(|u| u.id == idea.author.id);
    let mut page = page;
    page.title = idea.title.clone();
    Ok(IdeaPageView { page, idea, can_respond, is_author, statuses: IdeaStatus::ALL, errors, reported: false })
}

pub(super) async fn page(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<IdeaId>,
    Query(n): Query<NoticeQuery>,
) -> AppResult<Html<String>> {
    let mut view = idea_page(&state, page, id, FieldErrors::default()).await?;
    view.reported = n.reported();
    Ok(Html(view.render()?))
}

#[derive(Deserialize)]
pub(super) struct SupportForm {
    supported: String,
}

pub(super) async fn support(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<IdeaId>,
    VerifiedForm(f): VerifiedForm<SupportForm>,
) -> AppResult<Response> {
    ideas::support(&state, &user, id, f.supported == "1").await?;
    Ok(Redirect::to(&format!("/ideas/{id}")).into_response())
}

/// The response form as sent: a status that is none of the words is named
/// beside the field.
#[derive(Deserialize)]
pub(super) struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    response: String,
}

pub(super) async fn set_status(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<IdeaId>,
    VerifiedForm(f): VerifiedForm<StatusForm>,
) -> AppResult<Response> {
    let input = StatusInput { status: IdeaStatus::parse(&f.status), response: f.response };
    let set = ideas::set_status(&state, &user, id, &input).await.map(|()| format!("/ideas/{id}#response"));
    redirect_or_again(set, async |errors| Ok(idea_page(&state, page, id, errors).await?.render()?)).await
}
