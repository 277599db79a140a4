//! Learning-circle pages: my circles and a form for a new one, a circle
//! (members, consent, meetings, scheduling with an agenda), a meeting
//! (the agenda to prepare from, and the lead's record of it).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use super::circles::{self, AgendaInput, CircleView, MAX_AGENDA, MeetingInput, MeetingView, PersonRecord, RecordInput};
use super::entity::circle;
use crate::ids::{ActivityId, CircleId, ContentId, MeetingId, UserId};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::fields::{Fields, field, number};
use crate::web::{AppError, AppResult, CurrentUser, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/practice/circles", get(list).post(create))
        .route("/practice/circles/{id}", get(one))
        .route("/practice/circles/{id}/members", post(add_member))
        .route("/practice/circles/{id}/consent", post(consent))
        .route("/practice/circles/{id}/leave", post(leave))
        .route("/practice/circles/{id}/meetings", post(schedule))
        .route("/practice/meetings/{id}", get(meeting))
        .route("/practice/meetings/{id}/record", post(record))
}

/// The first message to show for a refusal: its first field's, else its own.
fn refusal(page: &Page, e: &AppError) -> String {
    let info = e.info();
    page.lang.t(info.fields.0.first().map_or(info.title_key, |f| f.key))
}

#[derive(Template)]
#[template(path = "practice/circles.html")]
struct ListPage {
    page: Page,
    circles: Vec<circle::Model>,
    message: Option<String>,
    head: bool,
}

async fn list_page(state: &AppState, page: Page, user: &CurrentUser, message: Option<String>) -> AppResult<ListPage> {
    let circles = circles::mine(state, user).await?;
    let head = user.role == crate::web::Role::HeadTeacher;
    Ok(ListPage { page: page.titled("practice-circles-title"), circles, message, head })
}

async fn list(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    Ok(Html(list_page(&state, page, &user, None).await?.render()?))
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(fields): VerifiedForm<Fields>,
) -> AppResult<Response> {
    match circles::create(&state, &user, field(&fields, "kind"), field(&fields, "name")).await {
        Ok(id) => Ok(Redirect::to(&format!("/practice/circles/{id}")).into_response()),
        Err(e @ (AppError::Validation(_) | AppError::NotAllowed { .. })) => {
            let message = Some(refusal(&page, &e));
            let html = list_page(&state, page, &user, message).await?.render()?;
            Ok((e.info().status, Html(html)).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "practice/circle.html")]
struct CirclePage {
    page: Page,
    c: CircleView,
    message: Option<String>,
    activities: Vec<(ActivityId, String)>,
    slots: Vec<usize>,
    next_week: String,
}

async fn circle_page(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    id: CircleId,
    message: Option<String>,
) -> AppResult<CirclePage> {
    let c = circles::view(state, user, id).await?;
    let activities = if c.leads { crate::learning::catalogue::practice_tasks(state).await? } else { Vec::new() };
    let mut page = page;
    page.title = c.circle.name.clone();
    let next_week = (super::journal::today() + chrono::Duration::days(7)).format("%Y-%m-%d").to_string();
    Ok(CirclePage { page, c, message, activities, slots: (1..=3).collect(), next_week })
}

async fn one(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CircleId>,
) -> AppResult<Html<String>> {
    Ok(Html(circle_page(&state, page, &user, id, None).await?.render()?))
}

/// The circle page again with what went wrong, or back to the circle.
async fn answer(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    id: CircleId,
    result: AppResult<String>,
) -> AppResult<Response> {
    match result {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(e @ (AppError::Validation(_) | AppError::NotAllowed { .. })) => {
            let message = Some(refusal(&page, &e));
            let html = circle_page(state, page, user, id, message).await?.render()?;
            Ok((e.info().status, Html(html)).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn add_member(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CircleId>,
    VerifiedForm(fields): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let result = circles::add_member(&state, &user, id, field(&fields, "login"))
        .await
        .map(|_| format!("/practice/circles/{id}"));
    answer(&state, page, &user, id, result).await
}

async fn consent(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CircleId>,
    VerifiedForm(fields): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let result = circles::set_consent(&state, &user, id, field(&fields, "sees") == "1")
        .await
        .map(|_| format!("/practice/circles/{id}"));
    answer(&state, page, &user, id, result).await
}

async fn leave(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CircleId>,
    VerifiedForm(_): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let result = circles::leave(&state, &user, id).await.map(|_| "/practice/circles".to_owned());
    answer(&state, page, &user, id, result).await
}

async fn schedule(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CircleId>,
    VerifiedForm(fields): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let agenda = (1..=MAX_AGENDA)
        .map(|i| AgendaInput {
            activity_id: number::<i64>(&fields, &format!("activity_{i}")).map(ActivityId),
            content_id: number::<i64>(&fields, &format!("content_{i}")).map(ContentId),
            title: Some(field(&fields, &format!("topic_{i}")).to_owned()),
        })
        .filter(|a| {
            a.activity_id.is_some()
                || a.content_id.is_some()
                || a.title.as_deref().is_some_and(|t| !t.trim().is_empty())
        })
        .collect();
    let input = MeetingInput {
        meets_on: field(&fields, "meets_on").to_owned(),
        place: field(&fields, "place").to_owned(),
        agenda,
    };
    let result = circles::schedule(&state, &user, id, &input).await.map(|m| format!("/practice/meetings/{m}"));
    answer(&state, page, &user, id, result).await
}

#[derive(Template)]
#[template(path = "practice/meeting.html")]
struct MeetingPage {
    page: Page,
    m: MeetingView,
    message: Option<String>,
}

impl MeetingPage {
    fn classes(&self) -> Vec<(i32, String)> {
        (0..=12).map(|c| (c, super::pages::class_label(&self.page, c))).collect()
    }
}

async fn meeting_page(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    id: MeetingId,
    message: Option<String>,
) -> AppResult<MeetingPage> {
    let m = circles::meeting(state, user, id).await?;
    let mut page = page;
    page.title = m.circle.name.clone();
    Ok(MeetingPage { page, m, message })
}

async fn meeting(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
) -> AppResult<Html<String>> {
    Ok(Html(meeting_page(&state, page, &user, id, None).await?.render()?))
}

/// The lead's record: for each member `came_ID`, `try_ID`, `item_ID`,
/// `class_ID`, `date_ID`; and what was shared.
async fn record(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
    VerifiedForm(fields): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let people: Vec<PersonRecord> = fields
        .iter()
        .filter_map(|(n, v)| n.strip_prefix("member_").and(v.parse::<i64>().ok()))
        .map(|u| PersonRecord {
            user_id: UserId(u),
            came: field(&fields, &format!("came_{u}")) == "1",
            will_try: Some(field(&fields, &format!("try_{u}")).to_owned()),
            agenda_position: number(&fields, &format!("item_{u}")),
            class_number: number(&fields, &format!("class_{u}")),
            planned_on: Some(field(&fields, &format!("date_{u}")).to_owned()).filter(|d| !d.is_empty()),
        })
        .collect();
    let input = RecordInput { shared: field(&fields, "shared").to_owned(), people };
    match circles::record(&state, &user, id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/practice/meetings/{id}")).into_response()),
        Err(e @ (AppError::Validation(_) | AppError::NotAllowed { .. } | AppError::Protocol { .. })) => {
            let message = Some(refusal(&page, &e));
            let status = e.info().status;
            let html = meeting_page(&state, page, &user, id, message).await?.render()?;
            Ok((status, Html(html)).into_response())
        }
        Err(e) => Err(e),
    }
}
