//! Questions' facts for recognition (`recognition::sources::QuestionSource`):
//! answers with their questions, colleagues' votes on answers, questions
//! asked and answers written, each period in one grouped query over
//! questions' own tables (questions, answers, votes).

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::ids::{AnswerId, QuestionId, UserId};
use crate::items::ItemKind;
use crate::recognition::scoring::{Act, AnswerFacts, Deed, Vote};
use crate::recognition::sources::{QuestionSource, rows_between, user_id};

/// `$3`: votes on answers.
fn on_answers() -> Vec<Value> {
    vec![ItemKind::Answer.as_str().into()]
}

impl<C: ConnectionTrait> QuestionSource for C {
    async fn answers_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<AnswerFacts>, DbErr> {
        let sql = "SELECT a.id, a.author_id, a.question_id, q.title, q.author_id AS asker, q.accepted_answer_id, \
                   CASE WHEN a.created_at >= $1 AND a.created_at < $2 THEN 1 ELSE 0 END AS written \
                   FROM answers a JOIN questions q ON q.id = a.question_id \
                   WHERE NOT a.hidden AND a.deleted_at IS NULL AND NOT q.hidden AND q.deleted_at IS NULL AND ( \
                      (a.created_at >= $1 AND a.created_at < $2) \
                      OR a.id IN (SELECT item_id FROM votes WHERE item_kind = $3 AND created_at >= $1 AND created_at < $2))";
        rows_between(self, sql, from, until, on_answers())
            .await?
            .iter()
            .map(|r| {
                let id = AnswerId(r.try_get("", "id")?);
                let author = user_id(r, "author_id")?;
                // Accepted by someone else than its author, and written in the period.
                let accepted = r.try_get::<Option<i64>>("", "accepted_answer_id")? == Some(id.0)
                    && user_id(r, "asker")? != author
                    && r.try_get::<i32>("", "written")? == 1;
                Ok(AnswerFacts {
                    id,
                    author,
                    question: QuestionId(r.try_get("", "question_id")?),
                    question_title: r.try_get("", "title")?,
                    accepted,
                })
            })
            .collect()
    }

    async fn answer_votes_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<Vote>, DbErr> {
        let sql = "SELECT v.item_id, a.author_id, v.user_id AS voter, v.value, v.created_at AS at \
                   FROM votes v JOIN answers a ON a.id = v.item_id \
                   WHERE v.item_kind = $3 AND v.created_at >= $1 AND v.created_at < $2 \
                   AND NOT a.hidden AND a.deleted_at IS NULL AND v.user_id <> a.author_id";
        rows_between(self, sql, from, until, on_answers())
            .await?
            .iter()
            .map(|r| {
                Ok(Vote {
                    answer: AnswerId(r.try_get("", "item_id")?),
                    author: user_id(r, "author_id")?,
                    voter: user_id(r, "voter")?,
                    value: r.try_get("", "value")?,
                    at: r.try_get("", "at")?,
                })
            })
            .collect()
    }

    async fn question_acts_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<Act>, DbErr> {
        let sql = "SELECT author_id, 1 AS answer, created_at AS at FROM answers \
                     WHERE created_at >= $1 AND created_at < $2 AND NOT hidden AND deleted_at IS NULL \
                   UNION ALL SELECT author_id, 0, created_at FROM questions \
                     WHERE created_at >= $1 AND created_at < $2 AND NOT hidden AND deleted_at IS NULL";
        rows_between(self, sql, from, until, Vec::new())
            .await?
            .iter()
            .map(|r| {
                let deed = match r.try_get::<i32>("", "answer")? {
                    1 => Deed::AnswerWritten,
                    _ => Deed::QuestionAsked,
                };
                Ok(Act { user: user_id(r, "author_id")?, deed, at: r.try_get("", "at")? })
            })
            .collect()
    }

    async fn upvote_pairs_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<(UserId, UserId)>, DbErr> {
        let sql = "SELECT v.user_id AS from_id, a.author_id AS to_id FROM votes v JOIN answers a ON a.id = v.item_id \
                   WHERE v.item_kind = $3 AND v.value > 0 AND v.created_at >= $1 AND v.created_at < $2";
        rows_between(self, sql, from, until, on_answers())
            .await?
            .iter()
            .map(|r| Ok((user_id(r, "from_id")?, user_id(r, "to_id")?)))
            .collect()
    }
}
