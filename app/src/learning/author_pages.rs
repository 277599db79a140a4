//! Course authors' pages: their courses, a new course, and one page that
//! edits a draft — its details, modules, activities and quiz questions,
//! moving and removing them — and publishes it or starts a new version.
//! Plain forms; each answers with the page again, errors by the form.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use axum::routing::{get as read, post};

use super::authoring::{self, Part};
use super::forms::{ActivityForm, CourseForm, ModuleForm, QuestionForm};
use super::model::{CourseInput, CourseSummary, ModuleView};
use super::words::{ActivityKind, CourseStatus, QuestionKind};
use super::{catalogue, store, study};
use crate::ids::{ActivityId, CourseId, ModuleId, QuizQuestionId};
use crate::state::AppState;
use crate::web::extract::{TokenOnlyForm, VerifiedForm};
use crate::web::form::redirect_or_again;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/learn/author", read(list).post(create))
        .route("/learn/author/courses/{id}", read(edit).post(update))
        .route("/learn/author/courses/{id}/modules", post(add_module))
        .route("/learn/author/courses/{id}/{action}", post(course_action))
        .route("/learn/author/modules/{id}/activities", post(add_activity))
        .route("/learn/author/modules/{id}/questions", post(add_question))
        .route("/learn/author/{part}/{id}/{action}", post(part_action))
}

#[derive(Template)]
#[template(path = "learning/author_list.html")]
struct ListPage {
    page: Page,
    courses: Vec<CourseSummary>,
    input: CourseInput,
    errors: FieldErrors,
}

/// Her courses and the form for a new one (as typed, with its errors).
async fn list_html(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    input: CourseInput,
    errors: FieldErrors,
) -> AppResult<String> {
    let courses = catalogue::authored(state, user).await?;
    Ok(ListPage { page: page.titled("author-title"), courses, input, errors }.render()?)
}

async fn list(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    if !user.role.can_author_courses() {
        return Err(AppError::Forbidden);
    }
    Ok(Html(list_html(&state, page, &user, CourseInput::default(), FieldErrors::default()).await?))
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(form): VerifiedForm<CourseForm>,
) -> AppResult<Response> {
    let (input, unreadable) = form.read();
    let made = async {
        unreadable.into_result()?;
        authoring::create(&state, &user, &input).await
    }
    .await;
    let to = made.map(|id| format!("/learn/author/courses/{id}"));
    redirect_or_again(to, async |errors| list_html(&state, page, &user, input, errors).await).await
}

#[derive(Template)]
#[template(path = "learning/author_course.html")]
struct EditPage {
    page: Page,
    id: CourseId,
    input: CourseInput,
    status: CourseStatus,
    /// The draft's number, when there is a draft to edit.
    draft: Option<i32>,
    published: bool,
    modules: Vec<ModuleView>,
    /// Questions of each module, for the lists under them.
    questions: Vec<(ModuleId, QuizQuestionId, QuestionKind, String)>,
    /// Which form failed ("course", "module", "activity-ID", "question-ID", "publish") and why.
    failed: String,
    errors: FieldErrors,
    kinds: &'static [ActivityKind],
    question_kinds: &'static [QuestionKind],
}

impl EditPage {
    /// The messages of the form that failed, if it is `form`.
    fn errors_for(&self, form: &str) -> Vec<&'static str> {
        if self.failed == form { self.errors.0.iter().map(|e| e.key).collect() } else { Vec::new() }
    }
    fn questions_of(&self, m: &ModuleId) -> Vec<&(ModuleId, QuizQuestionId, QuestionKind, String)> {
        self.questions.iter().filter(|q| q.0 == *m).collect()
    }
    /// Teachers can enrol now: the course is published (not taken off).
    fn open_for_enrolment(&self) -> bool {
        self.published && self.status == CourseStatus::Published
    }
}

/// The edit page; `failed` names the form whose `errors` show.
async fn edit_html(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    id: CourseId,
    failed: &str,
    errors: FieldErrors,
) -> AppResult<String> {
    let c = authoring::owned(state, user, id).await?;
    let draft = store::draft_of(&state.db, id).await?;
    let shown = draft.as_ref().map(|d| d.id).or(c.published_version_id).ok_or(AppError::NotFound)?;
    let modules = study::modules(state, shown, None).await?;
    let ids: Vec<ModuleId> = modules.iter().map(|m| m.id).collect();
    let questions = store::questions_of(&state.db, &ids)
        .await?
        .into_iter()
        .map(|q| (q.module_id, q.id, q.kind, q.prompt))
        .collect();
    let mut page = page;
    page.title = c.title.clone();
    let input =
        CourseInput { title: c.title, summary: c.summary, class_number: c.class_number, subject_code: c.subject_code };
    Ok(EditPage {
        page,
        id,
        input,
        status: c.status,
        draft: draft.map(|d| d.number),
        published: c.published_version_id.is_some(),
        modules,
        questions,
        failed: failed.to_owned(),
        errors,
        kinds: ActivityKind::ALL,
        question_kinds: QuestionKind::ALL,
    }
    .render()?)
}

async fn edit(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CourseId>,
) -> AppResult<Html<String>> {
    Ok(Html(edit_html(&state, page, &user, id, "", FieldErrors::default()).await?))
}

/// Where a form of the edit page goes back to when it worked: its place on the page.
fn back_to(course: CourseId, form: &str) -> String {
    format!("/learn/author/courses/{course}#{form}")
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CourseId>,
    VerifiedForm(form): VerifiedForm<CourseForm>,
) -> AppResult<Response> {
    let (input, unreadable) = form.read();
    let saved = async {
        unreadable.into_result()?;
        authoring::update(&state, &user, id, &input).await
    }
    .await;
    let to = saved.map(|()| back_to(id, "course"));
    redirect_or_again(to, async |errors| edit_html(&state, page, &user, id, "course", errors).await).await
}

async fn add_module(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CourseId>,
    VerifiedForm(form): VerifiedForm<ModuleForm>,
) -> AppResult<Response> {
    let saved = async { authoring::add_module(&state, &user, id, &form.read()?).await }.await;
    let to = saved.map(|_| back_to(id, "module"));
    redirect_or_again(to, async |errors| edit_html(&state, page, &user, id, "module", errors).await).await
}

/// The course a module belongs to (for redirects back to its page).
async fn course_of(state: &AppState, m: ModuleId) -> AppResult<CourseId> {
    let m = store::module(&state.db, m).await?.ok_or(AppError::NotFound)?;
    Ok(store::version(&state.db, m.version_id).await?.ok_or(AppError::NotFound)?.course_id)
}

async fn add_activity(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<ModuleId>,
    VerifiedForm(form): VerifiedForm<ActivityForm>,
) -> AppResult<Response> {
    let course = course_of(&state, id).await?;
    let anchor = format!("activity-{id}");
    let saved = async { authoring::add_activity(&state, &user, id, &form.read()?).await }.await;
    let to = saved.map(|_| back_to(course, &anchor));
    redirect_or_again(to, async |errors| edit_html(&state, page, &user, course, &anchor, errors).await).await
}

async fn add_question(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<ModuleId>,
    VerifiedForm(form): VerifiedForm<QuestionForm>,
) -> AppResult<Response> {
    let course = course_of(&state, id).await?;
    let anchor = format!("question-{id}");
    let saved = async { authoring::add_question(&state, &user, id, &form.read()?, page.lang).await }.await;
    let to = saved.map(|_| back_to(course, &anchor));
    redirect_or_again(to, async |errors| edit_html(&state, page, &user, course, &anchor, errors).await).await
}

async fn course_action(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path((id, action)): Path<(CourseId, String)>,
    VerifiedForm(_): VerifiedForm<TokenOnlyForm>,
) -> AppResult<Response> {
    let done = match action.as_str() {
        "publish" => authoring::publish(&state, &user, id).await.map(|_| ()),
        "unpublish" => authoring::unpublish(&state, &user, id).await,
        "new-version" => authoring::new_version(&state, &user, id).await.map(|_| ()),
        _ => return Err(AppError::NotFound),
    };
    let to = done.map(|()| back_to(id, "publish"));
    redirect_or_again(to, async |errors| edit_html(&state, page, &user, id, "publish", errors).await).await
}

async fn part_action(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path((kind, id, action)): Path<(String, i64, String)>,
    VerifiedForm(_): VerifiedForm<TokenOnlyForm>,
) -> AppResult<Response> {
    let part = match kind.as_str() {
        "modules" => Part::Module(ModuleId(id)),
        "activities" => Part::Activity(ActivityId(id)),
        "questions" => Part::Question(QuizQuestionId(id)),
        _ => return Err(AppError::NotFound),
    };
    let module = match part {
        Part::Module(m) => m,
        Part::Activity(a) => store::activity(&state.db, a).await?.ok_or(AppError::NotFound)?.module_id,
        Part::Question(q) => store::question(&state.db, q).await?.ok_or(AppError::NotFound)?.module_id,
    };
    let course = course_of(&state, module).await?;
    let done = match action.as_str() {
        "up" => authoring::shift(&state, &user, part, true).await,
        "down" => authoring::shift(&state, &user, part, false).await,
        "remove" => authoring::remove(&state, &user, part).await,
        _ => return Err(AppError::NotFound),
    };
    let to = done.map(|()| back_to(course, "modules"));
    redirect_or_again(to, async |errors| edit_html(&state, page, &user, course, "modules", errors).await).await
}
