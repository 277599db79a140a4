//! What search indexes of the library: the contents anyone may see, with
//! their tags, and the ids a rebuild walks. Search reads contents only
//! through these functions.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};

use crate::content::entity::{content, tag};
use crate::ids::{BlobId, ChapterId, ContentId, UserId};
use crate::media::MediaKind;

/// A visible content as the index needs it.
#[derive(Clone, Debug)]
pub struct ContentFacts {
    pub id: ContentId,
    pub author_id: UserId,
    pub chapter_id: ChapterId,
    pub title: String,
    pub description: String,
    /// In the order they were written.
    pub tags: Vec<String>,
    /// The shared file, whose text search reads through `media::text`.
    pub blob_id: Option<BlobId>,
    pub kind: MediaKind,
    pub language: String,
    pub licence: String,
    pub rating_sum: i64,
    pub rating_count: i64,
    pub downloads: i64,
    pub created_at: DateTime<Utc>,
}

/// The contents among `ids` that anyone may see (not hidden, not deleted).
pub async fn visible(db: &impl ConnectionTrait, ids: &[ContentId]) -> Result<Vec<ContentFacts>, DbErr> {
    let rows = content::Entity::find()
        .filter(content::Column::Id.is_in(ids.iter().copied()))
        .filter(content::Column::Hidden.eq(false))
        .filter(content::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let mut tags: HashMap<ContentId, Vec<String>> = HashMap::new();
    for t in tag::Entity::find().filter(tag::Column::ContentId.is_in(ids.iter().copied())).all(db).await? {
        tags.entry(t.content_id).or_default().push(t.tag);
    }
    Ok(rows
        .into_iter()
        .map(|c| ContentFacts {
            tags: tags.remove(&c.id).unwrap_or_default(),
            id: c.id,
            author_id: c.author_id,
            chapter_id: c.chapter_id,
            title: c.title,
            description: c.description,
            blob_id: c.blob_id,
            kind: c.kind,
            language: c.language,
            licence: c.licence,
            rating_sum: c.rating_sum,
            rating_count: c.rating_count,
            downloads: c.downloads,
            created_at: c.created_at,
        })
        .collect())
}

/// Ids after `after`, in order, `limit` at most: every content, visible
/// or not (a rebuild walks them all).
pub async fn ids_after(db: &impl ConnectionTrait, after: ContentId, limit: u64) -> Result<Vec<ContentId>, DbErr> {
    content::Entity::find()
        .select_only()
        .column(content::Column::Id)
        .filter(content::Column::Id.gt(after))
        .order_by_asc(content::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// Every content, visible or not.
pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    content::Entity::find().count(db).await
}

/// The contents sharing the files `blobs`.
pub async fn sharing_files(db: &impl ConnectionTrait, blobs: &[BlobId]) -> Result<Vec<ContentId>, DbErr> {
    content::Entity::find()
        .select_only()
        .column(content::Column::Id)
        .filter(content::Column::BlobId.is_in(blobs.iter().copied()))
        .into_tuple()
        .all(db)
        .await
}
