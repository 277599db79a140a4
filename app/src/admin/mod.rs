//! Administration: administrators find accounts and give them roles
//! (head teacher, moderator, education officer, administrator). Every
//! change is written to the audit log.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use sea_orm::TransactionTrait;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::model::{Role, UserId};
use crate::accounts::store as accounts;
use crate::audit;
use crate::state::AppState;
use crate::web::extract::{ApiJson, ApiPath, VerifiedForm};
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult, CurrentUser, Page};

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/users", get(users_page)).route("/admin/users/{id}/role", post(change_role_form))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(change_role))
}

/// Gives `target` a new role; an administrator cannot demote themself, so
/// the portal never loses its last administrator by accident.
pub async fn set_role(state: &AppState, admin: &CurrentUser, target: UserId, role: Role) -> AppResult<()> {
    admin.require_admin()?;
    if target == admin.id && role != Role::Admin {
        return Err(AppError::BadRequest("administrators cannot demote themselves"));
    }
    let current = accounts::find(&state.db, target).await?.ok_or(AppError::NotFound)?;
    let txn = state.db.begin().await?;
    accounts::set_role(&txn, target, role).await?;
    let detail = serde_json::json!({ "from": current.role, "to": role.as_str() });
    audit::record(&txn, Some(admin.id), "user.role", "user", target.0, detail).await?;
    txn.commit().await?;
    crate::accounts::session::cache(state).forget_user(target);
    Ok(())
}

pub struct AccountRow {
    pub id: i64,
    pub name: String,
    pub login: String,
    pub role: Role,
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
    user.require_admin()?;
    let found = accounts::search(&state.db, &q.q, 50).await?;
    let rows = found
        .into_iter()
        .map(|u| AccountRow {
            id: u.id,
            login: u.phone.or(u.email).unwrap_or_default(),
            role: Role::parse(&u.role).unwrap_or(Role::Teacher),
            name: u.name,
        })
        .collect();
    let page = page.titled("admin-users-title");
    Ok(Html(UsersPage { page, q: q.q, rows, roles: Role::ALL.to_vec(), notice: q.done.is_some() }.render()?))
}

#[derive(Deserialize, ToSchema)]
pub struct RoleChange {
    pub role: Role,
}

#[derive(Deserialize)]
struct RoleForm {
    role: String,
}

async fn change_role_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    VerifiedForm(form): VerifiedForm<RoleForm>,
) -> AppResult<Response> {
    let role = Role::parse(&form.role).ok_or(AppError::BadRequest("unknown role"))?;
    set_role(&state, &user, UserId(id), role).await?;
    Ok(Redirect::to("/admin/users?done=1").into_response())
}

/// Give an account a role (administrators only).
#[utoipa::path(put, path = "/api/v1/users/{id}/role", tag = "admin", params(("id" = i64, Path)), request_body = RoleChange,
    responses((status = 204), (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails)), security(("bearer" = [])))]
async fn change_role(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<RoleChange>,
) -> AppResult<StatusCode> {
    set_role(&state, &user, UserId(id), body.role).await?;
    Ok(StatusCode::NO_CONTENT)
}

impl AccountRow {
    pub fn has_role(&self, role: &Role) -> bool {
        self.role == *role
    }
}
