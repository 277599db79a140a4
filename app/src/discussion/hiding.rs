//! Community items as moderation sees them: reported, hidden, restored.
//! Moderation decides; each item's owner changes its own table (comments
//! here, the rest through `owners`).

use sea_orm::DatabaseTransaction;

pub use super::owners::Found;
use super::{owners, store};
use crate::ids::DiscussionCommentId;
use crate::items::{ItemKind, ItemRef};
use crate::state::AppState;
use crate::web::AppResult;

/// What can be reported in the community.
pub const KINDS: [ItemKind; 5] =
    [ItemKind::Question, ItemKind::Answer, ItemKind::Post, ItemKind::Idea, ItemKind::Comment];

/// The item whatever its visibility, or None when it is gone or not a
/// community item.
pub async fn find(state: &AppState, item: ItemRef) -> AppResult<Option<Found>> {
    match item.kind {
        ItemKind::Comment => {
            let Some(c) = store::find(&state.db, DiscussionCommentId(item.id)).await? else { return Ok(None) };
            Ok(Some(Found {
                author: c.author_id,
                title: c.body.chars().take(80).collect(),
                link: super::comments::back_to(c.under()),
                hidden: c.hidden,
            }))
        }
        kind if KINDS.contains(&kind) => match owners::of(state, kind) {
            Some(owner) => owner.find(state, item).await,
            None => Ok(None),
        },
        _ => Ok(None),
    }
}

/// After a decision: the pages kept in memory that show the item change at
/// once on this node, and its search entry is made again.
pub async fn changed(state: &AppState, item: ItemRef) -> AppResult<()> {
    let item = match item.kind {
        // A comment changes the page of what it is under.
        ItemKind::Comment => match store::any(&state.db, DiscussionCommentId(item.id)).await? {
            Some(c) => c.under(),
            None => return Ok(()),
        },
        _ => item,
    };
    match owners::of(state, item.kind) {
        Some(owner) => owner.changed(state, item).await,
        None => Ok(()),
    }
}

/// Hides (or shows again) an item; the caller records why.
pub async fn set_hidden(state: &AppState, txn: &DatabaseTransaction, item: ItemRef, hidden: bool) -> AppResult<()> {
    match item.kind {
        ItemKind::Comment => Ok(store::set_hidden(txn, DiscussionCommentId(item.id), hidden).await?),
        kind if KINDS.contains(&kind) => match owners::of(state, kind) {
            Some(owner) => owner.set_hidden(txn, item, hidden).await,
            None => Ok(()),
        },
        _ => Ok(()),
    }
}
