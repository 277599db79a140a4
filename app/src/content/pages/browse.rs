//! Browsing: every content (newest, top rated, most downloaded), a
//! chapter's contents, a subject's chapters, and a teacher's own list.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use serde::Deserialize;

use crate::content::lists;
use crate::content::model::ContentSummary;
use crate::content::store::{self, ListFilter, Sort};
use crate::curriculum::model::{ChapterPlace, Subject};
use crate::ids::{ChapterId, ClassId, SubjectId};
use crate::media::MediaKind;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, Page};

pub const PER_PAGE: u64 = 20;

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    sort: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    page: Option<u64>,
    deleted: Option<String>,
}

impl ListQuery {
    fn sort(&self) -> Sort {
        match self.sort.as_deref() {
            Some("top") => Sort::Top,
            Some("downloads") => Sort::Downloads,
            _ => Sort::New,
        }
    }
    fn filter(&self, chapters: Option<Vec<ChapterId>>) -> ListFilter {
        ListFilter {
            chapters,
            kind: self.kind.as_deref().and_then(MediaKind::parse),
            language: self.language.clone().filter(|l| l == "bn" || l == "en"),
            sort: self.sort(),
            page: self.page.unwrap_or(1).max(1) - 1,
            per_page: PER_PAGE,
            ..Default::default()
        }
    }
}

/// The page around a list: the header is the viewer's own.
#[derive(Template)]
#[template(path = "content/list.html")]
pub struct ListShell {
    page: Page,
    body: std::sync::Arc<str>,
}

/// A list of contents (`content/list_body.html`), the same for every viewer
/// of a chapter or of all contents; "My contents" is rendered per teacher.
#[derive(Template)]
#[template(path = "content/list_body.html")]
pub struct ListPage {
    page: Page,
    place: Option<ChapterPlace>,
    items: Vec<ContentSummary>,
    total: i64,
    current: u64,
    pages: u64,
    q: ListQuery,
    base: String,
    mine: bool,
    kinds: Vec<MediaKind>,
    notice: Option<&'static str>,
}

impl ListPage {
    fn kind_key(&self, k: &MediaKind) -> String {
        k.label_key()
    }
    fn is_sort(&self, s: &str) -> bool {
        self.q.sort.as_deref().unwrap_or("new") == s
    }
    fn is_kind(&self, k: &MediaKind) -> bool {
        self.q.kind.as_deref() == Some(k.as_str())
    }
    fn is_language(&self, l: &str) -> bool {
        self.q.language.as_deref() == Some(l)
    }
    /// The same list on another page number.
    fn page_href(&self, n: &u64) -> String {
        let mut params = vec![format!("page={n}")];
        for (k, v) in [("sort", &self.q.sort), ("kind", &self.q.kind), ("language", &self.q.language)] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                params.push(format!("{k}={}", crate::web::context::urlencode(v)));
            }
        }
        format!("{}?{}", self.base, params.join("&"))
    }
    fn average(&self, s: &ContentSummary) -> String {
        self.page.digits(&format!("{:.1}", s.rating.average))
    }
}

async fn list_page(
    state: &AppState,
    page: Page,
    place: Option<ChapterPlace>,
    filter: ListFilter,
    q: ListQuery,
    base: String,
    mine: bool,
) -> AppResult<ListPage> {
    let (rows, total) = store::list(&state.db, &filter).await?;
    let items = lists::summaries(state, rows).await?;
    let notice = q.deleted.is_some().then_some("content-deleted");
    Ok(ListPage {
        page,
        place,
        items,
        total: total as i64,
        current: filter.page + 1,
        pages: total.div_ceil(PER_PAGE).max(1),
        q,
        base,
        mine,
        kinds: MediaKind::FILES.into_iter().chain([MediaKind::Link]).collect(),
        notice,
    })
}

/// Where content lists are kept among the page parts.
pub const LIST_PARTS: &str = "content-list ";

/// A shared list's body, kept a few seconds per language and filters.
async fn shared_body(
    state: &AppState,
    page: &Page,
    place: Option<ChapterPlace>,
    q: ListQuery,
    chapters: Option<Vec<ChapterId>>,
    base: String,
) -> AppResult<std::sync::Arc<str>> {
    let key = format!(
        "{LIST_PARTS}{} {} {base} {:?} {:?} {:?} {:?}",
        page.lang.code(),
        page.saver,
        q.sort,
        q.kind,
        q.language,
        q.page
    );
    let neutral = Page { user: None, csrf: String::new(), ..page.clone() };
    // The "deleted" notice belongs to a teacher's own list, never a shared one.
    let q = ListQuery { deleted: None, ..q };
    crate::web::page_parts::get_or_render(state, key, || async move {
        let filter = q.filter(chapters);
        Ok(list_page(state, neutral, place, filter, q, base, false).await?.render()?)
    })
    .await
}

pub async fn all(State(state): State<AppState>, page: Page, Query(q): Query<ListQuery>) -> AppResult<Html<String>> {
    let page = page.titled("contents-title");
    let body = shared_body(&state, &page, None, q, None, "/contents".into()).await?;
    Ok(Html(ListShell { page, body }.render()?))
}

pub async fn chapter(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<ChapterId>,
    Query(q): Query<ListQuery>,
) -> AppResult<Html<String>> {
    let place = crate::curriculum::memory::current(&state).await?.place(id).ok_or(AppError::NotFound)?;
    let mut page = page;
    page.title = place.chapter(&page.lang).to_owned();
    let body = shared_body(&state, &page, Some(place), q, Some(vec![id]), format!("/curriculum/chapters/{id}")).await?;
    Ok(Html(ListShell { page, body }.render()?))
}

pub async fn mine(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Html<String>> {
    let mut filter = q.filter(None);
    filter.author = Some(user.id);
    filter.include_hidden = true;
    let page = page.titled("my-contents-title");
    let body = list_page(&state, page.clone(), None, filter, q, "/my/contents".into(), true).await?.render()?.into();
    Ok(Html(ListShell { page, body }.render()?))
}

#[derive(Template)]
#[template(path = "content/subject.html")]
pub struct SubjectPage {
    page: Page,
    class_id: ClassId,
    class_name: String,
    subject: Subject,
    counts: Vec<(ChapterId, i64)>,
}

impl SubjectPage {
    fn count(&self, chapter: &ChapterId) -> i64 {
        self.counts.iter().find(|(c, _)| c == chapter).map_or(0, |(_, n)| *n)
    }
}

pub async fn subject(State(state): State<AppState>, page: Page, Path(id): Path<SubjectId>) -> AppResult<Html<String>> {
    let levels = crate::curriculum::memory::current(&state).await?.levels.clone();
    let lang = page.lang;
    let (class, subject) = levels
        .iter()
        .flat_map(|l| &l.classes)
        .find_map(|c| c.subjects.iter().find(|s| s.id == id).map(|s| (c.clone(), s.clone())))
        .ok_or(AppError::NotFound)?;
    let chapter_ids: Vec<ChapterId> = subject.chapters.iter().map(|c| c.id).collect();
    let counts = store::counts_by_chapter(&state.db, &chapter_ids).await?;
    let mut page = page;
    page.title = format!("{} · {}", subject.name(&lang), class.name(&lang));
    Ok(Html(
        SubjectPage { page, class_id: class.id, class_name: class.name(&lang).to_owned(), subject, counts }.render()?,
    ))
}
