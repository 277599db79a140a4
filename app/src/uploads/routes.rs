//! The tus endpoints. Each PATCH appends at the stored offset; bytes that
//! arrived before a dropped connection are kept (unless the client asked
//! for a checksum, which then cannot be verified), so the next PATCH
//! continues from the last byte.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{CACHE_CONTROL, LOCATION};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use futures_util::StreamExt;
use tokio::io::{AsyncSeekExt, AsyncWriteExt};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{file_path, store, upload};
use crate::ids::UploadId;
use crate::state::AppState;
use crate::web::extract::ApiPath;
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult, CurrentUser};

/// How often a long PATCH syncs and records what arrived: a kill loses at
/// most this much (DESIGN §4).
const SYNC_EVERY: u64 = 8 * 1024 * 1024;

/// 32 random bytes, URL-safe: an upload id nobody can guess. In a cluster
/// it starts with the node's name and `_` (names are letters and digits), so
/// the load balancer sends every piece to the node holding the partial file.
fn new_id(state: &AppState) -> UploadId {
    use base64::Engine;
    let random = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    match &state.config.node_name {
        Some(node) => UploadId(format!("{node}_{random}")),
        None => UploadId(random),
    }
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(options, create))
        .routes(routes!(head, patch, terminate))
        // A PATCH body is as long as the client likes; its size is checked against Upload-Length.
        .layer(DefaultBodyLimit::disable())
}

fn tus_headers(response: &mut Response, state: &AppState) {
    let h = response.headers_mut();
    h.insert("tus-resumable", HeaderValue::from_static(tus::VERSION));
    h.insert("tus-version", HeaderValue::from_static(tus::VERSION));
    h.insert("tus-extension", HeaderValue::from_static(tus::EXTENSIONS));
    h.insert("tus-checksum-algorithm", HeaderValue::from_static(tus::CHECKSUM_ALGORITHMS));
    h.insert("tus-max-size", HeaderValue::from(state.config.upload_limits.largest()));
}

/// A missing or unreadable `Tus-Resumable` is a malformed request (400);
/// a well-formed other version is the tus protocol's 412.
fn check_version(headers: &HeaderMap) -> Result<(), tus::Error> {
    let value = header(headers, "tus-resumable").map(str::trim);
    let is_version = |v: &str| {
        let parts: Vec<&str> = v.split('.').collect();
        parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    match value {
        Some(v) if is_version(v) => tus::check_version(Some(v)),
        _ => Err(tus::Error::BadHeader("Tus-Resumable")),
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// A tus refusal as problem+json (like every API error), with the tus
/// headers a client needs to recover.
fn refuse(state: &AppState, e: tus::Error) -> Response {
    let (status, code, key) = match e {
        tus::Error::UnsupportedVersion => (StatusCode::PRECONDITION_FAILED, "tus_version", "tus-version"),
        tus::Error::BadHeader(_) => (StatusCode::BAD_REQUEST, "tus_header", "tus-header"),
        tus::Error::OffsetMismatch { .. } => (StatusCode::CONFLICT, "tus_offset", "tus-offset"),
        tus::Error::TooLong => (StatusCode::PAYLOAD_TOO_LARGE, "tus_too_long", "tus-too-long"),
        tus::Error::UnsupportedChecksum => {
            (StatusCode::BAD_REQUEST, "tus_checksum_algorithm", "tus-checksum-algorithm")
        }
        tus::Error::WrongContentType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "tus_content_type", "tus-content-type"),
    };
    protocol_error(state, status, code, key)
}

fn protocol_error(state: &AppState, status: StatusCode, code: &'static str, key: &'static str) -> Response {
    let mut r = AppError::Protocol { status, code, key }.into_response();
    tus_headers(&mut r, state);
    r
}

fn expires_header(at: &chrono::DateTime<Utc>) -> HeaderValue {
    HeaderValue::from_str(&at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()).expect("ASCII date")
}

/// The `Tus-Resumable` header every tus request but OPTIONS carries.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
struct TusVersion {
    /// The protocol version this server speaks: 1.0.0 (another well-formed
    /// version is answered 412 with `Tus-Version`).
    #[param(rename = "Tus-Resumable", value_type = String, pattern = "^1\\.0\\.0$")]
    tus_resumable: String,
}

/// A PATCH body: any bytes, the next piece of the file.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
struct FilePiece(Vec<u8>);

/// What this server supports.
#[utoipa::path(options, path = "/api/v1/uploads", tag = "uploads", responses((status = 204, description = "Tus-Version, Tus-Extension, Tus-Max-Size")))]
async fn options(State(state): State<AppState>) -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    tus_headers(&mut r, &state);
    r
}

async fn owned(state: &AppState, user: &CurrentUser, id: &str) -> AppResult<(UploadId, upload::Model)> {
    let id = UploadId::parse(id).ok_or(AppError::NotFound)?;
    let u = store::find(&state.db, &id).await?.ok_or(AppError::NotFound)?;
    if u.user_id != user.id {
        // Somebody else's upload is as good as absent.
        return Err(AppError::NotFound);
    }
    if u.expires_at < Utc::now() {
        return Err(AppError::NotFound);
    }
    Ok((id, u))
}

/// Start an upload: `Upload-Length` and optional `Upload-Metadata` (filename, filetype).
#[utoipa::path(post, path = "/api/v1/uploads", tag = "uploads",
    params(TusVersion, ("Upload-Length" = u64, Header, minimum = 1, maximum = 524288000,
        description = "The file's size in bytes (at most the largest upload allowed, 500 MB by default)")),
    responses((status = 201, description = "Location: the upload's URL; its last segment is the upload id"),
              (status = 412, body = ProblemDetails, description = "Tus-Resumable is not 1.0.0"),
              (status = 413, body = ProblemDetails)), security(("bearer" = [])))]
async fn create(State(state): State<AppState>, user: CurrentUser, headers: HeaderMap) -> AppResult<Response> {
    // Malformed headers (400) are told before an unsupported version (412).
    let length = match tus::parse_u64(header(&headers, "upload-length"), "Upload-Length") {
        Ok(l) => l,
        Err(e) => return Ok(refuse(&state, e)),
    };
    if let Err(e) = check_version(&headers) {
        return Ok(refuse(&state, e));
    }
    if length > state.config.upload_limits.largest() {
        return Err(AppError::TooLarge);
    }
    let metadata = match tus::parse_metadata(header(&headers, "upload-metadata")) {
        Ok(m) => m,
        Err(e) => return Ok(refuse(&state, e)),
    };
    super::check_quota(&state, user.id, length).await?;
    let id = new_id(&state);
    let path = file_path(&state, &id);
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(|e| AppError::Internal(e.into()))?;
    }
    tokio::fs::File::create(&path).await.map_err(|e| AppError::Internal(e.into()))?;
    let expires = super::expiry();
    let metadata = serde_json::to_string(&metadata).unwrap_or_else(|_| "{}".into());
    store::create(&state.db, store::NewUpload { id: &id, user: user.id, length, metadata, expires_at: expires })
        .await?;
    let mut r = StatusCode::CREATED.into_response();
    tus_headers(&mut r, &state);
    let location = format!("/api/v1/uploads/{id}");
    r.headers_mut().insert(LOCATION, HeaderValue::from_str(&location).expect("URL-safe id"));
    r.headers_mut().insert("upload-expires", expires_header(&expires));
    Ok(r)
}

/// How many bytes have arrived.
#[utoipa::path(head, path = "/api/v1/uploads/{id}", tag = "uploads", params(("id" = String, Path), TusVersion),
    responses((status = 200, description = "Upload-Offset and Upload-Length"), (status = 404),
              (status = 412, description = "Tus-Resumable is not 1.0.0")), security(("bearer" = [])))]
async fn head(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    if let Err(e) = check_version(&headers) {
        return Ok(refuse(&state, e));
    }
    let (_, u) = owned(&state, &user, &id).await?;
    let mut r = StatusCode::OK.into_response();
    tus_headers(&mut r, &state);
    let h = r.headers_mut();
    h.insert("upload-offset", HeaderValue::from(u.received_bytes));
    h.insert("upload-length", HeaderValue::from(u.length));
    h.insert("upload-expires", expires_header(&u.expires_at));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// Append bytes at `Upload-Offset` (`Content-Type: application/offset+octet-stream`).
#[utoipa::path(patch, path = "/api/v1/uploads/{id}", tag = "uploads",
    params(("id" = String, Path), TusVersion,
        ("Upload-Offset" = u64, Header, minimum = 0, description = "Where this piece starts: the upload's current offset")),
    request_body(content = FilePiece, content_type = "application/offset+octet-stream", description = "The next bytes of the file"),
    responses((status = 204, description = "Upload-Offset: where the upload now stands"),
              (status = 409, body = ProblemDetails, description = "wrong offset"),
              (status = 412, body = ProblemDetails, description = "Tus-Resumable is not 1.0.0"),
              (status = 423, body = ProblemDetails, description = "another piece of this upload is being received"),
              (status = 460, body = ProblemDetails, description = "checksum mismatch")), security(("bearer" = [])))]
async fn patch(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    body: Body,
) -> AppResult<Response> {
    // Malformed headers (400) are told before an unsupported version (412).
    if let Err(e) = tus::parse_u64(header(&headers, "upload-offset"), "Upload-Offset") {
        return Ok(refuse(&state, e));
    }
    if let Err(e) = check_version(&headers) {
        return Ok(refuse(&state, e));
    }
    let (id, u) = owned(&state, &user, &id).await?;
    let offset = match tus::check_patch(
        header(&headers, "content-type"),
        header(&headers, "upload-offset"),
        u.received_bytes as u64,
    ) {
        Ok(o) => o,
        Err(e) => return Ok(refuse(&state, e)),
    };
    let mut checksum = match header(&headers, "upload-checksum").map(tus::ChunkChecksum::from_header) {
        Some(Ok(c)) => Some(c),
        Some(Err(e)) => return Ok(refuse(&state, e)),
        None => None,
    };
    // One PATCH per upload at a time: a second one would write over the first.
    let locks = state.part::<super::UploadLocks>();
    let Some(_lock) = locks.take(id.as_str()) else {
        return Ok(protocol_error(&state, StatusCode::LOCKED, "tus_locked", "tus-locked"));
    };

    let path = file_path(&state, &id);
    let mut file = tokio::fs::OpenOptions::new().write(true).open(&path).await.map_err(io)?;
    // Bytes past the recorded offset are from a PATCH that died before recording them.
    file.set_len(offset).await.map_err(io)?;
    file.seek(std::io::SeekFrom::Start(offset)).await.map_err(io)?;
    let got = receive(&state, &id, &mut file, body, offset, u.length as u64, &mut checksum).await?;
    // Without a checksum, bytes that arrived before a drop are kept so the
    // client resumes after them; with one, an unverifiable chunk is dropped.
    let checksum_given = checksum.is_some();
    let keep = match checksum {
        _ if got.too_long => false,
        Some(c) => !got.broken && c.matches(),
        None => true,
    };
    if !keep {
        // Back to where this PATCH began (or the last recorded piece).
        let offset = if checksum_given { offset } else { got.synced };
        file.set_len(offset).await.map_err(io)?;
        file.sync_all().await.map_err(io)?;
        if got.too_long {
            return Ok(refuse(&state, tus::Error::TooLong));
        }
        let status = StatusCode::from_u16(tus::CHECKSUM_MISMATCH).expect("valid status");
        let mut r =
            AppError::Protocol { status, code: "tus_checksum_mismatch", key: "tus-checksum-mismatch" }.into_response();
        tus_headers(&mut r, &state);
        return Ok(r);
    }
    file.flush().await.map_err(io)?;
    file.sync_all().await.map_err(io)?;
    let complete = got.written == u.length as u64;
    if complete {
        super::share_finished(&state, &id).await.map_err(AppError::Internal)?;
    }
    store::set_received(&state.db, &id, got.written, complete).await?;
    if complete {
        super::drop_local_copy(&state, &id).await;
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    tus_headers(&mut r, &state);
    r.headers_mut().insert("upload-offset", HeaderValue::from(got.written));
    r.headers_mut().insert("upload-expires", expires_header(&u.expires_at));
    Ok(r)
}

fn io(e: std::io::Error) -> AppError {
    AppError::Internal(e.into())
}

/// What one PATCH's body brought.
struct Received {
    /// Where the file now ends.
    written: u64,
    /// The last offset synced and recorded while receiving.
    synced: u64,
    /// The connection dropped before the body ended.
    broken: bool,
    /// The body went past the upload's declared length.
    too_long: bool,
}

/// Streams the body into the file from `offset`, never past `length`.
async fn receive(
    state: &AppState,
    id: &UploadId,
    file: &mut tokio::fs::File,
    body: Body,
    offset: u64,
    length: u64,
    checksum: &mut Option<tus::ChunkChecksum>,
) -> AppResult<Received> {
    let mut got = Received { written: offset, synced: offset, broken: false, too_long: false };
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        // Every few MB the bytes so far are synced and recorded, so a crash
        // or kill loses at most the last piece (a checksummed PATCH is all
        // or nothing, so it is recorded only at the end).
        if checksum.is_none() && got.written - got.synced >= SYNC_EVERY {
            file.flush().await.map_err(io)?;
            file.sync_data().await.map_err(io)?;
            store::set_received(&state.db, id, got.written, false).await?;
            got.synced = got.written;
        }
        let Ok(chunk) = chunk else {
            got.broken = true;
            break;
        };
        if got.written + chunk.len() as u64 > length {
            got.too_long = true;
            break;
        }
        if let Some(c) = checksum.as_mut() {
            c.update(&chunk);
        }
        file.write_all(&chunk).await.map_err(io)?;
        got.written += chunk.len() as u64;
    }
    Ok(got)
}

/// Abandon an upload and remove what arrived.
#[utoipa::path(delete, path = "/api/v1/uploads/{id}", tag = "uploads", params(("id" = String, Path), TusVersion),
    responses((status = 204), (status = 404), (status = 412, body = ProblemDetails, description = "Tus-Resumable is not 1.0.0"),
              (status = 423, body = ProblemDetails, description = "a piece of this upload is being received")), security(("bearer" = [])))]
async fn terminate(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    if let Err(e) = check_version(&headers) {
        return Ok(refuse(&state, e));
    }
    let (id, _) = owned(&state, &user, &id).await?;
    let locks = state.part::<super::UploadLocks>();
    let Some(_lock) = locks.take(id.as_str()) else {
        return Ok(protocol_error(&state, StatusCode::LOCKED, "tus_locked", "tus-locked"));
    };
    super::discard_files(&state, &id).await;
    store::delete(&state.db, &id).await?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    tus_headers(&mut r, &state);
    Ok(r)
}

/// The client's metadata of an upload.
pub fn metadata(u: &upload::Model) -> HashMap<String, String> {
    serde_json::from_str(&u.metadata).unwrap_or_default()
}
