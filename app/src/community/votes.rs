//! Up and down votes on questions and answers, and the reputation they move.

use sea_orm::TransactionTrait;

use super::model::VoteResult;
use super::reputation::{self, Privilege, Reason};
use super::store::questions as items;
use super::store::votes as store;
use crate::ids::{AnswerId, PostId, QuestionId};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

/// What can be voted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    Question(QuestionId),
    Answer(AnswerId),
    Post(PostId),
}

impl Item {
    fn kind(self) -> &'static str {
        match self {
            Item::Question(_) => "question",
            Item::Answer(_) => "answer",
            Item::Post(_) => "post",
        }
    }
    fn id(self) -> i64 {
        match self {
            Item::Question(q) => q.0,
            Item::Answer(a) => a.0,
            Item::Post(p) => p.0,
        }
    }
    fn up_reason(self) -> Reason {
        match self {
            Item::Question(_) => Reason::QuestionUpvoted,
            Item::Answer(_) => Reason::AnswerUpvoted,
            Item::Post(_) => Reason::PostUpvoted,
        }
    }
}

/// Sets `who`'s vote on `item` to `value` (1, -1, or 0 to withdraw). The
/// author's points follow: a withdrawn or changed vote takes back exactly
/// what it gave.
pub async fn vote(state: &AppState, who: &CurrentUser, item: Item, value: i32) -> AppResult<VoteResult> {
    if !(-1..=1).contains(&value) {
        let mut errors = FieldErrors::default();
        errors.add("value", "field-vote-invalid");
        return Err(AppError::Validation(errors));
    }
    let mut thread = None;
    let author = match item {
        Item::Question(id) => {
            thread = Some(id);
            items::visible(&state.db, id).await?.map(|q| q.author_id)
        }
        Item::Answer(id) => items::visible_answer(&state.db, id).await?.map(|a| {
            thread = Some(a.question_id);
            a.author_id
        }),
        Item::Post(id) => super::store::posts::find(&state.db, id)
            .await?
            .filter(|p| p.status == "published" && !p.hidden)
            .map(|p| p.author_id),
    }
    .ok_or(AppError::NotFound)?;
    if author == who.id {
        return Err(AppError::NotAllowed { code: "own_item", key: "vote-own" });
    }
    if value == -1 {
        reputation::require(&state.db, who, Privilege::VoteDown).await?;
    }
    let (kind, id) = (item.kind(), item.id());
    let txn = state.db.begin().await?;
    let before = store::find(&txn, kind, id, who.id).await?.unwrap_or(0);
    if before == value {
        let score = store::add_to_score(&txn, kind, id, 0).await?;
        txn.commit().await?;
        return Ok(VoteResult { score, my_vote: value });
    }
    if before != 0 {
        store::remove(&txn, kind, id, who.id).await?;
        let reasons = [item.up_reason(), Reason::Downvoted];
        reputation::withdraw(&txn, author, &reasons, kind, id, who.id).await?;
    }
    if value != 0 {
        store::insert(&txn, kind, id, who.id, value).await?;
        let reason = if value > 0 { item.up_reason() } else { Reason::Downvoted };
        reputation::award(&txn, author, reason, kind, id, Some(who.id)).await?;
    }
    let score = store::add_to_score(&txn, kind, id, (value - before) as i64).await?;
    txn.commit().await?;
    match (item, thread) {
        (Item::Post(p), _) => {
            super::kept::forget_post(state, p);
            super::kept::forget_vote(state, who.id, "post", p.0);
            crate::jobs::search_later(&state.db, "post", p.0).await?;
        }
        (_, Some(q)) => {
            super::kept::forget(state, q);
            super::kept::forget_vote(state, who.id, "question", q.0);
            crate::jobs::search_later(&state.db, "question", q.0).await?;
        }
        _ => {}
    }
    Ok(VoteResult { score, my_vote: value })
}
