//! The badge catalogue kept in memory: every achievement, issuer, pathway
//! and pathway step. They are the same for every teacher and change only
//! when an issuer or an administrator edits them, so a backpack reads them
//! from here, not four times from the database on every visit. Kept for
//! [`KEEP_FOR`]; a change on this node (`page_parts::changed`, called by
//! every write of these tables) shows here at once, on other nodes within
//! those seconds. A badge is never issued from this copy: the rules read
//! the achievement again before signing.

use std::sync::Arc;

use super::entity::{achievement, credential, issuer, pathway, step};
use super::store;
use crate::ids::{AchievementId, IssuerId};
use crate::state::AppState;
use crate::web::AppResult;
use crate::web::page_cache::KEEP_FOR;
use crate::web::page_parts::KeptViews;

pub struct Catalogue {
    /// Every achievement, by id.
    pub achievements: Vec<achievement::Model>,
    pub issuers: Vec<issuer::Model>,
    /// Every pathway, by id.
    pub pathways: Vec<pathway::Model>,
    pub steps: Vec<step::Model>,
}

impl Catalogue {
    pub fn achievement(&self, id: AchievementId) -> Option<&achievement::Model> {
        self.achievements.iter().find(|a| a.id == id)
    }

    pub fn issuer(&self, id: IssuerId) -> Option<&issuer::Model> {
        self.issuers.iter().find(|i| i.id == id)
    }
}

#[derive(Default)]
struct Kept(KeptViews<(), Catalogue, 1>);

/// The catalogue, from memory or freshly read.
pub async fn catalogue(state: &AppState) -> AppResult<Arc<Catalogue>> {
    covering(state, &[]).await
}

/// The catalogue with every badge these credentials are of and their
/// issuers: read again when the kept copy is older than one of them.
pub async fn covering(state: &AppState, held: &[credential::Model]) -> AppResult<Arc<Catalogue>> {
    let kept = state.part::<Kept>();
    if let Some(found) = kept.0.fresh(state, &(), KEEP_FOR)
        && held.iter().all(|c| found.achievement(c.achievement_id).is_some() && found.issuer(c.issuer_id).is_some())
    {
        return Ok(found);
    }
    let db = &state.db;
    let build = async {
        Ok(Catalogue {
            achievements: store::achievements(db).await?,
            issuers: store::issuers(db).await?,
            pathways: store::pathways(db).await?,
            steps: store::steps(db).await?,
        })
    };
    kept.0.build(state, (), KEEP_FOR, build).await
}
