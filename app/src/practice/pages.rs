//! Practice journal pages: her journal, planning a try, an entry with its
//! log form (photo and voice note), comments, encouragement and
//! observations; a colleague's journal; the school's board; tries shared
//! with the portal.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::attachments::{self, LogForm, MAX_VOICE, MAX_VOICE_SECS};
use super::board::{self, Board};
use super::journal;
use super::model::{Check, LogStatus, NoteInput, NoteKind, Observation, ObservationInput, PracticeInput, PracticeLog};
use super::pager::{PageQuery, Pager};
use crate::ids::{ActivityId, ContentId, PracticeLogId, UserId};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::form::{again, redirect_or_again};
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
    /// This page's number, and whether older entries follow.
    number: u64,
    more: bool,
}

impl JournalPage {
    fn class_label(&self, c: &i32) -> String {
        class_label(&self.page, *c)
    }

    fn pager(&self) -> Pager {
        Pager::new(&self.page, self.number, self.more)
    }
}

async fn mine(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let number = q.number();
    let j = journal::journal(&state, Some(&user), user.id, number).await?;
    let page = page.titled("practice-my-journal");
    let (entries, more) = (j.entries, j.more);
    Ok(Html(JournalPage { page, teacher_name: user.name.clone(), own: true, entries, number, more }.render()?))
}

async fn teacher(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<UserId>,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let number = q.number();
    let j = journal::journal(&state, page.user.as_ref(), id, number).await?;
    let mut page = page;
    page.title = page.lang.t_with("practice-journal-of", &[("name", j.teacher_name.clone())]);
    let own = j.standing.own;
    Ok(Html(
        JournalPage { page, teacher_name: j.teacher_name, own, entries: j.entries, number, more: j.more }.render()?,
    ))
}

#[derive(Deserialize)]
struct PlanQuery {
    activity: Option<ActivityId>,
    content: Option<ContentId>,
}

/// The plan and log forms as she typed them.
#[derive(Deserialize, Clone, Debug, Default)]
#[serde(default)]
struct EntryForm {
    activity_id: String,
    content_id: String,
    title: String,
    class_number: String,
    planned_on: String,
    tried_on: String,
    what_done: String,
    response: String,
    reflection: String,
    change_next: String,
    shared: String,
}

/// A number typed in either script's digits.
fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    bangla::to_ascii_digits(text.trim()).parse().ok()
}

impl EntryForm {
    /// The log form's text fields (sent with its files).
    fn of(form: &LogForm) -> AppResult<EntryForm> {
        let pairs = form.fields.iter().map(|(n, v)| (n.as_str(), v.as_str()));
        let map = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(pairs);
        EntryForm::deserialize(map).map_err(|_| AppError::BadRequest("malformed form"))
    }

    fn input(&self) -> PracticeInput {
        let text = |v: &String| Some(v.clone()).filter(|v| !v.trim().is_empty());
        PracticeInput {
            activity_id: number::<i64>(&self.activity_id).map(ActivityId),
            content_id: number::<i64>(&self.content_id).map(ContentId),
            title: text(&self.title),
            class_number: number(&self.class_number),
            planned_on: text(&self.planned_on),
            tried_on: text(&self.tried_on),
            what_done: text(&self.what_done),
            response: text(&self.response),
            reflection: text(&self.reflection),
            change_next: text(&self.change_next),
            shared: Some(self.shared == "1"),
        }
    }
}

#[derive(Template)]
#[template(path = "practice/plan.html")]
struct PlanPage {
    page: Page,
    activity: Option<(ActivityId, String, String)>,
    content_id: Option<ContentId>,
    source_title: String,
    errors: FieldErrors,
    typed: EntryForm,
    tomorrow: String,
}

impl PlanPage {
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
    typed: EntryForm,
) -> AppResult<String> {
    let activity = match activity {
        // A draft course's task is its author's: anyone else gets NotFound.
        Some(a) => {
            let found = crate::learning::study::shown_activity(state, who, a).await?;
            Some((found.id, found.title, found.body))
        }
        None => None,
    };
    let mut source_title = activity.as_ref().map(|a| a.1.clone()).unwrap_or_default();
    if let Some(c) = content {
        source_title = crate::content::service::visible_to(state, None, c).await?.title;
    }
    let tomorrow = (journal::today() + chrono::Duration::days(1)).to_string();
    let page = page.titled("practice-plan-title");
    Ok(PlanPage { page, activity, content_id: content, source_title, errors, typed, tomorrow }.render()?)
}

async fn plan_form(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Query(q): Query<PlanQuery>,
) -> AppResult<Html<String>> {
    let html = plan_page(&state, page, &user, q.activity, q.content, FieldErrors::default(), EntryForm::default());
    Ok(Html(html.await?))
}

async fn plan(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(form): VerifiedForm<EntryForm>,
) -> AppResult<Response> {
    let input = form.input();
    let result = journal::create(&state, &user, &input).await.map(|id| format!("/practice/logs/{id}"));
    redirect_or_again(result, async |errors| {
        plan_page(&state, page, &user, input.activity_id, input.content_id, errors, form).await
    })
    .await
}

#[derive(Template)]
#[template(path = "practice/entry.html")]
struct EntryPage {
    page: Page,
    l: PracticeLog,
    errors: FieldErrors,
    /// What she typed in the log form, when it comes back to her.
    typed: Option<EntryForm>,
    message: Option<String>,
    today: String,
    voice_js: String,
    checks: &'static [Check],
    max_voice_minutes: i64,
}

impl EntryPage {
    /// What she typed (after a refusal), else what the entry says.
    fn value(&self, name: &str) -> String {
        let (typed, l) = (self.typed.as_ref(), &self.l);
        let pick = |t: fn(&EntryForm) -> &String, saved: &String| typed.map_or(saved, t).clone();
        match name {
            "what_done" => pick(|t| &t.what_done, &l.what_done),
            "response" => pick(|t| &t.response, &l.response),
            "reflection" => pick(|t| &t.reflection, &l.reflection),
            "change_next" => pick(|t| &t.change_next, &l.change_next),
            "tried_on" => typed.map_or_else(
                || l.tried_on.map_or_else(|| self.today.clone(), |d| d.to_string()),
                |t| t.tried_on.clone(),
            ),
            _ => String::new(),
        }
    }
    fn class_label(&self, c: &i32) -> String {
        class_label(&self.page, *c)
    }
    fn classes(&self) -> Vec<(i32, String)> {
        CLASSES.iter().map(|c| (*c, class_label(&self.page, *c))).collect()
    }
    fn saw(&self, o: &Observation, check: &Check) -> bool {
        o.checks.contains(check)
    }
    fn paragraphs(text: &str) -> Vec<&str> {
        text.split('\n').map(str::trim).filter(|p| !p.is_empty()).collect()
    }
    fn done(&self) -> bool {
        self.l.status == LogStatus::Done
    }
    fn planned(&self) -> bool {
        self.l.status == LogStatus::Planned
    }
    fn encouraged(&self, kind: &NoteKind) -> bool {
        *kind == NoteKind::Encouragement
    }
}

async fn entry_page(
    state: &AppState,
    page: Page,
    id: PracticeLogId,
    errors: FieldErrors,
    typed: Option<EntryForm>,
    message: Option<String>,
) -> AppResult<String> {
    let l = journal::view(state, page.user.as_ref(), id).await?;
    let mut page = page;
    page.title = l.title.clone();
    let voice_js = crate::web::assets::Assets::of(state).voice_js_href.clone();
    let today = journal::today().to_string();
    let max_voice_minutes = (MAX_VOICE_SECS / 60.0) as i64;
    let entry = EntryPage { page, l, errors, typed, message, today, voice_js, checks: Check::ALL, max_voice_minutes };
    Ok(entry.render()?)
}

async fn entry(State(state): State<AppState>, page: Page, Path(id): Path<PracticeLogId>) -> AppResult<Html<String>> {
    Ok(Html(entry_page(&state, page, id, FieldErrors::default(), None, None).await?))
}

/// Back to the entry, or the entry page again with what went wrong.
async fn answer(state: &AppState, page: Page, id: PracticeLogId, result: AppResult<()>) -> AppResult<Response> {
    let result = result.map(|()| format!("/practice/logs/{id}"));
    redirect_or_again(result, async |errors| entry_page(state, page, id, errors, None, None).await).await
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
    let typed = EntryForm::of(&form)?;
    let mut input = typed.input();
    input.activity_id = old.activity_id;
    input.content_id = old.content_id;
    input.title = Some(old.title.clone());
    input.planned_on = Some(old.planned_on.to_string());
    if input.tried_on.is_none() {
        input.tried_on = Some(journal::today().to_string());
    }
    if let Err(e) = journal::update(&state, &user, id, &input).await {
        return again(e, async |errors| entry_page(&state, page, id, errors, Some(typed), None).await).await;
    }
    let saved = journal::own(&state, &user, id).await?;
    let result = match attachments::attach(&state, saved, &mut form).await {
        Ok(()) if form.voice_too_large => Err(AppError::invalid("voice", "practice-voice-large")),
        Err(AppError::UnsupportedMediaType) => Err(AppError::invalid("photo", "field-photo-type")),
        other => other,
    };
    let Err(AppError::Validation(errors)) = result else { return answer(&state, page, id, result).await };
    // Her words are saved; only the file was refused.
    let status = if form.voice_too_large { StatusCode::PAYLOAD_TOO_LARGE } else { StatusCode::UNPROCESSABLE_ENTITY };
    let message = Some(page.lang.t("practice-words-kept"));
    Ok((status, Html(entry_page(&state, page, id, errors, None, message).await?)).into_response())
}

#[derive(Deserialize)]
struct ShareForm {
    #[serde(default)]
    shared: String,
}

async fn share(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<PracticeLogId>,
    VerifiedForm(form): VerifiedForm<ShareForm>,
) -> AppResult<Response> {
    let result = journal::set_shared(&state, &user, id, form.shared == "1").await;
    answer(&state, page, id, result).await
}

#[derive(Deserialize)]
struct NoteForm {
    kind: NoteKind,
    #[serde(default)]
    body: String,
}

async fn note(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<PracticeLogId>,
    VerifiedForm(form): VerifiedForm<NoteForm>,
) -> AppResult<Response> {
    let input = NoteInput { kind: form.kind, body: Some(form.body) };
    let result = journal::add_note(&state, &user, id, &input).await;
    answer(&state, page, id, result).await
}

#[derive(Deserialize)]
struct ObservationForm {
    #[serde(default)]
    observed_on: String,
    /// The checklist's ticked boxes.
    #[serde(default)]
    check: Vec<Check>,
    #[serde(default)]
    note: String,
}

async fn observe(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<PracticeLogId>,
    VerifiedForm(form): VerifiedForm<ObservationForm>,
) -> AppResult<Response> {
    let input = ObservationInput { observed_on: Some(form.observed_on), checks: form.check, note: Some(form.note) };
    let result = journal::observe(&state, &user, id, &input).await;
    answer(&state, page, id, result).await
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

    fn pager(&self) -> Pager {
        Pager::new(&self.page, self.b.number, self.b.more)
    }
}

async fn school(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    match board::of_my_school(&state, &user, q.number()).await {
        Ok(b) => Ok(Html(BoardPage { page: page.titled("practice-board-title"), b }.render()?).into_response()),
        Err(AppError::NotAllowed { key, .. }) => {
            let school = page.lang.t(key);
            let b = Board { school, entries: Vec::new(), encourage: Vec::new(), head: false, number: 1, more: false };
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
