//! The places kept in memory: about 560 rows (divisions, districts,
//! upazilas) that profile forms, district choosers, leaderboards and
//! reports read whole, and that change only when an operator changes the
//! reference data. A node reloads them at most every [`REFRESH_SECS`]
//! seconds, and at once after [`forget`] (a change made on that node); a
//! change made elsewhere shows here within those seconds.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::DbErr;

use super::model::{District, Division, Upazila};
use crate::ids::{DistrictId, UpazilaId};
use crate::state::AppState;
use crate::web::kept::Reference;

pub const REFRESH_SECS: u64 = 60;

/// The tree, and the districts flattened out of it (in the tree's order).
pub struct Places {
    pub divisions: Vec<Division>,
    pub districts: Vec<District>,
}

impl Places {
    fn build(divisions: Vec<Division>) -> Self {
        let districts = divisions.iter().flat_map(|d| d.districts.iter().cloned()).collect();
        Places { divisions, districts }
    }

    pub fn district(&self, id: DistrictId) -> Option<&District> {
        self.districts.iter().find(|d| d.id == id)
    }

    pub fn upazila(&self, id: UpazilaId) -> Option<&Upazila> {
        self.districts.iter().flat_map(|d| d.upazilas.iter()).find(|u| u.id == id)
    }
}

#[derive(Default)]
pub struct Cache(Reference<Places>);

/// The places, from memory or freshly loaded.
pub async fn current(state: &AppState) -> Result<Arc<Places>, DbErr> {
    let load = async { Ok(Places::build(super::store::tree(&state.db).await?)) };
    state.part::<Cache>().0.current(Duration::from_secs(REFRESH_SECS), load).await
}

/// All districts with their upazilas (what `store::districts` reads from
/// the database), from memory.
pub async fn districts(state: &AppState) -> Result<Vec<District>, DbErr> {
    Ok(current(state).await?.districts.clone())
}

/// Drops the copy in memory (after a change to the places on this node).
pub fn forget(state: &AppState) {
    state.part::<Cache>().0.forget();
}
