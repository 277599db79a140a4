//! Accepting an answer: the asker marks the one that solved her problem,
//! and the points follow the mark.

use sea_orm::TransactionTrait;

use super::reputation::{self, Reason};
use super::store::questions as store;
use crate::ids::{AnswerId, QuestionId};
use crate::items::ItemRef;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};

/// The asker marks the answer that solved her problem. Accepting another
/// moves the mark (and its points); accepting the same one again is a no-op.
/// The mark moves only from where it was seen, in the transaction that
/// moves the points, so racing requests cannot pay twice.
pub async fn accept(state: &AppState, who: &CurrentUser, answer_id: AnswerId) -> AppResult<QuestionId> {
    let a = store::visible_answer(&state.db, answer_id).await?.ok_or(AppError::NotFound)?;
    // Each lost race means another accept moved the mark: look again.
    for _ in 0..ACCEPT_TRIES {
        let q = store::visible(&state.db, a.question_id).await?.ok_or(AppError::NotFound)?;
        if q.author_id != who.id {
            return Err(AppError::NotAllowed { code: "only_asker", key: "accept-only-asker" });
        }
        if q.accepted_answer_id == Some(answer_id) {
            return Ok(q.id);
        }
        let txn = state.db.begin().await?;
        if !store::move_accepted(&txn, q.id, q.accepted_answer_id, answer_id).await? {
            txn.rollback().await?;
            continue;
        }
        // The answer accepted before gives back its award even when it has
        // since been hidden or deleted: one accepted answer's worth at a time.
        if let Some(previous) = q.accepted_answer_id
            && let Some(p) = store::any_answer(&txn, previous).await?
        {
            reputation::withdraw(&txn, p.author_id, &[Reason::AnswerAccepted], ItemRef::from(p.id), who.id).await?;
            reputation::withdraw(&txn, who.id, &[Reason::AcceptedAnAnswer], ItemRef::from(p.id), who.id).await?;
        }
        // Accepting one's own answer earns nothing: the points are thanks.
        if a.author_id != who.id {
            reputation::award(&txn, a.author_id, Reason::AnswerAccepted, ItemRef::from(a.id), Some(who.id)).await?;
            reputation::award(&txn, who.id, Reason::AcceptedAnAnswer, ItemRef::from(a.id), Some(who.id)).await?;
            let link = format!("/questions/{}#answer-{}", q.id, a.id);
            crate::notifications::store::notify(&txn, a.author_id, "notify-accepted", &q.title, &link).await?;
        }
        txn.commit().await?;
        super::kept::forget(state, q.id);
        crate::jobs::search_later(&state.db, q.id).await?;
        return Ok(q.id);
    }
    Err(AppError::Busy { retry_after_secs: 1 })
}

/// How often an accept looks again after losing a race before asking the
/// asker to try again.
const ACCEPT_TRIES: usize = 8;
