//! Training pages: open batches and events with a place to take, a
//! teacher's QR pass, an officer's form for a new batch, and the trainer's
//! attendance page (scan with the phone's camera, type the code, or tick a
//! checklist), roster, CSV and completion.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::entity::{batch, member};
use super::forms::{AssignForm, BatchForm, MarkForm};
use super::training::{self, BatchStatus, BatchView, MemberStatus, RosterLine};
use crate::ids::BatchId;
use crate::state::AppState;
use crate::web::extract::{TokenOnlyForm, VerifiedForm};
use crate::web::form::{again, redirect_or_again};
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/training", get(list).post(create))
        .route("/training/{id}", get(one))
        .route("/training/{id}/join", post(join))
        .route("/training/{id}/leave", post(leave))
        .route("/training/{id}/assign", post(assign))
        .route("/training/{id}/pass", get(pass))
        .route("/training/{id}/attendance", get(attendance).post(mark))
        .route(
            "/training/{id}/attendance/photo",
            post(mark_from_photo).layer(DefaultBodyLimit::max(crate::profiles::photo::MAX_UPLOAD + 64 * 1024)),
        )
        .route("/training/{id}/complete", post(complete))
        .route("/training/{id}/roster.csv", get(csv))
}

#[derive(Template)]
#[template(path = "learning/training.html")]
struct ListPage {
    page: Page,
    batches: Vec<BatchView>,
    organiser: bool,
    courses: Vec<super::model::CourseSummary>,
    errors: FieldErrors,
}

async fn list_page(state: &AppState, page: Page, errors: FieldErrors) -> AppResult<ListPage> {
    let batches = training::open(state, page.user.as_ref(), None).await?;
    let organiser = page.user.as_ref().is_some_and(training::may_organise);
    let courses = if organiser { super::catalogue::published(state, 1, 100).await?.0 } else { Vec::new() };
    Ok(ListPage { page: page.titled("training-title"), batches, organiser, courses, errors })
}

async fn list(State(state): State<AppState>, page: Page) -> AppResult<Html<String>> {
    Ok(Html(list_page(&state, page, FieldErrors::default()).await?.render()?))
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(form): VerifiedForm<BatchForm>,
) -> AppResult<Response> {
    let made = async { training::create(&state, &user, &form.read()?).await }.await;
    let to = made.map(|id| format!("/training/{id}"));
    redirect_or_again(to, async |errors| Ok(list_page(&state, page, errors).await?.render()?)).await
}

#[derive(Template)]
#[template(path = "learning/batch.html")]
struct BatchPage {
    page: Page,
    b: BatchView,
    roster: Vec<RosterLine>,
    message: Option<String>,
}

impl BatchPage {
    fn days(&self) -> Vec<i32> {
        (1..=self.b.days).collect()
    }
}

async fn batch_page(state: &AppState, page: Page, id: BatchId, message: Option<String>) -> AppResult<BatchPage> {
    let b = training::view(state, page.user.as_ref(), id).await?;
    let roster = match (&page.user, b.trainer) {
        (Some(u), true) => training::roster(state, u, id).await?.1,
        _ => Vec::new(),
    };
    let mut page = page;
    page.title = b.title.clone();
    Ok(BatchPage { page, b, roster, message })
}

async fn one(State(state): State<AppState>, page: Page, Path(id): Path<BatchId>) -> AppResult<Html<String>> {
    Ok(Html(batch_page(&state, page, id, None).await?.render()?))
}

/// The batch page with the first refusal's message (the page's forms are
/// one button each: the message stands above them).
async fn batch_html(state: &AppState, page: Page, id: BatchId, errors: FieldErrors) -> AppResult<String> {
    let message = errors.0.first().map(|e| page.lang.t(e.key));
    Ok(batch_page(state, page, id, message).await?.render()?)
}

async fn join(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<BatchId>,
    VerifiedForm(_): VerifiedForm<TokenOnlyForm>,
) -> AppResult<Response> {
    let to = training::join(&state, &user, id).await.map(|_| format!("/training/{id}"));
    redirect_or_again(to, async |errors| batch_html(&state, page, id, errors).await).await
}

async fn leave(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<BatchId>,
    VerifiedForm(_): VerifiedForm<TokenOnlyForm>,
) -> AppResult<Response> {
    let to = training::leave(&state, &user, id).await.map(|_| format!("/training/{id}"));
    redirect_or_again(to, async |errors| batch_html(&state, page, id, errors).await).await
}

async fn assign(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<BatchId>,
    VerifiedForm(form): VerifiedForm<AssignForm>,
) -> AppResult<Response> {
    let to = training::assign(&state, &user, id, &form.login).await.map(|_| format!("/training/{id}"));
    redirect_or_again(to, async |errors| batch_html(&state, page, id, errors).await).await
}

#[derive(Template)]
#[template(path = "learning/pass.html")]
struct PassPage {
    page: Page,
    b: batch::Model,
    m: member::Model,
    qr: String,
}

impl PassPage {
    fn qr_svg(&self) -> askama::filters::Safe<String> {
        // Drawn by the qrcode crate from a code of our own letters.
        askama::filters::Safe(self.qr.clone())
    }
}

async fn pass(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<BatchId>,
) -> AppResult<Html<String>> {
    let (b, m) = training::pass(&state, &user, id).await?;
    let qr = super::certificates::qr_svg(&m.pass_code)?;
    let mut page = page;
    page.title = b.title.clone();
    Ok(Html(PassPage { page, b, m, qr }.render()?))
}

#[derive(Deserialize)]
struct DayQuery {
    day: Option<i32>,
}

#[derive(Template)]
#[template(path = "learning/attendance.html")]
struct AttendancePage {
    page: Page,
    b: batch::Model,
    day: i32,
    roster: Vec<RosterLine>,
    message: Option<String>,
    script: String,
}

impl AttendancePage {
    fn present(&self, line: &RosterLine) -> bool {
        line.present.contains(&self.day)
    }
    fn days(&self) -> Vec<i32> {
        (1..=self.b.days).collect()
    }
}

async fn attendance_page(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    id: BatchId,
    day: i32,
    message: Option<String>,
) -> AppResult<AttendancePage> {
    let (b, roster) = training::roster(state, user, id).await?;
    let day = day.clamp(1, b.days);
    let roster = roster.into_iter().filter(|l| l.status == MemberStatus::Placed).collect();
    let script = crate::web::assets::Assets::of(state).attend_js_href.clone();
    let mut page = page;
    page.title = b.title.clone();
    Ok(AttendancePage { page, b, day, roster, message, script })
}

async fn attendance(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<BatchId>,
    Query(q): Query<DayQuery>,
) -> AppResult<Html<String>> {
    Ok(Html(attendance_page(&state, page, &user, id, q.day.unwrap_or(1), None).await?.render()?))
}

/// One code (a scan or typed), or the checklist's ticks.
async fn mark(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<BatchId>,
    VerifiedForm(form): VerifiedForm<MarkForm>,
) -> AppResult<Response> {
    let day = form.day();
    let mut marked = Vec::new();
    let mut refused = None;
    let asked =
        form.code().map(|c| (Some(c), None)).into_iter().chain(form.ticked().into_iter().map(|t| (None, Some(t))));
    for (code, teacher) in asked {
        match training::mark(&state, &user, id, day, code, teacher).await {
            Ok(name) => marked.push(name),
            Err(e) => refused = Some(e),
        }
    }
    after_marking(&state, page, &user, id, day, refused.map_or(Ok(marked), Err)).await
}

/// A photo of a teacher's pass, taken with the phone's camera through a
/// plain file input (no JavaScript): the server reads the QR code.
async fn mark_from_photo(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<BatchId>,
    Query(q): Query<DayQuery>,
    form: Multipart,
) -> AppResult<Response> {
    let day = q.day.unwrap_or(1);
    // Refused before the photo is read: decoding is work for those who run the batch only.
    training::run_by(&state, &user, id).await?;
    let csrf = page.csrf.clone();
    let result = match crate::profiles::read_photo_upload(form, Some(&csrf)).await {
        Ok(bytes) => match super::pass_photo::read(&state, bytes).await? {
            Some(code) => training::mark(&state, &user, id, day, Some(&code), None).await,
            None => Err(AppError::invalid("photo", "training-photo-no-code")),
        },
        Err(e) => Err(e),
    };
    after_marking(&state, page, &user, id, day, result.map(|name| vec![name])).await
}

/// The attendance page after marking: who was marked, or a photo that is
/// no picture or too large; any other refusal by the one rule (a code
/// that is no pass comes back on the page; her own attendance is refused).
async fn after_marking(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    id: BatchId,
    day: i32,
    result: AppResult<Vec<String>>,
) -> AppResult<Response> {
    let (status, message) = match result {
        Ok(names) => (StatusCode::OK, page.lang.t_with("training-marked", &[("names", names.join(", "))])),
        Err(AppError::UnsupportedMediaType) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, page.lang.t("field-photo-type")),
        Err(AppError::TooLarge) => (StatusCode::PAYLOAD_TOO_LARGE, page.lang.t("field-photo-large")),
        Err(e) => {
            return again(e, async |errors| {
                let message = errors.0.first().map(|e| page.lang.t(e.key));
                Ok(attendance_page(state, page, user, id, day, message).await?.render()?)
            })
            .await;
        }
    };
    let html = attendance_page(state, page, user, id, day, Some(message)).await?.render()?;
    Ok((status, Html(html)).into_response())
}

async fn complete(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<BatchId>,
    VerifiedForm(_): VerifiedForm<TokenOnlyForm>,
) -> AppResult<Response> {
    let n = training::complete(&state, &user, id).await?;
    let message = page.lang.t_with("training-completed", &[("count", page.lang.num(n as i64))]);
    let html = batch_page(&state, page, id, Some(message)).await?.render()?;
    Ok(Html(html).into_response())
}

async fn csv(State(state): State<AppState>, user: CurrentUser, Path(id): Path<BatchId>) -> AppResult<Response> {
    let (b, lines) = training::roster(&state, &user, id).await?;
    let body = training::roster_csv(&b, &lines);
    let name = format!("attachment; filename=\"batch-{id}-roster.csv\"");
    Ok(([(CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (CONTENT_DISPOSITION, name)], body).into_response())
}
