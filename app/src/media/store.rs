//! SQL of media: stored files (blobs) and their renditions. Other features
//! read them through these functions and never write them.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::NotSet, DatabaseConnection, QueryOrder, QuerySelect, Set, TransactionTrait};

use super::MediaKind;
use super::entity::{blob, rendition};
use crate::ids::BlobId;

pub async fn blob_by_sha(db: &impl ConnectionTrait, sha256: &str) -> Result<Option<blob::Model>, DbErr> {
    blob::Entity::find().filter(blob::Column::Sha256.eq(sha256)).one(db).await
}

pub async fn blob(db: &impl ConnectionTrait, id: BlobId) -> Result<Option<blob::Model>, DbErr> {
    blob::Entity::find_by_id(id).one(db).await
}

pub struct NewBlob<'a> {
    pub sha256: &'a str,
    pub size: u64,
    pub mime: &'a str,
    pub kind: MediaKind,
    pub storage_key: &'a str,
}

pub async fn insert_blob(db: &impl ConnectionTrait, b: NewBlob<'_>) -> Result<blob::Model, DbErr> {
    blob::ActiveModel {
        id: NotSet,
        sha256: Set(b.sha256.to_owned()),
        size_bytes: Set(b.size as i64),
        mime: Set(b.mime.to_owned()),
        kind: Set(b.kind),
        storage_key: Set(b.storage_key.to_owned()),
        duration_secs: Set(None),
        page_count: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await
}

pub async fn set_blob_facts(
    db: &DatabaseConnection,
    blob_id: BlobId,
    duration: Option<f64>,
    pages: Option<i32>,
) -> Result<(), DbErr> {
    blob::Entity::update_many()
        .col_expr(blob::Column::DurationSecs, Expr::value(duration))
        .col_expr(blob::Column::PageCount, Expr::value(pages))
        .filter(blob::Column::Id.eq(blob_id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a derived file, replacing an older one of the same kind.
pub async fn save_rendition(
    db: &DatabaseConnection,
    blob_id: BlobId,
    kind: crate::media::RenditionKind,
    mime: &str,
    key: &str,
    size: u64,
) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    rendition::Entity::delete_many()
        .filter(rendition::Column::BlobId.eq(blob_id.0))
        .filter(rendition::Column::Kind.eq(kind))
        .exec(&txn)
        .await?;
    rendition::ActiveModel {
        id: NotSet,
        blob_id: Set(blob_id),
        kind: Set(kind),
        mime: Set(mime.to_owned()),
        storage_key: Set(key.to_owned()),
        size_bytes: Set(size as i64),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await
}

pub async fn renditions(db: &DatabaseConnection, blob_ids: &[BlobId]) -> Result<Vec<rendition::Model>, DbErr> {
    if blob_ids.is_empty() {
        return Ok(Vec::new());
    }
    rendition::Entity::find()
        .filter(rendition::Column::BlobId.is_in(blob_ids.iter().map(|b| b.0)))
        .order_by_asc(rendition::Column::SizeBytes)
        .all(db)
        .await
}

/// Sizes of the given blobs, for lists that show "12 MB".
pub async fn sizes(
    db: &DatabaseConnection,
    blob_ids: &[BlobId],
) -> Result<std::collections::HashMap<BlobId, i64>, DbErr> {
    if blob_ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(i64, i64)> = blob::Entity::find()
        .select_only()
        .columns([blob::Column::Id, blob::Column::SizeBytes])
        .filter(blob::Column::Id.is_in(blob_ids.iter().map(|b| b.0)))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, size)| (BlobId(id), size)).collect())
}

/// Every storage key a row points to (blobs and renditions), for the sweep
/// that removes objects no row refers to.
pub async fn all_storage_keys(db: &DatabaseConnection) -> Result<std::collections::HashSet<String>, DbErr> {
    let mut keys: std::collections::HashSet<String> = blob::Entity::find()
        .select_only()
        .column(blob::Column::StorageKey)
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let derived: Vec<String> =
        rendition::Entity::find().select_only().column(rendition::Column::StorageKey).into_tuple().all(db).await?;
    keys.extend(derived);
    Ok(keys)
}
