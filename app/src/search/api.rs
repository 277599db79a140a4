//! `GET /api/v1/search` and `GET /api/v1/search/suggest`.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::chapters::ChapterSuggestion;
use super::model::{SearchQuery, SearchResults, Suggestion};
use super::service;
use crate::state::AppState;
use crate::web::AppResult;
use crate::web::extract::ApiQuery;
use crate::web::problem::ProblemDetails;

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search)).routes(routes!(suggest)).routes(routes!(chapters))
}

/// Contents, blog posts, questions (with their answers), ideas and
/// teachers matching every word of `q` — Bangla (any inflection), English,
/// or Bangla typed in Latin letters — with filters, counts per filter
/// value, three orders and pages of 20.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchQuery),
    responses((status = 200, body = SearchResults), (status = 422, body = ProblemDetails)))]
async fn search(
    State(state): State<AppState>,
    ctx: crate::web::context::RequestContext,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> AppResult<Json<SearchResults>> {
    Ok(Json(service::find(&state, &q, ctx.lang).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SuggestQuery {
    /// What is typed so far; the last word may be half typed.
    #[serde(default)]
    q: String,
    /// content | post | question | idea | teacher | course
    #[param(
        pattern = r"^[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(|all|content|post|question|idea|teacher|course)[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    kind: Option<String>,
}

/// Titles beginning with what is typed, for the search box (Banglish too).
#[utoipa::path(get, path = "/api/v1/search/suggest", tag = "search", params(SuggestQuery),
    responses((status = 200, body = Vec<Suggestion>), (status = 422, body = ProblemDetails)))]
async fn suggest(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<SuggestQuery>,
) -> AppResult<Json<Vec<Suggestion>>> {
    Ok(Json(service::suggest(&state, &q.q, q.kind.as_deref()).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ChaptersQuery {
    /// The title and description of a content being shared.
    #[serde(default)]
    text: String,
}

/// The chapters a content being shared most likely belongs to (up to
/// three, best first), from the chapter, subject and class names its text
/// mentions and from where the library's most similar contents are filed.
#[utoipa::path(get, path = "/api/v1/search/chapters", tag = "search", params(ChaptersQuery),
    responses((status = 200, body = Vec<ChapterSuggestion>), (status = 422, body = ProblemDetails)))]
async fn chapters(
    State(state): State<AppState>,
    ctx: crate::web::context::RequestContext,
    ApiQuery(q): ApiQuery<ChaptersQuery>,
) -> AppResult<Json<Vec<ChapterSuggestion>>> {
    let text: String = q.text.chars().take(2_000).collect();
    let teaches = match &ctx.user {
        Some(u) => super::chapters::Teaches::of(&state, u.id).await?,
        None => Default::default(),
    };
    Ok(Json(super::chapters::suggest(&state, &text, None, &teaches, ctx.lang).await?))
}
