//! The teacher's course pages: the catalogue, a course with what to do
//! next, an activity (its video resumes where she stopped), a quiz that
//! works without JavaScript, its result, and the public certificate.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use super::model::{
    ActivityView, AttemptInput, AttemptResult, CertificateView, CourseSummary, CourseView, ModuleView, ProgressInput,
    QuizAnswerInput, QuizView,
};
use super::words::{ActivityKind, CourseStatus, NextStepKind};
use super::{catalogue, certificates, quiz, study};
use crate::content::model::{ContentView, RenditionInfo, megabytes};
use crate::ids::{ActivityId, CourseId, ModuleId, OptionId, QuizQuestionId};
use crate::state::AppState;
use crate::web::extract::{TokenOnlyForm, VerifiedForm};
use crate::web::form::redirect_or_again;
use crate::web::{AppError, AppResult, CurrentUser, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/courses", get(list))
        .route("/courses/{id}", get(course))
        .route("/courses/{id}/enrol", post(enrol))
        .route("/learn/activities/{id}", get(activity))
        .route("/learn/activities/{id}/done", post(done))
        .route("/learn/quizzes/{id}", get(quiz_form).post(quiz_submit))
        .route("/learn/quizzes/{id}/result", get(quiz_result))
        .route("/certificates/{code}", get(certificate))
}

/// Megabytes in the page's digits.
fn mb(page: &Page, bytes: i64) -> String {
    page.digits(&megabytes(bytes))
}

#[derive(Template)]
#[template(path = "learning/courses.html")]
struct ListPage {
    page: Page,
    mine: Vec<CourseSummary>,
    courses: Vec<CourseSummary>,
}

async fn list(State(state): State<AppState>, page: Page) -> AppResult<Html<String>> {
    let (courses, _) = catalogue::published(&state, 1, 100).await?;
    let mine = match &page.user {
        Some(u) => catalogue::enrolled(&state, u).await?,
        None => Vec::new(),
    };
    let page = page.titled("courses-title");
    Ok(Html(ListPage { page, mine, courses }.render()?))
}

#[derive(Template)]
#[template(path = "learning/course.html")]
struct CoursePage {
    page: Page,
    c: CourseView,
}

impl CoursePage {
    fn module_mb(&self, m: &ModuleView) -> String {
        mb(&self.page, m.data_bytes)
    }
}

async fn course(State(state): State<AppState>, page: Page, Path(id): Path<CourseId>) -> AppResult<Html<String>> {
    let c = study::view(&state, page.user.as_ref(), id).await?;
    let mut page = page;
    page.title = c.title.clone();
    Ok(Html(CoursePage { page, c }.render()?))
}

async fn enrol(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CourseId>,
    VerifiedForm(_): VerifiedForm<TokenOnlyForm>,
) -> AppResult<Response> {
    let c = study::enrol(&state, &user, id).await?;
    let next = c.enrolment.and_then(|e| e.next).map_or(format!("/courses/{id}"), |n| n.url);
    Ok(Redirect::to(&next).into_response())
}

/// `?play=1`: in data-saver mode, the video she tapped.
#[derive(serde::Deserialize)]
struct PlayQuery {
    play: Option<String>,
}

#[derive(Template)]
#[template(path = "learning/activity.html")]
struct ActivityPage {
    page: Page,
    course: CourseView,
    module: ModuleView,
    a: ActivityView,
    content: Option<ContentView>,
    learn_js: String,
    /// Data saver, and she tapped play: the smallest video, playing.
    playing: bool,
}

impl ActivityPage {
    /// Smallest first: a phone on 2G starts with the lightest.
    fn media(&self) -> Vec<&RenditionInfo> {
        let wanted = self.a.kind.rendition_prefix();
        self.content.iter().flat_map(|c| &c.renditions).filter(|r| r.kind.as_str().starts_with(wanted)).collect()
    }
    /// The lightest: what a data-saver tap plays.
    fn smallest(&self) -> Option<&RenditionInfo> {
        self.media().into_iter().min_by_key(|r| r.size_bytes)
    }
    fn poster(&self) -> Option<&RenditionInfo> {
        self.content.iter().flat_map(|c| &c.renditions).find(|r| r.kind == crate::media::RenditionKind::Thumbnail)
    }
    fn file_url(&self) -> Option<String> {
        self.content.as_ref().filter(|c| c.file.is_some()).map(|c| crate::content::service::file_url(c.id))
    }
    fn paragraphs(&self) -> Vec<&str> {
        self.a.body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect()
    }
}

async fn activity(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<ActivityId>,
    Query(q): Query<PlayQuery>,
) -> AppResult<Html<String>> {
    let (a, course) = study::activity_for(&state, &user, id).await?;
    let module = course.modules.iter().find(|m| m.id == a.module_id).cloned().ok_or(AppError::NotFound)?;
    let view = module.activities.iter().find(|x| x.id == id).cloned().ok_or(AppError::NotFound)?;
    // The library's kept page of the content (hidden ones only for their
    // author and moderators, as there).
    let content = match a.content_id {
        Some(c) => match crate::content::shared::page(&state, c, Some(&user)).await {
            Ok((shared, _)) => Some(shared.view.clone()),
            Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let mut page = page;
    page.title = view.title.clone();
    let learn_js = crate::web::assets::Assets::of(&state).learn_js_href.clone();
    let playing = page.saver && q.play.is_some();
    Ok(Html(ActivityPage { page, course, module, a: view, content, learn_js, playing }.render()?))
}

async fn done(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ActivityId>,
    VerifiedForm(_): VerifiedForm<TokenOnlyForm>,
) -> AppResult<Response> {
    let c = study::record(&state, &user, id, &ProgressInput { position_secs: None, done: true }).await?;
    let next = c.enrolment.and_then(|e| e.next).map_or(format!("/courses/{}", c.id), |n| n.url);
    Ok(Redirect::to(&next).into_response())
}

#[derive(Template)]
#[template(path = "learning/quiz.html")]
struct QuizPage {
    page: Page,
    q: QuizView,
    course_id: CourseId,
    /// Made for this form: sending it twice counts once.
    key: String,
    error: Option<String>,
    /// Questions sent without an answer (`q<id>`), marked on the form again.
    missing: Vec<String>,
    /// What she sent, ticked and typed again when the form comes back.
    typed: Vec<(String, String)>,
    quiz_js: String,
}

impl QuizPage {
    fn is_missing(&self, q: &QuizQuestionId) -> bool {
        self.missing.iter().any(|f| *f == format!("q{q}"))
    }
    fn chosen(&self, q: &QuizQuestionId, o: &OptionId) -> bool {
        let (name, value) = (format!("q{q}"), o.to_string());
        self.typed.iter().any(|(n, v)| *n == name && *v == value)
    }
    fn typed_number(&self, q: &QuizQuestionId) -> &str {
        let name = format!("q{q}_n");
        self.typed.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| v.as_str())
    }
    /// "পরের চেষ্টা করা যাবে ১০ মিনিট পর (বিকেল ৪:২০)।": a wait of minutes
    /// is told in minutes and the clock, not as a date.
    fn wait_text(&self, until: &chrono::DateTime<chrono::Utc>) -> String {
        let wait = crate::web::form::wait_until(self.page.lang, chrono::Utc::now(), *until);
        self.page.lang.t_with("quiz-wait-until", &[("wait", wait)])
    }
}

fn fresh_key() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 12];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

async fn quiz_page(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    id: ModuleId,
    error: Option<String>,
    missing: Vec<String>,
    typed: Vec<(String, String)>,
) -> AppResult<QuizPage> {
    let (q, course_id) = quiz::for_attempt_in(state, user, id).await?;
    let mut page = page;
    page.title = q.title.clone();
    let quiz_js = crate::web::assets::Assets::of(state).quiz_js_href.clone();
    Ok(QuizPage { page, q, course_id, key: fresh_key(), error, missing, typed, quiz_js })
}

async fn quiz_form(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<ModuleId>,
) -> AppResult<Html<String>> {
    Ok(Html(quiz_page(&state, page, &user, id, None, Vec::new(), Vec::new()).await?.render()?))
}

/// The form's fields as answers: `q<question id>` once per chosen option
/// (or the typed number), and the attempt's key.
fn answers_from(fields: &[(String, String)]) -> AttemptInput {
    let mut input = AttemptInput::default();
    for (name, value) in fields {
        if name == "idempotency_key" {
            input.idempotency_key = value.clone();
            continue;
        }
        let number = name.strip_prefix('q').map(|n| n.strip_suffix("_n").unwrap_or(n));
        let Some(q) = number.and_then(|n| n.parse::<i64>().ok()).map(QuizQuestionId) else { continue };
        let i = match input.answers.iter().position(|a| a.question_id == q) {
            Some(i) => i,
            None => {
                input.answers.push(QuizAnswerInput { question_id: q, option_ids: Vec::new(), value: None });
                input.answers.len() - 1
            }
        };
        match value.parse::<i64>() {
            Ok(o) if !name.ends_with("_n") => input.answers[i].option_ids.push(OptionId(o)),
            _ => input.answers[i].value = Some(value.clone()),
        }
    }
    input
}

async fn quiz_submit(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<ModuleId>,
    VerifiedForm(fields): VerifiedForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let to =
        quiz::submit(&state, &user, id, &answers_from(&fields)).await.map(|_| format!("/learn/quizzes/{id}/result"));
    // The page says until when a wait lasts; the message says to wait.
    let waiting = matches!(to, Err(AppError::RateLimited { .. }));
    redirect_or_again(to, async |errors| {
        let missing: Vec<String> =
            errors.0.iter().filter(|e| e.key == "field-answer-missing").map(|e| e.field.to_string()).collect();
        let (key, missing, typed) = if !missing.is_empty() && missing.len() == errors.0.len() {
            // Her answers come back ticked, the questions she left marked.
            ("quiz-answers-missing", missing, fields.into_iter().filter(|(n, _)| n.starts_with('q')).collect())
        } else if waiting {
            ("quiz-wait", Vec::new(), Vec::new())
        } else {
            (errors.0.first().map_or("error-validation", |e| e.key), Vec::new(), Vec::new())
        };
        let message = Some(page.lang.t(key));
        Ok(quiz_page(&state, page, &user, id, message, missing, typed).await?.render()?)
    })
    .await
}

#[derive(Template)]
#[template(path = "learning/result.html")]
struct ResultPage {
    page: Page,
    r: AttemptResult,
    quiz: QuizView,
    course: CourseView,
}

async fn quiz_result(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<ModuleId>,
) -> AppResult<Html<String>> {
    let r = quiz::mine(&state, &user, id).await?.pop().ok_or(AppError::NotFound)?;
    let quiz = quiz::for_attempt(&state, &user, id).await?;
    let (e, _) = study::enrolment_for_module(&state, &user, id).await?;
    let course = study::view(&state, Some(&user), e.course_id).await?;
    let mut page = page;
    page.title = quiz.title.clone();
    Ok(Html(ResultPage { page, r, quiz, course }.render()?))
}

#[derive(Template)]
#[template(path = "learning/certificate.html")]
struct CertificatePage {
    page: Page,
    c: CertificateView,
    qr: String,
}

impl CertificatePage {
    fn qr_svg(&self) -> askama::filters::Safe<String> {
        // Drawn by the qrcode crate from our own URL: no user text inside.
        askama::filters::Safe(self.qr.clone())
    }
    fn issued(&self) -> String {
        self.page.lang.date(&self.c.issued_at)
    }
}

async fn certificate(State(state): State<AppState>, page: Page, Path(code): Path<String>) -> AppResult<Response> {
    let c = certificates::by_code(&state, &code).await?;
    if c.code != code {
        return Ok(Redirect::permanent(&format!("/certificates/{}", c.code)).into_response());
    }
    let qr = certificates::qr_svg(&c.verify_url)?;
    let mut page = page;
    page.title = c.course_title.clone();
    Ok((StatusCode::OK, Html(CertificatePage { page, c, qr }.render()?)).into_response())
}
