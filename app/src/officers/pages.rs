//! The administrators' page of officers' places: the officers listed with
//! the place each oversees, and a form to assign or withdraw one.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::model::{PlaceInput, Scope};
use super::service::{self, OfficerLine};
use crate::ids::{DistrictId, UpazilaId, UserId};
use crate::places::model::District;
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::fields::{Fields, Form, field, number};
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
    scopes: [Scope; 3],
    districts: Vec<District>,
    form: Form,
}

impl AssignPage {
    fn scope_checked(&self, s: &Scope) -> bool {
        self.form.value("scope") == s.as_str()
    }
    fn district_selected(&self, d: &DistrictId) -> bool {
        self.form.value("district_id") == d.to_string()
    }
    fn upazila_selected(&self, u: &UpazilaId) -> bool {
        self.form.value("upazila_id") == u.to_string()
    }
}

async fn assign_page(state: &AppState, page: Page, user: &CurrentUser, id: UserId, form: Form) -> AppResult<String> {
    let current = service::place_of(state, user, id).await?;
    let officer = crate::accounts::store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    // The form starts from her current place (or, refused, from what was sent).
    let form = if form.typed.is_empty() {
        let typed = current.map_or_else(Vec::new, |p| {
            let mut t = vec![("scope".to_owned(), p.scope.as_str().to_owned())];
            t.extend(p.district_id.map(|d| ("district_id".to_owned(), d.to_string())));
            t.extend(p.upazila_id.map(|u| ("upazila_id".to_owned(), u.to_string())));
            t
        });
        Form::refused(FieldErrors::default(), typed)
    } else {
        form
    };
    let districts = crate::places::store::districts(&state.db).await?;
    let page = page.titled("officer-place-title");
    Ok(AssignPage { page, officer: id, name: officer.name, scopes: Scope::ALL, districts, form }.render()?)
}

async fn form(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<UserId>,
) -> AppResult<Html<String>> {
    Ok(Html(assign_page(&state, page, &user, id, Form::default()).await?))
}

/// The place as posted; a scope that is not one of the three is named as wrong.
fn place_input(f: &Fields) -> AppResult<PlaceInput> {
    let scope = Scope::parse(field(f, "scope")).ok_or_else(|| AppError::invalid("scope", "officer-scope-needed"))?;
    Ok(PlaceInput { scope, district_id: number(f, "district_id"), upazila_id: number(f, "upazila_id") })
}

async fn save(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<UserId>,
    VerifiedForm(f): VerifiedForm<Fields>,
) -> AppResult<Response> {
    let saved = match place_input(&f) {
        Ok(input) => service::assign(&state, &user, id, &input).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match saved {
        Ok(()) => Ok(Redirect::to("/admin/officers?done=1").into_response()),
        Err(AppError::Validation(errors)) => {
            let html = assign_page(&state, page, &user, id, Form::refused(errors, f)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<UserId>,
    VerifiedForm(_f): VerifiedForm<Fields>,
) -> AppResult<Redirect> {
    service::withdraw(&state, &user, id).await?;
    Ok(Redirect::to("/admin/officers?done=1"))
}
