//! What discussion and moderation learn of questions and answers: their
//! comments' facts (and who may write one), and hiding.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use sea_orm::DatabaseTransaction;

use super::reputation::{self, Privilege};
use super::store::{hiding, questions as store};
use crate::discussion::owners::{self, About, Found, Owner};
use crate::ids::{AnswerId, QuestionId};
use crate::items::{ItemKind, ItemRef};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};

struct Questions;

/// Tells discussion that questions and answers are this folder's.
pub fn install(state: &AppState) {
    owners::install(state, &[ItemKind::Question, ItemKind::Answer], Arc::new(Questions));
}

async fn about(state: &AppState, item: ItemRef) -> AppResult<About> {
    let (author, anchor, question) = if item.kind == ItemKind::Answer {
        let a = store::visible_answer(&state.db, AnswerId(item.id)).await?.ok_or(AppError::NotFound)?;
        (a.author_id, format!("#answer-{}", item.id), a.question_id)
    } else {
        let q = store::visible(&state.db, QuestionId(item.id)).await?.ok_or(AppError::NotFound)?;
        (q.author_id, String::new(), q.id)
    };
    let q = store::visible(&state.db, question).await?.ok_or(AppError::NotFound)?;
    Ok(About { author, link: format!("/questions/{}{anchor}", q.id), title: q.title, asker: Some(q.author_id) })
}

/// The question whose page shows the item.
async fn thread(state: &AppState, item: ItemRef) -> AppResult<Option<QuestionId>> {
    Ok(match item.kind {
        ItemKind::Answer => hiding::question_of(&state.db, AnswerId(item.id)).await?,
        _ => Some(QuestionId(item.id)),
    })
}

impl Owner for Questions {
    fn about<'a>(
        &'a self,
        state: &'a AppState,
        item: ItemRef,
        writer: Option<&'a CurrentUser>,
    ) -> BoxFuture<'a, AppResult<About>> {
        Box::pin(async move {
            let about = about(state, item).await?;
            if let Some(who) = writer
                && about.author != who.id
                && about.asker != Some(who.id)
            {
                reputation::require(&state.db, who, Privilege::CommentEverywhere).await?;
            }
            Ok(about)
        })
    }

    fn find<'a>(&'a self, state: &'a AppState, item: ItemRef) -> BoxFuture<'a, AppResult<Option<Found>>> {
        Box::pin(async move {
            Ok(match item.kind {
                ItemKind::Answer => hiding::answer(&state.db, AnswerId(item.id)).await?,
                _ => hiding::question(&state.db, QuestionId(item.id)).await?,
            })
        })
    }

    fn set_hidden<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        item: ItemRef,
        hidden: bool,
    ) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async move {
            match item.kind {
                ItemKind::Answer => hiding::hide_answer(txn, AnswerId(item.id), hidden).await?,
                _ => hiding::hide_question(txn, QuestionId(item.id), hidden).await?,
            }
            Ok(())
        })
    }

    fn forget<'a>(&'a self, state: &'a AppState, item: ItemRef) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async move {
            if let Some(q) = thread(state, item).await? {
                super::kept::forget(state, q);
            }
            Ok(())
        })
    }

    fn changed<'a>(&'a self, state: &'a AppState, item: ItemRef) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async move {
            if let Some(q) = thread(state, item).await? {
                super::kept::forget(state, q);
                crate::jobs::search_later(&state.db, q).await?;
            }
            Ok(())
        })
    }
}
