//! A module's quiz taken by SMS: one question to a message, answered with
//! a digit (Bangla or ASCII) or a letter, kept in the database between
//! replies (hours apart, or on another node), and graded by the very same
//! `learning::quiz::submit` as the web form, so an attempt by SMS counts,
//! waits and certifies exactly as one on the web.

use chrono::{Duration, SubsecRound, Utc};
use serde::{Deserialize, Serialize};

use super::store::{self, quiz};
use crate::ids::{ModuleId, OptionId, QuizQuestionId};
use crate::learning::model::{AttemptInput, QuizAnswerInput};
use crate::learning::words::QuestionKind;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Lang};

/// A quiz left unanswered this long is over: a stray digit days later is
/// not taken as an answer.
pub(super) const QUIZ_LASTS: Duration = Duration::days(3);

/// A question as it was asked, choices in the order they were numbered.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Asked {
    pub id: QuizQuestionId,
    pub kind: QuestionKind,
    pub prompt: String,
    pub choices: Vec<(OptionId, String)>,
}

/// An answer as the web form would send it.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Given {
    pub question_id: QuizQuestionId,
    pub option_ids: Vec<OptionId>,
    pub value: Option<String>,
}

/// The quiz this number is taking, unless it was left too long.
pub async fn open(state: &AppState, phone: &str) -> AppResult<Option<quiz::Model>> {
    Ok(store::quiz_of(&state.db, phone).await?.filter(|q| Utc::now() - q.updated_at < QUIZ_LASTS))
}

/// Starts a module's quiz (her next one when no number is given),
/// enrolling her in its course if she was not; the first question, or why
/// she cannot take it now.
pub async fn start(state: &AppState, who: &CurrentUser, phone: &str, module: Option<i64>) -> AppResult<Vec<String>> {
    let lang = who.lang;
    let id = match module {
        Some(n) => ModuleId(n),
        None => match crate::learning::next::next_quiz(state, who).await? {
            Some(id) => id,
            None => return Ok(vec![lang.t("sms-no-quiz")]),
        },
    };
    match crate::learning::next::enrol_for_module(state, who, id).await {
        Ok(()) => {}
        // A module of no open course: the same answer whether or not it exists.
        Err(AppError::NotFound | AppError::NotAllowed { .. }) => return Ok(vec![lang.t("sms-quiz-unknown")]),
        Err(e) => return Err(e),
    }
    let view = match crate::learning::quiz::for_attempt(state, who, id).await {
        Ok(view) => view,
        Err(AppError::NotFound | AppError::NotAllowed { .. }) => return Ok(vec![lang.t("sms-quiz-unknown")]),
        Err(e) => return Err(e),
    };
    if view.passed {
        return Ok(vec![lang.t("sms-quiz-passed-already")]);
    }
    if view.attempts_left == 0 {
        return Ok(vec![lang.t("sms-quiz-no-attempts")]);
    }
    if let Some(until) = view.wait_until {
        return Ok(vec![lang.t_with("sms-quiz-wait", &[("day", lang.date(&until)), ("time", lang.clock(&until))])]);
    }
    let asked: Vec<Asked> = view
        .questions
        .into_iter()
        .map(|q| Asked {
            id: q.id,
            kind: q.kind,
            prompt: q.prompt,
            choices: q.options.into_iter().map(|o| (o.id, o.body)).collect(),
        })
        .collect();
    let first = question_text(lang, &asked, 0);
    let now = Utc::now().trunc_subsecs(3);
    let row = quiz::Model {
        phone: phone.to_owned(),
        user_id: who.id,
        module_id: id,
        questions: json(&asked)?,
        answers: "[]".into(),
        position: 0,
        started_at: now,
        updated_at: now,
    };
    store::begin_quiz(&state.db, row).await?;
    Ok(vec![lang.t_with("sms-quiz-start", &[("title", view.title), ("count", lang.num(asked.len() as i64))]), first])
}

fn json<T: Serialize>(value: &T) -> AppResult<String> {
    serde_json::to_string(value).map_err(|e| AppError::Internal(e.into()))
}

fn parsed<T: for<'a> Deserialize<'a>>(text: &str) -> AppResult<T> {
    serde_json::from_str(text).map_err(|e| AppError::Internal(e.into()))
}

/// Question `i` as a text: its number, the prompt and the numbered choices.
fn question_text(lang: Lang, asked: &[Asked], i: usize) -> String {
    let q = &asked[i];
    let choices = if q.kind == QuestionKind::Numeric {
        lang.t("sms-answer-number")
    } else {
        let list: Vec<String> = q
            .choices
            .iter()
            .enumerate()
            .map(|(n, (_, body))| format!("{}) {body}", lang.digits(&(n + 1).to_string())))
            .collect();
        let hint = if q.kind == QuestionKind::Multiple { lang.t("sms-answer-many") } else { String::new() };
        format!("{} {hint}", list.join(" ")).trim_end().to_owned()
    };
    lang.t_with(
        "sms-question",
        &[
            ("n", lang.num(i as i64 + 1)),
            ("total", lang.num(asked.len() as i64)),
            ("prompt", q.prompt.clone()),
            ("choices", choices),
        ],
    )
}

/// The question she is at, again.
pub fn repeat(lang: Lang, q: &quiz::Model) -> AppResult<Vec<String>> {
    let asked: Vec<Asked> = parsed(&q.questions)?;
    let at = (q.position as usize).min(asked.len().saturating_sub(1));
    Ok(vec![question_text(lang, &asked, at)])
}

/// Bangla letters teachers number choices with, in order (ক খ গ ঘ ঙ চ ছ জ: a question has eight choices at most).
const BANGLA_LETTERS: [char; 8] = ['ক', 'খ', 'গ', 'ঘ', 'ঙ', 'চ', 'ছ', 'জ'];

/// The choice numbers in a reply: digits in either script ("২", "1 3",
/// "13") or letters ("b", "ক"). None when anything else is in it.
fn choice_numbers(reply: &str) -> Option<Vec<usize>> {
    let mut picked = Vec::new();
    for c in bangla::to_ascii_digits(reply).chars() {
        let n = match c {
            '1'..='9' => c as usize - '0' as usize,
            'a'..='i' => c as usize - 'a' as usize + 1,
            'A'..='I' => c as usize - 'A' as usize + 1,
            c if BANGLA_LETTERS.contains(&c) => BANGLA_LETTERS.iter().position(|l| *l == c)? + 1,
            ' ' | ',' | '.' | ')' | '-' | '\n' => continue,
            _ => return None,
        };
        if !picked.contains(&n) {
            picked.push(n);
        }
    }
    (!picked.is_empty()).then_some(picked)
}

/// Her reply read as the answer to `q`, or None when it is not one.
fn read_answer(q: &Asked, reply: &str) -> Option<Given> {
    if q.kind == QuestionKind::Numeric {
        crate::learning::quiz::read_number(reply)?;
        return Some(Given { question_id: q.id, option_ids: vec![], value: Some(reply.trim().to_owned()) });
    }
    let numbers = choice_numbers(reply)?;
    if numbers.iter().any(|n| *n == 0 || *n > q.choices.len())
        || (q.kind != QuestionKind::Multiple && numbers.len() != 1)
    {
        return None;
    }
    Some(Given { question_id: q.id, option_ids: numbers.iter().map(|n| q.choices[n - 1].0).collect(), value: None })
}

/// Takes her reply as the answer to the question she is at: the next
/// question, or once all are answered, her result (and what comes next).
pub async fn answer(state: &AppState, who: &CurrentUser, q: &quiz::Model, reply: &str) -> AppResult<Vec<String>> {
    let lang = who.lang;
    let asked: Vec<Asked> = parsed(&q.questions)?;
    let mut given: Vec<Given> = parsed(&q.answers)?;
    let at = q.position as usize;
    if at >= asked.len() {
        // Every answer is in: being graded by another text now, or the
        // grading did not finish (a crash): `finish` tells the two apart.
        return finish(state, who, q, asked.len(), &given).await;
    }
    let Some(answer) = read_answer(&asked[at], reply) else {
        let hint = if asked[at].kind == QuestionKind::Numeric {
            lang.t("sms-not-a-number")
        } else {
            lang.t_with("sms-not-a-choice", &[("max", lang.num(asked[at].choices.len() as i64))])
        };
        return Ok(vec![hint, question_text(lang, &asked, at)]);
    };
    given.push(answer);
    if !store::answered(&state.db, &q.phone, q.started_at, q.position, json(&given)?).await? {
        // The same reply came twice, or two at once: the first one counted.
        return Ok(vec![]);
    }
    if at + 1 < asked.len() {
        return Ok(vec![question_text(lang, &asked, at + 1)]);
    }
    finish(state, who, q, asked.len(), &given).await
}

/// Grades the attempt through the web's own quiz, ends the SMS quiz, and
/// says how it went and what to study next.
async fn finish(
    state: &AppState,
    who: &CurrentUser,
    q: &quiz::Model,
    count: usize,
    given: &[Given],
) -> AppResult<Vec<String>> {
    let lang = who.lang;
    if !store::claim_grading(&state.db, &q.phone, q.started_at, count as i32).await? {
        // Another text is grading it; its reply carries the result.
        return Ok(vec![]);
    }
    let input = AttemptInput {
        // The same SMS quiz graded twice (a retry after a crash) counts once.
        idempotency_key: format!("sms-{}-{}-{}", who.id.0, q.module_id.0, q.started_at.timestamp_millis()),
        answers: given
            .iter()
            .map(|g| QuizAnswerInput {
                question_id: g.question_id,
                option_ids: g.option_ids.clone(),
                value: g.value.clone(),
            })
            .collect(),
    };
    let graded = crate::learning::quiz::submit(state, who, q.module_id, &input).await;
    // A refusal ends the SMS quiz with its reason; a failure (the database
    // away a moment) keeps it, so her next text grades the same answers.
    let refusal = match graded {
        Ok((_, result)) => Ok(result),
        Err(AppError::Conflict(FieldErrors(errors))) if errors.iter().any(|e| e.key == "quiz-already-passed") => {
            Err("sms-quiz-passed-already")
        }
        Err(AppError::Conflict(FieldErrors(errors))) if errors.iter().any(|e| e.key == "quiz-no-attempts-left") => {
            Err("sms-quiz-no-attempts")
        }
        Err(AppError::RateLimited { .. }) => Err("sms-quiz-wait-again"),
        // The module or its course went away meanwhile.
        Err(AppError::NotFound | AppError::NotAllowed { .. } | AppError::Validation(_)) => Err("sms-quiz-unknown"),
        Err(e) => {
            // Busy, or the database away a moment: her next text grades again.
            store::release_grading(&state.db, &q.phone, q.started_at, count as i32).await?;
            return Err(e);
        }
    };
    store::end_quiz(&state.db, &q.phone, q.started_at).await?;
    let result = match refusal {
        Ok(result) => result,
        Err(key) => return Ok(vec![lang.t(key)]),
    };
    said(state, lang, q.module_id, &result).await
}

/// Her result in texts: the score, the right answers she missed, and her
/// certificate or the next module.
async fn said(
    state: &AppState,
    lang: Lang,
    module: ModuleId,
    result: &crate::learning::model::AttemptResult,
) -> AppResult<Vec<String>> {
    let right = result.feedback.iter().filter(|f| f.correct).count() as i64;
    let mut replies = Vec::new();
    let score = [
        ("right", lang.num(right)),
        ("total", lang.num(result.feedback.len() as i64)),
        ("percent", lang.num(result.score_percent as i64)),
    ];
    if result.passed {
        replies.push(lang.t_with("sms-result-passed", &score));
    } else {
        let mut args = score.to_vec();
        args.push(("pass", lang.num(result.pass_percent as i64)));
        args.push(("left", lang.num(result.attempts_left as i64)));
        args.push(("module", module.0.to_string()));
        replies.push(lang.t_with("sms-result-failed", &args));
    }
    let wrong: Vec<String> = result
        .feedback
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.correct)
        .map(|(i, f)| {
            lang.t_with("sms-right-answer", &[("n", lang.num(i as i64 + 1)), ("answer", f.right_answer.clone())])
        })
        .collect();
    if !wrong.is_empty() {
        replies.push(wrong.join(" "));
    }
    if let Some(code) = &result.certificate {
        replies.push(
            lang.t_with("sms-certificate", &[("link", format!("{}/certificates/{code}", state.config.public_url))]),
        );
    } else if result.passed
        && let Some(next) = crate::learning::next::after_module(state, module).await?
    {
        replies.push(next_text(lang, &next));
    }
    Ok(replies)
}

/// How much of the next reading travels by SMS: a few parts, not a book.
const READING_CHARS: usize = 180;

fn next_text(lang: Lang, next: &crate::learning::next::NextModule) -> String {
    let reading = next.reading.as_ref().map_or(String::new(), |(title, body)| {
        let body: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
        let cut: String = body.chars().take(READING_CHARS).collect();
        let more = if cut.len() < body.len() { "…" } else { "" };
        format!("{title}: {cut}{more}")
    });
    let key = if next.has_quiz { "sms-next-module-quiz" } else { "sms-next-module" };
    lang.t_with(key, &[("title", next.title.clone()), ("reading", reading), ("module", next.id.0.to_string())])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn single(n: usize) -> Asked {
        Asked {
            id: QuizQuestionId(1),
            kind: QuestionKind::Single,
            prompt: "?".into(),
            choices: (1..=n as i64).map(|i| (OptionId(i * 10), format!("c{i}"))).collect(),
        }
    }

    #[test]
    fn a_choice_is_read_from_bangla_or_ascii_digits_or_letters() {
        let q = single(4);
        for reply in ["২", "2", " 2 ", "b", "B", "খ", "2)"] {
            assert_eq!(read_answer(&q, reply).map(|g| g.option_ids), Some(vec![OptionId(20)]), "{reply}");
        }
        for reply in ["৫", "0", "hello", "1 2", ""] {
            assert!(read_answer(&q, reply).is_none(), "{reply}");
        }
    }

    #[test]
    fn many_choices_are_read_together_and_numbers_as_typed() {
        let mut q = single(4);
        q.kind = QuestionKind::Multiple;
        assert_eq!(read_answer(&q, "১ ৩").map(|g| g.option_ids), Some(vec![OptionId(10), OptionId(30)]));
        assert_eq!(read_answer(&q, "13").map(|g| g.option_ids), Some(vec![OptionId(10), OptionId(30)]));
        q.kind = QuestionKind::Numeric;
        assert_eq!(read_answer(&q, "৩/৪").and_then(|g| g.value), Some("৩/৪".into()));
        assert!(read_answer(&q, "তিন").is_none());
    }
}
