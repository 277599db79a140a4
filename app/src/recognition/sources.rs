//! What recognition asks of the features whose tables hold a period's
//! facts. Recognition sits below content, learning and practice (their
//! pages reach teachers' profiles, and profiles show awards), so it cannot
//! call them: it says here what it needs, in its own types, and each owner
//! answers in its `facts.rs` for any database connection (content's
//! ratings in `content/facts.rs`, tries in class in `practice/facts.rs`, …).
//! One grouped query per kind of fact, never a query per teacher.
//!
//! Every period is `from..until` (UTC instants, `until` left out).

use std::future::Future;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use super::scoring::{Act, AnswerFacts, ContentFacts, Rating, Support, Vote};
use crate::ids::UserId;

type Facts<T> = Result<Vec<T>, DbErr>;

/// Contents, their ratings, downloads and comments (content owns them).
pub trait ContentSource {
    /// Colleagues' ratings given or changed in the period, of visible
    /// contents; none of an author's own.
    fn ratings_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> impl Future<Output = Facts<Rating>> + Send;

    /// Visible contents shared in the period, or rated, downloaded or
    /// commented on in it, with their colleagues' downloads and commenters.
    fn contents_in(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> impl Future<Output = Facts<ContentFacts>> + Send;

    /// Contents shared (still visible) and comments written in the period.
    fn content_acts_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> impl Future<Output = Facts<Act>> + Send;

    /// (rater, author) once per rating in the period, for the ring check.
    fn rating_pairs_in(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> impl Future<Output = Facts<(UserId, UserId)>> + Send;
}

/// Questions, answers and the votes on answers (questions owns them).
pub trait QuestionSource {
    /// Visible answers (to visible questions) written in the period or voted on in it.
    fn answers_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> impl Future<Output = Facts<AnswerFacts>> + Send;

    /// Colleagues' votes in the period on visible answers; none on one's own.
    fn answer_votes_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> impl Future<Output = Facts<Vote>> + Send;

    /// Questions asked and answers written in the period, still visible.
    fn question_acts_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> impl Future<Output = Facts<Act>> + Send;

    /// (voter, author) once per up-vote on an answer in the period, for the ring check.
    fn upvote_pairs_in(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> impl Future<Output = Facts<(UserId, UserId)>> + Send;
}

/// Posts (posts owns them).
pub trait PostSource {
    /// Posts published in the period, still visible.
    fn post_acts_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> impl Future<Output = Facts<Act>> + Send;
}

/// Comments on questions, answers, posts and ideas (discussion owns them).
pub trait DiscussionSource {
    /// Comments written in the period, still visible.
    fn comment_acts_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> impl Future<Output = Facts<Act>> + Send;
}

/// Courses' lessons (learning owns them).
pub trait LearningSource {
    /// Lessons (course activities) finished in the period.
    fn lesson_acts_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> impl Future<Output = Facts<Act>> + Send;
}

/// Tries in class and the notes and observations on them (practice owns them).
pub trait PracticeSource {
    /// Tries logged as done with a day of trying from `first` to `last`
    /// (Asia/Dhaka, both included), each counted at noon that day.
    fn tries_between(&self, first: NaiveDate, last: NaiveDate) -> impl Future<Output = Facts<Act>> + Send;

    /// Notes and observations written in the period on anyone's tries.
    fn support_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> impl Future<Output = Facts<Support>> + Send;
}

/// Rows of `sql` with `$1` = the period's start, `$2` its end, and
/// `$3` … the `more` values.
pub async fn rows_between(
    db: &impl ConnectionTrait,
    sql: &str,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    more: Vec<Value>,
) -> Result<Vec<QueryResult>, DbErr> {
    let mut values: Vec<Value> = vec![from.into(), until.into()];
    values.extend(more);
    db.query_all_raw(crate::db::numbered(db, sql, values)).await
}

/// A teacher's id from column `col` of a row.
pub fn user_id(r: &QueryResult, col: &str) -> Result<UserId, DbErr> {
    Ok(UserId(r.try_get::<i64>("", col)?))
}
