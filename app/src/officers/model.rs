//! An officer's place and what it reaches.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::entity::assignment;
use crate::ids::{DistrictId, UpazilaId, UserId};

crate::stored_words! {
    /// How wide an officer's place is (`officer_assignments.scope`).
    pub enum Scope {
        Nation = "nation",
        District = "district",
        Upazila = "upazila",
    }
}

impl Scope {
    pub fn label_key(self) -> &'static str {
        match self {
            Scope::Nation => "officer-scope-nation",
            Scope::District => "officer-scope-district",
            Scope::Upazila => "officer-scope-upazila",
        }
    }
}

/// Where an officer may look and answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    Nation,
    District(DistrictId),
    /// An upazila, with the district it lies in.
    Upazila(DistrictId, UpazilaId),
}

impl Reach {
    /// The reach a stored assignment gives (none for a row that lost its place).
    pub fn of(a: &assignment::Model) -> Option<Reach> {
        match (a.scope, a.district_id, a.upazila_id) {
            (Scope::Nation, _, _) => Some(Reach::Nation),
            (Scope::District, Some(d), _) => Some(Reach::District(d)),
            (Scope::Upazila, Some(d), Some(u)) => Some(Reach::Upazila(d, u)),
            _ => None,
        }
    }

    /// Whether a place (a district, and an upazila in it when it has one) lies inside.
    pub fn covers(self, district: Option<DistrictId>, upazila: Option<UpazilaId>) -> bool {
        match self {
            Reach::Nation => true,
            Reach::District(d) => district == Some(d),
            Reach::Upazila(_, u) => upazila == Some(u),
        }
    }
}

/// The place an administrator assigns an officer.
#[derive(Deserialize, ToSchema, Clone, Debug)]
pub struct PlaceInput {
    pub scope: Scope,
    /// The district (for a district; for an upazila it may be left out).
    pub district_id: Option<DistrictId>,
    /// The upazila (for an upazila only).
    pub upazila_id: Option<UpazilaId>,
}

/// An officer's assigned place.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct OfficerPlace {
    pub officer_id: UserId,
    pub scope: Scope,
    pub district_id: Option<DistrictId>,
    pub upazila_id: Option<UpazilaId>,
    /// The administrator who assigned it (none: an operator, from the command line).
    pub assigned_by: Option<UserId>,
    pub assigned_at: DateTime<Utc>,
}

impl OfficerPlace {
    pub fn of(a: assignment::Model) -> OfficerPlace {
        OfficerPlace {
            scope: a.scope,
            officer_id: a.officer_id,
            district_id: a.district_id,
            upazila_id: a.upazila_id,
            assigned_by: a.assigned_by,
            assigned_at: a.assigned_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upazila_reaches_its_own_places_only_and_a_district_all_of_its_upazilas() {
        let (kurigram, dhaka, chilmari, ulipur) = (DistrictId(1), DistrictId(2), UpazilaId(10), UpazilaId(11));
        let upazila = Reach::Upazila(kurigram, chilmari);
        assert!(upazila.covers(Some(kurigram), Some(chilmari)));
        assert!(!upazila.covers(Some(kurigram), Some(ulipur)));
        assert!(!upazila.covers(Some(kurigram), None), "not the whole district");
        let district = Reach::District(kurigram);
        assert!(district.covers(Some(kurigram), Some(ulipur)) && district.covers(Some(kurigram), None));
        assert!(!district.covers(Some(dhaka), None) && !district.covers(None, None));
        assert!(Reach::Nation.covers(None, None));
    }
}
