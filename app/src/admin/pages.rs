//! The administrators' account list and its role form.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::service::{AccountRow, find_accounts, set_role};
use crate::accounts::model::{Role, UserId};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::{AppError, AppResult, CurrentUser, Page};

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/users", get(users_page)).route("/admin/users/{id}/role", post(change_role_form))
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    page: Page,
    q: String,
    rows: Vec<AccountRow>,
    roles: Vec<Role>,
    notice: bool,
}

#[derive(Deserialize)]
struct UsersQuery {
    #[serde(default)]
    q: String,
    done: Option<String>,
}

async fn users_page(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Query(q): Query<UsersQuery>,
) -> AppResult<Html<String>> {
    let rows = find_accounts(&state, &user, &q.q).await?;
    let page = page.titled("admin-users-title");
    Ok(Html(UsersPage { page, q: q.q, rows, roles: Role::ALL.to_vec(), notice: q.done.is_some() }.render()?))
}

#[derive(Deserialize)]
struct RoleForm {
    role: String,
}

async fn change_role_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<UserId>,
    VerifiedForm(form): VerifiedForm<RoleForm>,
) -> AppResult<Response> {
    let role = Role::parse(&form.role).ok_or(AppError::BadRequest("unknown role"))?;
    set_role(&state, &user, id, role).await?;
    Ok(Redirect::to("/admin/users?done=1").into_response())
}
