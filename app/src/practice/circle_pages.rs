//! Learning-circle pages: my circles and a form for a new one, a circle
//! (members, consent, meetings, scheduling with an agenda), a meeting
//! (the agenda to prepare from, and the lead's record of it).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::circles::{self, CircleView};
use super::entity::circle;
use super::meetings::{self, AgendaInput, MAX_AGENDA, MeetingInput, MeetingView, PersonRecord, RecordInput};
use super::model::{CircleKind, MeetingStatus};
use crate::ids::{ActivityId, CircleId, ContentId, MeetingId, UserId};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::form::redirect_or_again;
use crate::web::{AppResult, CurrentUser, FieldErrors, Page};

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

/// The first message of a refusal, to show above the form.
fn message(page: &Page, errors: &FieldErrors) -> Option<String> {
    errors.0.first().map(|e| page.lang.t(e.key))
}

/// A number typed in either script's digits.
fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    bangla::to_ascii_digits(text.trim()).parse().ok()
}

#[derive(Template)]
#[template(path = "practice/circles.html")]
struct ListPage {
    page: Page,
    circles: Vec<circle::Model>,
    message: Option<String>,
    head: bool,
    kinds: &'static [CircleKind],
}

impl ListPage {
    /// The kind checked at first: a head teacher's school, else a cluster.
    fn checked(&self, kind: &CircleKind) -> bool {
        *kind == if self.head { CircleKind::School } else { CircleKind::Cluster }
    }
    /// Only a head teacher starts her school's circle.
    fn offered(&self, kind: &CircleKind) -> bool {
        self.head || *kind != CircleKind::School
    }
}

async fn list_page(state: &AppState, page: Page, user: &CurrentUser, errors: FieldErrors) -> AppResult<String> {
    let circles = circles::mine(state, user).await?;
    let head = user.role == crate::web::Role::HeadTeacher;
    let message = message(&page, &errors);
    let page = page.titled("practice-circles-title");
    Ok(ListPage { page, circles, message, head, kinds: CircleKind::ALL }.render()?)
}

async fn list(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    Ok(Html(list_page(&state, page, &user, FieldErrors::default()).await?))
}

#[derive(Deserialize)]
struct CircleForm {
    kind: CircleKind,
    #[serde(default)]
    name: String,
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(form): VerifiedForm<CircleForm>,
) -> AppResult<Response> {
    let result =
        circles::create(&state, &user, form.kind, &form.name).await.map(|id| format!("/practice/circles/{id}"));
    redirect_or_again(result, async |errors| list_page(&state, page, &user, errors).await).await
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
    errors: FieldErrors,
) -> AppResult<String> {
    let c = circles::view(state, user, id).await?;
    let activities = if c.leads { crate::learning::catalogue::practice_tasks(state).await? } else { Vec::new() };
    let message = message(&page, &errors);
    let mut page = page;
    page.title = c.circle.name.clone();
    let next_week = (super::journal::today() + chrono::Duration::days(7)).to_string();
    Ok(CirclePage { page, c, message, activities, slots: (1..=3).collect(), next_week }.render()?)
}

async fn one(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CircleId>,
) -> AppResult<Html<String>> {
    Ok(Html(circle_page(&state, page, &user, id, FieldErrors::default()).await?))
}

/// Where the circle's forms go next, or the circle page again.
async fn answer(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    id: CircleId,
    result: AppResult<String>,
) -> AppResult<Response> {
    redirect_or_again(result, async |errors| circle_page(state, page, user, id, errors).await).await
}

#[derive(Deserialize)]
struct MemberForm {
    #[serde(default)]
    login: String,
}

async fn add_member(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CircleId>,
    VerifiedForm(form): VerifiedForm<MemberForm>,
) -> AppResult<Response> {
    let result = circles::add_member(&state, &user, id, &form.login).await.map(|_| format!("/practice/circles/{id}"));
    answer(&state, page, &user, id, result).await
}

#[derive(Deserialize)]
struct ConsentForm {
    #[serde(default)]
    sees: String,
}

async fn consent(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CircleId>,
    VerifiedForm(form): VerifiedForm<ConsentForm>,
) -> AppResult<Response> {
    let result =
        circles::set_consent(&state, &user, id, form.sees == "1").await.map(|_| format!("/practice/circles/{id}"));
    answer(&state, page, &user, id, result).await
}

/// A form that sends nothing but its CSRF token.
#[derive(Deserialize)]
struct Nothing {}

async fn leave(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CircleId>,
    VerifiedForm(_): VerifiedForm<Nothing>,
) -> AppResult<Response> {
    let result = circles::leave(&state, &user, id).await.map(|_| "/practice/circles".to_owned());
    answer(&state, page, &user, id, result).await
}

/// A meeting to schedule: the agenda's slots, each an activity, a
/// library content or a topic (one value of each per slot, in order).
#[derive(Deserialize)]
struct ScheduleForm {
    #[serde(default)]
    meets_on: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    activity: Vec<String>,
    #[serde(default)]
    content: Vec<String>,
    #[serde(default)]
    topic: Vec<String>,
}

impl ScheduleForm {
    fn input(self) -> MeetingInput {
        let slots = self.activity.len().max(self.content.len()).max(self.topic.len()).min(MAX_AGENDA);
        let nth = |list: &[String], i: usize| list.get(i).map(String::as_str).unwrap_or("").to_owned();
        let agenda = (0..slots)
            .map(|i| AgendaInput {
                activity_id: number::<i64>(&nth(&self.activity, i)).map(ActivityId),
                content_id: number::<i64>(&nth(&self.content, i)).map(ContentId),
                title: Some(nth(&self.topic, i)),
            })
            .filter(|a| {
                a.activity_id.is_some()
                    || a.content_id.is_some()
                    || a.title.as_deref().is_some_and(|t| !t.trim().is_empty())
            })
            .collect();
        MeetingInput { meets_on: self.meets_on, place: self.place, agenda }
    }
}

async fn schedule(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CircleId>,
    VerifiedForm(form): VerifiedForm<ScheduleForm>,
) -> AppResult<Response> {
    let input = form.input();
    let result = meetings::schedule(&state, &user, id, &input).await.map(|m| format!("/practice/meetings/{m}"));
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
    fn held(&self) -> bool {
        self.m.meeting.status == MeetingStatus::Held
    }
}

async fn meeting_page(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    id: MeetingId,
    errors: FieldErrors,
) -> AppResult<String> {
    let m = meetings::meeting(state, user, id).await?;
    let message = message(&page, &errors);
    let mut page = page;
    page.title = m.circle.name.clone();
    Ok(MeetingPage { page, m, message }.render()?)
}

async fn meeting(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
) -> AppResult<Html<String>> {
    Ok(Html(meeting_page(&state, page, &user, id, FieldErrors::default()).await?))
}

/// The lead's record: one line per member, in the page's order (`member`,
/// `try`, `item`, `class`, `date` each once per line; `came` names the
/// members who came); and what was shared.
#[derive(Deserialize)]
struct RecordForm {
    #[serde(default)]
    shared: String,
    #[serde(default)]
    member: Vec<String>,
    #[serde(default)]
    came: Vec<String>,
    #[serde(rename = "try", default)]
    will_try: Vec<String>,
    #[serde(default)]
    item: Vec<String>,
    #[serde(default)]
    class: Vec<String>,
    #[serde(default)]
    date: Vec<String>,
}

impl RecordForm {
    fn input(self) -> RecordInput {
        let nth = |list: &[String], i: usize| list.get(i).map(String::as_str).unwrap_or("").to_owned();
        let came: Vec<i64> = self.came.iter().filter_map(|c| number(c)).collect();
        let people = (self.member.iter().enumerate())
            .filter_map(|(i, m)| Some((i, number::<i64>(m)?)))
            .map(|(i, u)| PersonRecord {
                user_id: UserId(u),
                came: came.contains(&u),
                will_try: Some(nth(&self.will_try, i)),
                agenda_position: number(&nth(&self.item, i)),
                class_number: number(&nth(&self.class, i)),
                planned_on: Some(nth(&self.date, i)).filter(|d| !d.trim().is_empty()),
            })
            .collect();
        RecordInput { shared: self.shared, people }
    }
}

async fn record(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<MeetingId>,
    VerifiedForm(form): VerifiedForm<RecordForm>,
) -> AppResult<Response> {
    let result = meetings::record(&state, &user, id, &form.input()).await.map(|()| format!("/practice/meetings/{id}"));
    redirect_or_again(result, async |errors| meeting_page(&state, page, &user, id, errors).await).await
}
