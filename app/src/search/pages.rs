//! The search results page (works without JavaScript).

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;

use super::model::{Hit, SearchQuery};
use super::service::find;
use crate::state::AppState;
use crate::web::{AppResult, Page};

pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(search_page))
}

#[derive(Template)]
#[template(path = "search/results.html")]
struct ResultsPage {
    page: Page,
    q: String,
    hits: Vec<Hit>,
}

async fn search_page(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<SearchQuery>,
) -> AppResult<Html<String>> {
    let hits = find(&state, &q, page.lang).await?;
    Ok(Html(ResultsPage { page: page.titled("search-title"), q: q.q, hits }.render()?))
}
