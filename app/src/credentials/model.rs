//! The credentials' vocabulary: how a badge is earned.

crate::stored_words! {
    /// How a badge is earned (`achievements.rule`).
    pub enum AchievementRule {
        /// Finishing a course (the badge names it).
        Course = "course",
        /// Tries in class her head teacher supported (the badge says how many).
        Practice = "practice",
        /// A published weekly or fortnightly recognition award.
        Recognition = "recognition",
        /// Awarded by the institution's staff with evidence.
        Manual = "manual",
    }
}

impl AchievementRule {
    /// Catalogue key of how it is earned.
    pub fn label_key(self) -> &'static str {
        match self {
            AchievementRule::Course => "badge-rule-course",
            AchievementRule::Practice => "badge-rule-practice",
            AchievementRule::Recognition => "badge-rule-recognition",
            AchievementRule::Manual => "badge-rule-manual",
        }
    }
}

/// A number typed in either script's digits.
pub(crate) fn number<T: std::str::FromStr>(typed: &str) -> Option<T> {
    bangla::to_ascii_digits(typed.trim()).parse().ok()
}
