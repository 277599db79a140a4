//! What to look at next: recommendations for a teacher (what teachers who
//! used the same contents found useful, and the best of the classes and
//! subjects she teaches) and the contents most used this week, in her
//! district or anywhere. Both change slowly, so each answer is kept a few
//! minutes in memory.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use super::lists::summaries;
use super::model::{ContentId, ContentSummary};
use super::store::{self, ListFilter, Sort, uses};
use crate::ids::{DistrictId, UserId};
use crate::state::AppState;
use crate::web::AppResult;
use crate::web::kept::KeptMap;

const KEEP: Duration = Duration::from_secs(300);
const MAX_KEPT: usize = 50_000;
/// Of a teacher's recommendations, at most this many come from peers
/// before the best of her own classes get their turn.
const FROM_PEERS_FIRST: usize = 3;

/// Why a content is recommended, shown beside it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Because {
    /// Teachers who used the same contents as she did found it useful.
    TeachersLikeYou,
    /// Among the best rated of the classes and subjects she teaches.
    YourClasses,
}

impl Because {
    pub fn key(self) -> &'static str {
        match self {
            Because::TeachersLikeYou => "discover-because-peers",
            Because::YourClasses => "discover-because-classes",
        }
    }
}

#[derive(Clone)]
pub struct Recommended {
    pub content: ContentSummary,
    pub because: Because,
}

#[derive(Clone)]
pub struct Popular {
    pub content: ContentSummary,
    /// Teachers who downloaded it or rated it well this week.
    pub teachers: i64,
}

#[derive(Default)]
struct KeptRecommendations(KeptMap<UserId, Arc<Vec<Recommended>>, MAX_KEPT>);
#[derive(Default)]
struct KeptPopular(KeptMap<Option<DistrictId>, Arc<Vec<Popular>>, MAX_KEPT>);

/// Up to `limit` contents for `who`, none of her own nor any she already
/// downloaded or rated.
pub async fn for_teacher(state: &AppState, who: UserId, limit: usize) -> AppResult<Arc<Vec<Recommended>>> {
    let kept = state.part::<KeptRecommendations>();
    if let Some(found) = kept.0.get(&who, KEEP) {
        return Ok(found);
    }
    let peers = uses::liked_by_peers(&state.db, who, limit as u64).await?;
    let used: HashSet<ContentId> = uses::used_by(&state.db, who).await?.into_iter().collect();
    let taught = taught_chapters(state, who).await?;
    let best_taught = if taught.is_empty() {
        Vec::new()
    } else {
        let f =
            ListFilter { chapters: Some(taught), sort: Sort::Top, per_page: 4 * limit as u64, ..Default::default() };
        store::page_of(&state.db, &f).await?
    };
    let best_taught: Vec<ContentId> =
        best_taught.into_iter().filter(|c| c.author_id != who && !used.contains(&c.id)).map(|c| c.id).collect();

    let mut chosen: Vec<(ContentId, Because)> = Vec::new();
    let take = |id: ContentId, because: Because, chosen: &mut Vec<(ContentId, Because)>| {
        if chosen.len() < limit && !chosen.iter().any(|(c, _)| *c == id) {
            chosen.push((id, because));
        }
    };
    for (id, _) in peers.iter().take(FROM_PEERS_FIRST) {
        take(*id, Because::TeachersLikeYou, &mut chosen);
    }
    for id in &best_taught {
        take(*id, Because::YourClasses, &mut chosen);
    }
    for (id, _) in peers.iter().skip(FROM_PEERS_FIRST) {
        take(*id, Because::TeachersLikeYou, &mut chosen);
    }
    let ids: Vec<ContentId> = chosen.iter().map(|(id, _)| *id).collect();
    let rows = store::visible_in_order(&state.db, &ids).await?;
    let because: HashMap<ContentId, Because> = chosen.into_iter().collect();
    let found: Vec<Recommended> = summaries(state, rows)
        .await?
        .into_iter()
        .map(|s| Recommended { because: because[&s.id], content: s })
        .collect();
    let found = Arc::new(found);
    kept.0.put(who, found.clone(), KEEP);
    Ok(found)
}

/// The chapters of the classes and subjects `who` teaches (all subjects of
/// her classes when she named no subject, and the other way round).
async fn taught_chapters(state: &AppState, who: UserId) -> AppResult<Vec<crate::ids::ChapterId>> {
    let classes = crate::profiles::store::classes_of(&state.db, who).await?;
    let subjects = crate::profiles::store::subjects_of(&state.db, who).await?;
    if classes.is_empty() && subjects.is_empty() {
        return Ok(Vec::new());
    }
    let curriculum = crate::curriculum::memory::current(state).await?;
    let mut chapters = Vec::new();
    for level in &curriculum.levels {
        for class in level.classes.iter().filter(|c| classes.is_empty() || classes.contains(&c.number)) {
            for subject in class.subjects.iter().filter(|s| subjects.is_empty() || subjects.contains(&s.code)) {
                chapters.extend(subject.chapters.iter().map(|c| c.id));
            }
        }
    }
    Ok(chapters)
}

/// The contents the most teachers (of `district`, or of the whole country)
/// downloaded or rated well in the last seven days.
pub async fn popular_this_week(
    state: &AppState,
    district: Option<DistrictId>,
    limit: usize,
) -> AppResult<Arc<Vec<Popular>>> {
    let kept = state.part::<KeptPopular>();
    if let Some(found) = kept.0.get(&district, KEEP) {
        return Ok(found);
    }
    let since = Utc::now() - chrono::Duration::days(7);
    let counted = uses::popular_since(&state.db, since, district, limit as u64).await?;
    let ids: Vec<ContentId> = counted.iter().map(|(id, _)| *id).collect();
    let teachers: HashMap<ContentId, i64> = counted.into_iter().collect();
    let rows = store::visible_in_order(&state.db, &ids).await?;
    let found: Vec<Popular> =
        summaries(state, rows).await?.into_iter().map(|s| Popular { teachers: teachers[&s.id], content: s }).collect();
    let found = Arc::new(found);
    kept.0.put(district, found.clone(), KEEP);
    Ok(found)
}

/// Forgets kept answers for `who` (she just downloaded or rated something).
pub fn used(state: &AppState, who: UserId) {
    state.part::<KeptRecommendations>().0.forget_where(|k| *k == who);
}
