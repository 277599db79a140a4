//! The facts one period is scored from. Each feature answers for its own
//! tables (`recognition::sources`: content's ratings and contents,
//! questions' answers and votes, posts, comments, lessons, tries in class),
//! one grouped query per kind of fact; accounts and institutions name the
//! teachers concerned, their schools and the schools' heads. Recognition's
//! own nominations are read here.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{ConnectionTrait, DbErr};

use super::super::entity::nomination;
use super::super::model::NominationStatus;
use super::super::period::Period;
use super::super::rings::RING_WINDOW_DAYS;
use super::super::scoring::{Act, Inputs, Nomination, Person};
use super::super::sources::{
    ContentSource, DiscussionSource, LearningSource, PostSource, PracticeSource, QuestionSource,
};
use crate::ids::{InstitutionId, UserId};

/// A database that every feature holding a period's facts can answer from.
pub trait AllSources:
    ConnectionTrait + ContentSource + QuestionSource + PostSource + DiscussionSource + LearningSource + PracticeSource
{
}

impl<C> AllSources for C where
    C: ConnectionTrait
        + ContentSource
        + QuestionSource
        + PostSource
        + DiscussionSource
        + LearningSource
        + PracticeSource
{
}

pub async fn gather(db: &impl AllSources, period: Period) -> Result<Inputs, DbErr> {
    let (from, until) = (period.from(), period.until());
    let window = until - Duration::days(RING_WINDOW_DAYS);
    let mut endorsements = db.rating_pairs_in(window, until).await?;
    endorsements.extend(db.upvote_pairs_in(window, until).await?);
    let mut inputs = Inputs {
        ratings: db.ratings_in(from, until).await?,
        contents: db.contents_in(from, until).await?,
        answers: db.answers_in(from, until).await?,
        votes: db.answer_votes_in(from, until).await?,
        acts: acts(db, period).await?,
        support: db.support_in(from, until).await?,
        nominations: nominations(db, from, until).await?,
        endorsements,
        ..Default::default()
    };
    people(db, &mut inputs).await?;
    Ok(inputs)
}

/// Deeds worth doing, one row each. Tries count on the day they were tried.
async fn acts(db: &impl AllSources, period: Period) -> Result<Vec<Act>, DbErr> {
    let (from, until) = (period.from(), period.until());
    let mut acts = db.content_acts_in(from, until).await?;
    acts.extend(db.post_acts_in(from, until).await?);
    acts.extend(db.question_acts_in(from, until).await?);
    acts.extend(db.comment_acts_in(from, until).await?);
    acts.extend(db.lesson_acts_in(from, until).await?);
    acts.extend(db.tries_between(period.starts_on, period.ends_on()).await?);
    Ok(acts)
}

/// Everyone the facts name, and the heads and names of their schools.
async fn people(db: &impl ConnectionTrait, inputs: &mut Inputs) -> Result<(), DbErr> {
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
    Ok(())
}

fn person(u: crate::accounts::model::Account) -> Person {
    Person { name: u.name, role: u.role, district: u.district_id, institution: u.institution_id, joined: u.created_at }
}

async fn nominations(
    db: &impl ConnectionTrait,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<Nomination>, DbErr> {
    Ok(nomination::Entity::find()
        .filter(nomination::Column::Status.eq(NominationStatus::Confirmed))
        .filter(nomination::Column::CreatedAt.gte(from))
        .filter(nomination::Column::CreatedAt.lt(until))
        .all(db)
        .await?
        .into_iter()
        .map(|n| Nomination { nominee: n.nominee_id, nominator: n.nominator_id, reason: n.reason, at: n.created_at })
        .collect())
}
