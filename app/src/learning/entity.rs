//! The learning tables, owned here.

use crate::db::entity;

entity!(course, "courses", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::CourseId,
    pub author_id: crate::ids::UserId,
    pub title: String,
    pub summary: String,
    pub class_number: Option<i32>,
    pub subject_code: Option<String>,
    pub status: crate::learning::words::CourseStatus,
    /// What new enrolments get.
    pub published_version_id: Option<crate::ids::CourseVersionId>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
});

entity!(version, "course_versions", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::CourseVersionId,
    pub course_id: crate::ids::CourseId,
    pub number: i32,
    pub status: crate::learning::words::VersionStatus,
    pub created_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
});

entity!(module, "course_modules", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::ModuleId,
    pub version_id: crate::ids::CourseVersionId,
    pub position: i32,
    pub title: String,
    pub summary: String,
    /// The quiz: share of points that passes, attempts allowed, minutes between attempts.
    pub pass_percent: i32,
    pub max_attempts: i32,
    pub wait_minutes: i32,
});

entity!(activity, "course_activities", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::ActivityId,
    pub module_id: crate::ids::ModuleId,
    pub position: i32,
    pub kind: crate::learning::words::ActivityKind,
    pub title: String,
    pub body: String,
    pub content_id: Option<crate::ids::ContentId>,
    pub minutes: i32,
});

entity!(question, "quiz_questions", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::QuizQuestionId,
    pub module_id: crate::ids::ModuleId,
    pub position: i32,
    pub kind: crate::learning::words::QuestionKind,
    pub prompt: String,
    pub explanation: String,
    pub number_answer: Option<f64>,
    pub tolerance: f64,
});

entity!(choice, "quiz_options", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::OptionId,
    pub question_id: crate::ids::QuizQuestionId,
    pub position: i32,
    pub body: String,
    pub correct: bool,
});

entity!(enrolment, "enrolments", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::EnrolmentId,
    pub course_id: crate::ids::CourseId,
    pub version_id: crate::ids::CourseVersionId,
    pub user_id: crate::ids::UserId,
    pub enrolled_at: DateTimeUtc,
    pub completed_at: Option<DateTimeUtc>,
});

entity!(progress, "activity_progress", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub enrolment_id: crate::ids::EnrolmentId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub activity_id: crate::ids::ActivityId,
    pub position_secs: f64,
    pub done_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
});

entity!(attempt, "quiz_attempts", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::AttemptId,
    pub enrolment_id: crate::ids::EnrolmentId,
    pub module_id: crate::ids::ModuleId,
    pub user_id: crate::ids::UserId,
    pub number: i32,
    pub idempotency_key: String,
    pub answers: Json,
    pub score_percent: i32,
    pub passed: bool,
    pub submitted_at: DateTimeUtc,
});

entity!(certificate, "certificates", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::CertificateId,
    pub code: String,
    pub enrolment_id: crate::ids::EnrolmentId,
    pub user_id: crate::ids::UserId,
    pub course_id: crate::ids::CourseId,
    pub version_id: crate::ids::CourseVersionId,
    pub learner_name: String,
    pub course_title: String,
    pub issued_at: DateTimeUtc,
});

entity!(batch, "training_batches", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::BatchId,
    pub kind: crate::learning::words::BatchKind,
    pub course_id: Option<crate::ids::CourseId>,
    pub title: String,
    pub venue: String,
    pub district_id: Option<crate::ids::DistrictId>,
    /// The first day, Asia/Dhaka (a `date` on PostgreSQL, text on SQLite).
    pub starts_on: chrono::NaiveDate,
    pub days: i32,
    pub capacity: i32,
    pub status: crate::learning::words::BatchStatus,
    pub created_by: crate::ids::UserId,
    pub created_at: DateTimeUtc,
});

entity!(trainer, "batch_trainers", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub batch_id: crate::ids::BatchId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: crate::ids::UserId,
});

entity!(member, "batch_members", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub batch_id: crate::ids::BatchId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: crate::ids::UserId,
    pub status: crate::learning::words::MemberStatus,
    /// What the teacher's QR code carries.
    pub pass_code: String,
    pub joined_at: DateTimeUtc,
    pub completed_at: Option<DateTimeUtc>,
    /// When she was reminded of the first day (once).
    pub reminded_at: Option<DateTimeUtc>,
});

entity!(attendance, "batch_attendance", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub batch_id: crate::ids::BatchId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: crate::ids::UserId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: i32,
    pub marked_by: crate::ids::UserId,
    pub marked_at: DateTimeUtc,
});
