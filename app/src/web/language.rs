//! The language switch for anyone: a plain link that works without
//! JavaScript and only sets a cookie (a GET never writes to the database).
//! Signed-in teachers get a small form instead, which also saves the choice
//! on their account (see `accounts::pages::save_language`).

use axum::extract::{Path, Query, State};
use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};

use super::context::LANG_COOKIE;
use super::error::AppError;
use super::i18n::Lang;
use super::redirect::safe_next;
use crate::state::AppState;

#[derive(serde::Deserialize)]
pub struct Next {
    pub next: Option<String>,
}

pub async fn switch(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<Next>,
) -> Result<Response, AppError> {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    Ok(redirect_with_cookie(&state, lang, q.next.as_deref()))
}

/// Back to `next` (a local path only) with the language cookie set for a year.
pub fn redirect_with_cookie(state: &AppState, lang: Lang, next: Option<&str>) -> Response {
    let mut response = Redirect::to(&safe_next(next)).into_response();
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}", lang.code());
    response.headers_mut().append(SET_COOKIE, HeaderValue::from_str(&cookie).expect("ASCII cookie"));
    response
}
