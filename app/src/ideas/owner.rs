//! What discussion and moderation learn of ideas: an idea's facts
//! for its comments, and hiding.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use sea_orm::DatabaseTransaction;

use super::store;
use crate::discussion::owners::{self, About, Found, Owner};
use crate::ids::IdeaId;
use crate::items::{ItemKind, ItemRef};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};

struct Ideas;

/// Tells discussion that ideas are this folder's.
pub fn install(state: &AppState) {
    owners::install(state, &[ItemKind::Idea], Arc::new(Ideas));
}

impl Owner for Ideas {
    fn about<'a>(
        &'a self,
        state: &'a AppState,
        item: ItemRef,
        _writer: Option<&'a CurrentUser>,
    ) -> BoxFuture<'a, AppResult<About>> {
        Box::pin(async move {
            let id = IdeaId(item.id);
            let i = store::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
            Ok(About { author: i.author_id, link: format!("/ideas/{id}"), title: i.title, asker: None })
        })
    }

    fn find<'a>(&'a self, state: &'a AppState, item: ItemRef) -> BoxFuture<'a, AppResult<Option<Found>>> {
        Box::pin(async move { Ok(store::found(&state.db, IdeaId(item.id)).await?) })
    }

    fn set_hidden<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        item: ItemRef,
        hidden: bool,
    ) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async move { Ok(store::set_hidden(txn, IdeaId(item.id), hidden).await?) })
    }

    fn forget<'a>(&'a self, state: &'a AppState, item: ItemRef) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async move {
            super::kept::forget(state, IdeaId(item.id));
            Ok(())
        })
    }

    fn changed<'a>(&'a self, state: &'a AppState, item: ItemRef) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async move {
            super::kept::forget(state, IdeaId(item.id));
            crate::jobs::search_later(&state.db, IdeaId(item.id)).await?;
            Ok(())
        })
    }
}
