//! The recognition tables, owned here.

use crate::db::entity;

entity!(round, "recognition_rounds", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::RoundId,
    pub period: crate::recognition::period::AwardPeriod,
    /// First and last day (Asia/Dhaka), both included.
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub status: crate::recognition::model::RoundStatus,
    pub computed_at: Option<DateTimeUtc>,
    pub published_at: Option<DateTimeUtc>,
    pub published_by: Option<crate::ids::UserId>,
    /// The rating rings found, JSON (`rings::Ring`), for moderators.
    pub rings: String,
    pub created_at: DateTimeUtc,
});

entity!(candidate, "recognition_candidates", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::CandidateId,
    pub round_id: crate::ids::RoundId,
    pub category: crate::recognition::category::AwardCategory,
    /// None: the national ranking.
    pub district_id: Option<crate::ids::DistrictId>,
    /// 1 … 10 within the category and place.
    pub rank: i32,
    /// The teacher credited (a content's author, a school's head).
    pub user_id: crate::ids::UserId,
    pub content_id: Option<crate::ids::ContentId>,
    pub institution_id: Option<crate::ids::InstitutionId>,
    /// The teacher's name and what she is recognised for, as they were.
    pub title: String,
    pub link: String,
    pub score: f64,
    /// The numbers behind the score, JSON (`scoring::Line`s).
    pub breakdown: String,
    /// Why a moderator held this candidate back.
    pub withheld: Option<String>,
});

entity!(award, "recognition_awards", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::AwardId,
    pub round_id: crate::ids::RoundId,
    pub candidate_id: crate::ids::CandidateId,
    pub category: crate::recognition::category::AwardCategory,
    /// `bd` for the national award, `d{id}` for a district's.
    pub place: crate::recognition::category::AwardPlace,
    pub district_id: Option<crate::ids::DistrictId>,
    pub user_id: crate::ids::UserId,
    pub created_at: DateTimeUtc,
});

entity!(nomination, "recognition_nominations", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::NominationId,
    pub nominee_id: crate::ids::UserId,
    pub nominator_id: crate::ids::UserId,
    /// The first day of the week (Friday) it was made in.
    pub week_of: String,
    pub reason: String,
    pub status: crate::recognition::model::NominationStatus,
    pub decided_by: Option<crate::ids::UserId>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
});

entity!(ambassador, "ambassadors", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: crate::ids::UserId,
    pub district_id: crate::ids::DistrictId,
    pub appointed_by: crate::ids::UserId,
    pub appointed_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
});
