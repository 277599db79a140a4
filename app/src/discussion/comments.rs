//! Short comments under questions, answers, ideas and posts: to ask for a
//! detail or add a tip, not to answer. Commenting on others' questions and
//! answers is a privilege (the questions folder checks it, see
//! `owners::Owner::about`); on one's own question, on answers to it, and
//! on ideas and posts, any signed-in teacher may.

use std::collections::HashMap;

use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::owners;
use super::store;
use crate::ids::{DiscussionCommentId, UserId};
use crate::items::{ItemKind, ItemRef};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

pub const COMMENT_MIN: usize = 1;
pub const COMMENT_MAX: usize = 1000;

/// The kinds of item comments may be under.
pub const UNDER: [ItemKind; 4] = [ItemKind::Question, ItemKind::Answer, ItemKind::Idea, ItemKind::Post];

/// Refuses an item no comment may be under as one that is not there.
pub(crate) fn commentable(item: ItemRef) -> AppResult<ItemRef> {
    if UNDER.contains(&item.kind) { Ok(item) } else { Err(AppError::NotFound) }
}

#[derive(Deserialize, ToSchema, Debug)]
#[schema(as = DiscussionCommentInput)]
pub struct CommentInput {
    #[serde(default)]
    #[schema(required = true, min_length = 1, max_length = 1000)]
    pub body: String,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct CommentLine {
    pub id: DiscussionCommentId,
    pub author_id: UserId,
    pub author_name: String,
    /// Plain text (shown escaped).
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

pub async fn add(state: &AppState, who: &CurrentUser, item: ItemRef, input: &CommentInput) -> AppResult<CommentLine> {
    let item = commentable(item)?;
    let body = bangla::normalize(&input.body);
    let mut errors = FieldErrors::default();
    if crate::web::text::visible_len(&input.body) < COMMENT_MIN {
        errors.add("body", "field-comment-empty");
    } else if input.body.chars().count() > COMMENT_MAX {
        errors.add("body", "field-too-long");
    }
    errors.into_result()?;
    crate::blocklist::check(state, &[("body", &body)]).await?;
    let owner = owners::owner(state, item)?;
    let about = owner.about(state, item, Some(who)).await?;
    super::limits::check(state, who, super::limits::Writing::Comment).await?;
    let txn = state.db.begin().await?;
    let row = store::insert(&txn, item, who.id, &body).await?;
    let link = format!("{}#comment-{}", about.link, row.id);
    if about.author != who.id {
        crate::notifications::store::notify(&txn, about.author, "notify-comment", &about.title, &link).await?;
    }
    let mut people: Vec<UserId> =
        store::on(&txn, item.kind, &[item.id]).await?.into_iter().map(|c| c.author_id).collect();
    people.push(about.author);
    people.extend(about.asker);
    super::mentions::notify(&txn, &body, &people, who.id, &about.title, &link).await?;
    txn.commit().await?;
    owner.forget(state, item).await?;
    Ok(CommentLine { id: row.id, author_id: who.id, author_name: who.name.clone(), body, created_at: row.created_at })
}

/// Deletes one's own comment (moderators: any); returns where to go back.
pub async fn delete(state: &AppState, who: &CurrentUser, id: DiscussionCommentId) -> AppResult<String> {
    let c = store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if c.author_id != who.id && !who.role.can_moderate() {
        return Err(AppError::Forbidden);
    }
    store::soft_delete(&state.db, id).await?;
    let under = c.under();
    if let Some(owner) = owners::of(state, under.kind) {
        owner.forget(state, under).await?;
    }
    if c.author_id != who.id {
        let detail = serde_json::json!({"item_kind": under.kind, "item_id": under.id});
        crate::audit::record(&state.db, Some(who.id), "comment.delete", id, detail).await?;
    }
    Ok(back_to(under))
}

/// Where a comment's item is shown (an answer's address leads to its question).
pub(crate) fn back_to(under: ItemRef) -> String {
    match under.kind {
        ItemKind::Answer => format!("/answers/{}", under.id),
        _ => under.url().unwrap_or_else(|| "/".into()),
    }
}

/// Comments on several items of one kind, by item.
pub async fn on(state: &AppState, kind: ItemKind, items: &[i64]) -> AppResult<HashMap<i64, Vec<CommentLine>>> {
    let rows = store::on(&state.db, kind, items).await?;
    let ids: Vec<UserId> = rows.iter().map(|c| c.author_id).collect();
    let names = crate::accounts::store::names_of(&state.db, &ids).await?;
    let mut by_item: HashMap<i64, Vec<CommentLine>> = HashMap::new();
    for c in rows {
        by_item.entry(c.item_id).or_default().push(CommentLine {
            id: c.id,
            author_id: c.author_id,
            author_name: names.get(&c.author_id).cloned().unwrap_or_default(),
            body: c.body,
            created_at: c.created_at,
        });
    }
    Ok(by_item)
}

/// The comments on one item, oldest first.
pub async fn of(state: &AppState, item: ItemRef) -> AppResult<Vec<CommentLine>> {
    Ok(on(state, item.kind, &[item.id]).await?.remove(&item.id).unwrap_or_default())
}
