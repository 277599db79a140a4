//! The facts one period is scored from, as the features that own them
//! answer (`store::inputs` gathers them): plain values, so a test can
//! write them by hand.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::lines::ScoreItem;
use crate::ids::{AnswerId, ContentId, DistrictId, InstitutionId, QuestionId, UserId};
use crate::web::Role;

/// A teacher as the period saw her.
#[derive(Clone, Debug)]
pub struct Person {
    pub name: String,
    pub role: Role,
    pub district: Option<DistrictId>,
    pub institution: Option<InstitutionId>,
    pub joined: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct Rating {
    pub content: ContentId,
    pub author: UserId,
    pub rater: UserId,
    pub stars: i32,
    pub at: DateTime<Utc>,
}

/// A visible content with a rating, download or comment in the period, or shared in it.
#[derive(Clone, Debug)]
pub struct ContentFacts {
    pub id: ContentId,
    pub author: UserId,
    pub title: String,
    /// Teachers other than the author who downloaded it in the period.
    pub downloads: i64,
    /// Teachers other than the author who commented on it in the period.
    pub commenters: i64,
    pub shared_in_period: bool,
}

/// A visible answer written in the period, or voted on in it.
#[derive(Clone, Debug)]
pub struct AnswerFacts {
    pub id: AnswerId,
    pub author: UserId,
    pub question: QuestionId,
    pub question_title: String,
    /// Written in the period and accepted by the question's asker (not herself).
    pub accepted: bool,
}

#[derive(Clone, Debug)]
pub struct Vote {
    pub answer: AnswerId,
    pub author: UserId,
    pub voter: UserId,
    pub value: i32,
    pub at: DateTime<Utc>,
}

/// Something a teacher did on the portal that is worth doing (page views are not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Deed {
    ContentShared,
    PostPublished,
    AnswerWritten,
    QuestionAsked,
    CommentWritten,
    PracticeTried,
    LessonCompleted,
}

impl Deed {
    pub const ALL: [Deed; 7] = [
        Deed::ContentShared,
        Deed::PostPublished,
        Deed::AnswerWritten,
        Deed::QuestionAsked,
        Deed::CommentWritten,
        Deed::PracticeTried,
        Deed::LessonCompleted,
    ];

    /// Points for each, and how many count in one period.
    pub fn points(self) -> (f64, i64) {
        match self {
            Deed::ContentShared => (3.0, 10),
            Deed::PostPublished => (3.0, 10),
            Deed::AnswerWritten => (2.0, 10),
            Deed::QuestionAsked => (1.0, 10),
            Deed::CommentWritten => (0.5, 20),
            Deed::PracticeTried => (3.0, 10),
            Deed::LessonCompleted => (1.0, 20),
        }
    }

    /// The line that counts it.
    pub fn item(self) -> ScoreItem {
        match self {
            Deed::ContentShared => ScoreItem::ContentsShared,
            Deed::PostPublished => ScoreItem::PostsPublished,
            Deed::AnswerWritten => ScoreItem::AnswersWritten,
            Deed::QuestionAsked => ScoreItem::QuestionsAsked,
            Deed::CommentWritten => ScoreItem::CommentsWritten,
            Deed::PracticeTried => ScoreItem::PracticeTried,
            Deed::LessonCompleted => ScoreItem::LessonsCompleted,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Act {
    pub user: UserId,
    pub deed: Deed,
    pub at: DateTime<Utc>,
}

/// A head teacher's (or anyone's) note or observation on a teacher's try.
#[derive(Clone, Debug)]
pub struct Support {
    pub by: UserId,
    pub teacher: UserId,
}

/// A confirmed nomination made in the period.
#[derive(Clone, Debug)]
pub struct Nomination {
    pub nominee: UserId,
    pub nominator: UserId,
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// Everything one period's scores are computed from.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    pub people: HashMap<UserId, Person>,
    pub schools: HashMap<InstitutionId, String>,
    pub ratings: Vec<Rating>,
    pub contents: Vec<ContentFacts>,
    pub answers: Vec<AnswerFacts>,
    pub votes: Vec<Vote>,
    pub acts: Vec<Act>,
    pub support: Vec<Support>,
    pub nominations: Vec<Nomination>,
    /// (from, to) once per rating or up-vote in the ring window.
    pub endorsements: Vec<(UserId, UserId)>,
}
