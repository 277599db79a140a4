//! The administrators' page of officers' places: the officers listed with
//! the place each oversees, and a form to assign or withdraw one.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::model::{OfficerPlace, PlaceInput, Scope};
use super::service::{self, OfficerLine};
use crate::ids::{DistrictId, UpazilaId, UserId};
use crate::places::model::District;
use crate::state::AppState;
use crate::web::extract::{TokenOnlyForm, VerifiedForm};
use crate::web::form::redirect_or_again;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/officers", get(list))
        .route("/admin/officers/{id}", get(form).post(save))
        .route("/admin/officers/{id}/withdraw", post(withdraw))
}

#[derive(Template)]
#[template(path = "officers/list.html")]
struct ListPage {
    page: Page,
    officers: Vec<OfficerLine>,
    notice: bool,
}

#[derive(Deserialize)]
struct Done {
    done: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Query(q): Query<Done>,
) -> AppResult<Html<String>> {
    let officers = service::officers(&state, &user, page.lang).await?;
    let page = page.titled("officer-places-title");
    Ok(Html(ListPage { page, officers, notice: q.done.is_some() }.render()?))
}

#[derive(Template)]
#[template(path = "officers/assign.html")]
struct AssignPage {
    page: Page,
    officer: UserId,
    name: String,
    scopes: &'static [Scope],
    districts: Vec<District>,
    form: PlaceForm,
    errors: FieldErrors,
}

impl AssignPage {
    fn scope_checked(&self, s: &Scope) -> bool {
        self.form.scope == s.as_str()
    }
    fn district_selected(&self, d: &DistrictId) -> bool {
        self.form.district_id == d.to_string()
    }
    fn upazila_selected(&self, u: &UpazilaId) -> bool {
        self.form.upazila_id == u.to_string()
    }
}

/// The place form as posted (or as it starts, from her current place).
#[derive(Deserialize, Default)]
struct PlaceForm {
    #[serde(default)]
    scope: String,
    #[serde(default)]
    district_id: String,
    #[serde(default)]
    upazila_id: String,
}

impl PlaceForm {
    fn of(place: &OfficerPlace) -> PlaceForm {
        let id = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        PlaceForm {
            scope: place.scope.as_str().to_owned(),
            district_id: id(place.district_id.map(|d| d.0)),
            upazila_id: id(place.upazila_id.map(|u| u.0)),
        }
    }

    /// The place it names; a scope that is not one of the three is named as wrong.
    fn input(&self) -> AppResult<PlaceInput> {
        let scope = Scope::parse(&self.scope).ok_or_else(|| AppError::invalid("scope", "officer-scope-needed"))?;
        let number = |text: &str| bangla::to_ascii_digits(text.trim()).parse().ok();
        Ok(PlaceInput {
            scope,
            district_id: number(&self.district_id).map(DistrictId),
            upazila_id: number(&self.upazila_id).map(UpazilaId),
        })
    }
}

/// The form, filled in with `form` when it was refused, else with her current place.
async fn assign_page(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    id: UserId,
    refused: Option<(PlaceForm, FieldErrors)>,
) -> AppResult<String> {
    let current = service::place_of(state, user, id).await?;
    let officer = crate::accounts::store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let (form, errors) =
        refused.unwrap_or_else(|| (current.as_ref().map(PlaceForm::of).unwrap_or_default(), FieldErrors::default()));
    let districts = crate::places::memory::districts(state).await?;
    let page = page.titled("officer-place-title");
    Ok(AssignPage { page, officer: id, name: officer.name, scopes: Scope::ALL, districts, form, errors }.render()?)
}

async fn form(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<UserId>,
) -> AppResult<Html<String>> {
    Ok(Html(assign_page(&state, page, &user, id, None).await?))
}

async fn save(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<UserId>,
    VerifiedForm(form): VerifiedForm<PlaceForm>,
) -> AppResult<Response> {
    let saved = match form.input() {
        Ok(input) => service::assign(&state, &user, id, &input).await.map(|_| "/admin/officers?done=1".to_owned()),
        Err(e) => Err(e),
    };
    redirect_or_again(saved, async |errors| assign_page(&state, page, &user, id, Some((form, errors))).await).await
}

async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<UserId>,
    VerifiedForm(_): VerifiedForm<TokenOnlyForm>,
) -> AppResult<Redirect> {
    service::withdraw(&state, &user, id).await?;
    Ok(Redirect::to("/admin/officers?done=1"))
}
