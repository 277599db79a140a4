//! Sharing a content (the upload page), editing its details, deleting it.

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{ChapterGroup, chapter_groups};
use crate::content::form::{self, input_from};
use crate::content::model::{ContentId, ContentInput, LICENCES};
use crate::content::{service, store};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

#[derive(Template)]
#[template(path = "content/share.html")]
pub struct SharePage {
    pub page: Page,
    /// None: a new content; Some: editing this one's details.
    pub editing: Option<ContentId>,
    pub groups: Vec<ChapterGroup>,
    pub input: ContentInput,
    pub tags: String,
    pub licences: Vec<&'static str>,
    pub errors: FieldErrors,
    pub script_href: String,
    pub max_video_mb: u64,
    pub max_file_mb: u64,
    /// The chapter chosen with its class and subject ("শ্রেণি ৭ · গণিত · অধ্যায় ৩: …").
    pub chosen: Option<String>,
    /// The same line with `{place}`, `{number}` and `{name}` for the script to fill.
    pub chosen_format: String,
}

impl SharePage {
    fn chapter_selected(&self, id: &crate::ids::ChapterId) -> bool {
        self.input.chapter_id == Some(*id)
    }
    fn licence_selected(&self, l: &str) -> bool {
        self.input.licence.as_deref().unwrap_or("CC-BY-4.0") == l
    }
    fn language_selected(&self, l: &str) -> bool {
        self.input.language.as_deref().unwrap_or("bn") == l
    }
    fn licence_key(&self, l: &str) -> String {
        format!("licence-{}", l.replace('.', "_"))
    }
}

async fn share_page(
    state: &AppState,
    page: Page,
    editing: Option<ContentId>,
    input: ContentInput,
    errors: FieldErrors,
) -> AppResult<SharePage> {
    let curriculum = crate::curriculum::memory::current(state).await?;
    let levels = curriculum.levels.clone();
    let lang = page.lang;
    let limits = state.config.upload_limits;
    let chosen = input.chapter_id.and_then(|id| curriculum.place(id)).map(|p| super::chapter_in_place(lang, &p));
    let holes = [("place", "{place}"), ("number", "{number}"), ("name", "{name}")];
    let chosen_format = lang.t_with("share-chapter-chosen", &holes.map(|(k, v)| (k, v.to_owned())));
    Ok(SharePage {
        page: page.titled(if editing.is_some() { "content-edit-title" } else { "share-title" }),
        editing,
        groups: chapter_groups(&levels, lang),
        tags: input.tags.join(", "),
        input,
        licences: LICENCES.to_vec(),
        errors,
        script_href: crate::web::assets::Assets::of(state).upload_js_href.clone(),
        max_video_mb: limits.video / 1_048_576,
        max_file_mb: limits.other / 1_048_576,
        chosen,
        chosen_format,
    })
}

#[derive(Deserialize)]
pub struct NewQuery {
    chapter_id: Option<crate::ids::ChapterId>,
}

pub async fn new_form(
    State(state): State<AppState>,
    page: Page,
    _user: CurrentUser,
    Query(q): Query<NewQuery>,
) -> AppResult<Html<String>> {
    let input = ContentInput { chapter_id: q.chapter_id, ..Default::default() };
    Ok(Html(share_page(&state, page, None, input, FieldErrors::default()).await?.render()?))
}

/// Re-shows the form with what went wrong, keeping what was typed.
async fn refused(
    state: &AppState,
    page: Page,
    editing: Option<ContentId>,
    input: ContentInput,
    error: AppError,
) -> AppResult<Response> {
    let (status, errors) = match error {
        AppError::Validation(e) | AppError::Conflict(e) => (StatusCode::UNPROCESSABLE_ENTITY, e),
        AppError::TooLarge => {
            let mut e = FieldErrors::default();
            e.add("file", "field-file-large");
            (StatusCode::PAYLOAD_TOO_LARGE, e)
        }
        AppError::UnsupportedMediaType => {
            let mut e = FieldErrors::default();
            e.add("file", "field-file-type");
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, e)
        }
        other => return Err(other),
    };
    let html = share_page(state, page, editing, input, errors).await?.render()?;
    Ok((status, Html(html)).into_response())
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    request: Request,
) -> AppResult<Response> {
    let csrf = page.csrf.clone();
    let limit = state.config.upload_limits.largest() + form::MAX_TEXT_BYTES as u64;
    let request = crate::web::extract::limit_body(request, limit)?;
    let form = Multipart::from_request(request, &state).await.map_err(|_| AppError::BadRequest("malformed upload"))?;
    let read = form::read(form, &state.config.work_dir, state.config.upload_limits, Some(&csrf)).await;
    let form = match read {
        Ok(f) => f,
        Err(r) if matches!(r.error, AppError::CsrfFailed) => return Err(r.error),
        Err(r) => return refused(&state, page, None, input_from(&r.fields), r.error).await,
    };
    let input = input_from(&form.fields);
    let result = match (&input.upload_id, form.file) {
        (Some(upload), _) => service::create_from_upload(&state, user.id, &input, upload).await,
        (None, Some(file)) => service::create_with_file(&state, user.id, &input, file, form.file_name).await,
        (None, None) => service::create_link(&state, user.id, &input).await,
    };
    match result {
        Ok(created) => {
            let mut target = format!("/contents/{}?shared=1", created.id.0);
            if let Some(first) = created.duplicate_of.first() {
                target.push_str(&format!("&same_as={}", first.0));
            }
            Ok(Redirect::to(&target).into_response())
        }
        Err(e) => refused(&state, page, None, input, e).await,
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<ContentId>,
) -> AppResult<Html<String>> {
    let row = service::owned(&state, &user, id).await?;
    let input = ContentInput {
        title: row.title.clone(),
        description: row.description.clone(),
        chapter_id: Some(row.chapter_id),
        licence: Some(row.licence.clone()),
        language: Some(row.language.clone()),
        tags: store::tags(&state.db, id).await?,
        external_url: row.external_url.clone(),
        upload_id: None,
    };
    Ok(Html(share_page(&state, page, Some(id), input, FieldErrors::default()).await?.render()?))
}

#[derive(Deserialize)]
pub struct DetailsForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    chapter_id: Option<String>,
    licence: Option<String>,
    language: Option<String>,
    #[serde(default)]
    tags: String,
}

pub async fn update(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<ContentId>,
    VerifiedForm(f): VerifiedForm<DetailsForm>,
) -> AppResult<Response> {
    let input = ContentInput {
        title: f.title,
        description: f.description,
        chapter_id: f.chapter_id.and_then(|c| bangla::to_ascii_digits(&c).trim().parse().ok()),
        licence: f.licence,
        language: f.language,
        tags: crate::content::model::split_tags(&f.tags),
        external_url: None,
        upload_id: None,
    };
    match service::update(&state, &user, id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/contents/{id}?saved=1")).into_response()),
        Err(e) => refused(&state, page, Some(id), input, e).await,
    }
}

pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ContentId>,
    VerifiedForm(_): VerifiedForm<crate::web::extract::TokenOnlyForm>,
) -> AppResult<Response> {
    service::delete(&state, &user, id).await?;
    Ok(Redirect::to("/my/contents?deleted=1").into_response())
}
