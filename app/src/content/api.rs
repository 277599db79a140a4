//! JSON twins of the content pages under `/api/v1/contents`.

use axum::Json;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::comments::{self, CommentInput, CommentView};
use super::model::{ContentId, ContentInput, ContentSummary, ContentView, RatingSummary};
use super::store::{ListFilter, Sort};
use super::{form, lists, ratings, service, store};
use crate::curriculum::store as curriculum;
use crate::media::MediaKind;
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::{ApiJson, ApiPath, ApiQuery, limit_body};
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult, CurrentUser};

/// JSON bodies are small (DESIGN §4).
const JSON_LIMIT: usize = 64 * 1024;

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .layer(DefaultBodyLimit::disable())
        .routes(routes!(list))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(download))
        .routes(routes!(list_comments, add_comment))
        .routes(routes!(edit_comment, delete_comment))
        .routes(routes!(rate))
        .routes(routes!(near_copies))
}

/// Other contents whose file has nearly the same text (70 % or more of its
/// four-word runs), most alike first; for the content's author and moderators.
#[utoipa::path(get, path = "/api/v1/contents/{id}/near-copies", tag = "contents", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<super::near_copies::NearCopy>), (status = 401, body = ProblemDetails),
        (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn near_copies(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<ContentId>,
) -> AppResult<Json<Vec<super::near_copies::NearCopy>>> {
    Ok(Json(super::near_copies::of(&state, &user, id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct CreatedContent {
    pub id: ContentId,
    /// Earlier contents with the very same file.
    pub duplicate_of: Vec<ContentId>,
    pub content: ContentView,
}

/// Share a content: multipart (`file` with `title`, `description`, `chapter_id`, `licence`, `language`, `tags`),
/// or JSON with an `upload_id` from a finished tus upload, or an `external_url`.
#[utoipa::path(post, path = "/api/v1/contents", tag = "contents", request_body(content = ContentInput, description = "JSON, or the same fields as multipart with a `file`"),
    responses((status = 201, body = CreatedContent), (status = 413, body = ProblemDetails), (status = 415, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    request: Request,
) -> AppResult<(StatusCode, Json<CreatedContent>)> {
    let is_multipart = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let created = if is_multipart {
        // The file has its own limit while streaming; the whole body is held
        // to that plus room for the text fields.
        let request = limit_body(request, state.config.upload_limits.largest() + form::MAX_TEXT_BYTES as u64)?;
        let multipart =
            Multipart::from_request(request, &state).await.map_err(|_| AppError::BadRequest("malformed upload"))?;
        let form = form::read(multipart, &state.config.work_dir, state.config.upload_limits, None)
            .await
            .map_err(|r| r.error)?;
        let input = form::input_from(&form.fields);
        match form.file {
            Some(file) => service::create_with_file(&state, user.id, &input, file, form.file_name).await?,
            None => service::create_link(&state, user.id, &input).await?,
        }
    } else {
        let request = buffered_json(request).await?;
        let ApiJson(input) = ApiJson::<ContentInput>::from_request(request, &state).await?;
        match &input.upload_id {
            Some(upload) => service::create_from_upload(&state, user.id, &input, upload).await?,
            None => service::create_link(&state, user.id, &input).await?,
        }
    };
    let row = store::find(&state.db, created.id).await?.ok_or(AppError::NotFound)?;
    let content = service::view(&state, row).await?;
    Ok((StatusCode::CREATED, Json(CreatedContent { id: created.id, duplicate_of: created.duplicate_of, content })))
}

/// The JSON branch: read at most [`JSON_LIMIT`] bytes, refusing with 413
/// while streaming, never buffering more.
async fn buffered_json(request: Request) -> AppResult<Request> {
    let request = limit_body(request, JSON_LIMIT as u64)?;
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, JSON_LIMIT).await.map_err(|_| AppError::TooLarge)?;
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    pub chapter_id: Option<crate::ids::ChapterId>,
    pub subject_id: Option<crate::ids::SubjectId>,
    /// Class number, 1–12.
    #[param(minimum = 1, maximum = 12)]
    pub class: Option<i32>,
    /// video | audio | slides | pdf | document | image | link
    #[param(pattern = "^(video|audio|slides|pdf|document|image|link)$")]
    pub kind: Option<String>,
    /// bn | en
    #[param(pattern = "^(bn|en)$")]
    pub language: Option<String>,
    /// new (default) | top (Bayesian average of ratings) | downloads
    #[param(pattern = "^(new|top|downloads)$")]
    pub sort: Option<String>,
    /// From 1.
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
    /// 1 to 100; 20 when left out.
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

impl ListParams {
    /// Out-of-range or unknown values are refused, not quietly replaced.
    fn validate(&self) -> AppResult<()> {
        let mut errors = crate::web::FieldErrors::default();
        if self.class.is_some_and(|c| !(1..=12).contains(&c)) {
            errors.add("class", "field-bad-parameter");
        }
        if self.kind.as_deref().is_some_and(|k| MediaKind::parse(k).is_none()) {
            errors.add("kind", "field-bad-parameter");
        }
        if self.language.as_deref().is_some_and(|l| !matches!(l, "bn" | "en")) {
            errors.add("language", "field-bad-parameter");
        }
        if self.sort.as_deref().is_some_and(|s| !matches!(s, "new" | "top" | "downloads")) {
            errors.add("sort", "field-bad-parameter");
        }
        crate::web::extract::check_paging(self.page, self.per_page, &mut errors);
        errors.into_result()
    }
}

#[derive(Serialize, ToSchema)]
pub struct ContentPage {
    pub items: Vec<ContentSummary>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// Contents, newest first or by rating or downloads, filtered by curriculum place, type and language.
#[utoipa::path(get, path = "/api/v1/contents", tag = "contents", params(ListParams), responses((status = 200, body = ContentPage)))]
async fn list(State(state): State<AppState>, ApiQuery(p): ApiQuery<ListParams>) -> AppResult<Json<ContentPage>> {
    let chapters = match (p.chapter_id, p.subject_id, p.class) {
        (Some(c), _, _) => Some(vec![c]),
        (None, None, None) => None,
        (None, s, c) => Some(curriculum::chapter_ids(&state.db, s, c).await?),
    };
    p.validate()?;
    let per_page = p.per_page.unwrap_or(20);
    let page = p.page.unwrap_or(1);
    let filter = ListFilter {
        chapters,
        kind: p.kind.as_deref().and_then(MediaKind::parse),
        language: p.language.clone(),
        sort: match p.sort.as_deref() {
            Some("top") => Sort::Top,
            Some("downloads") => Sort::Downloads,
            _ => Sort::New,
        },
        page: page - 1,
        per_page,
        ..Default::default()
    };
    let (rows, total) = store::list(&state.db, &filter).await?;
    Ok(Json(ContentPage { items: lists::summaries(&state, rows).await?, total, page, per_page }))
}

/// One content.
#[utoipa::path(get, path = "/api/v1/contents/{id}", tag = "contents", params(("id" = i64, Path)),
    responses((status = 200, body = ContentView), (status = 404, body = ProblemDetails)))]
async fn get_one(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiPath(id): ApiPath<ContentId>,
    headers: axum::http::HeaderMap,
) -> AppResult<Json<ContentView>> {
    let row = service::visible_to(&state, ctx.user.as_ref(), id).await?;
    super::views::counter(&state).count(id, super::views::viewer(&ctx, &headers));
    Ok(Json(service::view(&state, row).await?))
}

/// A change: the author's new details, or a moderator's `hidden` with a `reason`.
#[derive(Deserialize, ToSchema, Default)]
pub struct ContentChange {
    #[schema(min_length = 3, max_length = 200)]
    pub title: Option<String>,
    #[schema(max_length = 5000)]
    pub description: Option<String>,
    pub chapter_id: Option<crate::ids::ChapterId>,
    #[schema(pattern = "^(|CC-BY-4\\.0|CC-BY-SA-4\\.0|CC-BY-NC-4\\.0|all-rights-reserved)$")]
    pub licence: Option<String>,
    #[schema(pattern = "^(|bn|en)$")]
    pub language: Option<String>,
    pub tags: Option<Vec<String>>,
    /// Moderators only: hide (true) or restore (false); needs `reason`.
    pub hidden: Option<bool>,
    /// Why (1–1000 characters), when `hidden` is sent.
    pub reason: Option<String>,
}

/// Change a content's details (its author) or hide/restore it (moderators).
#[utoipa::path(patch, path = "/api/v1/contents/{id}", tag = "contents", params(("id" = i64, Path)), request_body = ContentChange,
    responses((status = 200, body = ContentView), (status = 403, body = ProblemDetails), (status = 422, body = ProblemDetails)), security(("bearer" = [])))]
async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<ContentId>,
    ApiJson(change): ApiJson<ContentChange>,
) -> AppResult<Json<ContentView>> {
    if let Some(hidden) = change.hidden {
        service::moderate(&state, &user, id, hidden, change.reason.as_deref().unwrap_or("")).await?;
    }
    let edits = change.title.is_some()
        || change.description.is_some()
        || change.chapter_id.is_some()
        || change.licence.is_some()
        || change.language.is_some()
        || change.tags.is_some();
    if edits {
        let row = service::owned(&state, &user, id).await?;
        let input = ContentInput {
            title: change.title.unwrap_or(row.title),
            description: change.description.unwrap_or(row.description),
            chapter_id: Some(change.chapter_id.unwrap_or(row.chapter_id)),
            licence: Some(change.licence.unwrap_or(row.licence)),
            language: Some(change.language.unwrap_or(row.language)),
            tags: match change.tags {
                Some(t) => t,
                None => store::tags(&state.db, id).await?,
            },
            external_url: None,
            upload_id: None,
        };
        service::update(&state, &user, id, &input).await?;
    }
    let row = service::visible_to(&state, Some(&user), id).await?;
    Ok(Json(service::view(&state, row).await?))
}

/// Delete one's own content (it is kept for the audit trail, not shown).
#[utoipa::path(delete, path = "/api/v1/contents/{id}", tag = "contents", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)), security(("bearer" = [])))]
async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<ContentId>,
) -> AppResult<StatusCode> {
    service::delete(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The file, with HTTP Range for resumable downloads.
#[utoipa::path(get, path = "/api/v1/contents/{id}/file", tag = "contents", params(("id" = i64, Path)),
    responses((status = 200, description = "the whole file"), (status = 206, description = "the range asked for"), (status = 416)))]
async fn download(
    state: State<AppState>,
    ctx: RequestContext,
    id: ApiPath<ContentId>,
    headers: HeaderMap,
) -> AppResult<Response> {
    super::pages::download(state, ctx, id, headers).await
}

/// The comments of a content, replies under their comment.
#[utoipa::path(get, path = "/api/v1/contents/{id}/comments", tag = "contents", params(("id" = i64, Path)), responses((status = 200, body = Vec<CommentView>)))]
async fn list_comments(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiPath(id): ApiPath<ContentId>,
) -> AppResult<Json<Vec<CommentView>>> {
    service::visible_to(&state, ctx.user.as_ref(), id).await?;
    Ok(Json(comments::thread(&state, id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct CommentCreated {
    pub id: crate::ids::CommentId,
}

/// Comment (or reply, with `parent_id`).
#[utoipa::path(post, path = "/api/v1/contents/{id}/comments", tag = "contents", params(("id" = i64, Path)), request_body = CommentInput,
    responses((status = 201, body = CommentCreated), (status = 422, body = ProblemDetails)), security(("bearer" = [])))]
async fn add_comment(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<ContentId>,
    ApiJson(input): ApiJson<CommentInput>,
) -> AppResult<(StatusCode, Json<CommentCreated>)> {
    let c = comments::add(&state, user.id, id, &input).await?;
    Ok((StatusCode::CREATED, Json(CommentCreated { id: c.id })))
}

#[derive(Deserialize, ToSchema)]
pub struct CommentEdit {
    #[schema(min_length = 1, max_length = 2000)]
    pub body: String,
}

/// Edit one's comment (within 15 minutes).
#[utoipa::path(patch, path = "/api/v1/comments/{id}", tag = "contents", params(("id" = i64, Path)), request_body = CommentEdit,
    responses((status = 204), (status = 403, body = ProblemDetails), (status = 422, body = ProblemDetails)), security(("bearer" = [])))]
async fn edit_comment(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<crate::ids::CommentId>,
    ApiJson(e): ApiJson<CommentEdit>,
) -> AppResult<StatusCode> {
    comments::edit(&state, &user, id, &e.body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete one's comment (moderators: any comment).
#[utoipa::path(delete, path = "/api/v1/comments/{id}", tag = "contents", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ProblemDetails)), security(("bearer" = [])))]
async fn delete_comment(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<crate::ids::CommentId>,
) -> AppResult<StatusCode> {
    comments::delete(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct Stars {
    /// 1 to 5.
    #[schema(minimum = 1, maximum = 5)]
    pub stars: i32,
}

/// Rate a content (not one's own); rating again changes the rating.
#[utoipa::path(put, path = "/api/v1/contents/{id}/rating", tag = "contents", params(("id" = i64, Path)), request_body = Stars,
    responses((status = 200, body = RatingSummary), (status = 403, body = ProblemDetails), (status = 422, body = ProblemDetails)), security(("bearer" = [])))]
async fn rate(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<ContentId>,
    ApiJson(s): ApiJson<Stars>,
) -> AppResult<Json<RatingSummary>> {
    Ok(Json(ratings::rate(&state, user.id, id, s.stars).await?))
}
