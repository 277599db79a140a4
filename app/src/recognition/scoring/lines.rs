//! The lines of a score: what was counted, and the points it gave. Kept
//! with every candidate (JSON) for "why this teacher won".

use serde::{Deserialize, Serialize};

crate::stored_words! {
    /// What a score line counts; its name is the catalogue key `score-{word}`.
    pub enum ScoreItem {
        Raters = "raters",
        RatingWeight = "rating-weight",
        RatingAverage = "rating-average",
        Downloads = "downloads",
        Commenters = "commenters",
        ContentsShared = "contents-shared",
        Ratings = "ratings",
        StarsAboveTwo = "stars-above-two",
        AnswersAccepted = "answers-accepted",
        AnswerUpvotes = "answer-upvotes",
        UpvoteWeight = "upvote-weight",
        AnswerDownvotes = "answer-downvotes",
        PostsPublished = "posts-published",
        AnswersWritten = "answers-written",
        QuestionsAsked = "questions-asked",
        CommentsWritten = "comments-written",
        PracticeTried = "practice-tried",
        LessonsCompleted = "lessons-completed",
        ActiveDays = "active-days",
        Nominators = "nominators",
        NominationWeight = "nomination-weight",
        ActiveTeachers = "active-teachers",
        SchoolTries = "school-tries",
        HeadSupport = "head-support",
    }
}

/// One line of a score: what was counted and the points it gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScoreLine {
    pub item: ScoreItem,
    pub value: f64,
    pub points: f64,
}

impl ScoreLine {
    /// The catalogue key of its name.
    pub fn key(&self) -> String {
        format!("score-{}", self.item)
    }
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub(super) fn line(item: ScoreItem, value: f64, points: f64) -> ScoreLine {
    ScoreLine { item, value: round2(value), points: round2(points) }
}

pub(super) fn total(lines: &[ScoreLine]) -> f64 {
    round2(lines.iter().map(|l| l.points).sum())
}
