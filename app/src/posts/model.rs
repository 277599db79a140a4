//! The words of posts: where a post belongs and how far it has come.

crate::stored_words! {
    /// What a post is about.
    pub enum PostCategory {
        Pedagogy = "pedagogy",
        Ict = "ict",
        ClassroomStories = "classroom_stories",
        EducationDelivery = "education_delivery",
    }
}

crate::stored_words! {
    /// A draft is its author's alone; a published post is everyone's.
    pub enum PostStatus {
        Draft = "draft",
        Published = "published",
    }
}

impl PostStatus {
    pub fn is_draft(self) -> bool {
        self == PostStatus::Draft
    }

    pub fn is_published(self) -> bool {
        self == PostStatus::Published
    }
}
