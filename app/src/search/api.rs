//! `GET /api/v1/search`.

use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{Hit, SearchQuery};
use super::service::find;
use crate::state::AppState;
use crate::web::AppResult;
use crate::web::extract::ApiQuery;

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search))
}

/// Contents, teachers and chapters matching every word of `q`.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchQuery), responses((status = 200, body = Vec<Hit>)))]
async fn search(
    State(state): State<AppState>,
    ctx: crate::web::context::RequestContext,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> AppResult<Json<Vec<Hit>>> {
    Ok(Json(find(&state, &q, ctx.lang).await?))
}
