//! Practice journal pages: her journal, planning a try, an entry with its
//! log form (photo and voice note), comments, encouragement and
//! observations; a colleague's journal; the school's board; tries shared
//! with the portal.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::attachments::{self, LogForm, MAX_VOICE, MAX_VOICE_SECS};
use super::board::{self, Board};
use super::journal::{self, CHECKS};
use super::model::{NoteInput, ObservationInput, PracticeInput, PracticeLog};
use crate::ids::{ActivityId, ContentId, PracticeLogId, UserId};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::fields::{Fields, all, field, number};
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

pub fn router() -> Router<AppState> {
    let log_limit = crate::profiles::photo::MAX_UPLOAD + MAX_VOICE + 256 * 1024;
    Router::new()
        .route("/practice", get(mine))
        .route("/practice/plan", get(plan_form).post(plan))
        .route("/practice/logs/{id}", get(entry))
        .route("/practice/logs/{id}/log", post(log_try).layer(DefaultBodyLimit::max(log_limit)))
        .route("/practice/logs/{id}/share", post(share))
        .route("/practice/logs/{id}/notes", post(note))
        .route("/practice/logs/{id}/observations", post(observe))
        .route("/practice/logs/{id}/photo", get(photo))
        .route("/practice/logs/{id}/voice", get(voice))
        .route("/practice/teachers/{id}", get(teacher))
        .route("/practice/school", get(school))
        .route("/practice/stories", get(stories))
}

/// Classes a try may be with: pre-primary (0) and 1–12.
const CLASSES: [i32; 13] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/// A class as teachers say it ("শিশু শ্রেণি", "২য় শ্রেণি").
pub fn class_label(page: &Page, class: i32) -> String {
    if class == 0 {
        page.t("practice-class-pre").into_owned()
    } else {
        page.lang.t_with("practice-class-n", &[("n", page.lang.num(class as i64))])
    }
}

#[derive(Template)]
#[template(path = "practice/journal.html")]
struct JournalPage {
    page: Page,
    teacher_name: String,
    own: bool,
    entries: Vec<PracticeLog>,
}

impl JournalPage {
    fn class_label(&self, c: &i32) -> String {
        class_label(&self.page, *c)
    }
}

async fn mine(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    let (_, _, entries) = journal::journal(&state, Some(&user), user.id).await?;
    Ok(Html(
        JournalPage { page: page.titled("practice-my-journal"), teacher_name: user.name.clone(), own: true, entries }
            .render()?,
    ))
}

async fn teacher(State(state): State<AppState>, page: Page, Path(id): Path<UserId>) -> AppResult<Html<String>> {
    let (t, s, entries) = journal::journal(&state, page.user.as_ref(), id).await?;
    let mut page = page;
    page.title = page.lang.t_with("practice-journal-of", &[("name", t.name.clone())]);
    Ok(Html(JournalPage { page, teacher_name: t.name, own: s.own, entries }.render()?))
}

#[derive(Deserialize)]
struct PlanQuery {
    activity: Option<ActivityId>,
    content: Option<ContentId>,
}

#[derive(Template)]
#[template(path = "practice/plan.html")]
struct PlanPage {
    page: Page,
    activity: Option<crate::learning::entity::activity::Model>,
    content_id: Option<ContentId>,
    source_title: String,
    errors: FieldErrors,
    typed: Fields,
    tomorrow: String,
}

impl PlanPage {
    fn value(&self, name: &str) -> String {
        field(&self.typed, name).to_owned()
    }
    fn classes(&self) -> Vec<(i32, String)> {
        CLASSES.iter().map(|c| (*c, class_label(&self.page, *c))).collect()
    }
}

async fn plan_page(
    state: &AppState,
    page: Page,
    who: &CurrentUser,
    activity: Option<ActivityId>,
    content: Option<ContentId>,
    errors: FieldErrors,
    typed: Fields,
) -> AppResult<PlanPage> {
    let activity = match activity {
        // A draft course's task is its author's: anyone else gets NotFound.
        Some(a) => Some(crate::learning::study::shown_activity(state, who, a).await?),
        None => None,
    };
    let mut source_title = activity.as_ref().map(|a| a.title.clone()).unwrap_or_default();
    if let Some(c) = content {
        let found = crate::content::store::find(&state.db, c).await?.filter(|c| c.deleted_at.is_none() && !c.hidden);
        source_title = found.ok_or(AppError::NotFound)?.title;
    }
    let tomorrow = (journal::today() + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    Ok(PlanPage {
        page: page.titled("practice-plan-title"),
        activity,
        content_id: content,
        source_title,
        errors,
        typed,
        tomorrow,
    })
}

async fn plan_form(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Query(q): Query<PlanQuery>,
) -> AppResult<Html<String>> {
    let form = plan_page(&state, page, &user, q.activity, q.content, FieldErrors::default(), Vec::new()).await?;
    Ok(Html(form.render()?))
}

fn input_from(fields: &Fields) -> PracticeInput {
    let text = |n: &str| Some(field(fields, n).to_owned()).filter(|v| !v.trim().is_empty());
    PracticeInput {
        activity_id: number::<i64>(fields, "activity_id").map(ActivityId),
        content_id: number::<i64>(fields, "content_id").map(ContentId),
        title: text("title"),
        class_number: number(fields, "class_number"),
        planned_on: text("planned_on"),
        tried_on: text("tried_on"),
        what_done: text("what_done"),
        response: text("response"),
        reflection: text("reflection"),
        change_next: text("change_next"),
        shared: Some(field(fields, "shared") == "1"),
    }
}

async fn plan(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(fields): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let input = input_from(&fields);
    match journal::create(&state, &user, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/practice/logs/{id}")).into_response()),
        Err(AppError::Validation(errors)) => {
            let html =
                plan_page(&state, page, &user, input.activity_id, input.content_id, errors, fields).await?.render()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "practice/entry.html")]
struct EntryPage {
    page: Page,
    l: PracticeLog,
    errors: FieldErrors,
    typed: Fields,
    message: Option<String>,
    today: String,
    voice_js: String,
    checks: [&'static str; 5],
    max_voice_minutes: i64,
}

impl EntryPage {
    /// What she typed (after a refusal), else what the entry says.
    fn value(&self, name: &str) -> String {
        if !self.typed.is_empty() {
            return field(&self.typed, name).to_owned();
        }
        match name {
            "what_done" => self.l.what_done.clone(),
            "response" => self.l.response.clone(),
            "reflection" => self.l.reflection.clone(),
            "change_next" => self.l.change_next.clone(),
            "tried_on" => self.l.tried_on.clone().unwrap_or_else(|| self.today.clone()),
            _ => String::new(),
        }
    }
    fn class_label(&self, c: &i32) -> String {
        class_label(&self.page, *c)
    }
    fn classes(&self) -> Vec<(i32, String)> {
        CLASSES.iter().map(|c| (*c, class_label(&self.page, *c))).collect()
    }
    fn saw(&self, o: &super::model::Observation, check: &str) -> bool {
        o.checks.iter().any(|c| c == check)
    }
    fn paragraphs(text: &str) -> Vec<&str> {
        text.split('\n').map(str::trim).filter(|p| !p.is_empty()).collect()
    }
}

async fn entry_page(
    state: &AppState,
    page: Page,
    id: PracticeLogId,
    errors: FieldErrors,
    typed: Fields,
    message: Option<String>,
) -> AppResult<EntryPage> {
    let l = journal::view(state, page.user.as_ref(), id).await?;
    let mut page = page;
    page.title = l.title.clone();
    let voice_js = crate::web::assets::Assets::of(state).voice_js_href.clone();
    let today = journal::today().format("%Y-%m-%d").to_string();
    Ok(EntryPage {
        page,
        l,
        errors,
        typed,
        message,
        today,
        voice_js,
        checks: CHECKS,
        max_voice_minutes: (MAX_VOICE_SECS / 60.0) as i64,
    })
}

async fn entry(State(state): State<AppState>, page: Page, Path(id): Path<PracticeLogId>) -> AppResult<Html<String>> {
    Ok(Html(entry_page(&state, page, id, FieldErrors::default(), Vec::new(), None).await?.render()?))
}

/// The entry page again with what went wrong, or back to the entry.
async fn answer(
    state: &AppState,
    page: Page,
    id: PracticeLogId,
    result: AppResult<()>,
    typed: Fields,
) -> AppResult<Response> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/practice/logs/{id}")).into_response()),
        Err(AppError::Validation(errors)) => {
            let html = entry_page(state, page, id, errors, typed, None).await?.render()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e @ AppError::NotAllowed { .. }) => {
            let message = page.lang.t(e.info().title_key);
            let html =
                entry_page(state, page, id, FieldErrors::default(), Vec::new(), Some(message)).await?.render()?;
            Ok((e.info().status, Html(html)).into_response())
        }
        Err(e) => Err(e),
    }
}

/// What happened, her reflection, a photo and a voice note. The words are
/// kept even when a file is refused (the message says which and why).
async fn log_try(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<PracticeLogId>,
    form: Multipart,
) -> AppResult<Response> {
    let old = journal::own(&state, &user, id).await?;
    let mut form: LogForm = attachments::read_form(form, &page.csrf).await?;
    let mut input = input_from(&form.fields);
    input.activity_id = old.activity_id;
    input.content_id = old.content_id;
    input.title = Some(old.title.clone());
    input.planned_on = Some(old.planned_on.clone());
    if input.tried_on.is_none() {
        input.tried_on = Some(journal::today().format("%Y-%m-%d").to_string());
    }
    let typed = form.fields.clone();
    if let Err(e) = journal::update(&state, &user, id, &input).await {
        return answer(&state, page, id, Err(e), typed).await;
    }
    let saved = journal::own(&state, &user, id).await?;
    let result = match attachments::attach(&state, saved, &mut form).await {
        Ok(()) if form.voice_too_large => Err(AppError::invalid("voice", "practice-voice-large")),
        Err(AppError::UnsupportedMediaType) => Err(AppError::invalid("photo", "field-photo-type")),
        other => other,
    };
    match result {
        Err(AppError::Validation(errors)) => {
            let status =
                if form.voice_too_large { StatusCode::PAYLOAD_TOO_LARGE } else { StatusCode::UNPROCESSABLE_ENTITY };
            let message = Some(page.lang.t("practice-words-kept"));
            let html = entry_page(&state, page, id, errors, Vec::new(), message).await?.render()?;
            Ok((status, Html(html)).into_response())
        }
        other => answer(&state, page, id, other, Vec::new()).await,
    }
}

async fn share(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<PracticeLogId>,
    VerifiedForm(fields): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let result = journal::set_shared(&state, &user, id, field(&fields, "shared") == "1").await;
    answer(&state, page, id, result, Vec::new()).await
}

async fn note(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<PracticeLogId>,
    VerifiedForm(fields): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let input = NoteInput { kind: field(&fields, "kind").to_owned(), body: Some(field(&fields, "body").to_owned()) };
    let result = journal::add_note(&state, &user, id, &input).await;
    answer(&state, page, id, result, fields).await
}

async fn observe(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<PracticeLogId>,
    VerifiedForm(fields): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let input = ObservationInput {
        observed_on: Some(field(&fields, "observed_on").to_owned()),
        checks: all(&fields, "check").map(str::to_owned).collect(),
        note: Some(field(&fields, "note").to_owned()),
    };
    let result = journal::observe(&state, &user, id, &input).await;
    answer(&state, page, id, result, fields).await
}

async fn photo(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<PracticeLogId>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let (l, _, _) = journal::readable(&state, page.user.as_ref(), id).await?;
    let key = l.photo_key.ok_or(AppError::NotFound)?;
    attachments::send(&state, &key, "image/jpeg", &headers).await
}

async fn voice(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<PracticeLogId>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let (l, _, _) = journal::readable(&state, page.user.as_ref(), id).await?;
    let key = l.voice_key.ok_or(AppError::NotFound)?;
    attachments::send(&state, &key, "audio/mp4", &headers).await
}

#[derive(Template)]
#[template(path = "practice/board.html")]
struct BoardPage {
    page: Page,
    b: Board,
}

impl BoardPage {
    fn class_label(&self, c: &i32) -> String {
        class_label(&self.page, *c)
    }
}

async fn school(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Response> {
    match board::of_my_school(&state, &user).await {
        Ok(b) => Ok(Html(BoardPage { page: page.titled("practice-board-title"), b }.render()?).into_response()),
        Err(AppError::NotAllowed { key, .. }) => {
            let b = Board { school: page.lang.t(key), entries: Vec::new(), encourage: Vec::new(), head: false };
            Ok(Html(BoardPage { page: page.titled("practice-board-title"), b }.render()?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "practice/stories.html")]
struct StoriesPage {
    page: Page,
    entries: Vec<PracticeLog>,
}

impl StoriesPage {
    fn class_label(&self, c: &i32) -> String {
        class_label(&self.page, *c)
    }
}

async fn stories(State(state): State<AppState>, page: Page) -> AppResult<Html<String>> {
    let entries = journal::shared_stories(&state, page.user.as_ref()).await?;
    Ok(Html(StoriesPage { page: page.titled("practice-stories-title"), entries }.render()?))
}
