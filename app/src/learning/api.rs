//! `/api/v1/courses`, `/api/v1/courses/{id}/enrolment`, progress,
//! `/api/v1/quizzes/{id}` and `/api/v1/quizzes/{id}/attempts` (a module's
//! quiz has the module's id), authoring, and certificates.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::authoring::{self, Part};
use super::model::{
    ActivityInput, AttemptInput, AttemptResult, CertificateView, CourseInput, CourseSummary, CourseView, EnrolmentView,
    ModuleInput, ProgressInput, QuizQuestionInput, QuizView,
};
use super::{catalogue, certificates, quiz, study};
use crate::ids::{ActivityId, CourseId, CourseVersionId, ModuleId, QuizQuestionId};
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update))
        .routes(routes!(enrolment, enrol))
        .routes(routes!(add_module))
        .routes(routes!(publish))
        .routes(routes!(unpublish))
        .routes(routes!(new_version))
        .routes(routes!(add_activity))
        .routes(routes!(add_question))
        .routes(routes!(remove_module))
        .routes(routes!(remove_activity))
        .routes(routes!(remove_question))
        .routes(routes!(move_module))
        .routes(routes!(move_activity))
        .routes(routes!(move_question))
        .routes(routes!(progress))
        .routes(routes!(get_quiz))
        .routes(routes!(attempts, attempt))
        .routes(routes!(certificate))
        .routes(routes!(report))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// One district (its upazilas then); officers see their own district only.
    pub district_id: Option<crate::ids::DistrictId>,
}

/// Enrolled, started and completed by district (or a district's upazilas), each quiz question's
/// share of right answers, and the course's batches with fill and attendance (its author,
/// administrators, education officers).
#[utoipa::path(get, path = "/api/v1/courses/{id}/report", tag = "courses", params(("id" = i64, Path), ReportParams),
    responses((status = 200, body = super::reports::CourseReport), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn report(
    State(state): State<AppState>,
    ctx: RequestContext,
    user: CurrentUser,
    ApiPath(id): ApiPath<CourseId>,
    ApiQuery(p): ApiQuery<ReportParams>,
) -> AppResult<Json<super::reports::CourseReport>> {
    Ok(Json(super::reports::course(&state, &user, id, p.district_id, ctx.lang).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CourseParams {
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct CoursePage {
    pub items: Vec<CourseSummary>,
    pub total: u64,
}

/// Published courses, most recently changed first.
#[utoipa::path(get, path = "/api/v1/courses", tag = "courses", params(CourseParams),
    responses((status = 200, body = CoursePage), (status = 400, body = ProblemDetails)))]
async fn list(State(state): State<AppState>, ApiQuery(p): ApiQuery<CourseParams>) -> AppResult<Json<CoursePage>> {
    let mut errors = FieldErrors::default();
    crate::web::extract::check_paging(p.page, p.per_page, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::BadParameter(errors));
    }
    let (items, total) = catalogue::published(&state, p.page.unwrap_or(1), p.per_page.unwrap_or(20)).await?;
    Ok(Json(CoursePage { items, total }))
}

#[derive(Serialize, ToSchema)]
pub struct CreatedPart {
    pub id: i64,
}

/// Start a course (course authors): its first version is a draft.
#[utoipa::path(post, path = "/api/v1/courses", tag = "courses", request_body = CourseInput,
    responses((status = 201, body = CreatedPart), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<CourseInput>,
) -> AppResult<(StatusCode, Json<CreatedPart>)> {
    let id = authoring::create(&state, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(CreatedPart { id: id.0 })))
}

/// A course, its modules with data cost per module, and the viewer's progress when enrolled.
#[utoipa::path(get, path = "/api/v1/courses/{id}", tag = "courses", params(("id" = i64, Path)),
    responses((status = 200, body = CourseView), (status = 404, body = ProblemDetails)))]
async fn get_one(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiPath(id): ApiPath<CourseId>,
) -> AppResult<Json<CourseView>> {
    Ok(Json(study::view(&state, ctx.user.as_ref(), id).await?))
}

/// Change a course's title, summary, class or subject (its author).
#[utoipa::path(patch, path = "/api/v1/courses/{id}", tag = "courses", params(("id" = i64, Path)), request_body = CourseInput,
    responses((status = 204), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<CourseId>,
    ApiJson(input): ApiJson<CourseInput>,
) -> AppResult<StatusCode> {
    authoring::update(&state, &user, id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's enrolment: progress, what is next, the certificate.
#[utoipa::path(get, path = "/api/v1/courses/{id}/enrolment", tag = "courses", params(("id" = i64, Path)),
    responses((status = 200, body = EnrolmentView), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn enrolment(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<CourseId>,
) -> AppResult<Json<EnrolmentView>> {
    study::view(&state, Some(&user), id).await?.enrolment.map(Json).ok_or_else(study::not_enrolled)
}

/// Enrol in the published version (enrolling again changes nothing).
#[utoipa::path(put, path = "/api/v1/courses/{id}/enrolment", tag = "courses", params(("id" = i64, Path)),
    responses((status = 200, body = CourseView), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn enrol(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<CourseId>,
) -> AppResult<Json<CourseView>> {
    Ok(Json(study::enrol(&state, &user, id).await?))
}

/// Add a module (with its quiz's pass mark, attempts and wait) to the draft.
#[utoipa::path(post, path = "/api/v1/courses/{id}/modules", tag = "courses", params(("id" = i64, Path)), request_body = ModuleInput,
    responses((status = 201, body = CreatedPart), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn add_module(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<CourseId>,
    ApiJson(input): ApiJson<ModuleInput>,
) -> AppResult<(StatusCode, Json<CreatedPart>)> {
    let m = authoring::add_module(&state, &user, id, &input).await?;
    Ok((StatusCode::CREATED, Json(CreatedPart { id: m.0 })))
}

#[derive(Serialize, ToSchema)]
pub struct VersionMade {
    pub version_id: CourseVersionId,
}

/// Publish the draft: new enrolments get it, enrolled teachers keep theirs.
#[utoipa::path(post, path = "/api/v1/courses/{id}/publish", tag = "courses", params(("id" = i64, Path)),
    responses((status = 200, body = VersionMade), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<CourseId>,
) -> AppResult<Json<VersionMade>> {
    Ok(Json(VersionMade { version_id: authoring::publish(&state, &user, id).await? }))
}

/// Stop new enrolments (enrolled teachers go on).
#[utoipa::path(post, path = "/api/v1/courses/{id}/unpublish", tag = "courses", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn unpublish(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<CourseId>,
) -> AppResult<StatusCode> {
    authoring::unpublish(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start a new version as a draft copied from the published one.
#[utoipa::path(post, path = "/api/v1/courses/{id}/versions", tag = "courses", params(("id" = i64, Path)),
    responses((status = 201, body = VersionMade), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn new_version(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<CourseId>,
) -> AppResult<(StatusCode, Json<VersionMade>)> {
    Ok((StatusCode::CREATED, Json(VersionMade { version_id: authoring::new_version(&state, &user, id).await? })))
}

/// Add an activity to a draft module: a video, audio or reading from the library, or a "try this in class" task.
#[utoipa::path(post, path = "/api/v1/modules/{id}/activities", tag = "courses", params(("id" = i64, Path)), request_body = ActivityInput,
    responses((status = 201, body = CreatedPart), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn add_activity(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<ModuleId>,
    ApiJson(input): ApiJson<ActivityInput>,
) -> AppResult<(StatusCode, Json<CreatedPart>)> {
    let a = authoring::add_activity(&state, &user, id, &input).await?;
    Ok((StatusCode::CREATED, Json(CreatedPart { id: a.0 })))
}

/// Add a question to a draft module's quiz.
#[utoipa::path(post, path = "/api/v1/modules/{id}/questions", tag = "courses", params(("id" = i64, Path)), request_body = QuizQuestionInput,
    responses((status = 201, body = CreatedPart), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn add_question(
    State(state): State<AppState>,
    ctx: RequestContext,
    user: CurrentUser,
    ApiPath(id): ApiPath<ModuleId>,
    ApiJson(input): ApiJson<QuizQuestionInput>,
) -> AppResult<(StatusCode, Json<CreatedPart>)> {
    let q = authoring::add_question(&state, &user, id, &input, ctx.lang).await?;
    Ok((StatusCode::CREATED, Json(CreatedPart { id: q.0 })))
}

macro_rules! removal {
    ($name:ident, $path:literal, $id:ty, $part:ident, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(delete, path = $path, tag = "courses", params(("id" = i64, Path)),
            responses((status = 204), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)),
            security(("bearer" = [])))]
        async fn $name(State(state): State<AppState>, user: CurrentUser, ApiPath(id): ApiPath<$id>) -> AppResult<StatusCode> {
            authoring::remove(&state, &user, Part::$part(id)).await?;
            Ok(StatusCode::NO_CONTENT)
        }
    };
}

removal!(
    remove_module,
    "/api/v1/modules/{id}",
    ModuleId,
    Module,
    "Remove a module from a draft, with its activities and quiz."
);
removal!(remove_activity, "/api/v1/activities/{id}", ActivityId, Activity, "Remove an activity from a draft.");
removal!(
    remove_question,
    "/api/v1/quiz-questions/{id}",
    QuizQuestionId,
    Question,
    "Remove a quiz question from a draft."
);

#[derive(Deserialize, ToSchema)]
pub struct MoveInput {
    /// up | down
    #[schema(pattern = "^(up|down)$")]
    pub direction: String,
}

macro_rules! moving {
    ($name:ident, $path:literal, $id:ty, $part:ident, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "courses", params(("id" = i64, Path)), request_body = MoveInput,
            responses((status = 204), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
            security(("bearer" = [])))]
        async fn $name(
            State(state): State<AppState>,
            user: CurrentUser,
            ApiPath(id): ApiPath<$id>,
            ApiJson(m): ApiJson<MoveInput>,
        ) -> AppResult<StatusCode> {
            let up = match m.direction.as_str() {
                "up" => true,
                "down" => false,
                _ => return Err(AppError::invalid("direction", "field-direction")),
            };
            authoring::shift(&state, &user, Part::$part(id), up).await?;
            Ok(StatusCode::NO_CONTENT)
        }
    };
}

moving!(move_module, "/api/v1/modules/{id}/move", ModuleId, Module, "Move a module up or down in a draft.");
moving!(
    move_activity,
    "/api/v1/activities/{id}/move",
    ActivityId,
    Activity,
    "Move an activity up or down in its module."
);
moving!(
    move_question,
    "/api/v1/quiz-questions/{id}/move",
    QuizQuestionId,
    Question,
    "Move a quiz question up or down."
);

/// Keep the caller's place in an activity (video position) or mark it done.
#[utoipa::path(put, path = "/api/v1/activities/{id}/progress", tag = "courses", params(("id" = i64, Path)), request_body = ProgressInput,
    responses((status = 200, body = CourseView), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn progress(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<ActivityId>,
    ApiJson(input): ApiJson<ProgressInput>,
) -> AppResult<Json<CourseView>> {
    Ok(Json(study::record(&state, &user, id, &input).await?))
}

/// A module's quiz as the caller's next attempt shows it (questions and choices in this attempt's order; no answers).
#[utoipa::path(get, path = "/api/v1/quizzes/{id}", tag = "courses", params(("id" = i64, Path)),
    responses((status = 200, body = QuizView), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn get_quiz(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<ModuleId>,
) -> AppResult<Json<QuizView>> {
    Ok(Json(quiz::for_attempt(&state, &user, id).await?))
}

/// The caller's own attempts at a quiz, with feedback.
#[utoipa::path(get, path = "/api/v1/quizzes/{id}/attempts", tag = "courses", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<AttemptResult>), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn attempts(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<ModuleId>,
) -> AppResult<Json<Vec<AttemptResult>>> {
    Ok(Json(quiz::mine(&state, &user, id).await?))
}

/// Submit an attempt; 201 with the grade and feedback, or 200 with the first
/// result when the same `idempotency_key` was sent before (counted once).
#[utoipa::path(post, path = "/api/v1/quizzes/{id}/attempts", tag = "courses", params(("id" = i64, Path)), request_body = AttemptInput,
    responses((status = 201, body = AttemptResult), (status = 200, body = AttemptResult), (status = 401, body = ProblemDetails),
        (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails), (status = 409, body = ProblemDetails),
        (status = 422, body = ProblemDetails), (status = 429, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn attempt(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<ModuleId>,
    ApiJson(input): ApiJson<AttemptInput>,
) -> AppResult<(StatusCode, Json<AttemptResult>)> {
    let (new, result) = quiz::submit(&state, &user, id, &input).await?;
    Ok((if new { StatusCode::CREATED } else { StatusCode::OK }, Json(result)))
}

/// A completion certificate, for anyone with its code.
#[utoipa::path(get, path = "/api/v1/certificates/{code}", tag = "courses", params(("code" = String, Path)),
    responses((status = 200, body = CertificateView), (status = 404, body = ProblemDetails)))]
async fn certificate(
    State(state): State<AppState>,
    axum::extract::Path(code): axum::extract::Path<String>,
) -> AppResult<Json<CertificateView>> {
    Ok(Json(certificates::by_code(&state, &code).await?))
}
