//! Comments with one level of replies. Authors may edit theirs within 15
//! minutes and delete them; moderators may delete any.

use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::entity::comment;
use super::model::ContentId;
use super::store::comments as store;
use crate::accounts::model::UserId;
use crate::ids::CommentId;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

pub const MAX_COMMENT: usize = 2000;
pub const EDIT_MINUTES: i64 = 15;

#[derive(Deserialize, ToSchema, Debug)]
pub struct CommentInput {
    #[schema(min_length = 1, max_length = 2000)]
    pub body: String,
    /// Reply to this comment (a top-level one on the same content).
    #[serde(default)]
    pub parent_id: Option<CommentId>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct CommentView {
    pub id: CommentId,
    pub author_id: UserId,
    pub author_name: String,
    /// Empty when the comment was deleted (its replies stay).
    pub body: String,
    pub deleted: bool,
    pub created_at: chrono::DateTime<Utc>,
    pub edited: bool,
    /// Replies (one level: replies have none of their own).
    #[schema(no_recursion)]
    pub replies: Vec<CommentView>,
}

fn body_error(key: &'static str) -> AppError {
    let mut errors = FieldErrors::default();
    errors.add("body", key);
    AppError::Validation(errors)
}

fn checked_body(raw: &str) -> AppResult<String> {
    let body = raw.trim().replace("\r\n", "\n");
    if body.is_empty() {
        return Err(body_error("field-comment-empty"));
    }
    if raw.chars().count() > MAX_COMMENT {
        return Err(body_error("field-too-long"));
    }
    Ok(body)
}

pub async fn add(state: &AppState, who: UserId, id: ContentId, input: &CommentInput) -> AppResult<comment::Model> {
    let body = checked_body(&input.body)?;
    let item = super::store::find(&state.db, id).await?.filter(|c| !c.hidden).ok_or(AppError::NotFound)?;
    if let Some(parent) = input.parent_id {
        let ok = store::find(&state.db, parent)
            .await?
            .is_some_and(|p| p.content_id == id && p.parent_id.is_none() && p.deleted_at.is_none());
        if !ok {
            let mut errors = FieldErrors::default();
            errors.add("parent_id", "field-parent-invalid");
            return Err(AppError::Validation(errors));
        }
    }
    // The library's comments share the community's hourly allowance.
    crate::discussion::limits::allowance(state, who, crate::discussion::limits::Writing::Comment).await?;
    let row = store::insert(&state.db, id, who, input.parent_id, body).await?;
    super::shared::forget(state, id);
    // The author hears of comments on her content (not of her own).
    if item.author_id != who {
        let link = format!("/contents/{id}#comment-{}", row.id);
        crate::notifications::store::notify(&state.db, item.author_id, "notify-comment", &item.title, &link).await?;
    }
    Ok(row)
}

async fn own(state: &AppState, who: &CurrentUser, comment_id: CommentId) -> AppResult<comment::Model> {
    let c = store::find(&state.db, comment_id).await?.filter(|c| c.deleted_at.is_none()).ok_or(AppError::NotFound)?;
    if c.author_id != who.id && !who.role.can_moderate() {
        return Err(AppError::Forbidden);
    }
    Ok(c)
}

pub async fn edit(state: &AppState, who: &CurrentUser, comment_id: CommentId, body: &str) -> AppResult<()> {
    let c = own(state, who, comment_id).await?;
    if c.author_id != who.id {
        return Err(AppError::Forbidden);
    }
    if Utc::now() - c.created_at > Duration::minutes(EDIT_MINUTES) {
        return Err(body_error("field-comment-edit-late"));
    }
    let body = checked_body(body)?;
    store::set_body(&state.db, comment_id, body).await?;
    super::shared::forget(state, c.content_id);
    Ok(())
}

/// Deletes a comment (its author or a moderator); returns its content.
pub async fn delete(state: &AppState, who: &CurrentUser, comment_id: CommentId) -> AppResult<ContentId> {
    let c = own(state, who, comment_id).await?;
    store::soft_delete(&state.db, comment_id).await?;
    super::shared::forget(state, c.content_id);
    if c.author_id != who.id {
        crate::audit::record(
            &state.db,
            Some(who.id),
            "comment.delete",
            comment_id,
            serde_json::json!({"content_id": c.content_id}),
        )
        .await?;
    }
    Ok(c.content_id)
}

/// The comments of a content, oldest first, replies under their comment
/// (one query, authors' names included).
pub async fn thread(state: &AppState, id: ContentId) -> AppResult<Vec<CommentView>> {
    let rows = super::store::page::comments(&state.db, id).await?;
    let names: std::collections::HashMap<UserId, String> = rows.iter().map(|(c, n)| (c.author_id, n.clone())).collect();
    let rows: Vec<comment::Model> = rows.into_iter().map(|(c, _)| c).collect();
    let view = |r: &comment::Model| CommentView {
        id: r.id,
        author_id: r.author_id,
        author_name: names.get(&r.author_id).cloned().unwrap_or_default(),
        body: if r.deleted_at.is_some() { String::new() } else { r.body.clone() },
        deleted: r.deleted_at.is_some(),
        created_at: r.created_at,
        edited: r.edited_at.is_some(),
        replies: Vec::new(),
    };
    let mut top: Vec<CommentView> = rows.iter().filter(|r| r.parent_id.is_none()).map(view).collect();
    for r in rows.iter().filter(|r| r.parent_id.is_some() && r.deleted_at.is_none()) {
        if let Some(parent) = top.iter_mut().find(|t| Some(t.id) == r.parent_id) {
            parent.replies.push(view(r));
        }
    }
    // A deleted comment without replies leaves no trace on the page.
    top.retain(|t| !t.deleted || !t.replies.is_empty());
    Ok(top)
}

impl CommentView {
    /// May `viewer` still edit this comment?
    pub fn editable_by(&self, viewer: &Option<CurrentUser>) -> bool {
        viewer.as_ref().is_some_and(|v| v.id == self.author_id)
            && !self.deleted
            && Utc::now() - self.created_at <= Duration::minutes(EDIT_MINUTES)
    }
    pub fn deletable_by(&self, viewer: &Option<CurrentUser>) -> bool {
        !self.deleted && viewer.as_ref().is_some_and(|v| v.id == self.author_id || v.role.can_moderate())
    }
}
