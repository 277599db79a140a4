//! The parts of a content page that are the same for every viewer (the
//! content, its file and renditions, its comments, the newest of its
//! chapter), kept in memory for [`KEEP_SECS`] seconds. Signed-in teachers'
//! pages are then rendered from memory plus their own rating.
//!
//! Any change made through this node (a comment, a rating, an edit, hiding)
//! drops the entry at once; a change made through another node shows here
//! within [`KEEP_SECS`] seconds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::comments::{self, CommentView};
use super::entity::content;
use super::model::{AuthorCard, ContentId, ContentView, FileInfo, RatingSummary, RenditionInfo};
use super::service::{file_url, rendition_url};
use super::store;
use crate::ids::UserId;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, Lang};

pub const KEEP_SECS: u64 = 3;
/// Related contents change slowly: found again after this long.
const RELATED_KEEP: Duration = Duration::from_secs(600);
/// Related contents shown on a page.
const RELATED_SHOWN: usize = 5;
/// Entries beyond this are swept (expired first, then all).
const MAX_ENTRIES: usize = 20_000;

pub struct SharedPage {
    pub row: content::Model,
    pub view: ContentView,
    pub comments: Vec<CommentView>,
    /// Contents like this one by their words (first of its chapter), or
    /// the newest of its chapter; this one left out.
    pub related: Vec<RelatedLink>,
    /// The rendered viewer-independent middle of the page, per language
    /// (Bangla, English) and [`Look`], made by the first request that needs it.
    bodies: Mutex<[Option<Arc<str>>; 6]>,
}

/// How a content page's middle is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// Everything, previews included (videos still wait for a tap).
    Full,
    /// Data saver: a poster and what playing costs, no first-page picture.
    Saver,
    /// Data saver, after she tapped play: the smallest video, playing.
    Playing,
}

impl SharedPage {
    fn slot(lang: Lang, look: Look) -> usize {
        let lang = if lang == Lang::En { 1 } else { 0 };
        let look = match look {
            Look::Full => 0,
            Look::Saver => 1,
            Look::Playing => 2,
        };
        lang * 3 + look
    }

    pub fn body(&self, lang: Lang, look: Look) -> Option<Arc<str>> {
        self.bodies.lock().unwrap_or_else(|p| p.into_inner())[Self::slot(lang, look)].clone()
    }

    pub fn keep_body(&self, lang: Lang, look: Look, html: Arc<str>) {
        self.bodies.lock().unwrap_or_else(|p| p.into_inner())[Self::slot(lang, look)] = Some(html);
    }
}

#[derive(Default)]
pub struct SharedPages(Mutex<HashMap<i64, (Instant, Arc<SharedPage>)>>);

impl SharedPages {
    fn get(&self, id: ContentId) -> Option<Arc<SharedPage>> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&id.0).filter(|(at, _)| at.elapsed() < Duration::from_secs(KEEP_SECS)).map(|(_, p)| p.clone())
    }

    fn put(&self, id: ContentId, page: Arc<SharedPage>) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, (at, _)| at.elapsed() < Duration::from_secs(KEEP_SECS));
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
        }
        map.insert(id.0, (Instant::now(), page));
    }
}

/// Each signed-in viewer's own stars on a page, kept as long as the shared
/// parts: the only per-viewer part of a content page that needs the
/// database. A rating made on this node updates it at once.
/// (teacher, content) → when read, and the stars.
type StarsByViewer = HashMap<(i64, i64), (Instant, Option<i32>)>;

#[derive(Default)]
pub struct OwnStars(Mutex<StarsByViewer>);

impl OwnStars {
    fn get(&self, who: UserId, id: ContentId) -> Option<Option<i32>> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&(who.0, id.0)).filter(|(at, _)| at.elapsed() < Duration::from_secs(KEEP_SECS)).map(|(_, s)| *s)
    }

    fn put(&self, who: UserId, id: ContentId, stars: Option<i32>) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, (at, _)| at.elapsed() < Duration::from_secs(KEEP_SECS));
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
        }
        map.insert((who.0, id.0), (Instant::now(), stars));
    }
}

/// `who` rated a content on this node: her page shows it at once, and
/// lists show the new average.
pub fn rated(state: &AppState, who: UserId, id: ContentId, stars: i32) {
    state.part::<OwnStars>().put(who, id, Some(stars));
    changed(state, id);
}

/// Drops what this node keeps of a content's page (a comment changed it).
pub fn forget(state: &AppState, id: ContentId) {
    state.part::<SharedPages>().0.lock().unwrap_or_else(|p| p.into_inner()).remove(&id.0);
}

/// A content itself changed (details, visibility, rating, deletion): its
/// page and the lists it appears in are drawn again.
pub fn changed(state: &AppState, id: ContentId) {
    forget(state, id);
    lists_changed(state);
}

/// A content was shared, changed or removed: lists kept on this node are
/// drawn again on their next visit.
pub fn lists_changed(state: &AppState) {
    crate::web::page_parts::forget_prefix(state, super::pages::LIST_PARTS);
}

/// A content page's shared parts and the viewer's own stars. Hidden
/// contents only for their author and moderators, as everywhere.
pub async fn page(
    state: &AppState,
    id: ContentId,
    viewer: Option<&CurrentUser>,
) -> AppResult<(Arc<SharedPage>, Option<i32>)> {
    let cache = state.part::<SharedPages>();
    let own = state.part::<OwnStars>();
    let (shared, my_stars) = match cache.get(id) {
        Some(found) => {
            let stars = match viewer {
                Some(v) => match own.get(v.id, id) {
                    Some(kept) => kept,
                    None => {
                        let stars = store::ratings::of(&state.db, v.id, id).await?;
                        own.put(v.id, id, stars);
                        stars
                    }
                },
                None => None,
            };
            (found, stars)
        }
        None => {
            let row = store::page::content(&state.db, id, viewer.map(|v| v.id)).await?.ok_or(AppError::NotFound)?;
            let stars = row.my_stars;
            if let Some(v) = viewer {
                own.put(v.id, id, stars);
            }
            let shared = Arc::new(load(state, row).await?);
            cache.put(id, shared.clone());
            (shared, stars)
        }
    };
    let privileged = viewer.is_some_and(|v| v.id == shared.row.author_id || v.role.can_moderate());
    if shared.row.hidden && !privileged {
        return Err(AppError::NotFound);
    }
    Ok((shared, my_stars))
}

/// A content's view from its page row: place from the curriculum in
/// memory, file, renditions, author card, tags.
pub async fn view_of(state: &AppState, found: store::page::PageRow) -> AppResult<ContentView> {
    let row = found.content;
    let id = row.id;
    let place = crate::curriculum::memory::current(state).await?.place(row.chapter_id).ok_or(AppError::NotFound)?;
    let file = found.file.map(|f| FileInfo {
        mime: f.mime,
        size_bytes: f.size_bytes,
        url: file_url(row.id),
        duration_secs: f.duration_secs,
        page_count: f.page_count,
    });
    let renditions = found
        .renditions
        .into_iter()
        .map(|r| RenditionInfo {
            url: rendition_url(row.id, r.kind),
            kind: r.kind,
            mime: r.mime,
            size_bytes: r.size_bytes,
        })
        .collect();
    let author = found.author;
    Ok(ContentView {
        id,
        tags: store::tags(&state.db, id).await?,
        kind: row.kind,
        place,
        author: AuthorCard {
            id: row.author_id,
            verified: author.verified,
            designation: author.designation,
            photo_url: crate::profiles::service::photo_url(author.photo_id),
            name: author.name,
        },
        file,
        renditions,
        rating: RatingSummary::from(row.rating_sum, row.rating_count),
        title: row.title.clone(),
        description: row.description.clone(),
        language: row.language.clone(),
        licence: row.licence.clone(),
        external_url: row.external_url.clone(),
        views: row.views,
        downloads: row.downloads,
        hidden: row.hidden,
        created_at: row.created_at,
    })
}

async fn load(state: &AppState, found: store::page::PageRow) -> AppResult<SharedPage> {
    let row = found.content.clone();
    let view = view_of(state, found).await?;
    let related = related(state, &row).await?;
    let comments = comments::thread(state, row.id).await?;
    Ok(SharedPage { row, view, comments, related, bodies: Mutex::new(Default::default()) })
}

/// A link to a related content, as the page lists it.
#[derive(Clone, Debug)]
pub struct RelatedLink {
    pub id: ContentId,
    pub title: String,
    pub author_name: String,
}

/// What the finder is asked: a content's id, chapter and words.
pub struct RelatedAsk {
    pub id: ContentId,
    pub chapter_id: crate::ids::ChapterId,
    pub text: String,
    pub limit: usize,
}

/// How a content page finds contents like it by their words. Search
/// installs it at start (content cannot import search, which reads
/// content's rows); without it a page shows the newest of its chapter.
pub type RelatedFinder = Arc<
    dyn Fn(AppState, RelatedAsk) -> std::pin::Pin<Box<dyn std::future::Future<Output = Vec<RelatedLink>> + Send>>
        + Send
        + Sync,
>;

/// The installed finder, what it found (kept [`RELATED_KEEP`]) and which
/// contents it is looking for now.
#[derive(Default)]
pub struct Related {
    finder: std::sync::OnceLock<RelatedFinder>,
    found: crate::web::kept::KeptMap<ContentId, Vec<RelatedLink>, MAX_ENTRIES>,
    looking: Mutex<std::collections::HashSet<ContentId>>,
}

impl Related {
    pub fn install(&self, finder: RelatedFinder) {
        let _ = self.finder.set(finder);
    }

    /// Whether no look for `id`'s related contents is under way.
    pub fn settled(&self, id: ContentId) -> bool {
        !self.looking.lock().unwrap_or_else(|p| p.into_inner()).contains(&id)
    }

    /// What was found for `row` (even if old), and a new look in the
    /// background when there is none or it is old: a page never waits
    /// for search.
    fn kept_or_look(self: &Arc<Self>, state: &AppState, row: &content::Model) -> Vec<RelatedLink> {
        let kept = self.found.get_any(&row.id, RELATED_KEEP);
        let fresh = kept.as_ref().is_some_and(|(_, old)| !old);
        if let (false, Some(finder)) = (fresh, self.finder.get())
            && self.looking.lock().unwrap_or_else(|p| p.into_inner()).insert(row.id)
        {
            let ask = RelatedAsk {
                id: row.id,
                chapter_id: row.chapter_id,
                text: format!("{} {}", row.title, row.description),
                limit: RELATED_SHOWN,
            };
            let (finder, me, state) = (finder.clone(), self.clone(), state.clone());
            tokio::spawn(async move {
                let id = ask.id;
                let links = finder(state, ask).await;
                me.found.put(id, links, RELATED_KEEP);
                me.looking.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
            });
        }
        kept.map(|(links, _)| links).unwrap_or_default()
    }
}

/// Up to [`RELATED_SHOWN`] contents like `row`, topped up with the newest
/// of its chapter.
async fn related(state: &AppState, row: &content::Model) -> AppResult<Vec<RelatedLink>> {
    let mut related = state.part::<Related>().kept_or_look(state, row);
    related.retain(|r| r.id != row.id);
    related.truncate(RELATED_SHOWN);
    if related.len() < RELATED_SHOWN {
        for r in store::page::newest_in_chapter(&state.db, row.chapter_id, RELATED_SHOWN as u64 + 1).await? {
            if r.content.id != row.id && !related.iter().any(|c| c.id == r.content.id) && related.len() < RELATED_SHOWN
            {
                related.push(RelatedLink { id: r.content.id, title: r.content.title, author_name: r.author_name });
            }
        }
    }
    Ok(related)
}
