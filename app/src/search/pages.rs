//! The search results page: works without JavaScript (filters and pages
//! are links and a plain form), and lists matching chapters beside.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use super::model::{FacetCount, SearchQuery, SearchResults};
use super::service;
use crate::state::AppState;
use crate::web::context::urlencode;
use crate::web::page_cache::KEEP_FOR;
use crate::web::page_parts::KeptViews;
use crate::web::{AppError, AppResult, FieldErrors, Lang, Page};
use std::sync::Arc;

pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(search_page))
}

/// A chapter whose name holds every word asked.
#[derive(Clone)]
pub struct ChapterHit {
    pub name: String,
    pub context: String,
    pub url: String,
}

#[derive(Template)]
#[template(path = "search/results.html")]
struct ResultsPage {
    page: Page,
    asked: SearchQuery,
    results: SearchResults,
    chapters: Vec<ChapterHit>,
    errors: FieldErrors,
}

impl ResultsPage {
    /// This search's address with `key` set to `value` (empty: left out),
    /// back on page one unless the page itself changes.
    fn with(&self, key: &str, value: &str) -> String {
        let a = &self.asked;
        let pairs = [
            ("q", Some(a.q.clone())),
            ("kind", a.kind.clone()),
            ("class", a.class.clone()),
            ("subject_id", a.subject_id.clone()),
            ("chapter_id", a.chapter_id.clone()),
            ("content_type", a.content_type.clone()),
            ("language", a.language.clone()),
            ("licence", a.licence.clone()),
            ("district_id", a.district_id.clone()),
            ("level", a.level.clone()),
            ("sort", a.sort.clone()),
            ("page", None),
        ];
        let mut href = String::from("/search?");
        for (k, v) in pairs {
            let v = if k == key { Some(value.to_owned()) } else { v };
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                if !href.ends_with('?') {
                    href.push('&');
                }
                href.push_str(&format!("{k}={}", urlencode(&v)));
            }
        }
        href
    }
    fn is(&self, key: &str, value: &str) -> bool {
        let a = &self.asked;
        let current = match key {
            "kind" => a.kind.as_deref(),
            "class" => a.class.as_deref(),
            "subject_id" => a.subject_id.as_deref(),
            "content_type" => a.content_type.as_deref(),
            "language" => a.language.as_deref(),
            "sort" => a.sort.as_deref(),
            _ => None,
        };
        current.unwrap_or("") == value
    }
    fn pages(&self) -> u64 {
        self.results.total.div_ceil(self.results.per_page.max(1)).clamp(1, super::model::MAX_PAGE)
    }
    fn page_href(&self, n: &u64) -> String {
        self.with("page", &n.to_string())
    }
    fn facet_groups(&self) -> Vec<(&'static str, &'static str, &Vec<FacetCount>)> {
        let f = &self.results.facets;
        vec![
            ("class", "search-filter-class", &f.class),
            ("subject_id", "search-filter-subject", &f.subject),
            ("content_type", "search-filter-type", &f.content_type),
            ("language", "search-filter-language", &f.language),
        ]
        .into_iter()
        .filter(|(_, _, v)| !v.is_empty())
        .collect()
    }
    fn snippet(&self, html: &str) -> askama::filters::Safe<String> {
        // Built by `snippet::of`, which escapes everything but its own <mark>.
        askama::filters::Safe(html.to_owned())
    }
}

/// Chapters whose names (Bangla or English) hold every word asked.
async fn chapters(state: &AppState, q: &str, lang: crate::web::Lang) -> AppResult<Vec<ChapterHit>> {
    let asked = bangla::analyse(q);
    if asked.is_empty() {
        return Ok(vec![]);
    }
    let curriculum = crate::curriculum::memory::current(state).await?;
    let names = super::names::NameWords::of(state);
    let mut out = Vec::new();
    for level in &curriculum.levels {
        for class in &level.classes {
            for subject in &class.subjects {
                for chapter in &subject.chapters {
                    let words = names.words(&format!("{} {}", chapter.name_bn, chapter.name_en));
                    let meets = |a: &bangla::Word| words.iter().any(|w| super::engine::meets(a, w));
                    if asked.iter().all(meets) {
                        out.push(ChapterHit {
                            name: chapter.name(&lang).to_owned(),
                            context: format!("{} · {}", class.name(&lang), subject.name(&lang)),
                            url: format!("/curriculum/chapters/{}", chapter.id),
                        });
                        if out.len() >= 8 {
                            return Ok(out);
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Results and chapter matches kept per language and query string.
#[derive(Default)]
struct KeptResults(KeptViews<(Lang, String), Found, 2048>);

/// What a search found: its results and the chapters whose names match.
type Found = (SearchResults, Vec<ChapterHit>);

/// Longer query strings are answered but not kept.
const MAX_KEPT_QUERY: usize = 512;

async fn search_page(
    State(state): State<AppState>,
    page: Page,
    uri: axum::http::Uri,
    Query(asked): Query<SearchQuery>,
) -> AppResult<Response> {
    let page = page.titled("search-title");
    // The same words find the same things for everyone: kept a moment, so
    // a word the whole country types after a broadcast is looked up once.
    let key = (page.lang, uri.query().unwrap_or("").to_owned());
    let build = async {
        let results = service::find(&state, &asked, page.lang).await?;
        let chapters = if results.page <= 1 { chapters(&state, &asked.q, page.lang).await? } else { Vec::new() };
        Ok((results, chapters))
    };
    let found = match key.1.len() <= MAX_KEPT_QUERY {
        true => state.part::<KeptResults>().0.get_or_build(&state, key, KEEP_FOR, build).await,
        false => build.await.map(Arc::new),
    };
    let (results, errors, chapters) = match found {
        Ok(found) => (found.0.clone(), FieldErrors::default(), found.1.clone()),
        Err(AppError::Validation(errors)) => {
            (SearchResults { q: asked.q.clone(), ..Default::default() }, errors, Vec::new())
        }
        Err(e) => return Err(e),
    };
    let status = if errors.0.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let html = ResultsPage { page, asked, results, chapters, errors }.render()?;
    Ok((status, Html(html)).into_response())
}
