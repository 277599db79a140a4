//! The words of recognition's rounds and nominations.

crate::stored_words! {
    /// Where a round stands: its candidates being computed, under the
    /// moderators' review, or published.
    pub enum RoundStatus {
        Computing = "computing",
        Review = "review",
        Published = "published",
    }
}

crate::stored_words! {
    /// What became of a peer's nomination: waiting for a moderator,
    /// confirmed (it counts), or declined.
    pub enum NominationStatus {
        Pending = "pending",
        Confirmed = "confirmed",
        Declined = "declined",
    }
}

impl RoundStatus {
    /// The catalogue key of its name.
    pub fn label_key(self) -> &'static str {
        match self {
            RoundStatus::Computing => "recognition-status-computing",
            RoundStatus::Review => "recognition-status-review",
            RoundStatus::Published => "recognition-status-published",
        }
    }
}
