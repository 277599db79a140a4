//! A few seconds of memory for pages as anonymous visitors see them. A
//! shared link to a lesson can bring hundreds of phones at once; they get
//! the same HTML, so it is rendered once every few seconds instead of once
//! per visit. Signed-in teachers always get a fresh page (their own forms,
//! their own CSRF token), and pages with forms are never kept.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, HttpBody, to_bytes};
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
/// Larger pages are served but not kept.
const MAX_PAGE: usize = 512 * 1024;
/// The default memory budget for kept pages (headers and bodies).
pub const DEFAULT_BUDGET: usize = 32 * 1024 * 1024;

/// Something a handler wants done each time its page is served from memory
/// (the content page counts a view, so it is given the request: who is
/// viewing). Put it in the response's extensions.
#[derive(Clone)]
pub struct OnHit(pub Arc<dyn Fn(&Request) + Send + Sync>);

struct Entry {
    made: Instant,
    refreshing: bool,
    headers: HeaderMap,
    body: Bytes,
    on_hit: Option<OnHit>,
}

impl Entry {
    fn cost(key: &str, headers: &HeaderMap, body: &Bytes) -> usize {
        let header_bytes: usize = headers.iter().map(|(k, v)| k.as_str().len() + v.len() + 32).sum();
        key.len() + header_bytes + body.len() + 128
    }
}

pub struct PageCache {
    entries: Mutex<Entries>,
    budget: usize,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, Entry>,
    bytes: usize,
}

/// The query parameters a cacheable page reads, or `None` when the page
/// is not kept. The key is built from these only, so `?x=1`, `?x=2`, … are
/// one entry, not one each.
fn reads(path: &str) -> Option<&'static [&'static str]> {
    let is_id = |rest: Option<&str>| rest.is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    const LIST: &[&str] = &["sort", "kind", "language", "page"];
    if path == "/" || path == "/curriculum" || is_id(path.strip_prefix("/curriculum/classes/")) {
        Some(&[])
    } else if path == "/contents"
        || is_id(path.strip_prefix("/curriculum/chapters/"))
        || is_id(path.strip_prefix("/curriculum/subjects/"))
    {
        Some(LIST)
    } else if path == "/courses" || is_id(path.strip_prefix("/courses/")) || path == "/recognition" {
        Some(&[])
    } else if path == "/recognition/leaderboards" {
        Some(&["period", "district"])
    } else if path == "/search" {
        Some(&["q", "kind"])
    } else if is_id(path.strip_prefix("/teachers/")) {
        Some(&[])
    } else if is_id(path.strip_prefix("/contents/")) {
        Some(&["shared", "saved", "reported", "same_as", "play"])
    } else if path == "/questions" {
        Some(&["sort", "tag", "class", "subject_id", "page"])
    } else if path == "/posts" {
        Some(&["category", "tag", "page"])
    } else if path == "/ideas" {
        Some(&["sort", "status", "district_id", "page"])
    } else if is_id(path.strip_prefix("/questions/"))
        || is_id(path.strip_prefix("/posts/"))
        || is_id(path.strip_prefix("/ideas/"))
    {
        Some(&["notice"])
    } else {
        None
    }
}

/// `lang path?a=…&b=…` with only the parameters the page reads, in a fixed
/// order; `None` when a parameter is repeated or too long to be one we made.
fn key(lang: &str, uri: &axum::http::Uri, params: &[&str]) -> Option<String> {
    let mut key = format!("{lang} {}", uri.path());
    let pairs: Vec<(&str, &str)> =
        uri.query().unwrap_or("").split('&').filter_map(|p| p.split_once('=').or(Some((p, "")))).collect();
    for name in params {
        let mut values = pairs.iter().filter(|(k, _)| k == name);
        if let Some((_, v)) = values.next() {
            if values.next().is_some() || v.len() > 256 {
                return None;
            }
            key.push_str(&format!(" {name}={v}"));
        }
    }
    Some(key)
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
    Serve(HeaderMap, Bytes, Option<OnHit>),
    Render,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache::new(DEFAULT_BUDGET)
    }
}

impl PageCache {
    pub fn new(budget: usize) -> Self {
        PageCache { entries: Mutex::new(Entries::default()), budget }
    }

    /// Bytes held now (for tests and the benchmark).
    pub fn bytes(&self) -> usize {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).bytes
    }

    /// A fresh copy, or a stale one while another request renders the new
    /// copy; otherwise this request is the one to render.
    fn lookup(&self, key: &str) -> Lookup {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let Some(e) = entries.map.get_mut(key) else {
            return Lookup::Render;
        };
        let age = e.made.elapsed();
        if age < KEEP_FOR || (e.refreshing && age < STALE_FOR) {
            return Lookup::Serve(e.headers.clone(), e.body.clone(), e.on_hit.clone());
        }
        e.refreshing = true;
        Lookup::Render
    }

    fn store(&self, key: String, headers: HeaderMap, body: Bytes, on_hit: Option<OnHit>) {
        let cost = Entry::cost(&key, &headers, &body);
        let mut guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let entries = &mut *guard;
        if let Some(old) = entries.map.remove(&key) {
            entries.bytes -= Entry::cost(&key, &old.headers, &old.body);
        }
        if entries.bytes + cost > self.budget {
            // Expired pages go first, then the oldest until the new one fits.
            entries.map.retain(|k, e| {
                let keep = e.made.elapsed() < KEEP_FOR;
                if !keep {
                    entries.bytes -= Entry::cost(k, &e.headers, &e.body);
                }
                keep
            });
            while entries.bytes + cost > self.budget {
                let Some(oldest) = entries.map.iter().min_by_key(|(_, e)| e.made).map(|(k, _)| k.clone()) else {
                    break;
                };
                let e = entries.map.remove(&oldest).expect("just found");
                entries.bytes -= Entry::cost(&oldest, &e.headers, &e.body);
            }
        }
        if cost <= self.budget {
            entries.bytes += cost;
            entries.map.insert(key, Entry { made: Instant::now(), refreshing: false, headers, body, on_hit });
        }
    }

    /// The render failed: let the next request try again.
    fn release(&self, key: &str) {
        if let Some(e) = self.entries.lock().unwrap_or_else(|p| p.into_inner()).map.get_mut(key) {
            e.refreshing = false;
        }
    }
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let anonymous = req.extensions().get::<RequestContext>().is_some_and(|c| c.user.is_none());
    let params = reads(req.uri().path());
    let (Some(params), true, true) = (params, req.method() == Method::GET, anonymous) else {
        return next.run(req).await;
    };
    // Data-saver pages are another look of the same page.
    let look = match req.extensions().get::<RequestContext>() {
        Some(c) if c.saver => format!("{}-saver", c.lang.code()),
        Some(c) => c.lang.code().to_owned(),
        None => "bn".to_owned(),
    };
    let Some(key) = key(&look, req.uri(), params) else {
        return next.run(req).await;
    };
    let if_none_match = req.headers().get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let cache = state.part::<PageCache>();
    if let Lookup::Serve(headers, body, on_hit) = cache.lookup(&key) {
        if let Some(OnHit(hook)) = on_hit {
            hook(&req);
        }
        return answer(&headers, &body, if_none_match.as_deref());
    }
    // Rendered without If-None-Match, so the whole page can be kept.
    let mut req = req;
    req.headers_mut().remove(IF_NONE_MATCH);
    let response = next.run(req).await;
    let is_html =
        response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    let size = response.body().size_hint().exact();
    if response.status() != StatusCode::OK || !is_html || size.is_none_or(|n| n as usize > MAX_PAGE) {
        cache.release(&key);
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(body) = to_bytes(body, MAX_PAGE).await else {
        cache.release(&key);
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut headers = HeaderMap::new();
    for name in [CONTENT_TYPE, ETAG, CACHE_CONTROL, VARY] {
        for value in parts.headers.get_all(&name) {
            headers.append(name.clone(), value.clone());
        }
    }
    let on_hit = parts.extensions.remove::<OnHit>();
    cache.store(key, headers.clone(), body.clone(), on_hit);
    answer(&headers, &body, if_none_match.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, "text/html".parse().unwrap());
        h
    }

    #[test]
    fn memory_stays_within_the_budget() {
        let cache = PageCache::new(1024 * 1024);
        for i in 0..200 {
            cache.store(format!("bn /contents/{i}"), headers(), Bytes::from(vec![b'x'; 20 * 1024]), None);
            assert!(cache.bytes() <= 1024 * 1024, "{} bytes after {i} pages", cache.bytes());
        }
        assert!(cache.bytes() > 900 * 1024, "the budget is used, not emptied");
    }

    #[test]
    fn keys_hold_only_the_parameters_a_page_reads() {
        let uri: axum::http::Uri = "/contents?page=2&junk=1&sort=top".parse().unwrap();
        let other: axum::http::Uri = "/contents?sort=top&page=2&junk=2&more=3".parse().unwrap();
        let params = reads("/contents").unwrap();
        assert_eq!(key("bn", &uri, params), key("bn", &other, params));
        assert_ne!(key("bn", &uri, params), key("en", &uri, params));
        assert_eq!(key("bn", &"/contents?page=1&page=2".parse().unwrap(), params), None);
        assert!(reads("/contents/new").is_none() && reads("/profile/edit").is_none());
    }
}
