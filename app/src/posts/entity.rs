//! Tables of posts: blog posts, their tags and the pictures in them.

use crate::db::entity;

entity!(post, "posts", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::PostId,
    pub author_id: crate::ids::UserId,
    pub title: String,
    pub title_key: String,
    pub body: String,
    pub category: crate::posts::PostCategory,
    pub status: crate::posts::PostStatus,
    /// Likes (up votes) less down votes.
    pub score: i64,
    pub hidden: bool,
    pub deleted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
});

entity!(post_tag, "post_tags", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub post_id: crate::ids::PostId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub tag: String,
});

entity!(post_picture, "post_pictures", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub post_id: crate::ids::PostId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub blob_id: crate::ids::BlobId,
    pub created_at: DateTimeUtc,
});
