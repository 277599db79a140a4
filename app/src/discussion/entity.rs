//! The table of discussion: comments under questions, answers, posts and ideas.

use crate::db::entity;

entity!(comment, "community_comments", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::DiscussionCommentId,
    pub item_kind: crate::items::ItemKind,
    pub item_id: i64,
    pub author_id: crate::ids::UserId,
    pub body: String,
    pub hidden: bool,
    pub deleted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
});

impl comment::Model {
    /// The item the comment is under.
    pub fn under(&self) -> crate::items::ItemRef {
        crate::items::ItemRef::new(self.item_kind, self.item_id)
    }
}
