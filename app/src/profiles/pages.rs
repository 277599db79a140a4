//! Profile pages: the edit form, the photo upload, the public profile and
//! the photos themselves.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::model::{Profile, ProfileForm, ProfileInput};
use super::{photo, service, store};
use crate::curriculum::store as curriculum;
use crate::institutions::store as institutions;
use crate::places::memory as places;
use crate::places::model::District;
use crate::recognition::marks::Marks;
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::form::redirect_or_again;
use crate::web::page_cache::KEEP_FOR;
use crate::web::page_parts::KeptViews;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Lang, Page};
use std::sync::Arc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/profile/edit", get(edit_form).post(save))
        .route("/profile/photo", post(upload_photo).layer(DefaultBodyLimit::max(photo::MAX_UPLOAD + 64 * 1024)))
        .route("/teachers/{id}", get(public_profile))
        .route("/photos/{file}", get(serve_photo))
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "profiles/edit.html")]
struct EditPage {
    page: Page,
    profile: Profile,
    input: ProfileInput,
    districts: Vec<District>,
    levels: Vec<Choice>,
    subjects: Vec<Choice>,
    institutions_nearby: Vec<String>,
    notice: Option<&'static str>,
    errors: FieldErrors,
}

impl EditPage {
    fn has_class(&self, n: &i32) -> bool {
        self.input.classes.contains(n)
    }
    fn has_subject(&self, code: &str) -> bool {
        self.input.subjects.iter().any(|s| s == code)
    }
    fn district_selected(&self, id: &crate::ids::DistrictId) -> bool {
        self.input.district_id == Some(*id)
    }
    fn upazila_selected(&self, id: &crate::ids::UpazilaId) -> bool {
        self.input.upazila_id == Some(*id)
    }
    fn verification_key(&self) -> String {
        format!("verification-{}", self.profile.verification.as_str())
    }
    fn level_selected(&self, code: &str) -> bool {
        self.input.level.as_deref() == Some(code)
    }
}

fn input_from(profile: &Profile, level_code: Option<String>, subject_codes: Vec<String>) -> ProfileInput {
    ProfileInput {
        designation: profile.designation.clone().unwrap_or_default(),
        institution: profile.institution.as_ref().map(|i| i.eiin.to_string()).unwrap_or_default(),
        district_id: profile.district.as_ref().map(|d| crate::ids::DistrictId(d.id)),
        upazila_id: profile.upazila.as_ref().map(|u| crate::ids::UpazilaId(u.id)),
        level: level_code,
        classes: profile.classes.clone(),
        subjects: subject_codes,
        bio: profile.bio.clone().unwrap_or_default(),
    }
}

async fn edit_page(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    input: Option<ProfileInput>,
    notice: Option<&'static str>,
    errors: FieldErrors,
) -> AppResult<EditPage> {
    let db = &state.db;
    let lang = page.lang;
    let account = crate::accounts::store::find(db, user.id).await?.ok_or(AppError::LoginRequired)?;
    let level_code = account.level_code.clone();
    let profile = service::from_user(state, account).await?;
    let input = match input {
        Some(i) => i,
        None => input_from(&profile, level_code, store::subjects_of(db, user.id).await?),
    };
    let levels = curriculum::levels(db)
        .await?
        .into_iter()
        .map(|l| Choice { label: if lang == crate::web::Lang::Bn { l.name_bn } else { l.name_en }, value: l.code })
        .collect();
    let subjects = curriculum::subject_codes(db)
        .await?
        .into_iter()
        .map(|s| Choice { label: if lang == crate::web::Lang::Bn { s.name_bn } else { s.name_en }, value: s.code })
        .collect();
    let institutions_nearby = match input.upazila_id {
        Some(u) => {
            institutions::in_upazila(db, u).await?.into_iter().map(|i| format!("{} — {}", i.eiin, i.name)).collect()
        }
        None => Vec::new(),
    };
    Ok(EditPage {
        page: page.titled("profile-edit-title"),
        profile,
        input,
        districts: places::districts(state).await?,
        levels,
        subjects,
        institutions_nearby,
        notice,
        errors,
    })
}

#[derive(Deserialize)]
struct EditQuery {
    welcome: Option<String>,
    saved: Option<String>,
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Query(q): Query<EditQuery>,
) -> AppResult<Html<String>> {
    let notice = match (q.welcome, q.saved) {
        (Some(_), _) => Some("profile-welcome"),
        (_, Some(_)) => Some("profile-saved"),
        _ => None,
    };
    Ok(Html(edit_page(&state, page, &user, None, notice, FieldErrors::default()).await?.render()?))
}

async fn save(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(form): VerifiedForm<ProfileForm>,
) -> AppResult<Response> {
    let mut input = ProfileInput::from_form(form);
    // "1234 — School name" from the suggestions list means EIIN 1234.
    if let Some((eiin, _)) = input.institution.split_once(" — ") {
        input.institution = eiin.trim().to_owned();
    }
    let saved = service::save(&state, user.id, &input).await.map(|()| "/profile/edit?saved=1".to_owned());
    redirect_or_again(saved, async |errors| {
        Ok(edit_page(&state, page, &user, Some(input), None, errors).await?.render()?)
    })
    .await
}

async fn upload_photo(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    form: Multipart,
) -> AppResult<Response> {
    let csrf = page.csrf.clone();
    let result = match super::read_photo_upload(form, Some(&csrf)).await {
        Ok(bytes) => super::process_photo(&state, bytes).await,
        Err(e) => Err(e),
    };
    let (status, key) = match result {
        Ok(jpeg) => {
            store::replace_photo(&state.db, user.id, jpeg).await?;
            return Ok(Redirect::to("/profile/edit?saved=1").into_response());
        }
        Err(AppError::UnsupportedMediaType) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "field-photo-type"),
        Err(AppError::TooLarge) => (StatusCode::PAYLOAD_TOO_LARGE, "field-photo-large"),
        Err(AppError::Validation(_)) => (StatusCode::UNPROCESSABLE_ENTITY, "field-photo-missing"),
        Err(e) => return Err(e),
    };
    let mut errors = FieldErrors::default();
    errors.add("photo", key);
    let html = edit_page(&state, page, &user, None, None, errors).await?.render()?;
    Ok((status, Html(html)).into_response())
}

#[derive(Template)]
#[template(path = "profiles/public.html")]
struct PublicPage {
    page: Page,
    profile: Arc<Profile>,
    is_owner: bool,
    /// Her awards and ambassadorships.
    marks: Arc<crate::recognition::marks::Marks>,
    /// For administrators: districts to appoint her ambassador of.
    districts: Vec<District>,
}

/// A profile as others see it is the same for every visitor: kept per
/// teacher and language as long as an anonymous visitor's page. For her
/// own visit her account row and her points are read every time, and the
/// kept copy serves only when drawn from that row as it is now and showing
/// those points (every edit of hers changes the row, so it shows at once,
/// on any node).
#[derive(Default)]
struct KeptProfiles(KeptViews<(crate::ids::UserId, Lang), KeptProfile, 4096>);

/// A profile and its marks, with the stamp (`service::stamp`) of the
/// account row they were drawn from.
struct KeptProfile {
    drawn_from: u64,
    profile: Arc<Profile>,
    marks: Arc<Marks>,
}

async fn seen_by_others(
    state: &AppState,
    id: crate::ids::UserId,
    lang: Lang,
    is_owner: bool,
) -> AppResult<(Arc<Profile>, Arc<Marks>)> {
    let kept = &state.part::<KeptProfiles>().0;
    // Read before the account row: a change made meanwhile leaves what is built stale.
    let generation = crate::web::page_parts::generation(state);
    let found = kept.fresh(state, &(id, lang), KEEP_FOR);
    if !is_owner && let Some(k) = &found {
        return Ok((k.profile.clone(), k.marks.clone()));
    }
    let account = crate::accounts::store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let stamp = service::stamp(&account);
    // Her points move with her own acts too (accepting an answer).
    let points = match found {
        Some(_) if is_owner => Some(crate::questions::reputation::total(&state.db, id).await?),
        _ => None,
    };
    if let Some(k) = found
        && k.drawn_from == stamp
        && points == Some(k.profile.reputation)
    {
        return Ok((k.profile.clone(), k.marks.clone()));
    }
    let build = async {
        Ok(KeptProfile {
            drawn_from: stamp,
            profile: Arc::new(service::from_user(state, account).await?),
            marks: Arc::new(crate::recognition::marks::of_teacher(state, lang, id).await?),
        })
    };
    let k = kept.build_as_of(generation, (id, lang), KEEP_FOR, build).await?;
    Ok((k.profile.clone(), k.marks.clone()))
}

async fn public_profile(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<crate::ids::UserId>,
) -> AppResult<Html<String>> {
    let is_owner = page.user.as_ref().is_some_and(|u| u.id == id);
    let (profile, marks) = seen_by_others(&state, id, page.lang, is_owner).await?;
    let districts = if page.is_admin() { places::districts(&state).await? } else { Vec::new() };
    let mut page = page;
    page.title = profile.name.clone();
    Ok(Html(PublicPage { page, profile, is_owner, marks, districts }.render()?))
}

async fn serve_photo(State(state): State<AppState>, Path(file): Path<String>) -> AppResult<Response> {
    let id = file.strip_suffix(".jpg").and_then(|i| i.parse::<i64>().ok()).ok_or(AppError::NotFound)?;
    let jpeg = store::photo(&state.db, crate::ids::PhotoId(id)).await?.ok_or(AppError::NotFound)?;
    // A new photo gets a new id, so each one may be cached for good.
    Ok(([(CONTENT_TYPE, "image/jpeg"), (CACHE_CONTROL, "public, max-age=31536000, immutable")], jpeg).into_response())
}
