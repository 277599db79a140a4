//! What a teacher can follow.

crate::stored_words! {
    /// What a follow points at: a colleague, a tag or a subject.
    pub enum FollowKind {
        Teacher = "teacher",
        Tag = "tag",
        Subject = "subject",
    }
}
