//! What teachers send and see of questions and answers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ids::{AnswerId, ChapterId, QuestionId, SubjectId, UserId};
use crate::web::FieldErrors;

pub const TITLE_MIN: usize = 10;
pub const TITLE_MAX: usize = 150;
pub const BODY_MIN: usize = 20;
pub const BODY_MAX: usize = 20_000;
pub const MAX_TAGS: usize = 5;
pub const MAX_TAG: usize = 40;

/// A question as asked (API body and form fields alike).
#[derive(Deserialize, ToSchema, Default, Clone, Debug)]
pub struct QuestionInput {
    #[serde(default)]
    #[schema(required = true, min_length = 10, max_length = 150)]
    pub title: String,
    /// Markdown.
    #[serde(default)]
    #[schema(required = true, min_length = 20, max_length = 20000)]
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Optional curriculum place: a chapter (its subject and class follow)…
    pub chapter_id: Option<ChapterId>,
    /// …or just a subject…
    pub subject_id: Option<SubjectId>,
    /// …or just a class number, 1–12.
    #[schema(minimum = 1, maximum = 12)]
    pub class: Option<i32>,
}

pub struct ValidQuestion {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
}

impl QuestionInput {
    /// Checks the texts and tags; the curriculum place is checked by the
    /// service against the curriculum in memory.
    pub fn validate(&self) -> Result<ValidQuestion, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = bangla::normalize(self.title.trim());
        if crate::web::text::visible_len(&self.title) < TITLE_MIN {
            errors.add("title", "field-question-title-short");
        } else if self.title.chars().count() > TITLE_MAX {
            errors.add("title", "field-too-long");
        }
        let body = check_body(&self.body, &mut errors);
        let tags = check_tags(&self.tags, &mut errors);
        if let Some(c) = self.class
            && !(1..=12).contains(&c)
        {
            errors.add("class", "field-class-invalid");
        }
        if errors.is_empty() { Ok(ValidQuestion { title, body, tags }) } else { Err(errors) }
    }
}

/// A Markdown body within its limits, line ends made plain.
pub fn check_body(body: &str, errors: &mut FieldErrors) -> String {
    if crate::web::text::visible_len(body) < BODY_MIN {
        errors.add("body", "field-body-short");
    } else if body.chars().count() > BODY_MAX {
        errors.add("body", "field-too-long");
    }
    bangla::normalize_lines(body)
}

pub fn check_tags(raw: &[String], errors: &mut FieldErrors) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for t in raw.iter().flat_map(|t| t.split([',', '،', ';'])) {
        let t = bangla::normalize(t.trim()).trim_start_matches('#').to_lowercase().replace(' ', "-");
        if t.is_empty() || tags.contains(&t) {
            continue;
        }
        if t.chars().count() > MAX_TAG {
            errors.add("tags", "field-tag-long");
        }
        tags.push(t);
    }
    if tags.len() > MAX_TAGS {
        errors.add("tags", "field-question-tags-many");
    }
    tags
}

#[derive(Deserialize, ToSchema, Debug)]
pub struct AnswerInput {
    /// Markdown.
    #[serde(default)]
    #[schema(required = true, min_length = 20, max_length = 20000)]
    pub body: String,
}

#[derive(Deserialize, ToSchema, Debug)]
pub struct VoteInput {
    /// 1 up, -1 down, 0 to withdraw.
    #[schema(minimum = -1, maximum = 1)]
    pub value: i32,
}

#[derive(Serialize, ToSchema, Debug)]
pub struct VoteResult {
    pub score: i64,
    /// The caller's vote now: 1, -1 or 0.
    pub my_vote: i32,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Author {
    pub id: UserId,
    pub name: String,
    pub reputation: i64,
}

/// A line of a question list.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct QuestionSummary {
    pub id: QuestionId,
    pub title: String,
    /// The first words of the question, plain text.
    pub excerpt: String,
    pub author: Author,
    pub tags: Vec<String>,
    pub score: i64,
    pub answer_count: i64,
    pub answered: bool,
    pub duplicate_of: Option<QuestionId>,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct QuestionPage {
    pub items: Vec<QuestionSummary>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct AnswerView {
    pub id: AnswerId,
    pub question_id: QuestionId,
    pub author: Author,
    /// The Markdown as written.
    pub body: String,
    /// The Markdown rendered and sanitised.
    pub body_html: String,
    pub score: i64,
    pub accepted: bool,
    pub my_vote: i32,
    pub edited: bool,
    pub created_at: DateTime<Utc>,
    pub comments: Vec<crate::discussion::comments::CommentLine>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct QuestionView {
    pub id: QuestionId,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub author: Author,
    pub tags: Vec<String>,
    pub class: Option<i32>,
    pub subject_id: Option<SubjectId>,
    pub chapter_id: Option<ChapterId>,
    pub score: i64,
    pub my_vote: i32,
    pub answer_count: i64,
    pub accepted_answer_id: Option<AnswerId>,
    pub duplicate_of: Option<QuestionId>,
    pub edited: bool,
    pub created_at: DateTime<Utc>,
    pub comments: Vec<crate::discussion::comments::CommentLine>,
    pub answers: Vec<AnswerView>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct RevisionView {
    pub number: usize,
    pub editor: Author,
    pub title: Option<String>,
    pub body: String,
    pub note: String,
    pub created_at: DateTime<Utc>,
    /// Changes from the revision before, line by line (`+`, `-` or ` `
    /// then the line); empty for the first.
    pub diff: Vec<DiffLine>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct DiffLine {
    /// "+" added, "-" removed, " " unchanged
    pub sign: String,
    pub text: String,
}
