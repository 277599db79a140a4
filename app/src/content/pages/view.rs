//! The content page, the download, and the preview files.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::header::RANGE;
use std::sync::Arc;

use axum::Extension;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::content::comments::CommentView;
use crate::content::model::{ContentId, ContentView, RenditionInfo, licence_url};
use crate::content::shared::{Look, SharedPage};
use crate::content::store::{self};
use crate::content::{service, views};
use crate::ids::CommentId;
use crate::media::download::{self, Sent};
use crate::media::{MediaKind, RenditionKind};
use crate::state::AppState;
use crate::web::context::{RequestContext, urlencode};
use crate::web::extract::ApiPath;
use crate::web::page_cache::OnHit;
use crate::web::{AppError, AppResult, FieldErrors, Page};

/// The viewer-independent middle of a content page (`content/page_body.html`).
#[derive(Template)]
#[template(path = "content/page_body.html")]
pub struct ContentBody<'a> {
    pub page: Page,
    pub c: &'a ContentView,
    pub share_url: String,
    pub look: Look,
}

impl ContentBody<'_> {
    /// Smallest first: a phone on 2G starts with the 240p version.
    pub fn video_sources(&self) -> Vec<&RenditionInfo> {
        self.c.renditions.iter().filter(|r| r.kind.is_video()).collect()
    }
    /// The smallest video: the one a data-saver tap plays.
    pub fn smallest_video(&self) -> Option<&RenditionInfo> {
        self.video_sources().into_iter().min_by_key(|r| r.size_bytes)
    }
    /// What "keep for offline" takes: the page and its lightest way to
    /// be read or played (the smallest video or the recording, else the
    /// file itself), as a JSON list of addresses, and their size.
    pub fn offline(&self) -> Option<(String, i64)> {
        let page = format!("/contents/{}", self.c.id.0);
        let mut files: Vec<(&str, i64)> = Vec::new();
        match self.c.kind {
            // Not before its light version is made (a poster alone is no lesson).
            MediaKind::Video => {
                let v = self.smallest_video()?;
                files.push((v.url.as_str(), v.size_bytes));
                files.extend(self.rendition(RenditionKind::Thumbnail).map(|t| (t.url.as_str(), t.size_bytes)));
            }
            MediaKind::Audio => {
                let a = self.rendition(RenditionKind::AudioAac)?;
                files.push((a.url.as_str(), a.size_bytes));
            }
            MediaKind::Link => {}
            _ => files.extend(self.c.file.as_ref().map(|f| (f.url.as_str(), f.size_bytes))),
        }
        if files.is_empty() && self.c.kind != MediaKind::Link {
            // Still being prepared: nothing worth keeping yet.
            return None;
        }
        let bytes = files.iter().map(|(_, n)| n).sum();
        let urls: Vec<&str> = std::iter::once(page.as_str()).chain(files.iter().map(|(u, _)| *u)).collect();
        Some((serde_json::to_string(&urls).ok()?, bytes))
    }
    pub fn saver(&self) -> bool {
        self.look == Look::Saver
    }
    pub fn playing(&self) -> bool {
        self.look == Look::Playing
    }
    pub fn rendition(&self, kind: RenditionKind) -> Option<&RenditionInfo> {
        self.c.renditions.iter().find(|r| r.kind == kind)
    }
    pub fn kind_key(&self) -> String {
        self.c.kind.label_key()
    }
    pub fn licence_key(&self) -> String {
        format!("licence-{}", self.c.licence.replace('.', "_"))
    }
    pub fn licence_link(&self) -> Option<&'static str> {
        licence_url(&self.c.licence)
    }
    pub fn whatsapp(&self) -> String {
        format!("https://wa.me/?text={}", urlencode(&format!("{} {}", self.c.title, self.share_url)))
    }
    pub fn facebook(&self) -> String {
        format!("https://www.facebook.com/sharer/sharer.php?u={}", urlencode(&self.share_url))
    }
}

/// The body in `page`'s language and look, rendered once per language and
/// look while the shared parts are kept.
fn body_of(state: &AppState, page: &Page, shared: &SharedPage, look: Look) -> AppResult<Arc<str>> {
    if let Some(done) = shared.body(page.lang, look) {
        return Ok(done);
    }
    let share_url = format!("{}/contents/{}", state.config.public_url, shared.view.id.0);
    let neutral = Page { user: None, csrf: String::new(), ..page.clone() };
    let html: Arc<str> = ContentBody { page: neutral, c: &shared.view, share_url, look }.render()?.into();
    shared.keep_body(page.lang, look, html.clone());
    Ok(html)
}

#[derive(Template)]
#[template(path = "content/page.html")]
pub struct ContentPage {
    pub page: Page,
    /// The viewer-independent middle, already rendered.
    pub body: Arc<str>,
    pub c: ContentView,
    pub comments: Vec<CommentView>,
    pub my_stars: Option<i32>,
    pub related: Vec<crate::content::shared::RelatedLink>,
    pub notice: Option<&'static str>,
    pub same_as: Option<ContentId>,
    /// For its author and moderators: contents with nearly the same text.
    pub near_copies: Vec<crate::content::near_copies::NearCopy>,
    pub is_author: bool,
    pub errors: FieldErrors,
    /// A refused comment, kept in the box it was written in.
    pub draft: Draft,
    pub report_reasons: Vec<&'static str>,
}

/// What she wrote in a comment that was refused (too short, or past her
/// hour's limit), and which comment it answered, if any.
#[derive(Default)]
pub struct Draft {
    pub body: String,
    pub parent: Option<CommentId>,
}

impl ContentPage {
    pub fn stars_checked(&self, n: &i32) -> bool {
        self.my_stars == Some(*n)
    }
    pub fn reason_key(&self, r: &str) -> String {
        format!("report-{r}")
    }
    pub fn average(&self) -> String {
        self.page.digits(&format!("{:.1}", self.c.rating.average))
    }
    pub fn can_rate(&self) -> bool {
        self.page.user.is_some() && !self.is_author
    }
    /// The refused text for the reply box under comment `id`.
    pub fn reply_draft(&self, id: &CommentId) -> &str {
        if self.draft.parent == Some(*id) { &self.draft.body } else { "" }
    }
    /// The refused text for the new-comment box.
    pub fn new_draft(&self) -> &str {
        if self.draft.parent.is_none() { &self.draft.body } else { "" }
    }
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    shared: Option<String>,
    saved: Option<String>,
    reported: Option<String>,
    same_as: Option<ContentId>,
    /// Data saver: she tapped the video's play link.
    play: Option<String>,
}

pub async fn content_page(
    state: &AppState,
    page: Page,
    ctx: &RequestContext,
    id: ContentId,
    q: PageQuery,
    errors: FieldErrors,
    draft: Draft,
) -> AppResult<ContentPage> {
    let (shared, my_stars) = crate::content::shared::page(state, id, ctx.user.as_ref()).await?;
    let is_author = ctx.user.as_ref().is_some_and(|u| u.id == shared.row.author_id);
    let look = match (page.saver, q.play.is_some()) {
        (false, _) => Look::Full,
        (true, false) => Look::Saver,
        (true, true) => Look::Playing,
    };
    let body = body_of(state, &page, &shared, look)?;
    let c = shared.view.clone();
    let related = shared.related.clone();
    let near_copies = match &ctx.user {
        Some(u) if is_author || u.role.can_moderate() => crate::content::near_copies::of(state, u, id).await?,
        _ => Vec::new(),
    };
    let notice = match (q.shared, q.saved, q.reported) {
        (Some(_), _, _) => Some("content-shared"),
        (_, Some(_), _) => Some("content-saved"),
        (_, _, Some(_)) => Some("content-reported"),
        _ => None,
    };
    Ok(ContentPage {
        comments: shared.comments.clone(),
        page: {
            let mut p = page;
            p.title = c.title.clone();
            p
        },
        body,
        c,
        my_stars,
        related,
        notice,
        same_as: q.same_as,
        near_copies,
        is_author,
        errors,
        draft,
        report_reasons: crate::content::model::REPORT_REASONS.to_vec(),
    })
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    ctx: RequestContext,
    Path(id): Path<ContentId>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let view = content_page(&state, page, &ctx, id, q, FieldErrors::default(), Draft::default()).await?;
    let counter = views::counter(&state);
    counter.count(id, views::viewer(&ctx, &headers));
    // Served again from the anonymous page cache, it is still a visit (a
    // view when this visitor has not seen it today).
    let on_hit = OnHit(Arc::new(move |req: &axum::extract::Request| {
        if let Some(viewer) = views::viewer_of(req) {
            counter.count(id, viewer);
        }
    }));
    Ok((Extension(on_hit), Html(view.render()?)).into_response())
}

/// The file itself, resumable with Range; counted once per download, not
/// once per resumed piece.
pub async fn file(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiPath(id): ApiPath<ContentId>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let row = service::visible_to(&state, ctx.user.as_ref(), id).await?;
    let blob = match row.blob_id {
        Some(b) => crate::media::store::blob(&state.db, b).await?.ok_or(AppError::NotFound)?,
        None => return Err(AppError::NotFound),
    };
    let range = headers.get(RANGE).and_then(|v| v.to_str().ok());
    if range.is_none_or(|r| r.trim().starts_with("bytes=0-")) {
        store::count_download(&state.db, id).await?;
        if let Some(user) = &ctx.user {
            store::uses::record_download(&state.db, id, user.id).await?;
            crate::content::discovery::used(&state, user.id);
        }
    }
    let extension = blob.storage_key.rsplit('.').next().unwrap_or("bin");
    let sent = Sent {
        key: &blob.storage_key,
        mime: &blob.mime,
        size: blob.size_bytes as u64,
        etag: &blob.sha256,
        filename: Some(format!("{}.{extension}", row.title)),
    };
    download::send(&state.storage, sent, &headers).await
}

/// A preview file: thumbnail, 240p/360p video, AAC audio, first PDF page.
pub async fn rendition(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path((id, kind)): Path<(ContentId, String)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let row = service::visible_to(&state, ctx.user.as_ref(), id).await?;
    let blob_id = row.blob_id.ok_or(AppError::NotFound)?;
    let r = crate::media::store::renditions(&state.db, &[blob_id])
        .await?
        .into_iter()
        .find(|r| RenditionKind::parse(&kind) == Some(r.kind))
        .ok_or(AppError::NotFound)?;
    let etag = format!("{}-{}", r.blob_id, r.id);
    let sent = Sent { key: &r.storage_key, mime: &r.mime, size: r.size_bytes as u64, etag: &etag, filename: None };
    download::send(&state.storage, sent, &headers).await
}
