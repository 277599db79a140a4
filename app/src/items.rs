//! One way to point at a record that the shared machinery handles for many
//! features: votes, discussion comments, revisions, reputation, hiding,
//! reports, search jobs and the audit log all take an `ItemRef`. It lives
//! below every feature, like `ids`, because those features name each
//! other's records without importing each other.

use crate::ids::{
    AnswerId, CommentId, ContentId, CourseId, CredentialId, DiscussionCommentId, IdeaId, IssuerId, JobId, NominationId,
    PostId, PracticeLogId, QuestionId, RoundId, UserId,
};

crate::stored_words! {
    /// What kind of record an `ItemRef` points at (stored as the word).
    pub enum ItemKind {
        Content = "content",
        /// A comment on a content.
        ContentComment = "content_comment",
        Question = "question",
        Answer = "answer",
        Post = "post",
        Idea = "idea",
        /// A comment in the community (on a question, answer, post or idea).
        Comment = "comment",
        Course = "course",
        /// Any account: every account's profile is a teacher's page.
        Teacher = "teacher",
        /// A classroom practice log.
        PracticeLog = "practice_log",
        /// A word moderators block.
        BlockedWord = "blocked_word",
        /// A background job.
        Job = "job",
        /// An institution that issues badges.
        Issuer = "issuer",
        /// A badge awarded to one teacher.
        Credential = "credential",
        /// A week's or fortnight's recognition round.
        RecognitionRound = "recognition_round",
        /// A teacher's nomination of a colleague.
        Nomination = "nomination",
    }
}

/// A record of one of the kinds above.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, utoipa::ToSchema)]
pub struct ItemRef {
    pub kind: ItemKind,
    pub id: i64,
}

impl ItemRef {
    pub fn new(kind: ItemKind, id: i64) -> Self {
        ItemRef { kind, id }
    }

    /// Where the item's own page is, when it has one.
    pub fn url(self) -> Option<String> {
        let id = self.id;
        Some(match self.kind {
            ItemKind::Content => format!("/contents/{id}"),
            ItemKind::Question => format!("/questions/{id}"),
            ItemKind::Post => format!("/posts/{id}"),
            ItemKind::Idea => format!("/ideas/{id}"),
            ItemKind::Course => format!("/courses/{id}"),
            ItemKind::Teacher => format!("/teachers/{id}"),
            ItemKind::PracticeLog => format!("/practice/logs/{id}"),
            ItemKind::Answer
            | ItemKind::Comment
            | ItemKind::ContentComment
            | ItemKind::BlockedWord
            | ItemKind::Job
            | ItemKind::Issuer
            | ItemKind::Credential
            | ItemKind::RecognitionRound
            | ItemKind::Nomination => return None,
        })
    }
}

impl std::fmt::Display for ItemRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind, self.id)
    }
}

macro_rules! item_from {
    ($($id:ty => $kind:ident),* $(,)?) => {$(
        impl From<$id> for ItemRef {
            fn from(id: $id) -> Self {
                ItemRef { kind: ItemKind::$kind, id: id.0 }
            }
        }
    )*};
}

item_from! {
    ContentId => Content,
    CommentId => ContentComment,
    QuestionId => Question,
    AnswerId => Answer,
    PostId => Post,
    IdeaId => Idea,
    DiscussionCommentId => Comment,
    CourseId => Course,
    UserId => Teacher,
    PracticeLogId => PracticeLog,
    JobId => Job,
    IssuerId => Issuer,
    CredentialId => Credential,
    RoundId => RecognitionRound,
    NominationId => Nomination,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_reads_back_as_the_word_it_is_stored_as() {
        for kind in ItemKind::ALL {
            assert_eq!(ItemKind::parse(kind.as_str()), Some(*kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::json!(kind.as_str()));
        }
        assert_eq!(ItemKind::parse("questions"), None);
        assert_eq!("answer".parse::<ItemKind>(), Ok(ItemKind::Answer));
    }
}
