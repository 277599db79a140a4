//! Module quizzes: questions and choices in an order of their own for each
//! attempt (graded by id, so the order is only for the eye), a pass mark,
//! a limit on attempts and a wait after a failed one, feedback with
//! explanations at once, Bangla digits and fractions in numeric answers.
//! An attempt sent twice with the same idempotency key counts once: a
//! phone that lost its connection may send it again when it returns.
//! An attempt answers every question (else the feedback would hand out the
//! right answers for nothing), and its number is unique in the database.

use std::collections::HashSet;

use chrono::{Duration, Utc};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use sea_orm::{Set, SqlErr, TransactionTrait};

use super::entity::{attempt, choice, enrolment, module, question};
use super::model::{AttemptInput, AttemptResult, Feedback, QuizAnswerInput, QuizChoice, QuizQuestion, QuizView};
use super::store::{self, study};
use super::study::{enrolment_for_module, finish_if_complete};
use crate::ids::{CourseId, ModuleId, OptionId, UserId};
use crate::state::AppState;
use crate::web::error::FieldError;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

/// An attempt's questions and choices in their order: the same for the
/// same teacher, quiz and attempt number (a reload shows the same order).
fn shuffled(
    who: UserId,
    m: ModuleId,
    number: i32,
    mut questions: Vec<question::Model>,
    options: &[choice::Model],
) -> Vec<QuizQuestion> {
    let seed = xxhash_rust::xxh3::xxh3_64(format!("{}:{}:{number}", who.0, m.0).as_bytes());
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    questions.shuffle(&mut rng);
    questions
        .into_iter()
        .map(|q| {
            let mut choices: Vec<QuizChoice> = options
                .iter()
                .filter(|o| o.question_id == q.id)
                .map(|o| QuizChoice { id: o.id, body: o.body.clone() })
                .collect();
            // True comes before false, always.
            if !q.kind.keeps_order() {
                choices.shuffle(&mut rng);
            }
            QuizQuestion { id: q.id, kind: q.kind, prompt: q.prompt, options: choices }
        })
        .collect()
}

/// When the next attempt may start, if a failed one asks for a wait.
fn wait_until(m: &module::Model, attempts: &[attempt::Model]) -> Option<chrono::DateTime<Utc>> {
    let last = attempts.last().filter(|a| !a.passed)?;
    let until = last.submitted_at + Duration::minutes(m.wait_minutes as i64);
    (until > Utc::now()).then_some(until)
}

/// The quiz as the next attempt shows it.
pub async fn for_attempt(state: &AppState, who: &CurrentUser, id: ModuleId) -> AppResult<QuizView> {
    Ok(for_attempt_in(state, who, id).await?.0)
}

/// The quiz as the next attempt shows it, and the course it is of.
pub async fn for_attempt_in(state: &AppState, who: &CurrentUser, id: ModuleId) -> AppResult<(QuizView, CourseId)> {
    let (e, m) = enrolment_for_module(state, who, id).await?;
    let attempts = study::attempts(&state.db, e.id, id).await?;
    // Her version's questions and choices: a published version's are kept.
    let (questions, options) = super::study::outline(state, e.version_id).await?.quiz(id);
    if questions.is_empty() {
        return Err(AppError::NotFound);
    }
    let number = attempts.len() as i32 + 1;
    let view = QuizView {
        id,
        title: m.title.clone(),
        pass_percent: m.pass_percent,
        attempt: number,
        attempts_left: (m.max_attempts - attempts.len() as i32).max(0),
        wait_until: wait_until(&m, &attempts),
        passed: attempts.iter().any(|a| a.passed),
        questions: shuffled(who.id, id, number, questions, &options),
    };
    Ok((view, e.course_id))
}

/// A number as a teacher types it: ASCII or Bangla digits, a decimal
/// point, a minus sign, or a fraction such as ৩/৪.
pub fn read_number(typed: &str) -> Option<f64> {
    let text = bangla::to_ascii_digits(typed.trim()).replace(['\u{2212}', '–'], "-").replace(',', "");
    if let Some((a, b)) = text.split_once('/') {
        let (a, b): (f64, f64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        return (b != 0.0).then_some(a / b);
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn grade(q: &question::Model, options: &[choice::Model], answer: Option<&QuizAnswerInput>) -> Feedback {
    let mine: Vec<&choice::Model> = options.iter().filter(|o| o.question_id == q.id).collect();
    let names =
        |set: &mut dyn Iterator<Item = &&choice::Model>| set.map(|o| o.body.clone()).collect::<Vec<_>>().join(", ");
    let (correct, your_answer, right_answer) = if q.kind.numeric() {
        let typed = answer.and_then(|a| a.value.clone()).unwrap_or_default();
        let right = q.number_answer.unwrap_or(0.0);
        let ok = read_number(&typed).is_some_and(|n| (n - right).abs() <= q.tolerance + 1e-9);
        (ok, typed, format!("{right}"))
    } else {
        let chosen: HashSet<OptionId> = answer.map(|a| a.option_ids.iter().copied().collect()).unwrap_or_default();
        let right: HashSet<OptionId> = mine.iter().filter(|o| o.correct).map(|o| o.id).collect();
        let ok = !chosen.is_empty() && chosen == right && (q.kind.many() || chosen.len() == 1);
        let yours = names(&mut mine.iter().filter(|o| chosen.contains(&o.id)));
        let rights = names(&mut mine.iter().filter(|o| o.correct));
        (ok, yours, rights)
    };
    Feedback {
        question_id: q.id,
        prompt: q.prompt.clone(),
        correct,
        your_answer,
        right_answer,
        explanation: q.explanation.clone(),
    }
}

fn result_of(
    a: &attempt::Model,
    m: &module::Model,
    attempts_made: usize,
    certificate: Option<String>,
) -> AttemptResult {
    let feedback: Vec<Feedback> = serde_json::from_value(a.answers.clone()).unwrap_or_default();
    AttemptResult {
        number: a.number,
        score_percent: a.score_percent,
        passed: a.passed,
        pass_percent: m.pass_percent,
        submitted_at: a.submitted_at,
        feedback,
        attempts_left: (m.max_attempts - attempts_made as i32).max(0),
        certificate,
    }
}

fn valid_key(key: &str) -> bool {
    (8..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn passed_already() -> AppError {
    AppError::Conflict(FieldErrors::one("quiz".into(), "quiz-already-passed"))
}

/// Refuses a new attempt after a pass, past the attempts allowed, or
/// during the wait after a failed one.
fn may_attempt(m: &module::Model, attempts: &[attempt::Model]) -> AppResult<()> {
    if attempts.iter().any(|a| a.passed) {
        return Err(passed_already());
    }
    if attempts.len() as i32 >= m.max_attempts {
        return Err(AppError::Conflict(FieldErrors::one("attempts".into(), "quiz-no-attempts-left")));
    }
    if let Some(until) = wait_until(m, attempts) {
        let retry_after_secs = (until - Utc::now()).num_seconds().max(1);
        return Err(AppError::RateLimited { retry_after_secs });
    }
    Ok(())
}

/// Every question needs an answer (one of its own choices, or a typed
/// number): feedback gives the right answers away, so an attempt with gaps
/// is refused naming them (`q<question id>`, as the form names its fields)
/// and counts as no attempt.
fn unanswered(questions: &[question::Model], options: &[choice::Model], answers: &[QuizAnswerInput]) -> AppResult<()> {
    let mut missing = FieldErrors::default();
    for q in questions {
        let given = answers.iter().find(|a| a.question_id == q.id).is_some_and(|a| {
            if q.kind.numeric() {
                a.value.as_deref().is_some_and(|v| !v.trim().is_empty())
            } else {
                a.option_ids.iter().any(|o| options.iter().any(|c| c.id == *o && c.question_id == q.id))
            }
        });
        if !given {
            missing.0.push(FieldError { field: format!("q{}", q.id.0).into(), key: "field-answer-missing" });
        }
    }
    missing.into_result()
}

/// The first result of an attempt sent again with its key.
async fn sent_before(
    state: &AppState,
    e: &enrolment::Model,
    m: &module::Model,
    before: &attempt::Model,
) -> AppResult<(bool, AttemptResult)> {
    if before.module_id != m.id {
        return Err(AppError::invalid("idempotency_key", "field-idempotency-key-used"));
    }
    let made = study::attempts(&state.db, e.id, m.id).await?.len();
    let certificate = study::certificate_of(&state.db, e.id).await?.map(|c| c.code);
    Ok((false, result_of(before, m, made, certificate)))
}

enum Stored {
    New(Box<AttemptResult>),
    SentBefore(Box<attempt::Model>),
    /// Another attempt took the number first (only if two requests got past the hold).
    Raced,
}

/// Grades an attempt. Returns whether it is new (false: the same key was
/// sent before, and the first result comes back unchanged).
pub async fn submit(
    state: &AppState,
    who: &CurrentUser,
    id: ModuleId,
    input: &AttemptInput,
) -> AppResult<(bool, AttemptResult)> {
    if !valid_key(&input.idempotency_key) {
        return Err(AppError::invalid("idempotency_key", "field-idempotency-key"));
    }
    let (e, m) = enrolment_for_module(state, who, id).await?;
    if let Some(before) = study::attempt_by_key(&state.db, who.id, &input.idempotency_key).await? {
        return sent_before(state, &e, &m, &before).await;
    }
    let questions = store::questions_of(&state.db, &[id]).await?;
    if questions.is_empty() {
        return Err(AppError::NotFound);
    }
    let ids: Vec<_> = questions.iter().map(|q| q.id).collect();
    if input.answers.iter().any(|a| !ids.contains(&a.question_id)) {
        return Err(AppError::invalid("answers", "field-answers-unknown"));
    }
    let options = store::options_of(&state.db, &ids).await?;
    unanswered(&questions, &options, &input.answers)?;
    let feedback: Vec<Feedback> =
        questions.iter().map(|q| grade(q, &options, input.answers.iter().find(|a| a.question_id == q.id))).collect();
    for _ in 0..3 {
        match store_attempt(state, who, &e, &m, &input.idempotency_key, &feedback).await? {
            Stored::New(result) => return Ok((true, *result)),
            Stored::SentBefore(before) => return sent_before(state, &e, &m, &before).await,
            Stored::Raced => continue,
        }
    }
    Err(AppError::Conflict(FieldErrors::one("quiz".into(), "quiz-busy")))
}

/// Stores a graded attempt under the next number, in one transaction that
/// first holds the enrolment: attempts sent at once are checked against the
/// limit and the wait, and numbered, one after another. The unique
/// (enrolment, module, number) index is the last word: a racing attempt
/// that took the number first makes this one try again.
async fn store_attempt(
    state: &AppState,
    who: &CurrentUser,
    e: &enrolment::Model,
    m: &module::Model,
    key: &str,
    feedback: &[Feedback],
) -> AppResult<Stored> {
    let right = feedback.iter().filter(|f| f.correct).count();
    let score = (right * 100 / feedback.len().max(1)) as i32;
    let passed = score >= m.pass_percent;
    let txn = state.db.begin().await?;
    study::hold_enrolment(&txn, e.id).await?;
    // The same key sent at the same moment from two tabs: the first one counts.
    if let Some(before) = study::attempt_by_key(&txn, who.id, key).await? {
        txn.rollback().await?;
        return Ok(Stored::SentBefore(Box::new(before)));
    }
    let attempts = study::attempts(&txn, e.id, m.id).await?;
    may_attempt(m, &attempts)?;
    let row = attempt::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        enrolment_id: Set(e.id),
        module_id: Set(m.id),
        user_id: Set(who.id),
        number: Set(attempts.last().map_or(1, |a| a.number + 1)),
        idempotency_key: Set(key.to_owned()),
        answers: Set(serde_json::to_value(feedback).map_err(anyhow::Error::from)?),
        score_percent: Set(score),
        passed: Set(passed),
        submitted_at: Set(Utc::now()),
    };
    let saved = match study::insert_attempt(&txn, row).await {
        Ok(saved) => saved,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            txn.rollback().await?;
            return Ok(Stored::Raced);
        }
        Err(err) => return Err(err.into()),
    };
    let certificate = if passed { finish_if_complete(&txn, e).await? } else { None };
    txn.commit().await?;
    Ok(Stored::New(Box::new(result_of(&saved, m, attempts.len() + 1, certificate))))
}

/// Her own attempts at a quiz, with their feedback.
pub async fn mine(state: &AppState, who: &CurrentUser, id: ModuleId) -> AppResult<Vec<AttemptResult>> {
    let (e, m) = enrolment_for_module(state, who, id).await?;
    let attempts = study::attempts(&state.db, e.id, id).await?;
    let n = attempts.len();
    Ok(attempts.iter().map(|a| result_of(a, &m, n, None)).collect())
}

#[cfg(test)]
mod tests {
    use super::read_number;

    #[test]
    fn numbers_are_read_in_bangla_digits_decimals_and_fractions() {
        assert_eq!(read_number("১২"), Some(12.0));
        assert_eq!(read_number(" ৩/৪ "), Some(0.75));
        assert_eq!(read_number("2.5"), Some(2.5));
        assert_eq!(read_number("১,২০০"), Some(1200.0));
        assert_eq!(read_number("৩/০"), None);
        assert_eq!(read_number("তিন"), None);
    }
}
