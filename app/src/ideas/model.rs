//! The words of ideas: what a teacher sends, to whom, and where it stands.

crate::stored_words! {
    /// What a teacher sends to the authorities.
    pub enum IdeaKind {
        Idea = "idea",
        Suggestion = "suggestion",
        Concern = "concern",
    }
}

crate::stored_words! {
    /// Whom an idea is addressed to: the nation, or the teacher's own
    /// district or upazila (from her profile).
    pub enum IdeaScope {
        National = "national",
        District = "district",
        Upazila = "upazila",
    }
}

crate::stored_words! {
    /// Where an idea stands, as an officer of its place answered.
    pub enum IdeaStatus {
        Open = "open",
        UnderReview = "under_review",
        Accepted = "accepted",
        Planned = "planned",
        Done = "done",
        Declined = "declined",
    }
}
