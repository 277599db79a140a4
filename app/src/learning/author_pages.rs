//! Course authors' pages: their courses, a new course, and one page that
//! edits a draft — its details, modules, activities and quiz questions,
//! moving and removing them — and publishes it or starts a new version.
//! Plain forms; each answers with the page again, errors by the form.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get as read, post};

use super::authoring::{self, Part};
use super::model::{
    ACTIVITY_KINDS, ActivityInput, CourseInput, CourseSummary, ModuleInput, ModuleView, QUESTION_KINDS,
    QuizOptionInput, QuizQuestionInput,
};
use super::{catalogue, store, study};
use crate::ids::{ActivityId, ContentId, CourseId, ModuleId, QuizQuestionId};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

type Fields = Vec<(String, String)>;

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

fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
}

/// A number typed in a form (Bangla digits too); empty is none.
fn number<T: std::str::FromStr>(fields: &Fields, name: &str, errors: &mut FieldErrors, key: &'static str) -> Option<T> {
    let text = bangla::to_ascii_digits(field(fields, name).trim());
    if text.is_empty() {
        return None;
    }
    match text.parse() {
        Ok(v) => Some(v),
        Err(_) => {
            errors.add(key, "field-bad-parameter");
            None
        }
    }
}

#[derive(Template)]
#[template(path = "learning/author_list.html")]
struct ListPage {
    page: Page,
    courses: Vec<CourseSummary>,
    input: CourseInput,
    errors: FieldErrors,
}

async fn list(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    if !user.role.can_author_courses() {
        return Err(AppError::Forbidden);
    }
    let courses = catalogue::authored(&state, &user).await?;
    let page = page.titled("author-title");
    Ok(Html(ListPage { page, courses, input: CourseInput::default(), errors: FieldErrors::default() }.render()?))
}

fn course_input(fields: &Fields, errors: &mut FieldErrors) -> CourseInput {
    CourseInput {
        title: field(fields, "title").to_owned(),
        summary: field(fields, "summary").to_owned(),
        class_number: number(fields, "class_number", errors, "class_number"),
        subject_code: Some(field(fields, "subject_code").trim().to_owned()).filter(|s| !s.is_empty()),
    }
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(fields): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let input = course_input(&fields, &mut errors);
    let made = if errors.is_empty() {
        authoring::create(&state, &user, &input).await
    } else {
        Err(AppError::Validation(errors))
    };
    match made {
        Ok(id) => Ok(Redirect::to(&format!("/learn/author/courses/{id}")).into_response()),
        Err(AppError::Validation(errors)) => {
            let courses = catalogue::authored(&state, &user).await?;
            let page = page.titled("author-title");
            let html = ListPage { page, courses, input, errors }.render()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "learning/author_course.html")]
struct EditPage {
    page: Page,
    id: CourseId,
    input: CourseInput,
    status: String,
    /// The draft's number, when there is a draft to edit.
    draft: Option<i32>,
    published: bool,
    modules: Vec<ModuleView>,
    /// Questions of each module, for the lists under them.
    questions: Vec<(ModuleId, QuizQuestionId, String, String)>,
    /// Which form failed ("course", "module", "activity-ID", "question-ID", "publish") and why.
    failed: String,
    errors: FieldErrors,
    kinds: [&'static str; 4],
    question_kinds: [&'static str; 4],
}

impl EditPage {
    /// The messages of the form that failed, if it is `form`.
    fn errors_for(&self, form: &str) -> Vec<&'static str> {
        if self.failed == form { self.errors.0.iter().map(|e| e.key).collect() } else { Vec::new() }
    }
    fn questions_of(&self, m: &ModuleId) -> Vec<&(ModuleId, QuizQuestionId, String, String)> {
        self.questions.iter().filter(|q| q.0 == *m).collect()
    }
}

async fn edit_page(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    id: CourseId,
    failed: &str,
    errors: FieldErrors,
) -> AppResult<EditPage> {
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
    Ok(EditPage {
        page,
        id,
        input: CourseInput {
            title: c.title,
            summary: c.summary,
            class_number: c.class_number,
            subject_code: c.subject_code,
        },
        status: c.status,
        draft: draft.map(|d| d.number),
        published: c.published_version_id.is_some(),
        modules,
        questions,
        failed: failed.to_owned(),
        errors,
        kinds: ACTIVITY_KINDS,
        question_kinds: QUESTION_KINDS,
    })
}

async fn edit(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CourseId>,
) -> AppResult<Html<String>> {
    Ok(Html(edit_page(&state, page, &user, id, "", FieldErrors::default()).await?.render()?))
}

/// Back to the edit page at `anchor`, or the page again with the form's errors.
async fn answer(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    course: CourseId,
    form: &str,
    result: AppResult<()>,
) -> AppResult<Response> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/learn/author/courses/{course}#{form}")).into_response()),
        Err(AppError::Validation(errors)) => {
            let html = edit_page(state, page, user, course, form, errors).await?.render()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(AppError::NotAllowed { key, .. }) => {
            let mut errors = FieldErrors::default();
            errors.add("course", key);
            let html = edit_page(state, page, user, course, form, errors).await?.render()?;
            Ok((StatusCode::CONFLICT, Html(html)).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CourseId>,
    VerifiedForm(fields): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let input = course_input(&fields, &mut errors);
    let result = after_checks(errors, authoring::update(&state, &user, id, &input)).await;
    answer(&state, page, &user, id, "course", result).await
}

async fn add_module(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CourseId>,
    VerifiedForm(fields): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let input = ModuleInput {
        title: field(&fields, "title").to_owned(),
        summary: field(&fields, "summary").to_owned(),
        pass_percent: number(&fields, "pass_percent", &mut errors, "pass_percent"),
        max_attempts: number(&fields, "max_attempts", &mut errors, "max_attempts"),
        wait_minutes: number(&fields, "wait_minutes", &mut errors, "wait_minutes"),
    };
    let result = after_checks(errors, authoring::add_module(&state, &user, id, &input)).await;
    answer(&state, page, &user, id, "module", result).await
}

/// The form's own errors first (a number that does not read), else what
/// saving answers.
async fn after_checks<T>(errors: FieldErrors, save: impl std::future::Future<Output = AppResult<T>>) -> AppResult<()> {
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    save.await.map(|_| ())
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
    VerifiedForm(fields): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let course = course_of(&state, id).await?;
    let mut errors = FieldErrors::default();
    let input = ActivityInput {
        kind: field(&fields, "kind").to_owned(),
        title: field(&fields, "title").to_owned(),
        body: field(&fields, "body").to_owned(),
        content_id: number::<i64>(&fields, "content_id", &mut errors, "content_id").map(ContentId),
        minutes: number(&fields, "minutes", &mut errors, "minutes"),
    };
    let result = after_checks(errors, authoring::add_activity(&state, &user, id, &input)).await;
    answer(&state, page, &user, course, &format!("activity-{id}"), result).await
}

async fn add_question(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<ModuleId>,
    VerifiedForm(fields): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let course = course_of(&state, id).await?;
    let mut errors = FieldErrors::default();
    let correct: Vec<&str> = fields.iter().filter(|(n, _)| n == "correct").map(|(_, v)| v.as_str()).collect();
    let options = (1..=6)
        .map(|i| QuizOptionInput {
            body: field(&fields, &format!("option{i}")).to_owned(),
            correct: correct.contains(&i.to_string().as_str()),
        })
        .collect();
    let input = QuizQuestionInput {
        kind: field(&fields, "kind").to_owned(),
        prompt: field(&fields, "prompt").to_owned(),
        explanation: field(&fields, "explanation").to_owned(),
        options,
        true_answer: match field(&fields, "true_answer") {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        number_answer: super::quiz::read_number(field(&fields, "number_answer")),
        tolerance: number(&fields, "tolerance", &mut errors, "tolerance"),
    };
    let result = after_checks(errors, authoring::add_question(&state, &user, id, &input, page.lang)).await;
    answer(&state, page, &user, course, &format!("question-{id}"), result).await
}

async fn course_action(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path((id, action)): Path<(CourseId, String)>,
    VerifiedForm(_): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let result = match action.as_str() {
        "publish" => authoring::publish(&state, &user, id).await.map(|_| ()),
        "unpublish" => authoring::unpublish(&state, &user, id).await,
        "new-version" => authoring::new_version(&state, &user, id).await.map(|_| ()),
        _ => return Err(AppError::NotFound),
    };
    answer(&state, page, &user, id, "publish", result).await
}

async fn part_action(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path((kind, id, action)): Path<(String, i64, String)>,
    VerifiedForm(_): VerifiedForm<Fields>,
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
    let result = match action.as_str() {
        "up" => authoring::shift(&state, &user, part, true).await,
        "down" => authoring::shift(&state, &user, part, false).await,
        "remove" => authoring::remove(&state, &user, part).await,
        _ => return Err(AppError::NotFound),
    };
    answer(&state, page, &user, course, "modules", result).await
}
