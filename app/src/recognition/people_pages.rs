//! Nominating a colleague as an innovative teacher, and the ICT4E district
//! ambassadors' pages (administrators appoint and end appointments there).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::people::{self, Appointment};
use crate::ids::{DistrictId, UserId};
use crate::places::model::District;
use crate::state::AppState;
use crate::web::extract::{TokenOnlyForm, VerifiedForm};
use crate::web::form::again;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/teachers/{id}/nominate", get(nomination_form).post(nominate))
        .route("/ambassadors", get(all).post(appoint))
        .route("/ambassadors/{district}", get(of_district))
        .route("/ambassadors/appointments/{id}/end", post(end))
}

#[derive(Template)]
#[template(path = "recognition/nominate.html")]
struct NominatePage {
    page: Page,
    nominee: UserId,
    name: String,
    /// What she wrote, kept when the form comes back.
    reason: String,
    errors: FieldErrors,
    done: bool,
}

/// Why a colleague is nominated.
#[derive(Deserialize)]
struct NominationForm {
    #[serde(default)]
    reason: String,
}

async fn nominate_html(
    state: &AppState,
    page: Page,
    id: UserId,
    reason: String,
    errors: FieldErrors,
    done: bool,
) -> AppResult<String> {
    let teacher = crate::accounts::store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let page = page.titled("recognition-nominate");
    Ok(NominatePage { page, nominee: id, name: teacher.name, reason, errors, done }.render()?)
}

async fn nomination_form(
    State(state): State<AppState>,
    page: Page,
    _user: CurrentUser,
    Path(id): Path<UserId>,
) -> AppResult<Html<String>> {
    Ok(Html(nominate_html(&state, page, id, String::new(), FieldErrors::default(), false).await?))
}

async fn nominate(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<UserId>,
    VerifiedForm(f): VerifiedForm<NominationForm>,
) -> AppResult<Response> {
    match people::nominate(&state, &user, id, &f.reason).await {
        Ok(()) => {
            Ok(Html(nominate_html(&state, page, id, String::new(), FieldErrors::default(), true).await?)
                .into_response())
        }
        Err(e) => again(e, async |errors| nominate_html(&state, page, id, f.reason, errors, false).await).await,
    }
}

#[derive(Template)]
#[template(path = "recognition/ambassadors.html")]
struct AmbassadorsPage {
    page: Page,
    district: Option<District>,
    districts: Vec<District>,
    list: Vec<Appointment>,
}

async fn ambassadors_html(state: &AppState, page: Page, district: Option<DistrictId>) -> AppResult<Html<String>> {
    let districts = crate::places::memory::districts(state).await?;
    let chosen = match district {
        Some(d) => Some(districts.iter().find(|x| x.id == d).cloned().ok_or(AppError::NotFound)?),
        None => None,
    };
    let list = people::appointments(state, page.lang, district).await?;
    let mut page = page.titled("ambassadors-title");
    if let Some(d) = &chosen {
        page.title = page.lang.t_with("ambassadors-of", &[("district", d.name(&page.lang).to_owned())]);
    }
    Ok(Html(AmbassadorsPage { page, district: chosen, districts, list }.render()?))
}

async fn all(State(state): State<AppState>, page: Page) -> AppResult<Html<String>> {
    ambassadors_html(&state, page, None).await
}

async fn of_district(State(state): State<AppState>, page: Page, Path(d): Path<DistrictId>) -> AppResult<Html<String>> {
    ambassadors_html(&state, page, Some(d)).await
}

/// A teacher and the district she is to be ambassador of (numbers typed in either script's digits).
#[derive(Deserialize)]
struct AppointForm {
    #[serde(default)]
    teacher_id: String,
    #[serde(default)]
    district_id: String,
}

fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    bangla::to_ascii_digits(text.trim()).parse().ok()
}

/// Appoints from a teacher's profile page (teacher id and district chosen there).
async fn appoint(
    State(state): State<AppState>,
    user: CurrentUser,
    VerifiedForm(f): VerifiedForm<AppointForm>,
) -> AppResult<Redirect> {
    let teacher: UserId = number(&f.teacher_id).ok_or(AppError::invalid("teacher_id", "field-bad-parameter"))?;
    let district: DistrictId =
        number(&f.district_id).ok_or(AppError::invalid("district_id", "field-district-invalid"))?;
    people::appoint(&state, &user, teacher, district).await?;
    Ok(Redirect::to(&format!("/ambassadors/{district}")))
}

async fn end(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    VerifiedForm(_): VerifiedForm<TokenOnlyForm>,
) -> AppResult<Redirect> {
    let ended = people::end(&state, &user, id).await?;
    Ok(Redirect::to(&ended.map_or_else(|| "/ambassadors".to_owned(), |a| format!("/ambassadors/{}", a.district_id))))
}
