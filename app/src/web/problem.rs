//! How an error reaches the person who caused it: `application/problem+json`
//! (RFC 9457) for API clients, a page in their language for browsers, the
//! log-in page when they must sign in first.

use askama::Template;
use axum::Json;
use axum::http::header::{CONTENT_TYPE, LOCATION, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::context::{self, Page, RequestContext};
use super::error::ErrorInfo;
use crate::state::AppState;

/// RFC 9457 problem details, as every `/api/v1` error is answered.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ProblemDetails {
    pub status: u16,
    pub title: String,
    pub detail: String,
    /// Stable machine-readable code, e.g. `validation_failed`.
    pub code: String,
    pub errors: Vec<ProblemField>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: Page,
    message: String,
    /// The 404 page says it in both languages: a shared link may reach
    /// someone who reads the other one.
    other_language_message: Option<String>,
}

pub fn render(state: &AppState, ctx: &RequestContext, info: &ErrorInfo, original: Response) -> Response {
    let lang = ctx.lang;
    let mut response = if ctx.is_api {
        let errors: Vec<ProblemField> =
            info.fields.0.iter().map(|e| ProblemField { field: e.field.to_string(), message: lang.t(e.key) }).collect();
        let detail = if let Some(text) = specific_detail(lang, info) {
            text
        } else if errors.is_empty() {
            lang.t(&format!("{}-detail", info.title_key))
        } else {
            errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")
        };
        let body = ProblemDetails {
            status: info.status.as_u16(),
            title: lang.t(info.title_key),
            detail,
            code: info.code.to_owned(),
            errors,
        };
        let mut r = (info.status, Json(body)).into_response();
        r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        r
    } else if info.code == "login_required" {
        let target = format!("/login?next={}", context::urlencode(&ctx.path));
        let mut r = StatusCode::SEE_OTHER.into_response();
        r.headers_mut().insert(LOCATION, HeaderValue::from_str(&target).unwrap_or(HeaderValue::from_static("/login")));
        r
    } else {
        let page = Page::new(ctx, state).titled(info.title_key);
        let other_language_message = (info.status == StatusCode::NOT_FOUND)
            .then(|| format!("{} {}", lang.other().t("error-not-found"), lang.other().t("error-not-found-detail")));
        let message = specific_detail(lang, info).unwrap_or_else(|| lang.t(&format!("{}-detail", info.title_key)));
        let template = ErrorPage { page, message, other_language_message };
        match template.render() {
            Ok(html) => (info.status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "error page failed to render");
                (info.status, lang.t(info.title_key)).into_response()
            }
        }
    };
    if let Some(secs) = info.retry_after_secs {
        response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(secs));
    }
    // Keep headers the handler set on purpose (e.g. WWW-Authenticate).
    for (name, value) in original.headers() {
        if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            response.headers_mut().entry(name.clone()).or_insert(value.clone());
        }
    }
    response
}

/// The error's own message, when it carries one (a quota names its limit
/// and, when it knows, the time she may go on).
fn specific_detail(lang: crate::web::Lang, info: &ErrorInfo) -> Option<String> {
    info.detail.map(|(key, max)| super::form::limit_message(lang, key, max, info.until, chrono::Utc::now()))
}
