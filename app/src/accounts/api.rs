//! JSON twins of the account pages under `/api/v1/auth` and `/api/v1/me`.

use axum::Json;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{Account, Registration, Role, SessionKind, UserId, Verification};
use super::{service, store};
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::ApiJson;
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult, CurrentUser, Lang};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(request_reset))
        .routes(routes!(confirm_reset))
}

/// An account as its owner sees it.
#[derive(Serialize, ToSchema)]
pub struct AccountView {
    pub id: UserId,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub role: Role,
    pub lang: Lang,
    pub verification: Verification,
    pub created_at: DateTime<Utc>,
}

impl From<&Account> for AccountView {
    fn from(u: &Account) -> Self {
        AccountView {
            id: u.id,
            name: u.name.clone(),
            phone: u.phone.clone(),
            email: u.email.clone(),
            role: u.role,
            lang: Lang::parse(&u.lang).unwrap_or_default(),
            verification: u.verification,
            created_at: u.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Registered {
    pub user: AccountView,
}

/// Sign up with a name, a Bangladeshi mobile number or an e-mail, and a password.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "accounts", request_body = Registration,
    responses((status = 201, body = Registered), (status = 409, body = ProblemDetails, description = "phone or e-mail already registered"),
              (status = 422, body = ProblemDetails), (status = 429, body = ProblemDetails)))]
async fn register(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiJson(body): ApiJson<Registration>,
) -> AppResult<(StatusCode, Json<Registered>)> {
    let user = service::register(&state, &ctx, &body).await?;
    Ok((StatusCode::CREATED, Json(Registered { user: AccountView::from(&user) })))
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    /// Mobile number or e-mail.
    pub login: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct LoggedIn {
    /// Send as `Authorization: Bearer TOKEN`.
    pub token: String,
    pub user: AccountView,
}

/// Log in; answers a bearer token and also sets the session cookie.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginRequest,
    responses((status = 200, body = LoggedIn), (status = 401, body = ProblemDetails, description = "wrong log-in or password"),
              (status = 429, body = ProblemDetails)))]
async fn login(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiJson(body): ApiJson<LoginRequest>,
) -> AppResult<Response> {
    let (user, token) = service::log_in(&state, &ctx, &body.login, &body.password, SessionKind::Api).await?;
    let mut response = Json(LoggedIn { token: token.clone(), user: AccountView::from(&user) }).into_response();
    response.headers_mut().append(SET_COOKIE, super::pages::session_cookie(&state, &token));
    Ok(response)
}

/// End the session this request was made with.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts", responses((status = 204), (status = 401, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn logout(State(state): State<AppState>, _user: CurrentUser, headers: HeaderMap) -> AppResult<StatusCode> {
    if let Some((token, _)) = super::session::presented_token(&headers) {
        super::service::log_out(&state, token).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", responses((status = 200, body = AccountView), (status = 401, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn me(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<AccountView>> {
    let account = store::find(&state.db, user.id).await?.ok_or(AppError::LoginRequired)?;
    Ok(Json(AccountView::from(&account)))
}

#[derive(Deserialize, ToSchema)]
pub struct ResetRequest {
    /// Mobile number (a code comes by SMS) or e-mail (a link comes by e-mail).
    pub login: String,
}

/// Ask for a password-reset code. Answers 202 whether or not the account exists.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "accounts", request_body = ResetRequest,
    responses((status = 202), (status = 422, body = ProblemDetails), (status = 429, body = ProblemDetails)))]
async fn request_reset(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiJson(body): ApiJson<ResetRequest>,
) -> AppResult<StatusCode> {
    service::request_reset(&state, &ctx, &body.login).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize, ToSchema)]
pub struct ResetConfirm {
    pub login: String,
    pub code: String,
    /// The new password, 8–128 characters (spaces do not count towards the 8).
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
}

/// Set a new password with the code that was sent; ends every session of the account.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "accounts", request_body = ResetConfirm,
    responses((status = 204), (status = 422, body = ProblemDetails, description = "wrong, used or expired code, or a weak password")))]
async fn confirm_reset(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiJson(body): ApiJson<ResetConfirm>,
) -> AppResult<StatusCode> {
    service::confirm_reset(&state, &ctx, &body.login, &body.code, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
