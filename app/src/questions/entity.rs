//! Tables of questions: questions, their tags and answers, votes (on
//! questions, answers and posts), edit history and the reputation ledger.

use crate::db::entity;

entity!(question, "questions", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::QuestionId,
    pub author_id: crate::ids::UserId,
    pub title: String,
    pub title_key: String,
    pub body: String,
    pub subject_id: Option<crate::ids::SubjectId>,
    pub chapter_id: Option<crate::ids::ChapterId>,
    pub class_number: Option<i32>,
    pub score: i64,
    pub answer_count: i64,
    pub accepted_answer_id: Option<crate::ids::AnswerId>,
    pub duplicate_of: Option<crate::ids::QuestionId>,
    pub hidden: bool,
    pub deleted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Last question, answer or accept: what "active" lists sort by.
    pub active_at: DateTimeUtc,
});

entity!(question_tag, "question_tags", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub question_id: crate::ids::QuestionId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub tag: String,
});

entity!(answer, "answers", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::AnswerId,
    pub question_id: crate::ids::QuestionId,
    pub author_id: crate::ids::UserId,
    pub body: String,
    pub score: i64,
    pub hidden: bool,
    pub deleted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
});

entity!(vote, "votes", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_kind: crate::items::ItemKind,
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: crate::ids::UserId,
    pub value: i32,
    pub created_at: DateTimeUtc,
});

entity!(revision, "revisions", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub item_kind: crate::items::ItemKind,
    pub item_id: i64,
    pub editor_id: crate::ids::UserId,
    pub title: Option<String>,
    pub body: String,
    pub note: String,
    pub created_at: DateTimeUtc,
});

entity!(reputation_event, "reputation_events", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: crate::ids::UserId,
    pub points: i32,
    pub reason: crate::questions::reputation::Reason,
    pub item_kind: crate::items::ItemKind,
    pub item_id: i64,
    pub actor_id: Option<crate::ids::UserId>,
    /// The Asia/Dhaka calendar day the daily cap counts in.
    pub day: chrono::NaiveDate,
    /// True when the daily cap cut this line's points (to 0 or fewer).
    pub capped: bool,
    pub created_at: DateTimeUtc,
    /// Set on an award earned once per item while it stands (unique; see
    /// `reputation::Reason::once`), cleared when it is taken back.
    pub award_key: Option<String>,
});

entity!(reputation_total, "reputation_totals", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: crate::ids::UserId,
    pub points: i64,
});
