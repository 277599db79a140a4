//! Tables owned by media: stored files (one row per distinct file) and
//! the smaller versions made from them.

use crate::db::entity;

entity!(blob, "blobs", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::BlobId,
    /// Hex SHA-256 of the bytes: the same file is stored once.
    pub sha256: String,
    pub size_bytes: i64,
    pub mime: String,
    pub kind: crate::media::MediaKind,
    pub storage_key: String,
    pub duration_secs: Option<f64>,
    pub page_count: Option<i32>,
    pub created_at: DateTimeUtc,
});

entity!(rendition, "renditions", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::RenditionId,
    pub blob_id: crate::ids::BlobId,
    pub kind: crate::media::RenditionKind,
    pub mime: String,
    pub storage_key: String,
    pub size_bytes: i64,
    pub created_at: DateTimeUtc,
});
