//! Up and down votes on questions, answers and posts, and the reputation
//! they move. Questions and answers are voted here; a post's owner checks
//! the post and moves its score, with the same rules (`valid`, `allowed`,
//! `record`).

use sea_orm::{DatabaseTransaction, TransactionTrait};

use super::model::VoteResult;
use super::reputation::{self, Privilege, Reason};
use super::store::questions as items;
use super::store::votes as store;
use crate::ids::{AnswerId, QuestionId, UserId};
use crate::items::{ItemKind, ItemRef};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

/// The kinds of item that may be voted on.
pub const VOTED: [ItemKind; 3] = [ItemKind::Question, ItemKind::Answer, ItemKind::Post];

fn up_reason(kind: ItemKind) -> Reason {
    match kind {
        ItemKind::Question => Reason::QuestionUpvoted,
        ItemKind::Post => Reason::PostUpvoted,
        _ => Reason::AnswerUpvoted,
    }
}

/// A vote is 1 up, -1 down, or 0 to withdraw.
pub(crate) fn valid(value: i32) -> AppResult<()> {
    if (-1..=1).contains(&value) {
        return Ok(());
    }
    let mut errors = FieldErrors::default();
    errors.add("value", "field-vote-invalid");
    Err(AppError::Validation(errors))
}

/// Not on one's own item; down only with the privilege.
pub(crate) async fn allowed(state: &AppState, who: &CurrentUser, author: UserId, value: i32) -> AppResult<()> {
    if author == who.id {
        return Err(AppError::NotAllowed { code: "own_item", key: "vote-own" });
    }
    if value == -1 {
        reputation::require(&state.db, who, Privilege::VoteDown).await?;
    }
    Ok(())
}

/// Sets `who`'s vote on `item` (by `author`) to `value`; the author's
/// points follow: a withdrawn or changed vote takes back exactly what it
/// gave. Returns how far the item's score moves (0 when the vote stands).
pub(crate) async fn record(
    txn: &DatabaseTransaction,
    who: UserId,
    item: ItemRef,
    author: UserId,
    value: i32,
) -> AppResult<i64> {
    if !VOTED.contains(&item.kind) {
        return Err(AppError::NotFound);
    }
    let before = store::claim(txn, item, who).await?;
    if value == 0 {
        store::remove(txn, item, who).await?;
    }
    if before == value {
        return Ok(0);
    }
    if before != 0 {
        reputation::withdraw(txn, author, &[up_reason(item.kind), Reason::Downvoted], item, who).await?;
    }
    if value != 0 {
        store::set(txn, item, who, value).await?;
        let reason = if value > 0 { up_reason(item.kind) } else { Reason::Downvoted };
        reputation::award(txn, author, reason, item, Some(who)).await?;
    }
    Ok((value - before) as i64)
}

/// Sets `who`'s vote on a question or an answer (posts: `posts::vote`).
pub async fn vote(state: &AppState, who: &CurrentUser, item: ItemRef, value: i32) -> AppResult<VoteResult> {
    valid(value)?;
    let (author, thread) = match item.kind {
        ItemKind::Question => {
            let q = items::visible(&state.db, QuestionId(item.id)).await?;
            q.map(|q| (q.author_id, q.id))
        }
        ItemKind::Answer => {
            let a = items::visible_answer(&state.db, AnswerId(item.id)).await?;
            a.map(|a| (a.author_id, a.question_id))
        }
        _ => None,
    }
    .ok_or(AppError::NotFound)?;
    allowed(state, who, author, value).await?;
    let txn = state.db.begin().await?;
    let delta = record(&txn, who.id, item, author, value).await?;
    let score = store::add_to_score(&txn, item, delta).await?;
    txn.commit().await?;
    if delta == 0 {
        // The vote stands as it was: nothing shown has changed.
        return Ok(VoteResult { score, my_vote: value });
    }
    super::kept::forget(state, thread);
    super::kept::forget_vote(state, who.id, thread);
    crate::jobs::search_later(&state.db, thread).await?;
    Ok(VoteResult { score, my_vote: value })
}
