//! The facts one period is scored from. Reads, never writes, the tables
//! of content (contents, ratings, comments, downloads), community
//! (questions, answers, votes, posts, comments), practice (tries, notes,
//! observations), learning (finished lessons) and accounts (teachers'
//! schools, districts and ages), as ARCHITECTURE.md allows: one grouped
//! query per kind of fact instead of a call per teacher.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use super::super::entity::nomination;
use super::super::period::Period;
use super::super::rings::RING_WINDOW_DAYS;
use super::super::scoring::{Act, AnswerFacts, ContentFacts, Deed, Inputs, Nomination, Person, Rating, Support, Vote};
use crate::accounts::entity::user;
use crate::db::numbered as statement;
use crate::ids::{AnswerId, ContentId, InstitutionId, QuestionId, UserId};

/// Rows of `sql` with `$1` = the period's start and `$2` its end.
async fn rows(
    db: &impl ConnectionTrait,
    sql: &str,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<QueryResult>, DbErr> {
    let values: Vec<Value> = vec![from.into(), until.into()];
    db.query_all_raw(statement(db, sql, values)).await
}

fn user_id(r: &QueryResult, col: &str) -> Result<UserId, DbErr> {
    Ok(UserId(r.try_get::<i64>("", col)?))
}

pub async fn gather(db: &impl ConnectionTrait, period: Period) -> Result<Inputs, DbErr> {
    let (from, until) = (period.from(), period.until());
    let mut inputs = Inputs {
        ratings: ratings(db, from, until).await?,
        contents: contents(db, from, until).await?,
        answers: answers(db, from, until).await?,
        votes: votes(db, from, until).await?,
        acts: acts(db, period).await?,
        support: support(db, from, until).await?,
        nominations: nominations(db, from, until).await?,
        endorsements: endorsements(db, until - Duration::days(RING_WINDOW_DAYS), until).await?,
        ..Default::default()
    };
    let mut ids: HashSet<UserId> = HashSet::new();
    ids.extend(inputs.ratings.iter().flat_map(|r| [r.rater, r.author]));
    ids.extend(inputs.contents.iter().map(|c| c.author));
    ids.extend(inputs.answers.iter().map(|a| a.author));
    ids.extend(inputs.votes.iter().flat_map(|v| [v.voter, v.author]));
    ids.extend(inputs.acts.iter().map(|a| a.user));
    ids.extend(inputs.support.iter().flat_map(|s| [s.by, s.teacher]));
    ids.extend(inputs.nominations.iter().flat_map(|n| [n.nominee, n.nominator]));
    ids.extend(inputs.endorsements.iter().flat_map(|&(a, b)| [a, b]));
    let ids: Vec<UserId> = ids.into_iter().collect();
    for chunk in ids.chunks(500) {
        for u in crate::accounts::store::find_many(db, chunk).await? {
            inputs.people.insert(u.id, person(u));
        }
    }
    // The heads of every school whose teachers did something.
    let schools: Vec<InstitutionId> =
        inputs.people.values().filter_map(|p| p.institution).collect::<HashSet<_>>().into_iter().collect();
    for chunk in schools.chunks(500) {
        for u in crate::accounts::store::heads_of(db, chunk).await? {
            inputs.people.insert(u.id, person(u));
        }
        inputs.schools.extend(crate::institutions::store::names_of(db, chunk.iter().copied()).await?);
    }
    Ok(inputs)
}

fn person(u: user::Model) -> Person {
    Person { name: u.name, role: u.role, district: u.district_id, institution: u.institution_id, joined: u.created_at }
}

async fn ratings(db: &impl ConnectionTrait, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<Rating>, DbErr> {
    let sql = "SELECT r.content_id, c.author_id, r.user_id AS rater, r.stars, r.updated_at AS at \
               FROM ratings r JOIN contents c ON c.id = r.content_id \
               WHERE r.updated_at >= $1 AND r.updated_at < $2 AND NOT c.hidden AND c.deleted_at IS NULL \
               AND r.user_id <> c.author_id";
    rows(db, sql, from, until)
        .await?
        .iter()
        .map(|r| {
            Ok(Rating {
                content: ContentId(r.try_get("", "content_id")?),
                author: user_id(r, "author_id")?,
                rater: user_id(r, "rater")?,
                stars: r.try_get("", "stars")?,
                at: r.try_get("", "at")?,
            })
        })
        .collect()
}

async fn contents(
    db: &impl ConnectionTrait,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<ContentFacts>, DbErr> {
    let sql = "SELECT c.id, c.author_id, c.title, \
               CASE WHEN c.created_at >= $1 AND c.created_at < $2 THEN 1 ELSE 0 END AS shared, \
               (SELECT COUNT(*) FROM content_downloads d WHERE d.content_id = c.id AND d.user_id <> c.author_id \
                  AND d.downloaded_at >= $1 AND d.downloaded_at < $2) AS downloads, \
               (SELECT COUNT(DISTINCT m.author_id) FROM comments m WHERE m.content_id = c.id AND m.author_id <> c.author_id \
                  AND m.deleted_at IS NULL AND m.created_at >= $1 AND m.created_at < $2) AS commenters \
               FROM contents c WHERE NOT c.hidden AND c.deleted_at IS NULL AND ( \
                  (c.created_at >= $1 AND c.created_at < $2) \
                  OR c.id IN (SELECT content_id FROM ratings WHERE updated_at >= $1 AND updated_at < $2) \
                  OR c.id IN (SELECT content_id FROM content_downloads WHERE downloaded_at >= $1 AND downloaded_at < $2) \
                  OR c.id IN (SELECT content_id FROM comments WHERE created_at >= $1 AND created_at < $2))";
    rows(db, sql, from, until)
        .await?
        .iter()
        .map(|r| {
            Ok(ContentFacts {
                id: ContentId(r.try_get("", "id")?),
                author: user_id(r, "author_id")?,
                title: r.try_get("", "title")?,
                downloads: r.try_get("", "downloads")?,
                commenters: r.try_get("", "commenters")?,
                shared_in_period: r.try_get::<i32>("", "shared")? == 1,
            })
        })
        .collect()
}

async fn answers(
    db: &impl ConnectionTrait,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<AnswerFacts>, DbErr> {
    let sql = "SELECT a.id, a.author_id, a.question_id, q.title, q.author_id AS asker, q.accepted_answer_id, \
               CASE WHEN a.created_at >= $1 AND a.created_at < $2 THEN 1 ELSE 0 END AS written \
               FROM answers a JOIN questions q ON q.id = a.question_id \
               WHERE NOT a.hidden AND a.deleted_at IS NULL AND NOT q.hidden AND q.deleted_at IS NULL AND ( \
                  (a.created_at >= $1 AND a.created_at < $2) \
                  OR a.id IN (SELECT item_id FROM votes WHERE item_kind = 'answer' AND created_at >= $1 AND created_at < $2))";
    rows(db, sql, from, until)
        .await?
        .iter()
        .map(|r| {
            let id = AnswerId(r.try_get("", "id")?);
            let author = user_id(r, "author_id")?;
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

async fn votes(db: &impl ConnectionTrait, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<Vote>, DbErr> {
    let sql = "SELECT v.item_id, a.author_id, v.user_id AS voter, v.value, v.created_at AS at \
               FROM votes v JOIN answers a ON a.id = v.item_id \
               WHERE v.item_kind = 'answer' AND v.created_at >= $1 AND v.created_at < $2 \
               AND NOT a.hidden AND a.deleted_at IS NULL AND v.user_id <> a.author_id";
    rows(db, sql, from, until)
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

/// Deeds worth doing, one row each. Tries count on the day they were tried.
async fn acts(db: &impl ConnectionTrait, period: Period) -> Result<Vec<Act>, DbErr> {
    let (from, until) = (period.from(), period.until());
    let sql = "SELECT author_id AS user_id, 'content' AS deed, created_at AS at FROM contents \
                 WHERE created_at >= $1 AND created_at < $2 AND NOT hidden AND deleted_at IS NULL \
               UNION ALL SELECT author_id, 'post', published_at FROM posts \
                 WHERE status = 'published' AND published_at >= $1 AND published_at < $2 AND NOT hidden AND deleted_at IS NULL \
               UNION ALL SELECT author_id, 'answer', created_at FROM answers \
                 WHERE created_at >= $1 AND created_at < $2 AND NOT hidden AND deleted_at IS NULL \
               UNION ALL SELECT author_id, 'question', created_at FROM questions \
                 WHERE created_at >= $1 AND created_at < $2 AND NOT hidden AND deleted_at IS NULL \
               UNION ALL SELECT author_id, 'comment', created_at FROM comments \
                 WHERE created_at >= $1 AND created_at < $2 AND deleted_at IS NULL \
               UNION ALL SELECT author_id, 'comment', created_at FROM community_comments \
                 WHERE created_at >= $1 AND created_at < $2 AND NOT hidden AND deleted_at IS NULL \
               UNION ALL SELECT e.user_id, 'lesson', p.done_at FROM activity_progress p JOIN enrolments e ON e.id = p.enrolment_id \
                 WHERE p.done_at >= $1 AND p.done_at < $2";
    let mut acts = Vec::new();
    for r in rows(db, sql, from, until).await? {
        let deed = match r.try_get::<String>("", "deed")?.as_str() {
            "content" => Deed::ContentShared,
            "post" => Deed::PostPublished,
            "answer" => Deed::AnswerWritten,
            "question" => Deed::QuestionAsked,
            "comment" => Deed::CommentWritten,
            _ => Deed::LessonCompleted,
        };
        acts.push(Act { user: user_id(&r, "user_id")?, deed, at: r.try_get("", "at")? });
    }
    let first = period.starts_on.format("%Y-%m-%d").to_string();
    let last = period.ends_on().format("%Y-%m-%d").to_string();
    let values: Vec<Value> = vec![first.into(), last.into()];
    let sql =
        "SELECT teacher_id, tried_on FROM practice_logs WHERE status = 'done' AND tried_on >= $1 AND tried_on <= $2";
    for r in db.query_all_raw(statement(db, sql, values)).await? {
        let day: String = r.try_get("", "tried_on")?;
        let Ok(day) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") else { continue };
        // Noon in Dhaka on the day of the try.
        let at = day.and_hms_opt(6, 0, 0).expect("a time").and_utc();
        acts.push(Act { user: user_id(&r, "teacher_id")?, deed: Deed::PracticeTried, at });
    }
    Ok(acts)
}

async fn support(db: &impl ConnectionTrait, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<Support>, DbErr> {
    let sql = "SELECT n.author_id AS by_id, l.teacher_id FROM practice_notes n JOIN practice_logs l ON l.id = n.log_id \
                 WHERE n.created_at >= $1 AND n.created_at < $2 \
               UNION ALL SELECT o.observer_id, l.teacher_id FROM practice_observations o JOIN practice_logs l ON l.id = o.log_id \
                 WHERE o.created_at >= $1 AND o.created_at < $2";
    rows(db, sql, from, until)
        .await?
        .iter()
        .map(|r| Ok(Support { by: user_id(r, "by_id")?, teacher: user_id(r, "teacher_id")? }))
        .collect()
}

async fn nominations(
    db: &impl ConnectionTrait,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<Nomination>, DbErr> {
    Ok(nomination::Entity::find()
        .filter(nomination::Column::Status.eq("confirmed"))
        .filter(nomination::Column::CreatedAt.gte(from))
        .filter(nomination::Column::CreatedAt.lt(until))
        .all(db)
        .await?
        .into_iter()
        .map(|n| Nomination { nominee: n.nominee_id, nominator: n.nominator_id, reason: n.reason, at: n.created_at })
        .collect())
}

/// Who rated or up-voted whose work in the ring window, once per act.
async fn endorsements(
    db: &impl ConnectionTrait,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<(UserId, UserId)>, DbErr> {
    let sql = "SELECT r.user_id AS from_id, c.author_id AS to_id FROM ratings r JOIN contents c ON c.id = r.content_id \
                 WHERE r.updated_at >= $1 AND r.updated_at < $2 \
               UNION ALL SELECT v.user_id, a.author_id FROM votes v JOIN answers a ON a.id = v.item_id \
                 WHERE v.item_kind = 'answer' AND v.value > 0 AND v.created_at >= $1 AND v.created_at < $2";
    rows(db, sql, from, until).await?.iter().map(|r| Ok((user_id(r, "from_id")?, user_id(r, "to_id")?))).collect()
}
