//! The table owned here.

use crate::db::entity;

entity!(assignment, "officer_assignments", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub officer_id: crate::ids::UserId,
    pub scope: crate::officers::model::Scope,
    pub district_id: Option<crate::ids::DistrictId>,
    pub upazila_id: Option<crate::ids::UpazilaId>,
    /// None when an operator assigned it from the command line.
    pub assigned_by: Option<crate::ids::UserId>,
    pub assigned_at: DateTimeUtc,
});
