//! The ids of the portal's records, one type each, so a chapter's id can
//! never be passed where a content's is expected. They live below every
//! feature because features name each other's records (a comment's author
//! is a `UserId`) without importing each other.

use serde::{Deserialize, Serialize};

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema, sea_orm::DeriveValueType)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.parse().map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

ids! {
    /// A blended course.
    CourseId;
    /// One version of a course (enrolled teachers keep theirs).
    CourseVersionId;
    /// A module of a course version; its quiz has the same id.
    ModuleId;
    /// A video, audio, reading or classroom task in a module.
    ActivityId;
    /// A question of a module's quiz.
    QuizQuestionId;
    /// A choice of a quiz question.
    OptionId;
    /// A teacher's enrolment in a course.
    EnrolmentId;
    /// A quiz attempt.
    AttemptId;
    /// A course completion certificate.
    CertificateId;
    /// A face-to-face training batch or an event.
    BatchId;
    /// A teacher's planned or logged try of an activity in her class.
    PracticeLogId;
    /// A comment or word of encouragement on a practice log.
    PracticeNoteId;
    /// A classroom observation of a practice log.
    ObservationId;
    /// A learning circle (a school's, a cluster's, or a mentor's group).
    CircleId;
    /// A circle's meeting.
    MeetingId;
    /// A week's or fortnight's recognition round (candidates, then winners).
    RoundId;
    /// A candidate of a round: one teacher, content or school in one
    /// category's ranking, nationally or in a district.
    CandidateId;
    /// A published award (a round's winner in a category and place).
    AwardId;
    /// A teacher's nomination of a colleague as an innovative teacher.
    NominationId;
    /// An institution that issues microcredentials (NAEM, DPE, a PTI …).
    IssuerId;
    /// A badge an issuer awards: what it recognises and how it is earned.
    AchievementId;
    /// One badge awarded to one teacher.
    CredentialId;
    /// Badges that stack into a larger recognition.
    PathwayId;
    /// A teacher's (or any account's) id.
    UserId;
    /// A shared file or link.
    ContentId;
    /// A stored file, shared by every content with the same bytes.
    BlobId;
    /// A derived version of a blob (thumbnail, 240p video, …).
    RenditionId;
    /// A textbook chapter.
    ChapterId;
    /// A subject of one class.
    SubjectId;
    /// A comment on a content.
    CommentId;
    /// A teacher's report about a content.
    ReportId;
    /// A background job.
    JobId;
    /// A school, madrasah or college.
    InstitutionId;
    /// A district (one of 64).
    DistrictId;
    /// An upazila.
    UpazilaId;
    /// A notification for one teacher.
    NotificationId;
    /// A profile photo.
    PhotoId;
    /// A password-reset request.
    ResetId;
    /// A signed-in session.
    SessionId;
    /// An education level (primary, secondary, …).
    LevelId;
    /// A class of one level (class 1 to 12).
    ClassId;
    /// A division (one of 8).
    DivisionId;
    /// A line of the audit trail.
    AuditId;
    /// A teacher's question to her colleagues.
    QuestionId;
    /// An answer to a question.
    AnswerId;
    /// A blog post or opinion.
    PostId;
    /// An idea, suggestion or concern addressed to the authorities.
    IdeaId;
    /// A comment on a question or an answer.
    DiscussionCommentId;
}

/// A resumable upload's id: the last segment of its tus `Location` URL.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UploadId(pub String);

impl UploadId {
    /// Upload ids are made by us from URL-safe base64; anything else is
    /// not one (and must never reach a file path).
    pub fn parse(text: &str) -> Option<UploadId> {
        let ok = !text.is_empty()
            && text.len() <= 64
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| UploadId(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UploadId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
