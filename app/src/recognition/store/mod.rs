//! SQL of recognition: rounds, candidates, awards, nominations and
//! ambassadors. `inputs` reads other features' tables for scoring.

pub mod inputs;

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::NotSet, QueryOrder, QuerySelect, Set};

use super::category::{AwardCategory, AwardPlace};
use super::entity::{ambassador, award, candidate, nomination, round};
use super::model::{NominationStatus, RoundStatus};
use super::period::{AwardPeriod, Period, dhaka_date};
use crate::ids::{AwardId, CandidateId, DistrictId, NominationId, RoundId, UserId};

/// A nomination's week, as its (text) column keeps it: the week's Friday.
fn week_of(at: chrono::DateTime<Utc>) -> String {
    Period::containing(AwardPeriod::Week, dhaka_date(at)).starts_on.format("%Y-%m-%d").to_string()
}

/// Creates the round of `period` unless it exists; true if this call did.
pub async fn create_round(db: &impl ConnectionTrait, period: Period) -> Result<bool, DbErr> {
    let row = round::ActiveModel {
        id: NotSet,
        period: Set(period.kind),
        starts_on: Set(period.starts_on),
        ends_on: Set(period.ends_on()),
        status: Set(RoundStatus::Computing),
        computed_at: Set(None),
        published_at: Set(None),
        published_by: Set(None),
        rings: Set("[]".into()),
        created_at: Set(Utc::now()),
    };
    let conflict = OnConflict::columns([round::Column::Period, round::Column::StartsOn]).do_nothing().to_owned();
    Ok(round::Entity::insert(row).on_conflict(conflict).exec_without_returning(db).await? == 1)
}

pub async fn round_of(db: &impl ConnectionTrait, period: Period) -> Result<Option<round::Model>, DbErr> {
    round::Entity::find()
        .filter(round::Column::Period.eq(period.kind))
        .filter(round::Column::StartsOn.eq(period.starts_on))
        .one(db)
        .await
}

pub async fn round(db: &impl ConnectionTrait, id: RoundId) -> Result<Option<round::Model>, DbErr> {
    round::Entity::find_by_id(id).one(db).await
}

pub async fn rounds_by_id(db: &impl ConnectionTrait, ids: &[RoundId]) -> Result<Vec<round::Model>, DbErr> {
    round::Entity::find().filter(round::Column::Id.is_in(ids.iter().copied())).all(db).await
}

/// Rounds newest first; only published ones when `published`.
pub async fn rounds(db: &impl ConnectionTrait, published: bool, limit: u64) -> Result<Vec<round::Model>, DbErr> {
    let mut q = round::Entity::find();
    if published {
        q = q.filter(round::Column::Status.eq(RoundStatus::Published));
    }
    q.order_by_desc(round::Column::StartsOn).order_by_asc(round::Column::Period).limit(limit).all(db).await
}

/// The newest published round of a period kind.
pub async fn latest_published(db: &impl ConnectionTrait, kind: AwardPeriod) -> Result<Option<round::Model>, DbErr> {
    round::Entity::find()
        .filter(round::Column::Period.eq(kind))
        .filter(round::Column::Status.eq(RoundStatus::Published))
        .order_by_desc(round::Column::StartsOn)
        .one(db)
        .await
}

/// Moves a round under review back to computing; false if it is not under
/// review (already computing, or published), so one caller wins.
pub async fn start_computing(db: &impl ConnectionTrait, id: RoundId) -> Result<bool, DbErr> {
    let done = round::Entity::update_many()
        .col_expr(round::Column::Status, Expr::value(RoundStatus::Computing))
        .filter(round::Column::Id.eq(id))
        .filter(round::Column::Status.eq(RoundStatus::Review))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Replaces the round's candidates and puts it under review.
pub async fn save_candidates(
    db: &impl ConnectionTrait,
    id: RoundId,
    rows: Vec<candidate::ActiveModel>,
    rings: String,
) -> Result<(), DbErr> {
    candidate::Entity::delete_many().filter(candidate::Column::RoundId.eq(id)).exec(db).await?;
    for chunk in rows.chunks(200) {
        candidate::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    round::Entity::update_many()
        .col_expr(round::Column::Status, Expr::value(RoundStatus::Review))
        .col_expr(round::Column::ComputedAt, Expr::value(Utc::now()))
        .col_expr(round::Column::Rings, Expr::value(rings))
        .filter(round::Column::Id.eq(id))
        .filter(round::Column::Status.eq(RoundStatus::Computing))
        .exec(db)
        .await?;
    Ok(())
}

/// A round's candidates in one place (None: national), by category and
/// rank, as the public sees them: those a moderator held back are left out.
pub async fn candidates(
    db: &impl ConnectionTrait,
    id: RoundId,
    district: Option<DistrictId>,
) -> Result<Vec<candidate::Model>, DbErr> {
    let q = candidate::Entity::find()
        .filter(candidate::Column::RoundId.eq(id))
        .filter(candidate::Column::Withheld.is_null());
    let q = match district {
        Some(d) => q.filter(candidate::Column::DistrictId.eq(d)),
        None => q.filter(candidate::Column::DistrictId.is_null()),
    };
    q.order_by_asc(candidate::Column::Category).order_by_asc(candidate::Column::Rank).all(db).await
}

/// Every candidate of a round, national and district.
pub async fn all_candidates(db: &impl ConnectionTrait, id: RoundId) -> Result<Vec<candidate::Model>, DbErr> {
    candidate::Entity::find()
        .filter(candidate::Column::RoundId.eq(id))
        .order_by_asc(candidate::Column::Id)
        .all(db)
        .await
}

pub async fn candidate(db: &impl ConnectionTrait, id: CandidateId) -> Result<Option<candidate::Model>, DbErr> {
    candidate::Entity::find_by_id(id).one(db).await
}

pub async fn candidates_by_id(db: &impl ConnectionTrait, ids: &[CandidateId]) -> Result<Vec<candidate::Model>, DbErr> {
    candidate::Entity::find().filter(candidate::Column::Id.is_in(ids.iter().copied())).all(db).await
}

/// Holds back (or, with None, restores) a teacher in a category of a
/// round, in every place she is ranked; for a content, that content only.
pub async fn withhold(db: &impl ConnectionTrait, c: &candidate::Model, reason: Option<String>) -> Result<(), DbErr> {
    let mut q = candidate::Entity::update_many()
        .col_expr(candidate::Column::Withheld, Expr::value(reason))
        .filter(candidate::Column::RoundId.eq(c.round_id))
        .filter(candidate::Column::Category.eq(c.category))
        .filter(candidate::Column::UserId.eq(c.user_id));
    if let Some(content) = c.content_id
        && c.category == AwardCategory::Content
    {
        q = q.filter(candidate::Column::ContentId.eq(content));
    }
    q.exec(db).await?;
    Ok(())
}

/// Marks the round published; false if it already was (or is not ready).
pub async fn mark_published(db: &impl ConnectionTrait, id: RoundId, by: UserId) -> Result<bool, DbErr> {
    let done = round::Entity::update_many()
        .col_expr(round::Column::Status, Expr::value(RoundStatus::Published))
        .col_expr(round::Column::PublishedAt, Expr::value(Utc::now()))
        .col_expr(round::Column::PublishedBy, Expr::value(by.0))
        .filter(round::Column::Id.eq(id))
        .filter(round::Column::Status.eq(RoundStatus::Review))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Writes an award unless its round, category and place has one; true if written.
pub async fn insert_award(db: &impl ConnectionTrait, c: &candidate::Model) -> Result<bool, DbErr> {
    let row = award::ActiveModel {
        id: NotSet,
        round_id: Set(c.round_id),
        candidate_id: Set(c.id),
        category: Set(c.category),
        place: Set(AwardPlace::of(c.district_id)),
        district_id: Set(c.district_id),
        user_id: Set(c.user_id),
        created_at: Set(Utc::now()),
    };
    let conflict = OnConflict::columns([award::Column::RoundId, award::Column::Category, award::Column::Place])
        .do_nothing()
        .to_owned();
    Ok(award::Entity::insert(row).on_conflict(conflict).exec_without_returning(db).await? == 1)
}

pub async fn awards_of_round(db: &impl ConnectionTrait, id: RoundId) -> Result<Vec<award::Model>, DbErr> {
    award::Entity::find().filter(award::Column::RoundId.eq(id)).order_by_asc(award::Column::Id).all(db).await
}

pub async fn awards_of_rounds(
    db: &impl ConnectionTrait,
    ids: &[RoundId],
    national: bool,
) -> Result<Vec<award::Model>, DbErr> {
    let mut q = award::Entity::find().filter(award::Column::RoundId.is_in(ids.iter().copied()));
    if national {
        q = q.filter(award::Column::Place.eq(AwardPlace::National));
    }
    q.order_by_asc(award::Column::Id).all(db).await
}

pub async fn awards_of_teacher(
    db: &impl ConnectionTrait,
    user: UserId,
    limit: u64,
) -> Result<Vec<award::Model>, DbErr> {
    award::Entity::find()
        .filter(award::Column::UserId.eq(user))
        .order_by_desc(award::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Awards published since `since` (all, without it), of one teacher or everyone, oldest first.
pub async fn awards_since(
    db: &impl ConnectionTrait,
    teacher: Option<UserId>,
    since: Option<chrono::DateTime<Utc>>,
) -> Result<Vec<award::Model>, DbErr> {
    let mut q = award::Entity::find();
    if let Some(t) = teacher {
        q = q.filter(award::Column::UserId.eq(t));
    }
    if let Some(at) = since {
        q = q.filter(award::Column::CreatedAt.gte(at));
    }
    q.order_by_asc(award::Column::Id).all(db).await
}

pub async fn award(db: &impl ConnectionTrait, id: AwardId) -> Result<Option<award::Model>, DbErr> {
    award::Entity::find_by_id(id).one(db).await
}

pub async fn count_awards(db: &impl ConnectionTrait, round: RoundId) -> Result<u64, DbErr> {
    award::Entity::find().filter(award::Column::RoundId.eq(round)).count(db).await
}

/// Records a nomination made at `at`; false if she already nominated this
/// colleague that week.
pub async fn nominate(
    db: &impl ConnectionTrait,
    nominee: UserId,
    nominator: UserId,
    reason: String,
    at: chrono::DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = nomination::ActiveModel {
        id: NotSet,
        nominee_id: Set(nominee),
        nominator_id: Set(nominator),
        week_of: Set(week_of(at)),
        reason: Set(reason),
        status: Set(NominationStatus::Pending),
        decided_by: Set(None),
        decided_at: Set(None),
        created_at: Set(at),
    };
    let conflict = OnConflict::columns([
        nomination::Column::NomineeId,
        nomination::Column::NominatorId,
        nomination::Column::WeekOf,
    ])
    .do_nothing()
    .to_owned();
    Ok(nomination::Entity::insert(row).on_conflict(conflict).exec_without_returning(db).await? == 1)
}

/// The id of `nominator`'s nomination of `nominee` made in the week of `at`.
pub async fn nomination_of(
    db: &impl ConnectionTrait,
    nominee: UserId,
    nominator: UserId,
    at: chrono::DateTime<Utc>,
) -> Result<Option<NominationId>, DbErr> {
    Ok(nomination::Entity::find()
        .filter(nomination::Column::NomineeId.eq(nominee))
        .filter(nomination::Column::NominatorId.eq(nominator))
        .filter(nomination::Column::WeekOf.eq(week_of(at)))
        .one(db)
        .await?
        .map(|n| n.id))
}

pub async fn pending_nominations(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<nomination::Model>, DbErr> {
    nomination::Entity::find()
        .filter(nomination::Column::Status.eq(NominationStatus::Pending))
        .order_by_asc(nomination::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Confirms or declines a pending nomination; false if it was decided already.
pub async fn decide_nomination(
    db: &impl ConnectionTrait,
    id: NominationId,
    status: NominationStatus,
    by: UserId,
) -> Result<bool, DbErr> {
    let done = nomination::Entity::update_many()
        .col_expr(nomination::Column::Status, Expr::value(status))
        .col_expr(nomination::Column::DecidedBy, Expr::value(by.0))
        .col_expr(nomination::Column::DecidedAt, Expr::value(Utc::now()))
        .filter(nomination::Column::Id.eq(id))
        .filter(nomination::Column::Status.eq(NominationStatus::Pending))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

pub async fn appoint(db: &impl ConnectionTrait, user: UserId, district: DistrictId, by: UserId) -> Result<(), DbErr> {
    ambassador::ActiveModel {
        id: NotSet,
        user_id: Set(user),
        district_id: Set(district),
        appointed_by: Set(by),
        appointed_at: Set(Utc::now()),
        ended_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Ends an appointment; false if it had ended.
pub async fn end_appointment(db: &impl ConnectionTrait, id: i64) -> Result<Option<ambassador::Model>, DbErr> {
    let row = ambassador::Entity::find_by_id(id).filter(ambassador::Column::EndedAt.is_null()).one(db).await?;
    if row.is_some() {
        ambassador::Entity::update_many()
            .col_expr(ambassador::Column::EndedAt, Expr::value(Utc::now()))
            .filter(ambassador::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    Ok(row)
}

/// Current ambassadors, of one district or all.
pub async fn ambassadors(
    db: &impl ConnectionTrait,
    district: Option<DistrictId>,
) -> Result<Vec<ambassador::Model>, DbErr> {
    let mut q = ambassador::Entity::find().filter(ambassador::Column::EndedAt.is_null());
    if let Some(d) = district {
        q = q.filter(ambassador::Column::DistrictId.eq(d));
    }
    q.order_by_asc(ambassador::Column::DistrictId).order_by_asc(ambassador::Column::Id).all(db).await
}

pub async fn ambassador_of(db: &impl ConnectionTrait, user: UserId) -> Result<Vec<ambassador::Model>, DbErr> {
    ambassador::Entity::find()
        .filter(ambassador::Column::UserId.eq(user))
        .filter(ambassador::Column::EndedAt.is_null())
        .all(db)
        .await
}
