//! The items comments sit under and moderation hides (questions, answers,
//! posts, ideas) belong to folders above this one, which read their
//! comments from here. So discussion never imports them: each owner tells
//! discussion about its own kinds at start (`install`, called where the
//! router is assembled), the way content's related contents are found.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use futures_util::future::BoxFuture;
use sea_orm::DatabaseTransaction;

use crate::ids::UserId;
use crate::items::{ItemKind, ItemRef};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};

/// What a comment under a visible item needs of it.
pub struct About {
    /// Who wrote the item (told of each comment).
    pub author: UserId,
    /// Where the item is shown.
    pub link: String,
    /// Its title (or its question's), for notifications.
    pub title: String,
    /// Whose question it belongs to: an answer's asker may always comment.
    pub asker: Option<UserId>,
}

/// An item as moderation sees it, whatever its visibility.
pub struct Found {
    pub author: UserId,
    /// The title, or the first words.
    pub title: String,
    pub link: String,
    pub hidden: bool,
}

/// One owner's answers about its kinds of item.
pub trait Owner: Send + Sync {
    /// A visible item's facts; NotFound when it is hidden or gone. With a
    /// `writer`, refuses when she may not comment on it.
    fn about<'a>(
        &'a self,
        state: &'a AppState,
        item: ItemRef,
        writer: Option<&'a CurrentUser>,
    ) -> BoxFuture<'a, AppResult<About>>;
    /// The item whatever its visibility (not deleted).
    fn find<'a>(&'a self, state: &'a AppState, item: ItemRef) -> BoxFuture<'a, AppResult<Option<Found>>>;
    fn set_hidden<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        item: ItemRef,
        hidden: bool,
    ) -> BoxFuture<'a, AppResult<()>>;
    /// Drops the pages kept in memory that show the item (its comments changed).
    fn forget<'a>(&'a self, state: &'a AppState, item: ItemRef) -> BoxFuture<'a, AppResult<()>>;
    /// After moderation hid or restored it: drops what shows it and queues
    /// its search entry again.
    fn changed<'a>(&'a self, state: &'a AppState, item: ItemRef) -> BoxFuture<'a, AppResult<()>>;
}

#[derive(Default)]
pub struct Owners(RwLock<HashMap<ItemKind, Arc<dyn Owner>>>);

/// Makes `owner` the one discussion asks about `kinds`.
pub fn install(state: &AppState, kinds: &[ItemKind], owner: Arc<dyn Owner>) {
    let owners = state.part::<Owners>();
    let mut map = owners.0.write().unwrap_or_else(|p| p.into_inner());
    for kind in kinds {
        map.insert(*kind, owner.clone());
    }
}

/// The owner of `kind`, or None when no installed owner answers for it
/// (such an item has no comments and cannot be hidden here).
pub fn of(state: &AppState, kind: ItemKind) -> Option<Arc<dyn Owner>> {
    let owners = state.part::<Owners>();
    let map = owners.0.read().unwrap_or_else(|p| p.into_inner());
    map.get(&kind).cloned()
}

/// The owner of an item that must have one.
pub(crate) fn owner(state: &AppState, item: ItemRef) -> AppResult<Arc<dyn Owner>> {
    of(state, item.kind).ok_or(AppError::NotFound)
}
