//! What a teacher follows and what is new for her.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::FollowKind;
use super::store;
use crate::ids::{ChapterId, SubjectId, UserId};
use crate::items::ItemKind;
use crate::profiles::store::Teaching;
use crate::state::AppState;
use crate::web::page_cache::KEEP_FOR;
use crate::web::page_parts::KeptViews;
use crate::web::{AppError, AppResult, FieldErrors, ratelimit};

pub const KINDS: [&str; 3] = ["teacher", "tag", "subject"];
/// Follows and unfollows one teacher may make in an hour.
pub const FOLLOWS_PER_HOUR: u32 = 200;

#[derive(Deserialize, Serialize, ToSchema, Clone, Debug, PartialEq, Eq)]
pub struct Follow {
    pub kind: FollowKind,
    /// The teacher's or subject's id, or the tag.
    pub key: String,
}

/// Checks a follow: a real teacher, subject or tag, in stored form.
async fn checked(state: &AppState, f: &Follow) -> AppResult<Follow> {
    let bad = |field: &'static str| {
        let mut errors = FieldErrors::default();
        errors.add(field, "field-follow-invalid");
        AppError::Validation(errors)
    };
    let key = match f.kind {
        FollowKind::Teacher => {
            let id: i64 = f.key.trim().parse().map_err(|_| bad("key"))?;
            crate::accounts::store::find(&state.db, UserId(id)).await?.ok_or_else(|| bad("key"))?;
            id.to_string()
        }
        FollowKind::Subject => {
            let id: i64 = f.key.trim().parse().map_err(|_| bad("key"))?;
            let curriculum = crate::curriculum::memory::current(state).await?;
            let exists =
                curriculum.levels.iter().flat_map(|l| &l.classes).flat_map(|c| &c.subjects).any(|s| s.id.0 == id);
            if !exists {
                return Err(bad("key"));
            }
            id.to_string()
        }
        FollowKind::Tag => {
            let t = bangla::normalize(f.key.trim()).trim_start_matches('#').to_lowercase();
            if t.is_empty() || t.chars().count() > 40 {
                return Err(bad("key"));
            }
            t
        }
    };
    Ok(Follow { kind: f.kind, key })
}

pub async fn follow(state: &AppState, who: UserId, f: &Follow, on: bool) -> AppResult<Follow> {
    let f = checked(state, f).await?;
    if f.kind == FollowKind::Teacher && f.key == who.0.to_string() {
        return Err(AppError::NotAllowed { code: "own_item", key: "follow-self" });
    }
    ratelimit::hourly_allowance(&state.db, "follow", who.0, FOLLOWS_PER_HOUR, "quota-follows-hour").await?;
    if on {
        store::follow(&state.db, who, f.kind, &f.key).await?;
    } else {
        store::unfollow(&state.db, who, f.kind, &f.key).await?;
    }
    Ok(f)
}

pub async fn following(state: &AppState, who: UserId) -> AppResult<Vec<Follow>> {
    Ok(store::of(&state.db, who)
        .await?
        .into_iter()
        .map(|f| Follow { kind: f.target_kind, key: f.target_key })
        .collect())
}

/// What `who` follows and whether she takes the digest (one query).
pub async fn following_and_digest(state: &AppState, who: UserId) -> AppResult<(Vec<Follow>, bool)> {
    let (follows, digest) = store::follows_and_digest(&state.db, who).await?;
    Ok((follows.into_iter().map(|(kind, key)| Follow { kind, key }).collect(), digest))
}

pub async fn is_following(state: &AppState, who: UserId, kind: FollowKind, key: &str) -> AppResult<bool> {
    Ok(store::is_following(&state.db, who, kind, key).await?)
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct FeedItem {
    pub kind: ItemKind,
    pub id: i64,
    pub title: String,
    pub author_name: String,
    pub link: String,
    pub at: DateTime<Utc>,
}

/// New contents, questions and posts from whom and what `who` follows and
/// in her own classes and subjects, newest first.
pub async fn items(
    state: &AppState,
    who: UserId,
    since: Option<DateTime<Utc>>,
    limit: u64,
) -> AppResult<Vec<FeedItem>> {
    let follows = following(state, who).await?;
    let teaching = crate::profiles::store::teaching_of(&state.db, who).await?;
    items_for(state, who, &follows, &teaching, since, limit).await
}

/// [`items`] for someone whose follows and teaching were already read.
pub async fn items_for(
    state: &AppState,
    who: UserId,
    follows: &[Follow],
    teaching: &Teaching,
    since: Option<DateTime<Utc>>,
    limit: u64,
) -> AppResult<Vec<FeedItem>> {
    let authors: Vec<UserId> = follows
        .iter()
        .filter(|f| f.kind == FollowKind::Teacher)
        .filter_map(|f| f.key.parse().ok())
        .map(UserId)
        .collect();
    let tags: Vec<String> = follows.iter().filter(|f| f.kind == FollowKind::Tag).map(|f| f.key.clone()).collect();
    let mut subjects: HashSet<SubjectId> = follows
        .iter()
        .filter(|f| f.kind == FollowKind::Subject)
        .filter_map(|f| f.key.parse().ok())
        .map(SubjectId)
        .collect();
    // Her own classes and subjects, from her profile.
    let classes = &teaching.classes;
    let chapters = chapters_of(state, classes, &teaching.codes, &mut subjects).await?;
    let mut subjects: Vec<SubjectId> = subjects.into_iter().collect();
    subjects.sort_by_key(|s| s.0);
    let asked = Asked { authors, tags, chapters, subjects, classes: classes.clone(), since, limit };
    let found = match since {
        // A digest's window is its own: nothing to share.
        Some(_) => Arc::new(recent(state, &asked).await?),
        None => kept_recent(state, asked).await?,
    };
    let mut items: Vec<FeedItem> = found.iter().filter(|(author, _)| *author != who).map(|(_, i)| i.clone()).collect();
    items.sort_by_key(|i| std::cmp::Reverse(i.at));
    items.truncate(limit as usize);
    Ok(items)
}

/// What a feed asks for: the same for every teacher who follows the same
/// teachers, tags and subjects and teaches the same classes (most teachers
/// of a class and subject follow nobody), so the answer is shared.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Asked {
    authors: Vec<UserId>,
    tags: Vec<String>,
    chapters: Vec<ChapterId>,
    subjects: Vec<SubjectId>,
    classes: Vec<i32>,
    since: Option<DateTime<Utc>>,
    limit: u64,
}

/// New items with their authors, before a reader's own are left out.
type Found = Arc<Vec<(UserId, FeedItem)>>;

#[derive(Default)]
struct KeptFeeds(KeptViews<Asked, Vec<(UserId, FeedItem)>, 5_000>);

/// The items for `asked`, kept as long as an anonymous page (3 s) and
/// dropped at once by a moderator's hide or an author's delete on this
/// node (`page_parts::changed`); her follows and classes are read fresh on
/// every visit, so her own changes show at once on any node.
async fn kept_recent(state: &AppState, asked: Asked) -> AppResult<Found> {
    let build = async { recent(state, &asked).await };
    state.part::<KeptFeeds>().0.get_or_build(state, asked.clone(), KEEP_FOR, build).await
}

async fn recent(state: &AppState, asked: &Asked) -> AppResult<Vec<(UserId, FeedItem)>> {
    let Asked { authors, tags, chapters, subjects, classes, since, limit } = asked;
    let (since, limit) = (*since, *limit);
    let db = &state.db;
    let contents = crate::content::store::recent_for_feed(db, authors, tags, chapters, since, limit).await?;
    let questions =
        crate::questions::store::questions::recent_for_feed(db, authors, tags, subjects, classes, since, limit).await?;
    let posts = crate::posts::store::recent_for_feed(db, authors, tags, since, limit).await?;
    let mut people: Vec<UserId> = contents.iter().map(|c| c.author_id).collect();
    people.extend(questions.iter().map(|q| q.author_id));
    people.extend(posts.iter().map(|p| p.author_id));
    let names = crate::accounts::store::names_of(db, &people).await?;
    let name = |id: &UserId| names.get(id).cloned().unwrap_or_default();
    let mut items: Vec<(UserId, FeedItem)> = Vec::new();
    for c in contents {
        let link = format!("/contents/{}", c.id);
        let item = FeedItem {
            kind: ItemKind::Content,
            id: c.id.0,
            author_name: name(&c.author_id),
            title: c.title,
            link,
            at: c.created_at,
        };
        items.push((c.author_id, item));
    }
    for q in questions {
        let link = format!("/questions/{}", q.id);
        let item = FeedItem {
            kind: ItemKind::Question,
            id: q.id.0,
            author_name: name(&q.author_id),
            title: q.title,
            link,
            at: q.created_at,
        };
        items.push((q.author_id, item));
    }
    for p in posts {
        let link = format!("/posts/{}", p.id);
        let at = p.published_at.unwrap_or(p.created_at);
        let item =
            FeedItem { kind: ItemKind::Post, id: p.id.0, author_name: name(&p.author_id), title: p.title, link, at };
        items.push((p.author_id, item));
    }
    Ok(items)
}

/// Adds her profile's subjects (in her classes) to `subjects`; the
/// chapters of them all.
async fn chapters_of(
    state: &AppState,
    classes: &[i32],
    codes: &[String],
    subjects: &mut HashSet<SubjectId>,
) -> AppResult<Vec<ChapterId>> {
    let curriculum = crate::curriculum::memory::current(state).await?;
    let mut chapters: Vec<ChapterId> = Vec::new();
    for class in curriculum.levels.iter().flat_map(|l| &l.classes) {
        for s in &class.subjects {
            if codes.contains(&s.code) && (classes.is_empty() || classes.contains(&class.number)) {
                subjects.insert(s.id);
            }
            if subjects.contains(&s.id) {
                chapters.extend(s.chapters.iter().map(|c| c.id));
            }
        }
    }
    Ok(chapters)
}
