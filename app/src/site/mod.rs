//! The whole site assembled: every feature's pages and API merged, the
//! OpenAPI document, and the layers every response passes through. This is
//! the top of the house: it imports the features, and only `main`, `cli` and
//! the tests import it.

use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

mod openapi;

use crate::state::AppState;
use crate::web::problem::{ProblemDetails, ProblemField};
use crate::web::{AppError, assets, context, hygiene, page_cache};

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

pub fn build(state: AppState) -> Router {
    // Hooks a lower feature declares and a higher one fills in.
    crate::search::related::install(&state);
    crate::questions::install(&state);
    crate::posts::install(&state);
    crate::ideas::install(&state);
    crate::notifications::install(&state);
    let (api, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(crate::accounts::api())
        .merge(crate::admin::api())
        .merge(crate::officers::api())
        .merge(crate::content::api())
        .merge(crate::uploads::api())
        .merge(crate::notifications::api())
        .merge(crate::profiles::api())
        .merge(crate::moderation::api())
        .merge(crate::places::api())
        .merge(crate::curriculum::api())
        .merge(crate::institutions::api())
        .merge(crate::search::api())
        .merge(crate::questions::api())
        .merge(crate::posts::api())
        .merge(crate::ideas::api())
        .merge(crate::discussion::api())
        .merge(crate::feed::api())
        .merge(crate::learning::api())
        .merge(crate::practice::api())
        .merge(crate::credentials::api())
        .merge(crate::recognition::api())
        .merge(crate::sms::api())
        .split_for_parts();
    let mut openapi_json = serde_json::to_value(&openapi).expect("the OpenAPI document serialises");
    openapi::complete(&mut openapi_json);

    let site = Router::new()
        .merge(api)
        .route("/api/v1/openapi.json", get(move || async move { Json(openapi_json.clone()) }))
        .merge(pages())
        .route("/healthz", get(healthz))
        .route("/static/{name}", get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
        .fallback(|| async { AppError::NotFound })
        // Inside the context (it needs to know who is asking).
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::web::replay::middleware))
        .layer(axum::extract::DefaultBodyLimit::max(DEFAULT_BODY_LIMIT))
        .layer(axum::middleware::from_fn(hygiene::etag))
        .layer(axum::middleware::from_fn_with_state(state.clone(), page_cache::middleware))
        .layer(axum::middleware::from_fn_with_state(state.clone(), context::middleware))
        // Who is asking is worked out before the context that needs it.
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::accounts::session::middleware))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(hygiene::security_headers))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path())
        }))
        .layer(SetRequestIdLayer::x_request_id(RandomRequestId))
        .layer(tower::util::option_layer(node_header(&state)));
    crate::operations::around(site).with_state(state)
}

/// Every feature's pages.
fn pages() -> Router<AppState> {
    Router::new()
        .merge(crate::home::router())
        .merge(crate::accounts::router())
        .merge(crate::admin::router())
        .merge(crate::officers::router())
        .merge(crate::content::router())
        .merge(crate::notifications::router())
        .merge(crate::jobs::pages::router())
        .merge(crate::profiles::router())
        .merge(crate::moderation::router())
        .merge(crate::curriculum::router())
        .merge(crate::search::router())
        .merge(crate::learning::router())
        .merge(crate::offline::router())
        .merge(crate::practice::router())
        .merge(crate::credentials::router())
        .merge(crate::recognition::router())
        .merge(crate::questions::router())
        .merge(crate::posts::router())
        .merge(crate::ideas::router())
        .merge(crate::discussion::router())
        .merge(crate::blocklist::router())
        .merge(crate::feed::router())
        .merge(crate::sms::router())
}

/// In a cluster every answer says which node gave it (for operators and
/// the cluster check); a portal on its own adds nothing.
fn node_header(state: &AppState) -> Option<SetResponseHeaderLayer<HeaderValue>> {
    let name = HeaderValue::from_str(state.config.node_name.as_deref()?).ok()?;
    Some(SetResponseHeaderLayer::overriding(HeaderName::from_static("x-batayon-node"), name))
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
    let ping = tokio::time::timeout(Duration::from_secs(3), crate::db::ping(&state.db)).await;
    match ping {
        Ok(true) => (StatusCode::OK, "ok").into_response(),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}
