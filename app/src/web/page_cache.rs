//! A few seconds of memory for pages as anonymous visitors see them. A
//! shared link to a lesson can bring hundreds of phones at once; they get
//! the same HTML, so it is rendered once every few seconds instead of once
//! per visit. Signed-in teachers always get a fresh page (their own forms,
//! their own CSRF token), and pages with forms are never kept.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::context::RequestContext;
use crate::state::AppState;

/// How stale an anonymous visitor's page may be.
pub const KEEP_FOR: Duration = Duration::from_secs(3);
/// While one request renders a fresh copy, the others get the old one for
/// at most this long (no stampede of renders when a popular page expires).
const STALE_FOR: Duration = Duration::from_secs(30);
const MAX_ENTRIES: usize = 10_000;
const MAX_PAGE: usize = 512 * 1024;

struct Entry {
    made: Instant,
    refreshing: bool,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Default)]
pub struct PageCache(Mutex<HashMap<String, Entry>>);

/// Pages anonymous visitors read and never post from.
fn cacheable(path: &str) -> bool {
    path == "/"
        || path == "/contents"
        || path.starts_with("/curriculum")
        || path == "/search"
        || path.strip_prefix("/teachers/").is_some_and(|id| id.bytes().all(|b| b.is_ascii_digit()))
        || path.strip_prefix("/contents/").is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

fn answer(headers: &HeaderMap, body: &Bytes, if_none_match: Option<&str>) -> Response {
    let etag = headers.get(ETAG).and_then(|v| v.to_str().ok());
    if let (Some(tag), Some(wanted)) = (etag, if_none_match)
        && wanted.split(',').any(|t| t.trim() == tag)
    {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        r.headers_mut().extend(headers.clone());
        return r;
    }
    let mut r = Response::new(Body::from(body.clone()));
    r.headers_mut().extend(headers.clone());
    r
}

enum Lookup {
    Serve(HeaderMap, Bytes),
    Render,
}

impl PageCache {
    /// A fresh copy, or a stale one while another request renders the new
    /// copy; otherwise this request is the one to render.
    fn lookup(&self, key: &str) -> Lookup {
        let mut entries = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let Some(e) = entries.get_mut(key) else {
            return Lookup::Render;
        };
        let age = e.made.elapsed();
        if age < KEEP_FOR || (e.refreshing && age < STALE_FOR) {
            return Lookup::Serve(e.headers.clone(), e.body.clone());
        }
        e.refreshing = true;
        Lookup::Render
    }

    fn store(&self, key: String, headers: HeaderMap, body: Bytes) {
        let mut entries = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, e| e.made.elapsed() < KEEP_FOR);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key, Entry { made: Instant::now(), refreshing: false, headers, body });
    }

    /// The render failed: let the next request try again.
    fn release(&self, key: &str) {
        if let Some(e) = self.0.lock().unwrap_or_else(|p| p.into_inner()).get_mut(key) {
            e.refreshing = false;
        }
    }
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let anonymous = req.extensions().get::<RequestContext>().is_some_and(|c| c.user.is_none());
    if req.method() != Method::GET || !anonymous || !cacheable(req.uri().path()) {
        return next.run(req).await;
    }
    let lang = req.extensions().get::<RequestContext>().map_or("bn", |c| c.lang.code());
    let key = format!("{lang} {}", req.uri());
    let if_none_match = req.headers().get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned);
    if let Lookup::Serve(headers, body) = state.page_cache.lookup(&key) {
        // A content page served from memory is still a view.
        if let Some(id) = req.uri().path().strip_prefix("/contents/").and_then(|id| id.parse::<i64>().ok()) {
            state.views.count(crate::content::model::ContentId(id));
        }
        return answer(&headers, &body, if_none_match.as_deref());
    }
    // Rendered without If-None-Match, so the whole page can be kept.
    let mut req = req;
    req.headers_mut().remove(IF_NONE_MATCH);
    let response = next.run(req).await;
    let is_html =
        response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if response.status() != StatusCode::OK || !is_html {
        state.page_cache.release(&key);
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, MAX_PAGE).await else {
        state.page_cache.release(&key);
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut headers = HeaderMap::new();
    for name in [CONTENT_TYPE, ETAG, CACHE_CONTROL, VARY] {
        for value in parts.headers.get_all(&name) {
            headers.append(name.clone(), value.clone());
        }
    }
    state.page_cache.store(key, headers.clone(), body.clone());
    answer(&headers, &body, if_none_match.as_deref())
}
