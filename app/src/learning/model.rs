//! What the learning feature takes in and gives out: authoring inputs with
//! their checks, and the views of courses, progress, quizzes and results.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use super::words::{ActivityKind, CourseStatus, NextStepKind, QuestionKind};
use crate::ids::{ActivityId, ContentId, CourseId, ModuleId, OptionId, QuizQuestionId};
use crate::web::FieldErrors;

const TITLE_MAX: usize = 200;
const TEXT_MAX: usize = 10_000;

fn check_title(errors: &mut FieldErrors, field: &'static str, title: &str) {
    if crate::web::text::visible_len(title) < 3 {
        errors.add(field, "field-title-short");
    } else if title.chars().count() > TITLE_MAX {
        errors.add(field, "field-too-long");
    }
}

fn check_text(errors: &mut FieldErrors, field: &'static str, text: &str) {
    if text.chars().count() > TEXT_MAX {
        errors.add(field, "field-too-long");
    }
}

#[derive(Deserialize, ToSchema, Default, Clone, Debug)]
pub struct CourseInput {
    #[serde(default)]
    #[schema(required = true, min_length = 3, max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 10000)]
    pub summary: String,
    /// 1–12, when the course is about one class.
    #[schema(minimum = 1, maximum = 12)]
    pub class_number: Option<i32>,
    /// A subject code from the curriculum (e.g. `math`).
    pub subject_code: Option<String>,
}

impl CourseInput {
    pub fn validate(&self, subjects: &[String]) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        check_title(&mut e, "title", &self.title);
        check_text(&mut e, "summary", &self.summary);
        if self.class_number.is_some_and(|c| !(1..=12).contains(&c)) {
            e.add("class_number", "field-class-invalid");
        }
        if self.subject_code.as_ref().is_some_and(|s| !subjects.contains(s)) {
            e.add("subject_code", "field-subject-invalid");
        }
        if e.is_empty() { Ok(()) } else { Err(e) }
    }
}

#[derive(Deserialize, ToSchema, Default, Clone, Debug)]
pub struct ModuleInput {
    #[serde(default)]
    #[schema(required = true, min_length = 3, max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 10000)]
    pub summary: String,
    /// Share of the quiz's points that passes (1–100, default 70).
    #[schema(minimum = 1, maximum = 100)]
    pub pass_percent: Option<i32>,
    /// Quiz attempts allowed (1–20, default 3).
    #[schema(minimum = 1, maximum = 20)]
    pub max_attempts: Option<i32>,
    /// Minutes to wait after a failed attempt (0–10080, default 0).
    #[schema(minimum = 0, maximum = 10080)]
    pub wait_minutes: Option<i32>,
}

impl ModuleInput {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        check_title(&mut e, "title", &self.title);
        check_text(&mut e, "summary", &self.summary);
        if self.pass_percent.is_some_and(|p| !(1..=100).contains(&p)) {
            e.add("pass_percent", "field-pass-percent");
        }
        if self.max_attempts.is_some_and(|p| !(1..=20).contains(&p)) {
            e.add("max_attempts", "field-max-attempts");
        }
        if self.wait_minutes.is_some_and(|p| !(0..=10_080).contains(&p)) {
            e.add("wait_minutes", "field-wait-minutes");
        }
        if e.is_empty() { Ok(()) } else { Err(e) }
    }
}

#[derive(Deserialize, ToSchema, Default, Clone, Debug)]
pub struct ActivityInput {
    pub kind: ActivityKind,
    #[serde(default)]
    #[schema(required = true, min_length = 3, max_length = 200)]
    pub title: String,
    /// What to do or read (plain text; paragraphs kept).
    #[serde(default)]
    #[schema(max_length = 10000)]
    pub body: String,
    /// A content of the library the activity uses (a video, an audio, a PDF).
    pub content_id: Option<ContentId>,
    /// Minutes it takes (1–600, default 10).
    #[schema(minimum = 1, maximum = 600)]
    pub minutes: Option<i32>,
}

impl ActivityInput {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        check_title(&mut e, "title", &self.title);
        check_text(&mut e, "body", &self.body);
        if self.kind.plays() && self.content_id.is_none() {
            e.add("content_id", "field-activity-content");
        }
        if !self.kind.plays() && self.content_id.is_none() && self.body.trim().is_empty() {
            e.add("body", "field-activity-body");
        }
        if self.minutes.is_some_and(|m| !(1..=600).contains(&m)) {
            e.add("minutes", "field-activity-minutes");
        }
        if e.is_empty() { Ok(()) } else { Err(e) }
    }
}

#[derive(Deserialize, ToSchema, Default, Clone, Debug)]
pub struct QuizOptionInput {
    #[serde(default)]
    #[schema(max_length = 500)]
    pub body: String,
    #[serde(default)]
    pub correct: bool,
}

#[derive(Deserialize, ToSchema, Default, Clone, Debug)]
pub struct QuizQuestionInput {
    pub kind: QuestionKind,
    #[serde(default)]
    #[schema(required = true, min_length = 3, max_length = 10000)]
    pub prompt: String,
    /// Shown after the attempt, right or wrong.
    #[serde(default)]
    #[schema(max_length = 10000)]
    pub explanation: String,
    /// Choices (single: one correct; multiple: one or more correct).
    #[serde(default)]
    #[schema(max_items = 8)]
    pub options: Vec<QuizOptionInput>,
    /// For true_false: whether the statement is true.
    pub true_answer: Option<bool>,
    /// For numeric: the answer and how far off still counts (default 0).
    pub number_answer: Option<f64>,
    #[schema(minimum = 0)]
    pub tolerance: Option<f64>,
}

impl QuizQuestionInput {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if crate::web::text::visible_len(&self.prompt) < 3 {
            e.add("prompt", "field-title-short");
        }
        check_text(&mut e, "prompt", &self.prompt);
        check_text(&mut e, "explanation", &self.explanation);
        let options: Vec<&QuizOptionInput> = self.options.iter().filter(|o| !o.body.trim().is_empty()).collect();
        let correct = options.iter().filter(|o| o.correct).count();
        match self.kind {
            QuestionKind::Single if options.len() < 2 || correct != 1 => e.add("options", "field-options-single"),
            QuestionKind::Multiple if options.len() < 2 || correct < 1 => e.add("options", "field-options-multiple"),
            QuestionKind::TrueFalse if self.true_answer.is_none() => e.add("true_answer", "field-true-answer"),
            QuestionKind::Numeric if self.number_answer.is_none_or(|n| !n.is_finite()) => {
                e.add("number_answer", "field-number-answer")
            }
            _ => {}
        }
        if self.options.len() > 8 || self.options.iter().any(|o| o.body.chars().count() > 500) {
            e.add("options", "field-options-many");
        }
        if self.tolerance.is_some_and(|t| !t.is_finite() || t < 0.0) {
            e.add("tolerance", "field-tolerance");
        }
        if e.is_empty() { Ok(()) } else { Err(e) }
    }
}

/// A course in a list.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct CourseSummary {
    pub id: CourseId,
    pub title: String,
    pub summary: String,
    pub class_number: Option<i32>,
    pub subject_code: Option<String>,
    pub status: CourseStatus,
    pub modules: i64,
    pub enrolled: i64,
}

/// A course as a teacher sees it, with her own progress when enrolled.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct CourseView {
    pub id: CourseId,
    pub title: String,
    pub summary: String,
    pub author_name: String,
    pub status: CourseStatus,
    /// The version shown: hers when enrolled, else the published one.
    pub version: i32,
    pub modules: Vec<ModuleView>,
    pub enrolment: Option<EnrolmentView>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ModuleView {
    /// Also the id of the module's quiz.
    pub id: ModuleId,
    pub position: i32,
    pub title: String,
    pub summary: String,
    pub activities: Vec<ActivityView>,
    pub questions: i64,
    pub pass_percent: i32,
    pub max_attempts: i32,
    pub wait_minutes: i32,
    /// Bytes a teacher downloads for the module at the smallest quality.
    pub data_bytes: i64,
    /// The viewer passed its quiz (or, without a quiz, did every activity).
    pub passed: bool,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ActivityView {
    pub id: ActivityId,
    pub position: i32,
    pub kind: ActivityKind,
    pub title: String,
    pub body: String,
    pub content_id: Option<ContentId>,
    pub minutes: i32,
    pub data_bytes: i64,
    pub done: bool,
    /// Where the viewer stopped in its video or audio, in seconds.
    pub position_secs: f64,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct EnrolmentView {
    pub enrolled_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub activities_done: i64,
    pub activities: i64,
    pub modules_passed: i64,
    /// How much of the course is done (0–100): modules passed count whole.
    pub percent_done: i64,
    /// What to do next, one tap away.
    pub next: Option<NextStep>,
    /// The certificate's code once the course is complete.
    pub certificate: Option<String>,
}

#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct NextStep {
    pub kind: NextStepKind,
    pub title: String,
    pub url: String,
}

#[derive(Deserialize, ToSchema, Default, Clone, Debug)]
pub struct ProgressInput {
    /// Where the video or audio is, in seconds.
    #[schema(minimum = 0, maximum = 86400)]
    pub position_secs: Option<f64>,
    /// The activity is finished.
    #[serde(default)]
    pub done: bool,
}

/// A quiz ready to be taken: its questions and choices in this attempt's order.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct QuizView {
    pub id: ModuleId,
    pub title: String,
    pub pass_percent: i32,
    /// The number the next attempt will have.
    pub attempt: i32,
    pub attempts_left: i32,
    /// No new attempt before this time (after a failed one).
    pub wait_until: Option<DateTime<Utc>>,
    pub passed: bool,
    pub questions: Vec<QuizQuestion>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct QuizQuestion {
    pub id: QuizQuestionId,
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: Vec<QuizChoice>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct QuizChoice {
    pub id: OptionId,
    pub body: String,
}

#[derive(Deserialize, ToSchema, Clone, Debug)]
pub struct QuizAnswerInput {
    pub question_id: QuizQuestionId,
    /// Chosen options (single, true_false: one; multiple: any).
    #[serde(default)]
    pub option_ids: Vec<OptionId>,
    /// A numeric answer as typed: Bangla or ASCII digits, a decimal point, or a fraction (৩/৪).
    pub value: Option<String>,
}

#[derive(Deserialize, ToSchema, Default, Clone, Debug)]
pub struct AttemptInput {
    /// Made once per attempt by the client (8–64 letters, digits, - or _):
    /// the same key sent again returns the first result, counted once.
    #[serde(default)]
    #[schema(required = true, pattern = "^[A-Za-z0-9_-]{8,64}$")]
    pub idempotency_key: String,
    #[serde(default)]
    pub answers: Vec<QuizAnswerInput>,
}

#[derive(Serialize, Deserialize, ToSchema, Clone, Debug)]
pub struct Feedback {
    pub question_id: QuizQuestionId,
    pub prompt: String,
    pub correct: bool,
    pub your_answer: String,
    pub right_answer: String,
    pub explanation: String,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct AttemptResult {
    pub number: i32,
    pub score_percent: i32,
    pub passed: bool,
    pub pass_percent: i32,
    pub submitted_at: DateTime<Utc>,
    pub feedback: Vec<Feedback>,
    pub attempts_left: i32,
    /// The certificate's code when this attempt completed the course.
    pub certificate: Option<String>,
}

/// A completion certificate, public to anyone with its code.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct CertificateView {
    pub code: String,
    pub learner_name: String,
    pub course_title: String,
    pub issued_at: DateTime<Utc>,
    pub verify_url: String,
}
