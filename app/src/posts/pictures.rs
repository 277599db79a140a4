//! Pictures in blog posts: stored through media like content files
//! (streamed, type-checked from their bytes, content-addressed, never held
//! whole in memory) and shown only through a post its viewer may see.

use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use futures_util::TryStreamExt;

use super::store;
use crate::config::SizeLimits;
use crate::ids::{BlobId, PostId};
use crate::media::MediaKind;
use crate::media::download::{self, Sent};
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::multipart_error;
use crate::web::{AppError, AppResult, CurrentUser, Page, ratelimit};

/// A picture for a post: up to 5 MB.
pub const MAX_PICTURE: u64 = 5 * 1024 * 1024;
/// Pictures one teacher may add to her posts in an hour.
pub const PICTURES_PER_HOUR: u32 = 30;

/// Adds the picture sent as `picture` to the author's post and puts it at
/// the end of the text, where she can move it.
pub(super) async fn add(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<PostId>,
    request: Request,
) -> AppResult<Response> {
    let post = super::service::own(&state, &user, id).await?;
    let request = crate::web::extract::limit_body(request, MAX_PICTURE + 16 * 1024)?;
    // Pictures are stored for good: a few an hour, whatever the daily upload quota says.
    ratelimit::hourly_allowance(&state.db, "picture", user.id.0, PICTURES_PER_HOUR, "quota-pictures-hour").await?;
    let mut form =
        Multipart::from_request(request, &state).await.map_err(|_| AppError::BadRequest("malformed upload"))?;
    let mut token = String::new();
    let mut received = None;
    while let Some(mut field) = form.next_field().await.map_err(|e| multipart_error(&e))? {
        match field.name().unwrap_or("") {
            "_csrf" => {
                while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
                    if token.len() + chunk.len() > 256 {
                        return Err(AppError::CsrfFailed);
                    }
                    token.push_str(std::str::from_utf8(&chunk).map_err(|_| AppError::CsrfFailed)?);
                }
            }
            "picture" if received.is_none() => {
                // The token comes first in the form; no file is taken without it.
                if !crate::web::csrf::same(&token, &page.csrf) {
                    return Err(AppError::CsrfFailed);
                }
                let limits = SizeLimits { video: 0, other: MAX_PICTURE };
                let stream = field.map_err(|e| multipart_error(&e));
                received = Some(crate::media::upload::receive(stream, &state.config.work_dir, limits).await?);
            }
            _ => while field.chunk().await.map_err(|e| multipart_error(&e))?.is_some() {},
        }
    }
    let file = received.ok_or_else(|| AppError::invalid("picture", "field-picture-missing"))?;
    if file.kind != MediaKind::Image {
        return Err(AppError::invalid("picture", "field-picture-type"));
    }
    let stored = crate::media::ingest::ingest(&state, &file).await?;
    store::add_picture(&stored.txn, id, stored.blob).await?;
    let body = format!("{}\n\n![]({})", post.body.trim_end(), picture_url(stored.blob));
    let tags: Vec<String> = store::tags_of(&stored.txn, &[id]).await?.into_iter().map(|(_, t)| t).collect();
    let text = store::PostText { title: &post.title, body: &body, category: post.category, tags: &tags };
    store::update(&stored.txn, id, text).await?;
    stored.txn.commit().await?;
    Ok(Redirect::to(&format!("/posts/{id}/edit?saved=1")).into_response())
}

pub fn picture_url(blob: BlobId) -> String {
    format!("/pictures/{blob}")
}

/// A post's picture, for whoever may see one of the posts it is in.
pub(super) async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(blob): Path<BlobId>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let mut allowed = false;
    for post_id in store::posts_with_picture(&state.db, blob).await? {
        if super::service::view(&state, post_id, ctx.user.as_ref()).await.is_ok() {
            allowed = true;
            break;
        }
    }
    if !allowed {
        return Err(AppError::NotFound);
    }
    let b = crate::media::store::blob(&state.db, blob).await?.ok_or(AppError::NotFound)?;
    let sent = Sent { key: &b.storage_key, mime: &b.mime, size: b.size_bytes as u64, etag: &b.sha256, filename: None };
    download::send(&state.storage, sent, &headers).await
}
