//! Sign-up, log-in, log-out and password-reset pages. They work with plain
//! forms; a refused form comes back with the message beside the field and
//! what was typed still in it (never the password).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::model::{Registration, SessionKind};
use super::{service, store};
use crate::state::AppState;
use crate::web::context::{LANG_COOKIE, RequestContext, SESSION_COOKIE, cookie};
use crate::web::extract::VerifiedForm;
use crate::web::form::{again, redirect_or_again};
use crate::web::redirect::safe_next;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Lang, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signup", get(signup_form).post(signup))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/lang/{code}", get(crate::web::language::switch).post(save_language))
        .route("/data-saver/{code}", get(crate::web::saver::switch).post(save_data_saver))
        .route("/password/forgot", get(forgot_form).post(forgot))
        .route("/password/reset", get(reset_form).post(reset))
}

pub fn session_cookie(state: &AppState, token: &str) -> HeaderValue {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let max_age = store::SESSION_DAYS * 86_400;
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .expect("token is URL-safe base64")
}

fn clear_session_cookie() -> HeaderValue {
    HeaderValue::from_str(&format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")).expect("ASCII")
}

fn lang_cookie(lang: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("{LANG_COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax")).expect("ASCII")
}

#[derive(Template)]
#[template(path = "accounts/signup.html")]
struct SignupPage {
    page: Page,
    form: SignupForm,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
struct SignupForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

async fn signup_form(page: Page) -> AppResult<Html<String>> {
    let page = page.titled("signup-title");
    Ok(Html(SignupPage { page, form: SignupForm::default(), errors: FieldErrors::default() }.render()?))
}

async fn signup(
    State(state): State<AppState>,
    ctx: RequestContext,
    page: Page,
    VerifiedForm(form): VerifiedForm<SignupForm>,
) -> AppResult<Response> {
    let registration = Registration {
        name: form.name.clone(),
        phone: Some(form.phone.clone()),
        email: Some(form.email.clone()),
        password: form.password.clone(),
    };
    match service::register(&state, &ctx, &registration).await {
        Ok(user) => {
            let token = store::create_session(&state.db, user.id, SessionKind::Cookie).await?;
            let mut response = Redirect::to("/profile/edit?welcome=1").into_response();
            response.headers_mut().append(SET_COOKIE, session_cookie(&state, &token));
            Ok(response)
        }
        Err(e) => {
            again(e, async |errors| {
                let form = SignupForm { password: String::new(), ..form };
                Ok(SignupPage { page: page.titled("signup-title"), form, errors }.render()?)
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    page: Page,
    login: String,
    next: String,
    notice: Option<&'static str>,
    errors: FieldErrors,
}

#[derive(Deserialize)]
struct LoginQuery {
    next: Option<String>,
    reset: Option<String>,
}

async fn login_form(page: Page, Query(q): Query<LoginQuery>) -> AppResult<Html<String>> {
    let notice = q.reset.is_some().then_some("reset-done");
    let next = safe_next(q.next.as_deref());
    let page = page.titled("login-title");
    Ok(Html(LoginPage { page, login: String::new(), next, notice, errors: FieldErrors::default() }.render()?))
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    ctx: RequestContext,
    page: Page,
    VerifiedForm(form): VerifiedForm<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(form.next.as_deref());
    match service::log_in(&state, &ctx, &form.login, &form.password, SessionKind::Cookie).await {
        Ok((user, token)) => {
            let mut response = Redirect::to(&next).into_response();
            response.headers_mut().append(SET_COOKIE, session_cookie(&state, &token));
            // The account's language follows the teacher to a new browser.
            response.headers_mut().append(SET_COOKIE, lang_cookie(&user.lang));
            Ok(response)
        }
        Err(e) => {
            // Too many wrong passwords: the form stays, saying how long to wait.
            let waiting = matches!(e, AppError::RateLimited { .. });
            again(e, async |errors| {
                let errors = if waiting { FieldErrors::one("form".into(), "error-login-wait") } else { errors };
                let page = page.titled("login-title");
                Ok(LoginPage { page, login: form.login, next, notice: None, errors }.render()?)
            })
            .await
        }
    }
}

async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    VerifiedForm(_): VerifiedForm<crate::web::extract::TokenOnlyForm>,
) -> AppResult<Response> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        service::log_out(&state, token).await?;
    }
    let mut response = Redirect::to("/").into_response();
    response.headers_mut().append(SET_COOKIE, clear_session_cookie());
    // Whatever this phone kept for her (pages, saved lessons, waiting
    // answers) goes with her; `site.js` clears it too before the form posts.
    response.headers_mut().insert(
        axum::http::HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static("\"cache\", \"storage\""),
    );
    Ok(response)
}

#[derive(Deserialize)]
struct LanguageForm {
    next: Option<String>,
}

/// The signed-in teacher's language switch: a form (so no GET writes), kept
/// on the account so it follows her to another phone, and in a cookie.
async fn save_language(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
    Query(q): Query<crate::web::language::Next>,
    VerifiedForm(form): VerifiedForm<LanguageForm>,
) -> AppResult<Response> {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    super::choices::set_language(&state.db, user.id, lang.code()).await?;
    // The header's form carries `next` in its action's query.
    let next = form.next.or(q.next);
    Ok(crate::web::language::redirect_with_cookie(&state, lang, next.as_deref()))
}

/// The signed-in teacher's data-saver switch: a form, kept on her account
/// (it follows her to another phone) and in this browser.
async fn save_data_saver(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(code): Path<String>,
    Query(q): Query<crate::web::language::Next>,
    VerifiedForm(form): VerifiedForm<LanguageForm>,
) -> AppResult<Response> {
    let switch = crate::web::saver::Switch::parse(&code).ok_or(AppError::NotFound)?;
    super::choices::set_data_saver(&state.db, user.id, switch.is_on()).await?;
    // The account's choice outranks the cookie: her next page must not be
    // drawn from the choice this node remembered a moment ago.
    super::session::cache(&state).forget_user(user.id);
    let next = form.next.or(q.next);
    Ok(crate::web::saver::redirect_with_cookie(&state, switch, next.as_deref()))
}

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    page: Page,
    login: String,
    sent: bool,
    errors: FieldErrors,
}

async fn forgot_form(page: Page) -> AppResult<Html<String>> {
    let page = page.titled("forgot-title");
    Ok(Html(ForgotPage { page, login: String::new(), sent: false, errors: FieldErrors::default() }.render()?))
}

#[derive(Deserialize)]
struct ForgotForm {
    #[serde(default)]
    login: String,
}

async fn forgot(
    State(state): State<AppState>,
    ctx: RequestContext,
    page: Page,
    VerifiedForm(form): VerifiedForm<ForgotForm>,
) -> AppResult<Response> {
    let page = page.titled("forgot-title");
    match service::request_reset(&state, &ctx, &form.login).await {
        Ok(()) => {
            Ok(Html(ForgotPage { page, login: form.login, sent: true, errors: FieldErrors::default() }.render()?)
                .into_response())
        }
        Err(e) => {
            again(e, async |errors| Ok(ForgotPage { page, login: form.login, sent: false, errors }.render()?)).await
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage {
    page: Page,
    login: String,
    code: String,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
struct ResetForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    password: String,
}

async fn reset_form(page: Page, Query(q): Query<ResetForm>) -> AppResult<Html<String>> {
    let page = page.titled("reset-title");
    Ok(Html(ResetPage { page, login: q.login, code: q.code, errors: FieldErrors::default() }.render()?))
}

async fn reset(
    State(state): State<AppState>,
    ctx: RequestContext,
    page: Page,
    VerifiedForm(form): VerifiedForm<ResetForm>,
) -> AppResult<Response> {
    let result = service::confirm_reset(&state, &ctx, &form.login, &form.code, &form.password).await;
    redirect_or_again(result.map(|()| "/login?reset=1".to_owned()), async |errors| {
        let page = page.titled("reset-title");
        Ok(ResetPage { page, login: form.login, code: form.code, errors }.render()?)
    })
    .await
}
