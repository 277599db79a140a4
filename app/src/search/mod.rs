//! Finding contents by title, teachers by name and chapters by title, in
//! Bangla or English.
//! Matching uses `bangla::search_key`, so spellings that differ only in
//! nukta form, joiners, digits or case still meet.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::profiles::store as profiles;
use crate::state::AppState;
use crate::web::extract::ApiQuery;
use crate::web::{AppResult, Page};

pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(search_page))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search))
}

const LIMIT: usize = 30;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    /// `content`, `teacher` or `chapter`; all when left out.
    pub kind: Option<String>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Hit {
    /// content | teacher | chapter
    pub kind: String,
    pub id: i64,
    pub title: String,
    /// Where it belongs: a teacher's designation, a chapter's class and subject.
    pub context: String,
    pub url: String,
}

impl Hit {
    pub fn kind_key(&self) -> String {
        format!("search-kind-{}", self.kind)
    }
}

async fn find(state: &AppState, q: &SearchQuery, lang: crate::web::Lang) -> AppResult<Vec<Hit>> {
    let words = bangla::words(&q.q);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let want = |k: &str| q.kind.as_deref().is_none_or(|w| w == k);
    let mut hits = Vec::new();
    if want("teacher") {
        let phrase = words.join(" ");
        for u in profiles::find_by_name(&state.db, &phrase, LIMIT as u64).await? {
            hits.push(Hit {
                kind: "teacher".into(),
                id: u.id,
                title: u.name,
                context: u.designation.unwrap_or_default(),
                url: format!("/teachers/{}", u.id),
            });
        }
    }
    if want("content") {
        for c in crate::content::store::find_by_title(&state.db, &words, LIMIT as u64).await? {
            hits.push(Hit {
                kind: "content".into(),
                id: c.id,
                title: c.title,
                context: lang.t(&format!("kind-{}", c.kind)),
                url: format!("/contents/{}", c.id),
            });
        }
    }
    if want("chapter") {
        'levels: for level in crate::curriculum::memory::current(state).await?.levels.clone() {
            for class in &level.classes {
                for subject in &class.subjects {
                    for chapter in &subject.chapters {
                        let haystack =
                            bangla::search_key(&format!("{} {} {}", chapter.name_bn, chapter.name_en, subject.name_bn));
                        if words.iter().all(|w| haystack.contains(w.as_str())) {
                            hits.push(Hit {
                                kind: "chapter".into(),
                                id: chapter.id,
                                title: chapter.name(&lang).to_owned(),
                                context: format!(
                                    "{} · {} · {}",
                                    level.name(&lang),
                                    class.name(&lang),
                                    subject.name(&lang)
                                ),
                                url: format!("/curriculum/classes/{}#subject-{}", class.id, subject.id),
                            });
                            if hits.len() >= 2 * LIMIT {
                                break 'levels;
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(hits)
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
