//! The ideas pages: the list, the form, an idea with its support button
//! and, for an officer of its place, the response form.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::ideas::{self, IdeaInput, IdeaPage, IdeaView, KINDS, SCOPES, STATUSES, StatusInput};
use super::ideas_api::IdeaParams;
use crate::ids::IdeaId;
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ideas", get(list))
        .route("/ideas/new", get(new_form).post(submit))
        .route("/ideas/{id}", get(one))
        .route("/ideas/{id}/support", post(support))
        .route("/ideas/{id}/status", post(set_status))
}

#[derive(Template)]
#[template(path = "community/ideas.html")]
struct ListPage {
    page: Page,
    list: IdeaPage,
    sort: String,
    status: Option<String>,
    statuses: [&'static str; 6],
}

async fn list(State(state): State<AppState>, page: Page, Query(p): Query<IdeaParams>) -> AppResult<Html<String>> {
    let filter = p.filter()?;
    let list = ideas::list(&state, &filter, page.user.as_ref()).await?;
    let sort = if filter.most_supported { "support" } else { "new" }.to_owned();
    let page = page.titled("ideas-title");
    Ok(Html(ListPage { page, list, sort, status: filter.status, statuses: STATUSES }.render()?))
}

#[derive(Template)]
#[template(path = "community/idea_new.html")]
struct NewPage {
    page: Page,
    input: IdeaInput,
    errors: FieldErrors,
    kinds: [&'static str; 3],
    scopes: [&'static str; 3],
}

async fn new_form(page: Page, _user: CurrentUser) -> AppResult<Html<String>> {
    let input = IdeaInput { kind: "idea".into(), scope: "upazila".into(), ..Default::default() };
    let page = page.titled("idea-new-title");
    Ok(Html(NewPage { page, input, errors: FieldErrors::default(), kinds: KINDS, scopes: SCOPES }.render()?))
}

async fn submit(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(input): VerifiedForm<IdeaInput>,
) -> AppResult<Response> {
    match ideas::submit(&state, &user, &input).await {
        Ok(i) => Ok(Redirect::to(&format!("/ideas/{}", i.id)).into_response()),
        Err(AppError::Validation(errors)) => {
            let page = page.titled("idea-new-title");
            let html = NewPage { page, input, errors, kinds: KINDS, scopes: SCOPES }.render()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "community/idea.html")]
struct IdeaPageView {
    page: Page,
    idea: IdeaView,
    can_respond: bool,
    is_author: bool,
    statuses: [&'static str; 6],
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
        Some(u) => ideas::may_respond_for(state, u, &idea.scope, idea.district_id, idea.upazila_id).await?,
        None => false,
    };
    let is_author = page.user.as_ref().is_some_and(|u| u.id == idea.author.id);
    let mut page = page;
    page.title = idea.title.clone();
    Ok(IdeaPageView { page, idea, can_respond, is_author, statuses: STATUSES, errors, reported: false })
}

async fn one(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<IdeaId>,
    Query(n): Query<super::pages::NoticeQuery>,
) -> AppResult<Html<String>> {
    let mut view = idea_page(&state, page, id, FieldErrors::default()).await?;
    view.reported = n.reported();
    Ok(Html(view.render()?))
}

#[derive(Deserialize)]
struct SupportForm {
    supported: String,
}

async fn support(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<IdeaId>,
    VerifiedForm(f): VerifiedForm<SupportForm>,
) -> AppResult<Response> {
    ideas::support(&state, &user, id, f.supported == "1").await?;
    Ok(Redirect::to(&format!("/ideas/{id}")).into_response())
}

async fn set_status(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<IdeaId>,
    VerifiedForm(f): VerifiedForm<StatusInput>,
) -> AppResult<Response> {
    match ideas::set_status(&state, &user, id, &f).await {
        Ok(()) => Ok(Redirect::to(&format!("/ideas/{id}#response")).into_response()),
        Err(AppError::Validation(errors)) => {
            let html = idea_page(&state, page, id, errors).await?.render()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => Err(e),
    }
}
