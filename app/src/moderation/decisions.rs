//! What moderators decide on a reported item — hide it, restore it, or
//! dismiss the reports — always with a reason, always in the audit log,
//! the author told; and what a teacher the community trusts may decide.

use sea_orm::TransactionTrait;

use super::model::{Decision, ReportAction, ReportReason, ReportStatus};
use super::{store, target};
use crate::ids::{ChapterId, ContentId};
use crate::items::{ItemKind, ItemRef};
use crate::questions::reputation::{self, Privilege};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};

/// Whether `who` reviews reports on community items: moderators, and
/// teachers the community trusts (the "review reports" privilege).
pub async fn may_review(state: &AppState, who: &CurrentUser) -> AppResult<bool> {
    Ok(reputation::has(&state.db, who, Privilege::ReviewReports).await?)
}

/// A decision on an item; closes its open reports. Moderators decide on
/// anything. Trusted teachers may hide or dismiss community items, but only
/// what someone reported and is still open, not their own writing, and
/// never restore (so a reviewer cannot undo a moderator).
pub async fn decide(state: &AppState, by: &CurrentUser, item: ItemRef, decision: &Decision) -> AppResult<()> {
    let reviewer = !by.role.can_moderate();
    if reviewer {
        reputation::require(&state.db, by, Privilege::ReviewReports).await?;
        if item.kind == ItemKind::Content || decision.action == ReportAction::Restore {
            return Err(AppError::Forbidden);
        }
    }
    let reason = crate::content::service::moderation_reason(&decision.reason)?;
    let found = target::find(state, item).await?.ok_or(AppError::NotFound)?;
    if reviewer && found.author == by.id {
        return Err(AppError::Forbidden);
    }
    let txn = state.db.begin().await?;
    // Closing the open reports first claims the decision. A reviewer judges
    // only what someone else reported and is still open: never reported,
    // decided meanwhile, or reported by her alone, she judges nothing (one
    // person does not both accuse and decide).
    let status = decision.action.closes_as();
    let closed = store::close_open(&txn, item, status, by.id, &reason, reviewer).await?;
    if closed == 0 && reviewer {
        txn.rollback().await?;
        return Err(AppError::Forbidden);
    }
    if reviewer {
        store::close_open(&txn, item, status, by.id, &reason, false).await?;
    }
    target::apply(state, &txn, by, &found, decision.action, &reason).await?;
    txn.commit().await?;
    if item.kind == ItemKind::Content && decision.action == ReportAction::Hide {
        crate::content::discovery::withdrawn(state, ContentId(item.id));
    }
    target::changed(state, item).await
}

/// A moderator moves a content reported as in the wrong chapter to the
/// chapter it belongs in, saying why (only while such a report is open): its "wrong chapter" reports close as moved, the move goes to
/// the audit log and the author is told; its pages, lists and search entry
/// catch up.
pub async fn move_content(
    state: &AppState,
    by: &CurrentUser,
    id: ContentId,
    chapter: Option<ChapterId>,
    reason: &str,
) -> AppResult<()> {
    by.require_moderator()?;
    let reason = crate::content::service::moderation_reason(reason)?;
    let curriculum = crate::curriculum::memory::current(state).await?;
    let Some(chapter) = chapter.filter(|c| curriculum.place(*c).is_some()) else {
        return Err(AppError::invalid("chapter_id", "field-chapter-needed"));
    };
    let content = crate::content::store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let item = ItemRef::new(ItemKind::Content, id.0);
    let txn = state.db.begin().await?;
    // Closing the open "wrong chapter" reports claims the move: with none
    // open (never reported so, or moved meanwhile) nothing moves.
    let closed =
        store::close_open_for(&txn, item, ReportReason::WrongChapter, ReportStatus::Moved, by.id, &reason).await?;
    if closed == 0 {
        txn.rollback().await?;
        return Err(AppError::Conflict(crate::web::FieldErrors::one("chapter_id".into(), "reports-move-none-open")));
    }
    crate::content::service::move_to_chapter(&txn, by, &content, chapter, &reason).await?;
    txn.commit().await?;
    crate::content::shared::lists_changed(state);
    target::changed(state, item).await
}
