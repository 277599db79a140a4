//! The `search.index` jobs: which item to index again (or take out), or
//! which file's contents, now that its text has been read. Features queue
//! them; the indexing loop (`search::indexer`) reads them back.

use sea_orm::entity::prelude::*;

use super::model::{JobKind, JobStatus};
use super::store::{enqueue, job};
use crate::ids::BlobId;
use crate::items::{ItemKind, ItemRef};

/// The payload word for a file (not an item kind).
const FILE: &str = "blob";

/// A change the search index should take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchChange {
    Item(ItemRef),
    /// A file's text was read: the contents that share it.
    File(BlobId),
}

/// Asks for `item` (a content, post, question, idea, teacher or course)
/// to be indexed again, or taken out if it is no longer visible. Once is
/// enough while a request is still waiting.
pub async fn search_later(db: &impl ConnectionTrait, item: impl Into<ItemRef>) -> Result<(), DbErr> {
    let item = item.into();
    queue_once(db, serde_json::json!({ "kind": item.kind.as_str(), "id": item.id })).await
}

/// Asks for the contents sharing `blob` to be indexed again (its text was
/// just read).
pub async fn search_file_later(db: &impl ConnectionTrait, blob: BlobId) -> Result<(), DbErr> {
    queue_once(db, serde_json::json!({ "kind": FILE, "id": blob.0 })).await
}

async fn queue_once(db: &impl ConnectionTrait, payload: serde_json::Value) -> Result<(), DbErr> {
    let waiting = job::Entity::find()
        .filter(job::Column::Kind.eq(JobKind::SearchIndex))
        .filter(job::Column::Status.eq(JobStatus::Queued))
        .filter(job::Column::Payload.eq(payload.to_string()))
        .count(db)
        .await?;
    if waiting == 0 {
        enqueue(db, JobKind::SearchIndex, payload).await?;
    }
    Ok(())
}

/// What a `search.index` job asks for; None for a payload it cannot read.
pub fn search_change(payload: &str) -> Option<SearchChange> {
    let payload: serde_json::Value = serde_json::from_str(payload).ok()?;
    let id = payload["id"].as_i64()?;
    let word = payload["kind"].as_str()?;
    if word == FILE {
        return Some(SearchChange::File(BlobId(id)));
    }
    Some(SearchChange::Item(ItemRef::new(ItemKind::parse(word)?, id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_reads_back_as_the_change_it_asks_for() {
        let item = serde_json::json!({ "kind": "question", "id": 7 }).to_string();
        assert_eq!(search_change(&item), Some(SearchChange::Item(ItemRef::new(ItemKind::Question, 7))));
        assert_eq!(search_change(r#"{"id":3,"kind":"blob"}"#), Some(SearchChange::File(BlobId(3))));
        assert_eq!(search_change(r#"{"id":3,"kind":"chapter"}"#), None);
        assert_eq!(search_change("not json"), None);
    }
}
