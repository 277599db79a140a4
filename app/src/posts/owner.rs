//! What discussion and moderation learn of posts: a published post's facts
//! for its comments, and hiding.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use sea_orm::DatabaseTransaction;

use super::store;
use crate::discussion::owners::{self, About, Found, Owner};
use crate::ids::PostId;
use crate::items::{ItemKind, ItemRef};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};

struct Posts;

/// Tells discussion that posts are this folder's.
pub fn install(state: &AppState) {
    owners::install(state, &[ItemKind::Post], Arc::new(Posts));
}

impl Owner for Posts {
    fn about<'a>(
        &'a self,
        state: &'a AppState,
        item: ItemRef,
        _writer: Option<&'a CurrentUser>,
    ) -> BoxFuture<'a, AppResult<About>> {
        Box::pin(async move {
            let id = PostId(item.id);
            let p = store::published(&state.db, id).await?.ok_or(AppError::NotFound)?;
            Ok(About { author: p.author_id, link: format!("/posts/{id}"), title: p.title, asker: None })
        })
    }

    fn find<'a>(&'a self, state: &'a AppState, item: ItemRef) -> BoxFuture<'a, AppResult<Option<Found>>> {
        Box::pin(async move { Ok(store::found(&state.db, PostId(item.id)).await?) })
    }

    fn set_hidden<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        item: ItemRef,
        hidden: bool,
    ) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async move { Ok(store::set_hidden(txn, PostId(item.id), hidden).await?) })
    }

    fn forget<'a>(&'a self, state: &'a AppState, item: ItemRef) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async move {
            super::kept::forget(state, PostId(item.id));
            Ok(())
        })
    }

    fn changed<'a>(&'a self, state: &'a AppState, item: ItemRef) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async move {
            super::kept::forget(state, PostId(item.id));
            crate::jobs::search_later(&state.db, PostId(item.id)).await?;
            Ok(())
        })
    }
}
