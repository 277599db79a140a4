//! Blog posts and opinions: written in Markdown, saved as drafts on the
//! server as the teacher types (a power cut loses seconds, not an
//! evening's writing), published when she is ready, liked and commented
//! by colleagues. Only the author (or a moderator) changes a post.

use std::collections::HashMap;

use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::entity::post;
use super::model::{PostCategory, PostStatus};
use super::store::{self, PostFilter, PostText};
use crate::discussion::comments::{self, CommentLine};
use crate::discussion::markdown;
use crate::ids::PostId;
use crate::items::ItemRef;
use crate::questions::model::VoteResult;
use crate::questions::model::{Author, BODY_MAX, BODY_MIN, TITLE_MAX, TITLE_MIN, check_tags};
use crate::questions::views::authors;
use crate::questions::votes;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

#[derive(Deserialize, ToSchema, Default, Clone, Debug)]
pub struct PostInput {
    /// 10–150 characters to publish; a draft's may be shorter.
    #[serde(default)]
    #[schema(max_length = 150)]
    pub title: String,
    /// Markdown: 20–20,000 characters to publish; a draft's may be shorter.
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub body: String,
    /// Needed to publish; a draft without one is kept under pedagogy.
    #[serde(default)]
    pub category: Option<PostCategory>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Publish now (true) or keep as a draft (false, the default).
    #[serde(default)]
    pub publish: bool,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct PostView {
    pub id: PostId,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub category: PostCategory,
    pub tags: Vec<String>,
    pub author: Author,
    pub status: PostStatus,
    pub score: i64,
    pub my_vote: i32,
    pub comments: Vec<CommentLine>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct PostSummary {
    pub id: PostId,
    pub title: String,
    pub excerpt: String,
    pub category: PostCategory,
    pub tags: Vec<String>,
    pub author: Author,
    pub status: PostStatus,
    pub score: i64,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct PostPage {
    pub items: Vec<PostSummary>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

struct Checked {
    title: String,
    body: String,
    category: PostCategory,
    tags: Vec<String>,
}

/// A draft is kept whatever state it is in (within the size limits); a
/// post to publish needs a title, a body and a category.
fn check(input: &PostInput, publishing: bool) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::default();
    let title = bangla::normalize(&input.title);
    if input.title.chars().count() > TITLE_MAX {
        errors.add("title", "field-too-long");
    } else if publishing && crate::web::text::visible_len(&title) < TITLE_MIN {
        errors.add("title", "field-question-title-short");
    }
    let body = bangla::normalize_lines(&input.body);
    if input.body.chars().count() > BODY_MAX {
        errors.add("body", "field-too-long");
    } else if publishing && crate::web::text::visible_len(&body) < BODY_MIN {
        errors.add("body", "field-body-short");
    }
    let category = input.category.unwrap_or_else(|| {
        if publishing {
            errors.add("category", "field-post-category");
        }
        PostCategory::Pedagogy
    });
    let tags = check_tags(&input.tags, &mut errors);
    if errors.is_empty() { Ok(Checked { title, body, category, tags }) } else { Err(errors) }
}

/// Blocked words are checked when a post goes (or is) public; a private
/// draft keeps whatever its author typed.
async fn blocked(state: &AppState, c: &Checked) -> AppResult<()> {
    let body = markdown::text_to_check(&c.body);
    crate::blocklist::check(state, &[("title", &c.title), ("body", &body), ("tags", &c.tags.join(" "))]).await
}

fn text(c: &Checked) -> PostText<'_> {
    PostText { title: &c.title, body: &c.body, category: c.category, tags: &c.tags }
}

/// Saves a new post: as a draft, or published when `input.publish`.
pub async fn create(state: &AppState, who: &CurrentUser, input: &PostInput) -> AppResult<post::Model> {
    let c = check(input, input.publish).map_err(AppError::Validation)?;
    if input.publish {
        blocked(state, &c).await?;
    }
    crate::discussion::limits::check(state, who, crate::discussion::limits::Writing::Post).await?;
    let txn = state.db.begin().await?;
    let row = store::insert(&txn, who.id, text(&c)).await?;
    if input.publish {
        store::publish(&txn, row.id).await?;
        crate::jobs::search_later(&txn, row.id).await?;
    }
    txn.commit().await?;
    if input.publish {
        // Kept feeds on this node show it at once (elsewhere within 3 s).
        crate::web::page_parts::changed(state);
    }
    Ok(row)
}

/// The author's post, drafts included; a moderator's reach to published
/// posts only. A draft is its author's alone: for anyone else, moderators
/// included, it does not exist.
pub async fn own(state: &AppState, who: &CurrentUser, id: PostId) -> AppResult<post::Model> {
    let p = store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if p.author_id == who.id {
        return Ok(p);
    }
    if p.status == PostStatus::Draft {
        return Err(AppError::NotFound);
    }
    if who.role.can_moderate() { Ok(p) } else { Err(AppError::Forbidden) }
}

/// Saves a change; publishes too when asked (and complete). A published
/// post stays published: there is no taking a post back into drafts.
pub async fn update(state: &AppState, who: &CurrentUser, id: PostId, input: &PostInput) -> AppResult<()> {
    let p = own(state, who, id).await?;
    let publishing = input.publish || p.status == PostStatus::Published;
    let c = check(input, publishing).map_err(AppError::Validation)?;
    if publishing {
        blocked(state, &c).await?;
    }
    let txn = state.db.begin().await?;
    store::update(&txn, id, text(&c)).await?;
    if input.publish {
        store::publish(&txn, id).await?;
    }
    if p.author_id != who.id {
        // A moderator's change to someone's published post is on the record.
        crate::audit::record(&txn, Some(who.id), "post.edit", id, serde_json::json!({})).await?;
    }
    txn.commit().await?;
    super::kept::forget(state, id);
    if input.publish && p.status != PostStatus::Published {
        // Newly published: kept feeds on this node show it at once.
        crate::web::page_parts::changed(state);
    }
    crate::jobs::search_later(&state.db, id).await?;
    Ok(())
}

pub async fn delete(state: &AppState, who: &CurrentUser, id: PostId) -> AppResult<()> {
    let p = own(state, who, id).await?;
    store::soft_delete(&state.db, id).await?;
    super::kept::forget(state, id);
    crate::web::page_parts::changed(state);
    crate::jobs::search_later(&state.db, id).await?;
    if p.author_id != who.id {
        crate::audit::record(&state.db, Some(who.id), "post.delete", id, serde_json::json!({})).await?;
    }
    Ok(())
}

/// A post as `viewer` may see it: published and not hidden (the shared
/// view, kept a few seconds, with her own like marked), or her own draft.
pub async fn view(state: &AppState, id: PostId, viewer: Option<&CurrentUser>) -> AppResult<PostView> {
    if let Some(shared) = super::kept::post(state, id).await? {
        let mut view = (*shared).clone();
        if let Some(v) = viewer {
            view.my_vote = super::kept::my_vote(state, v.id, id).await?;
        }
        return Ok(view);
    }
    let p = store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    // Her own draft; or, for moderators, a published post that is hidden.
    let mine = viewer.is_some_and(|v| v.id == p.author_id || (v.role.can_moderate() && p.status != PostStatus::Draft));
    if !mine {
        return Err(AppError::NotFound);
    }
    build(state, p).await
}

/// The view of a published, visible post, for everyone.
pub async fn build_public(state: &AppState, id: PostId) -> AppResult<Option<PostView>> {
    match store::published(&state.db, id).await? {
        Some(p) => Ok(Some(build(state, p).await?)),
        None => Ok(None),
    }
}

async fn build(state: &AppState, p: post::Model) -> AppResult<PostView> {
    let id = p.id;
    let tags = store::tags_of(&state.db, &[id]).await?.into_iter().map(|(_, t)| t).collect();
    let author = authors(state, vec![p.author_id]).await?.remove(&p.author_id).unwrap_or(Author {
        id: p.author_id,
        name: String::new(),
        reputation: 0,
    });
    let comments = comments::of(state, ItemRef::from(id)).await?;
    Ok(PostView {
        body_html: markdown::to_html(&p.body),
        id,
        title: p.title,
        body: p.body,
        category: p.category,
        tags,
        author,
        status: p.status,
        score: p.score,
        my_vote: 0,
        comments,
        created_at: p.created_at,
        updated_at: p.updated_at,
        published_at: p.published_at,
    })
}

pub async fn list(state: &AppState, f: &PostFilter) -> AppResult<PostPage> {
    let (rows, total) = store::list(&state.db, f).await?;
    let ids: Vec<PostId> = rows.iter().map(|p| p.id).collect();
    let mut tags: HashMap<PostId, Vec<String>> = HashMap::new();
    for (p, t) in store::tags_of(&state.db, &ids).await? {
        tags.entry(p).or_default().push(t);
    }
    let people = authors(state, rows.iter().map(|p| p.author_id).collect()).await?;
    let items = rows
        .into_iter()
        .map(|p| PostSummary {
            excerpt: markdown::excerpt(&p.body, 200),
            author: people[&p.author_id].clone(),
            tags: tags.remove(&p.id).unwrap_or_default(),
            id: p.id,
            title: p.title,
            category: p.category,
            status: p.status,
            score: p.score,
            published_at: p.published_at,
            updated_at: p.updated_at,
        })
        .collect();
    Ok(PostPage { items, total, page: f.page, per_page: f.per_page })
}

/// Likes a published post (1), votes it down (-1, with the privilege) or
/// withdraws (0); not one's own. The rules are the votes' (`questions::votes`).
pub async fn vote(state: &AppState, who: &CurrentUser, id: PostId, value: i32) -> AppResult<VoteResult> {
    votes::valid(value)?;
    let p = store::published(&state.db, id).await?.ok_or(AppError::NotFound)?;
    votes::allowed(state, who, p.author_id, value).await?;
    let txn = state.db.begin().await?;
    let delta = votes::record(&txn, who.id, ItemRef::from(id), p.author_id, value).await?;
    let score = store::add_to_score(&txn, id, delta).await?;
    txn.commit().await?;
    if delta == 0 {
        // The vote stands as it was: nothing shown has changed.
        return Ok(VoteResult { score, my_vote: value });
    }
    super::kept::forget(state, id);
    super::kept::forget_vote(state, who.id, id);
    crate::jobs::search_later(&state.db, id).await?;
    Ok(VoteResult { score, my_vote: value })
}
