//! Response hygiene for every page: security headers and ETags, so a phone
//! on a metered link re-downloads a page only when it changed.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const PAGE_LIMIT: usize = 4 * 1024 * 1024;

/// The pages that record a voice note (a practice entry and its log form)
/// or scan a pass with the camera (a batch's attendance) may use them, for
/// this site only; no other page may.
fn devices_policy(path: &str) -> &'static str {
    let records_voice = path.starts_with("/practice/logs/");
    let scans_passes = path.starts_with("/training/") && path.ends_with("/attendance");
    if records_voice || scans_passes {
        "camera=(self), microphone=(self), geolocation=()"
    } else {
        "camera=(), microphone=(), geolocation=()"
    }
}

pub async fn security_headers(req: Request, next: Next) -> Response {
    let devices = devices_policy(req.uri().path());
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    let mut set = |name: &'static str, value: &'static str| {
        h.entry(HeaderName::from_static(name)).or_insert(HeaderValue::from_static(value));
    };
    set("content-security-policy", CSP);
    set("x-content-type-options", "nosniff");
    set("referrer-policy", "strict-origin-when-cross-origin");
    set("x-frame-options", "DENY");
    set("permissions-policy", devices);
    response
}

/// Weak ETag over the HTML of successful GETs; answers 304 when it matches.
pub async fn etag(req: Request, next: Next) -> Response {
    let is_get = req.method() == Method::GET;
    let if_none_match = req.headers().get(IF_NONE_MATCH).cloned();
    let response = next.run(req).await;
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"));
    if !is_get || response.status() != StatusCode::OK || !is_html || response.headers().contains_key(ETAG) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, PAGE_LIMIT).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    // A fast 128-bit hash: a validator for one address needs no cryptography,
    // and hashing every page with SHA-256 cost 5 % of a busy server's time.
    let tag = format!("W/\"{:032x}\"", xxhash_rust::xxh3::xxh3_128(&bytes));
    let tag_value = HeaderValue::from_str(&tag).expect("hex is a valid header value");
    parts.headers.insert(ETAG, tag_value.clone());
    parts.headers.entry(CACHE_CONTROL).or_insert(HeaderValue::from_static("private, no-cache"));
    // Data-saver pages differ by the browser's Save-Data as well.
    parts.headers.append(VARY, HeaderValue::from_static("Cookie, Save-Data"));
    let matches = if_none_match
        .and_then(|v| v.to_str().ok().map(str::to_owned))
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    if matches {
        parts.status = StatusCode::NOT_MODIFIED;
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}
