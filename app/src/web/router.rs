//! Router assembly: every feature's pages and API merged, the OpenAPI
//! document, the layers every response passes through, and error rendering.

use std::time::Duration;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_TYPE, LOCATION, RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use sea_orm::ConnectionTrait;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use super::context::{self, LANG_COOKIE, Page, RequestContext};
use super::error::{AppError, ErrorInfo};
use super::i18n::Lang;
use super::{assets, hygiene, page_cache};
use crate::state::AppState;

/// JSON and form bodies are small; routes that take files raise this.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

#[derive(OpenApi)]
#[openapi(
    info(title = "Batayon API", version = "1", description = "JSON API of Batayon, the national teachers' portal of Bangladesh. \
        Authenticate with `Authorization: Bearer TOKEN` from `POST /api/v1/auth/login`. Errors are `application/problem+json`."),
    components(schemas(ProblemDetails, ProblemField)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// Declares the `bearer` scheme the routes' `security(...)` refer to.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

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

pub fn build(state: AppState) -> Router {
    let (api, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(crate::accounts::api())
        .merge(crate::admin::api())
        .merge(crate::content::api())
        .merge(crate::uploads::api())
        .merge(crate::notifications::api())
        .merge(crate::profiles::api())
        .merge(crate::moderation::api())
        .merge(crate::places::api())
        .merge(crate::curriculum::api())
        .merge(crate::institutions::api())
        .merge(crate::search::api())
        .split_for_parts();
    let openapi_json = serde_json::to_value(&openapi).expect("the OpenAPI document serialises");

    Router::new()
        .merge(api)
        .route("/api/v1/openapi.json", get(move || async move { Json(openapi_json.clone()) }))
        .merge(crate::home::router())
        .merge(crate::accounts::router())
        .merge(crate::admin::router())
        .merge(crate::content::router())
        .merge(crate::notifications::router())
        .merge(crate::jobs::pages::router())
        .merge(crate::profiles::router())
        .merge(crate::moderation::router())
        .merge(crate::curriculum::router())
        .merge(crate::search::router())
        .route("/healthz", get(healthz))
        .route("/lang/{code}", get(switch_language))
        .route("/static/{name}", get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
        .fallback(|| async { AppError::NotFound })
        .layer(axum::extract::DefaultBodyLimit::max(DEFAULT_BODY_LIMIT))
        .layer(axum::middleware::from_fn(hygiene::etag))
        .layer(axum::middleware::from_fn_with_state(state.clone(), page_cache::middleware))
        .layer(axum::middleware::from_fn_with_state(state.clone(), context::middleware))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(hygiene::security_headers))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path())
        }))
        .layer(SetRequestIdLayer::x_request_id(RandomRequestId))
        .with_state(state)
}

#[derive(Clone)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let id = format!("{:016x}", rand::random::<u64>());
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// 200 when the database answers.
async fn healthz(State(state): State<AppState>) -> Response {
    let ping = tokio::time::timeout(Duration::from_secs(3), state.db.execute_unprepared("SELECT 1")).await;
    match ping {
        Ok(Ok(_)) => (StatusCode::OK, "ok").into_response(),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

#[derive(serde::Deserialize)]
struct Next {
    next: Option<String>,
}

/// Only paths on this site, so the switch cannot be used as an open redirect.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

/// The language switch: a plain link that works without JavaScript. The
/// choice is kept in a cookie for a year and, for a signed-in teacher, on
/// the account.
async fn switch_language(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(code): Path<String>,
    Query(q): Query<Next>,
) -> Result<Response, AppError> {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    if let Some(user) = &ctx.user {
        crate::accounts::store::set_language(&state.db, user.id, lang).await?;
    }
    let mut response = Redirect::to(&safe_next(q.next.as_deref())).into_response();
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}", lang.code());
    response.headers_mut().append(SET_COOKIE, HeaderValue::from_str(&cookie).expect("ASCII cookie"));
    Ok(response)
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

pub fn render_error(state: &AppState, ctx: &RequestContext, info: &ErrorInfo, original: Response) -> Response {
    let lang = ctx.lang;
    let mut response = if ctx.is_api {
        let errors: Vec<ProblemField> =
            info.fields.0.iter().map(|e| ProblemField { field: e.field.to_owned(), message: lang.t(e.key) }).collect();
        let detail = if errors.is_empty() {
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
        let template =
            ErrorPage { page, message: lang.t(&format!("{}-detail", info.title_key)), other_language_message };
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
