//! What a report points at, asked of the feature that owns it: a content
//! through `content::service`, a question, answer, post, idea or comment
//! through `discussion::hiding`. Moderation never writes their tables.

use sea_orm::DatabaseTransaction;

use super::model::ReportAction;
use crate::content::model::ContentId;
use crate::ids::UserId;
use crate::items::{ItemKind, ItemRef};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};

/// The community's kinds of item: what a trusted teacher reviews.
pub use crate::discussion::hiding::KINDS as COMMUNITY;
/// Every kind of item a teacher can report.
pub const REPORTABLE: [ItemKind; 6] =
    [ItemKind::Content, ItemKind::Question, ItemKind::Answer, ItemKind::Post, ItemKind::Idea, ItemKind::Comment];

/// A reported item as moderation sees it.
pub struct Target {
    pub item: ItemRef,
    pub author: UserId,
    /// Its title, or its first words.
    pub title: String,
    /// Where it is shown.
    pub link: String,
    pub hidden: bool,
    /// A content's first words and chapter (a community item's title is its preview).
    pub preview: String,
    pub chapter: Option<crate::ids::ChapterId>,
}

/// How many characters of a content's description the queue shows.
const PREVIEW: usize = 200;

/// The item, whatever its visibility; None when it is gone or is not a
/// kind that can be reported.
pub async fn find(state: &AppState, item: ItemRef) -> AppResult<Option<Target>> {
    if item.kind == ItemKind::Content {
        let found = crate::content::store::find(&state.db, ContentId(item.id)).await?;
        return Ok(found.map(|c| Target {
            item,
            author: c.author_id,
            title: c.title,
            link: format!("/contents/{}", item.id),
            hidden: c.hidden,
            preview: c.description.chars().take(PREVIEW).collect(),
            chapter: Some(c.chapter_id),
        }));
    }
    let found = crate::discussion::hiding::find(state, item).await?;
    Ok(found.map(|f| Target {
        item,
        author: f.author,
        title: f.title,
        link: f.link,
        hidden: f.hidden,
        preview: String::new(),
        chapter: None,
    }))
}

/// Carries out a decision inside the caller's transaction: the item hidden
/// or shown again, the audit entry, and the author told (not for a
/// dismissal). Hiding a content is content's own step.
pub async fn apply(
    state: &AppState,
    txn: &DatabaseTransaction,
    by: &CurrentUser,
    target: &Target,
    action: ReportAction,
    reason: &str,
) -> AppResult<()> {
    let item = target.item;
    let hidden = match action {
        ReportAction::Hide => Some(true),
        ReportAction::Restore => Some(false),
        ReportAction::Dismiss => None,
    };
    if let (ItemKind::Content, Some(hidden)) = (item.kind, hidden) {
        let content = crate::content::store::find(&state.db, ContentId(item.id)).await?.ok_or(AppError::NotFound)?;
        return crate::content::service::set_visibility(txn, by, &content, hidden, reason).await;
    }
    if let Some(hidden) = hidden {
        crate::discussion::hiding::set_hidden(state, txn, item, hidden).await?;
    }
    let detail = serde_json::json!({ "reason": reason });
    let what = format!("{}.{}", item.kind, action.audit_word());
    crate::audit::record(txn, Some(by.id), &what, crate::items::ItemRef::new(item.kind, item.id), detail).await?;
    if let Some(hidden) = hidden {
        let key = if hidden { "notify-item-hidden" } else { "notify-item-restored" };
        crate::notifications::notify(txn, target.author, key, reason, &target.link).await?;
    }
    Ok(())
}

/// After a decision has committed: the item's kept pages and search entry
/// catch up.
pub async fn changed(state: &AppState, item: ItemRef) -> AppResult<()> {
    if item.kind == ItemKind::Content {
        crate::content::shared::changed(state, ContentId(item.id));
        crate::jobs::search_later(&state.db, item).await?;
        return Ok(());
    }
    crate::discussion::hiding::changed(state, item).await
}
