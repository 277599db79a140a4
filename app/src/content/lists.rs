//! Turning rows of contents into list lines, with authors, sizes and
//! thumbnails fetched once per page rather than once per line.

use std::collections::HashMap;

use super::entity::content;
use super::model::{ContentSummary, RatingSummary};
use crate::ids::{BlobId, UserId};
use crate::media::RenditionKind;
use crate::media::store as media;
use crate::state::AppState;
use crate::web::AppResult;

pub async fn summaries(state: &AppState, rows: Vec<content::Model>) -> AppResult<Vec<ContentSummary>> {
    let db = &state.db;
    let author_ids: Vec<UserId> = rows.iter().map(|r| r.author_id).collect();
    let blob_ids: Vec<BlobId> = rows.iter().filter_map(|r| r.blob_id).collect();
    let authors = crate::accounts::store::names_of(db, &author_ids).await?;
    let sizes: HashMap<BlobId, i64> = media::sizes(db, &blob_ids).await?.into_iter().collect();
    let thumbs: HashMap<BlobId, bool> = media::renditions(db, &blob_ids)
        .await?
        .into_iter()
        .filter(|r| r.kind == RenditionKind::Thumbnail)
        .map(|r| (r.blob_id, true))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| ContentSummary {
            id: r.id,
            kind: r.kind,
            language: r.language,
            author_name: authors.get(&r.author_id).cloned().unwrap_or_default(),
            author_id: r.author_id,
            chapter_id: r.chapter_id,
            size_bytes: r.blob_id.and_then(|b| sizes.get(&b).copied()),
            thumbnail_url: r
                .blob_id
                .filter(|b| thumbs.contains_key(b))
                .map(|_| super::service::rendition_url(r.id, RenditionKind::Thumbnail)),
            downloads: r.downloads,
            rating: RatingSummary::from(r.rating_sum, r.rating_count),
            created_at: r.created_at,
            title: r.title,
        })
        .collect())
}
