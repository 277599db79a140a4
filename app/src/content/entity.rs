//! Tables of the content library.

use crate::db::entity;

entity!(content, "contents", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::ContentId,
    pub author_id: crate::ids::UserId,
    pub chapter_id: crate::ids::ChapterId,
    pub title: String,
    pub title_key: String,
    pub description: String,
    pub language: String,
    pub licence: String,
    pub kind: crate::media::MediaKind,
    pub blob_id: Option<crate::ids::BlobId>,
    pub external_url: Option<String>,
    pub original_name: Option<String>,
    /// Hidden by a moderator (kept, not shown).
    pub hidden: bool,
    /// Deleted by its author (kept for the audit trail, not shown).
    pub deleted_at: Option<DateTimeUtc>,
    pub views: i64,
    pub downloads: i64,
    pub rating_sum: i64,
    pub rating_count: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
});

entity!(tag, "content_tags", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub content_id: crate::ids::ContentId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub tag: String,
});

entity!(rating, "ratings", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub content_id: crate::ids::ContentId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: crate::ids::UserId,
    pub stars: i32,
    pub updated_at: DateTimeUtc,
});

entity!(comment, "comments", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::CommentId,
    pub content_id: crate::ids::ContentId,
    pub author_id: crate::ids::UserId,
    pub parent_id: Option<crate::ids::CommentId>,
    pub body: String,
    pub created_at: DateTimeUtc,
    pub edited_at: Option<DateTimeUtc>,
    pub deleted_at: Option<DateTimeUtc>,
});

entity!(view_day, "content_view_days", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub content_id: crate::ids::ContentId,
    /// "t" and the teacher's id, or "v" and a hash of the visitor's address,
    /// browser and day (never the address itself).
    #[sea_orm(primary_key, auto_increment = false)]
    pub viewer: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
});
