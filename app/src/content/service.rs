//! What sharing a content does, shared by the pages and the API: store the
//! file once (by its hash), record the content, queue its renditions; and
//! who may change or see what.

use super::entity::content;
use super::model::{ContentId, ContentInput, ContentView, ValidContent};
use super::store;
use crate::ids::UserId;
use crate::media::MediaKind;
use crate::media::upload::Received;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

async fn check_chapter(state: &AppState, v: &ValidContent) -> AppResult<()> {
    if crate::curriculum::memory::current(state).await?.place(v.chapter_id).is_none() {
        let mut errors = FieldErrors::default();
        errors.add("chapter_id", "field-chapter-needed");
        return Err(AppError::Validation(errors));
    }
    Ok(())
}

pub struct Created {
    pub id: ContentId,
    /// Earlier contents with the very same file.
    pub duplicate_of: Vec<ContentId>,
}

/// Shares an uploaded file: the file stored (once per hash), its blob, its
/// renditions job and the content committed together.
pub async fn create_with_file(
    state: &AppState,
    author: UserId,
    input: &ContentInput,
    file: Received,
    name: Option<String>,
) -> AppResult<Created> {
    let v = input.validate().map_err(AppError::Validation)?;
    check_chapter(state, &v).await?;
    let ingested = crate::media::ingest::ingest(state, &file).await?;
    let name = name.map(|n| n.chars().filter(|c| !c.is_control()).take(200).collect());
    let row = store::insert(&ingested.txn, author, &v, file.kind, Some(ingested.blob), name).await?;
    crate::jobs::search_later(&ingested.txn, row.id).await?;
    ingested.txn.commit().await?;
    super::shared::lists_changed(state);
    let duplicate_of =
        store::with_same_blob(&state.db, ingested.blob, row.id).await?.into_iter().map(|c| c.id).collect();
    Ok(Created { id: row.id, duplicate_of })
}

/// Shares a link to a video on another site.
pub async fn create_link(state: &AppState, author: UserId, input: &ContentInput) -> AppResult<Created> {
    let v = input.validate().map_err(AppError::Validation)?;
    if v.external_url.is_none() {
        let mut errors = FieldErrors::default();
        errors.add("file", "field-file-or-link");
        return Err(AppError::Validation(errors));
    }
    check_chapter(state, &v).await?;
    let row = store::insert(&state.db, author, &v, MediaKind::Link, None, None).await?;
    crate::jobs::search_later(&state.db, row.id).await?;
    super::shared::lists_changed(state);
    Ok(Created { id: row.id, duplicate_of: Vec::new() })
}

/// Only the author changes or deletes a content; moderators hide instead.
pub async fn owned(state: &AppState, who: &CurrentUser, id: ContentId) -> AppResult<content::Model> {
    let row = store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if row.author_id != who.id {
        return Err(AppError::Forbidden);
    }
    Ok(row)
}

pub async fn update(state: &AppState, who: &CurrentUser, id: ContentId, input: &ContentInput) -> AppResult<()> {
    let row = owned(state, who, id).await?;
    let mut input = input.clone();
    input.external_url = row.external_url.clone();
    let v = input.validate().map_err(AppError::Validation)?;
    check_chapter(state, &v).await?;
    store::update_details(&state.db, id, &v).await?;
    super::shared::changed(state, id);
    crate::jobs::search_later(&state.db, id).await?;
    Ok(())
}

pub async fn delete(state: &AppState, who: &CurrentUser, id: ContentId) -> AppResult<()> {
    owned(state, who, id).await?;
    store::soft_delete(&state.db, id).await?;
    super::shared::changed(state, id);
    super::discovery::withdrawn(state, id);
    crate::jobs::search_later(&state.db, id).await?;
    crate::audit::record(&state.db, Some(who.id), "content.delete", id, serde_json::json!({})).await?;
    Ok(())
}

/// A visible content (hidden ones only for their author and moderators).
pub async fn visible_to(state: &AppState, viewer: Option<&CurrentUser>, id: ContentId) -> AppResult<content::Model> {
    let row = store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let privileged = viewer.is_some_and(|v| v.id == row.author_id || v.role.can_moderate());
    if row.hidden && !privileged {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

pub fn file_url(id: ContentId) -> String {
    format!("/contents/{id}/file")
}

pub fn rendition_url(id: ContentId, kind: crate::media::RenditionKind) -> String {
    format!("/contents/{id}/renditions/{kind}")
}

/// A content as the API shows it (the same view its page is drawn from).
pub async fn view(state: &AppState, row: content::Model) -> AppResult<ContentView> {
    let found = store::page::content(&state.db, row.id, None).await?.ok_or(AppError::NotFound)?;
    super::shared::view_of(state, found).await
}

/// Shares a file that arrived by tus (`upload_id`).
pub async fn create_from_upload(
    state: &AppState,
    author: UserId,
    input: &ContentInput,
    upload_id: &str,
) -> AppResult<Created> {
    let Some(upload) = crate::uploads::finished(state, author, upload_id).await? else {
        let mut errors = FieldErrors::default();
        errors.add("upload_id", "field-upload-unfinished");
        return Err(AppError::Validation(errors));
    };
    // Check the details before taking the file, so a typo costs no re-upload.
    let v = input.validate().map_err(AppError::Validation)?;
    check_chapter(state, &v).await?;
    let name = upload.metadata.get("filename").cloned();
    let received = crate::media::upload::adopt(&upload.path, state.config.upload_limits).await?;
    let created = create_with_file(state, author, input, received, name).await?;
    // Only now: an error above leaves the finished upload to be used again.
    crate::uploads::forget(state, upload_id).await?;
    Ok(created)
}

/// Longest reason a moderator may give.
pub const MAX_REASON: usize = 1000;

/// A moderator's reason, required (the author is told) and not too long.
pub fn moderation_reason(text: &str) -> AppResult<String> {
    let reason = bangla::normalize(text);
    if reason.is_empty() || text.chars().count() > MAX_REASON {
        let mut errors = FieldErrors::default();
        errors.add("reason", if reason.is_empty() { "field-reason-needed" } else { "field-too-long" });
        return Err(AppError::Validation(errors));
    }
    Ok(reason)
}

/// A moderator hides (or shows again) a content, inside the caller's
/// transaction: the flag, the audit entry and the notice to the author.
pub async fn set_visibility(
    txn: &impl sea_orm::ConnectionTrait,
    moderator: &CurrentUser,
    item: &content::Model,
    hidden: bool,
    reason: &str,
) -> AppResult<()> {
    moderator.require_moderator()?;
    let id = item.id;
    let (action, notice) =
        if hidden { ("content.hide", "notify-content-hidden") } else { ("content.restore", "notify-content-restored") };
    store::set_hidden(txn, id, hidden).await?;
    crate::audit::record(txn, Some(moderator.id), action, id, serde_json::json!({ "reason": reason })).await?;
    let detail = format!("{} — {}", item.title, reason);
    crate::notifications::notify(txn, item.author_id, notice, &detail, &format!("/contents/{}", id.0)).await?;
    Ok(())
}

/// A moderator moves a content to the chapter it belongs in, inside the
/// caller's transaction: the chapter, the audit entry (from, to, why) and
/// the notice to the author. The caller refreshes its pages and search entry.
pub async fn move_to_chapter(
    txn: &impl sea_orm::ConnectionTrait,
    moderator: &CurrentUser,
    item: &content::Model,
    chapter: crate::ids::ChapterId,
    reason: &str,
) -> AppResult<()> {
    moderator.require_moderator()?;
    let id = item.id;
    store::set_chapter(txn, id, chapter).await?;
    let detail = serde_json::json!({ "from": item.chapter_id, "to": chapter, "reason": reason });
    crate::audit::record(txn, Some(moderator.id), "content.move", id, detail).await?;
    let notice = format!("{} — {}", item.title, reason);
    crate::notifications::notify(txn, item.author_id, "notify-content-moved", &notice, &format!("/contents/{}", id.0))
        .await?;
    Ok(())
}

/// `PATCH hidden` from the API: the same step in a transaction of its own
/// (open reports stay in the moderators' queue, marked hidden).
pub async fn moderate(
    state: &AppState,
    moderator: &CurrentUser,
    id: ContentId,
    hidden: bool,
    reason: &str,
) -> AppResult<()> {
    moderator.require_moderator()?;
    let reason = moderation_reason(reason)?;
    let item = store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let txn = sea_orm::TransactionTrait::begin(&state.db).await?;
    set_visibility(&txn, moderator, &item, hidden, &reason).await?;
    txn.commit().await?;
    super::shared::changed(state, id);
    if hidden {
        super::discovery::withdrawn(state, id);
    }
    crate::jobs::search_later(&state.db, id).await?;
    Ok(())
}
