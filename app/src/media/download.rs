//! Sending stored files: whole, or the byte range asked for (a download cut
//! by a dropped connection resumes where it stopped), with a strong ETag.

use axum::body::Body;
use axum::http::header::{
    ACCEPT_RANGES, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, ETAG,
    IF_NONE_MATCH, RANGE,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::storage::Storage;
use crate::web::{AppError, AppResult};

/// What the Range header asks of a file of `size` bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Wanted {
    Whole,
    Part(u64, u64),
    Unsatisfiable,
}

pub fn parse_range(header: Option<&str>, size: u64) -> Wanted {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Wanted::Whole;
    };
    if spec.contains(',') {
        // Several ranges at once: answer with the whole file, as RFC 9110 allows.
        return Wanted::Whole;
    }
    let Some((start, end)) = spec.split_once('-') else {
        return Wanted::Whole;
    };
    let (start, end) = (start.trim(), end.trim());
    let range = match (start.parse::<u64>(), end.parse::<u64>()) {
        (Ok(s), Ok(e)) if s <= e => Some((s, e.min(size.saturating_sub(1)))),
        (Ok(s), Err(_)) if end.is_empty() => Some((s, size.saturating_sub(1))),
        (Err(_), Ok(n)) if start.is_empty() && n > 0 => Some((size.saturating_sub(n), size.saturating_sub(1))),
        _ => return Wanted::Whole,
    };
    match range {
        Some((s, e)) if s < size && s <= e => Wanted::Part(s, e),
        _ => Wanted::Unsatisfiable,
    }
}

pub struct Sent<'a> {
    pub key: &'a str,
    pub mime: &'a str,
    pub size: u64,
    /// A strong validator (the file's hash): the bytes never change.
    pub etag: &'a str,
    /// Set for downloads ("attachment"); previews play inline.
    pub filename: Option<String>,
}

fn content_disposition(name: &str) -> String {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let encoded = crate::web::context::urlencode(name).replace('/', "%2F");
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

pub async fn send(storage: &Storage, file: Sent<'_>, headers: &HeaderMap) -> AppResult<Response> {
    let etag = format!("\"{}\"", file.etag);
    if headers.get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return Ok((StatusCode::NOT_MODIFIED, [(ETAG, etag)]).into_response());
    }
    let wanted = parse_range(headers.get(RANGE).and_then(|v| v.to_str().ok()), file.size);
    let (status, range) = match wanted {
        Wanted::Whole => (StatusCode::OK, None),
        Wanted::Part(s, e) => (StatusCode::PARTIAL_CONTENT, Some(s..e + 1)),
        Wanted::Unsatisfiable => {
            let mut r = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            r.headers_mut()
                .insert(CONTENT_RANGE, HeaderValue::from_str(&format!("bytes */{}", file.size)).expect("ASCII"));
            return Ok(r);
        }
    };
    let download = storage.get(file.key, range.clone()).await.map_err(AppError::Internal)?;
    let length = download.range.end - download.range.start;
    let mut response = Response::builder()
        .status(status)
        .header(CONTENT_TYPE, file.mime)
        .header(CONTENT_LENGTH, length)
        .header(ACCEPT_RANGES, "bytes")
        .header(ETAG, &etag)
        // Private: a content can be hidden by a moderator at any time, and a
        // shared cache must not keep serving it for a day afterwards.
        .header(CACHE_CONTROL, "private, max-age=3600")
        .body(Body::from_stream(download.stream))
        .map_err(|e| AppError::Internal(e.into()))?;
    if range.is_some() {
        let value = format!("bytes {}-{}/{}", download.range.start, download.range.end - 1, download.size);
        response.headers_mut().insert(CONTENT_RANGE, HeaderValue::from_str(&value).expect("ASCII"));
    }
    if let Some(name) = file.filename
        && let Ok(v) = HeaderValue::from_str(&content_disposition(&name))
    {
        response.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_as_rfc_9110_says() {
        assert_eq!(parse_range(None, 100), Wanted::Whole);
        assert_eq!(parse_range(Some("bytes=0-9"), 100), Wanted::Part(0, 9));
        assert_eq!(parse_range(Some("bytes=90-"), 100), Wanted::Part(90, 99));
        assert_eq!(parse_range(Some("bytes=-10"), 100), Wanted::Part(90, 99));
        assert_eq!(parse_range(Some("bytes=50-500"), 100), Wanted::Part(50, 99));
        assert_eq!(parse_range(Some("bytes=100-"), 100), Wanted::Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=0-1,5-6"), 100), Wanted::Whole);
        assert_eq!(parse_range(Some("items=0-1"), 100), Wanted::Whole);
    }
}
