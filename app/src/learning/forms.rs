//! The learning pages' posted forms, read as typed structs (every field
//! text, so a number in Bangla digits or a slip of the hand comes back as
//! a message by the field, never as a broken request) and turned into the
//! inputs the feature checks.

use serde::Deserialize;

use super::model::{ActivityInput, CourseInput, ModuleInput, QuizOptionInput, QuizQuestionInput};
use super::training::BatchInput;
use super::words::{ActivityKind, BatchKind, QuestionKind};
use crate::ids::{ContentId, CourseId, DistrictId, UserId};
use crate::web::{AppError, AppResult, FieldErrors};

/// A number typed in a form (Bangla digits too); empty is none, and text
/// that is no number is an error on `field`.
fn number<T: std::str::FromStr>(typed: &str, field: &'static str, errors: &mut FieldErrors) -> Option<T> {
    let text = bangla::to_ascii_digits(typed.trim());
    if text.is_empty() {
        return None;
    }
    let read = text.parse().ok();
    if read.is_none() {
        errors.add(field, "field-bad-parameter");
    }
    read
}

/// A number typed in a form, or none (empty or unreadable: the default applies).
fn number_or_none<T: std::str::FromStr>(typed: &str) -> Option<T> {
    bangla::to_ascii_digits(typed.trim()).parse().ok()
}

/// The course's details (new course, or its edit form).
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct CourseForm {
    pub title: String,
    pub summary: String,
    pub class_number: String,
    pub subject_code: String,
}

impl CourseForm {
    /// The course as typed (to show again) and what did not read.
    pub fn read(&self) -> (CourseInput, FieldErrors) {
        let mut errors = FieldErrors::default();
        let input = CourseInput {
            title: self.title.clone(),
            summary: self.summary.clone(),
            class_number: number(&self.class_number, "class_number", &mut errors),
            subject_code: Some(self.subject_code.trim().to_owned()).filter(|s| !s.is_empty()),
        };
        (input, errors)
    }
}

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct ModuleForm {
    pub title: String,
    pub summary: String,
    pub pass_percent: String,
    pub max_attempts: String,
    pub wait_minutes: String,
}

impl ModuleForm {
    pub fn read(&self) -> AppResult<ModuleInput> {
        let mut errors = FieldErrors::default();
        let input = ModuleInput {
            title: self.title.clone(),
            summary: self.summary.clone(),
            pass_percent: number(&self.pass_percent, "pass_percent", &mut errors),
            max_attempts: number(&self.max_attempts, "max_attempts", &mut errors),
            wait_minutes: number(&self.wait_minutes, "wait_minutes", &mut errors),
        };
        errors.into_result().map(|()| input)
    }
}

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct ActivityForm {
    pub kind: String,
    pub title: String,
    pub body: String,
    pub content_id: String,
    pub minutes: String,
}

impl ActivityForm {
    pub fn read(&self) -> AppResult<ActivityInput> {
        let mut errors = FieldErrors::default();
        let kind = ActivityKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "field-activity-kind");
        }
        let content_id = number::<i64>(&self.content_id, "content_id", &mut errors).map(ContentId);
        let minutes = number(&self.minutes, "minutes", &mut errors);
        errors.into_result()?;
        Ok(ActivityInput {
            kind: kind.unwrap_or_default(),
            title: self.title.clone(),
            body: self.body.clone(),
            content_id,
            minutes,
        })
    }
}

/// A quiz question: six choice boxes (`option1`…`option6`), the numbers
/// of the correct ones ticked (`correct`, repeated), or a true/false
/// answer, or a number and its tolerance.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct QuestionForm {
    pub kind: String,
    pub prompt: String,
    pub explanation: String,
    pub option1: String,
    pub option2: String,
    pub option3: String,
    pub option4: String,
    pub option5: String,
    pub option6: String,
    pub correct: Vec<String>,
    pub true_answer: String,
    pub number_answer: String,
    pub tolerance: String,
}

impl QuestionForm {
    pub fn read(&self) -> AppResult<QuizQuestionInput> {
        let mut errors = FieldErrors::default();
        let kind = QuestionKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "field-question-kind");
        }
        let tolerance = number(&self.tolerance, "tolerance", &mut errors);
        errors.into_result()?;
        let boxes = [&self.option1, &self.option2, &self.option3, &self.option4, &self.option5, &self.option6];
        let options = (1..)
            .zip(boxes)
            .map(|(i, body)| QuizOptionInput {
                body: body.clone(),
                correct: self.correct.iter().any(|c| c.trim() == i.to_string()),
            })
            .collect();
        Ok(QuizQuestionInput {
            kind: kind.unwrap_or_default(),
            prompt: self.prompt.clone(),
            explanation: self.explanation.clone(),
            options,
            true_answer: match self.true_answer.as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            number_answer: super::quiz::read_number(&self.number_answer),
            tolerance,
        })
    }
}

/// A new batch or event; trainers as one line, separated by commas.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct BatchForm {
    pub kind: String,
    pub course_id: String,
    pub title: String,
    pub venue: String,
    pub district_id: String,
    pub starts_on: String,
    pub days: String,
    pub capacity: String,
    pub trainers: String,
}

impl BatchForm {
    pub fn read(&self) -> AppResult<BatchInput> {
        let kind = BatchKind::parse(&self.kind).ok_or_else(|| AppError::invalid("kind", "field-training-kind"))?;
        Ok(BatchInput {
            kind,
            course_id: number_or_none(&self.course_id).map(CourseId),
            title: self.title.clone(),
            venue: self.venue.clone(),
            district_id: number_or_none(&self.district_id).map(DistrictId),
            starts_on: self.starts_on.clone(),
            days: number_or_none(&self.days),
            capacity: number_or_none(&self.capacity),
            trainers: self.trainers.split([',', '\n']).map(|t| t.trim().to_owned()).collect(),
        })
    }
}

/// Placing a teacher in a batch, by her mobile number or e-mail.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct AssignForm {
    pub login: String,
}

/// Attendance for a day: one pass code (scanned or typed), or the
/// checklist's ticks (`present`, repeated, each a teacher's id).
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct MarkForm {
    pub day: String,
    pub code: String,
    pub present: Vec<String>,
}

impl MarkForm {
    /// The day (the first when unreadable).
    pub fn day(&self) -> i32 {
        number_or_none(&self.day).unwrap_or(1)
    }

    /// The code, when one was given.
    pub fn code(&self) -> Option<&str> {
        Some(self.code.trim()).filter(|c| !c.is_empty())
    }

    /// The teachers ticked (ids that do not read are left out).
    pub fn ticked(&self) -> Vec<UserId> {
        self.present.iter().filter_map(|v| v.trim().parse().ok().map(UserId)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_form_reads_repeated_ticks_and_bangla_digits() {
        let posted =
            "_csrf=x&kind=multiple&prompt=p&option1=a&option2=b&option3=c&correct=1&correct=3&tolerance=%E0%A7%A8";
        let q = serde_html_form::from_str::<QuestionForm>(posted).unwrap().read().unwrap();
        assert_eq!(q.kind, QuestionKind::Multiple);
        let ticked: Vec<bool> = q.options.iter().map(|o| o.correct).collect();
        assert_eq!(ticked, [true, false, true, false, false, false]);
        assert_eq!(q.tolerance, Some(2.0));
    }

    #[test]
    fn an_unknown_kind_or_an_unreadable_number_is_named() {
        let form = ActivityForm { kind: "film".into(), minutes: "দশ".into(), ..Default::default() };
        let Err(AppError::Validation(errors)) = form.read() else { panic!("refused") };
        assert_eq!(
            (errors.get("kind"), errors.get("minutes")),
            (Some("field-activity-kind"), Some("field-bad-parameter"))
        );
        let batch = BatchForm { kind: "party".into(), ..Default::default() };
        assert!(matches!(batch.read(), Err(AppError::Validation(_))));
    }
}
