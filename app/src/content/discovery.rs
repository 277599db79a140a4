//! What to look at next: recommendations for a teacher (what teachers who
//! used the same contents found useful, and the best of the classes and
//! subjects she teaches) and the contents most used this week, in her
//! district or anywhere. Both change slowly, so each answer is kept a few
//! minutes in memory. The week's popular contents are counted for every
//! district at once, and a node keeps showing the last count while one
//! task counts again: at national size the count reads the whole week's
//! downloads and ratings (seconds), so no visitor should wait for it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

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
/// Contents (with their authors) best rated in what a teacher teaches.
type BestOf = Arc<Vec<(ContentId, UserId)>>;
#[derive(Default)]
struct KeptBestOfTaught(KeptMap<(Taught, usize), BestOf, MAX_KEPT>);
/// How long the first visitor of a node waits for the first count.
const FIRST_COUNT_WAIT: Duration = Duration::from_secs(1);
/// Of each district's (and the country's) popular contents, this many are counted.
const POPULAR_COUNTED: usize = 12;

/// The week's popular contents of every district and of the country (`None`).
type PopularWeek = HashMap<Option<DistrictId>, Arc<Vec<Popular>>>;

#[derive(Default)]
struct KeptPopular {
    last: std::sync::RwLock<Option<(Instant, Arc<PopularWeek>)>>,
    /// A count is running (in the background, or for the very first visit).
    counting: Arc<tokio::sync::Mutex<()>>,
    /// Contents hidden or deleted on this node since, and when: left out of
    /// the kept count until a count begun after that.
    withdrawn: std::sync::Mutex<HashMap<ContentId, Instant>>,
}

/// A kept count older than this is not shown while one counts again (a
/// quiet node's first visitor waits, as for the very first count): what a
/// moderator hid on another node shows gone within this time.
const POPULAR_STALE_AT_MOST: Duration = Duration::from_secs(2 * KEEP.as_secs());

/// Up to `limit` contents for `who`, none of her own nor any she already
/// downloaded or rated.
pub async fn for_teacher(state: &AppState, who: UserId, limit: usize) -> AppResult<Arc<Vec<Recommended>>> {
    let kept = state.part::<KeptRecommendations>();
    if let Some(found) = kept.0.get(&who, KEEP) {
        return Ok(found);
    }
    let peers = uses::liked_by_peers(&state.db, who, limit as u64).await?;
    let used: HashSet<ContentId> = uses::used_by(&state.db, who).await?.into_iter().collect();
    let taught = taught_by(state, who).await?;
    let best_taught = best_of_taught(state, taught, 4 * limit).await?;
    let best_taught: Vec<ContentId> =
        best_taught.iter().filter(|(id, author)| *author != who && !used.contains(id)).map(|(id, _)| *id).collect();

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

/// The classes and subjects a teacher teaches, sorted: the key of what is
/// best in them.
type Taught = (Vec<i32>, Vec<String>);

/// The best rated contents of the chapters of these classes and subjects
/// (ids and authors), the same for every teacher who teaches them, so kept
/// per classes and subjects: at national size the ranking reads every
/// content of 20–50 chapters (most of a second), too much to do for each
/// teacher's first visit to the home page.
async fn best_of_taught(state: &AppState, taught: Taught, count: usize) -> AppResult<BestOf> {
    let kept = state.part::<KeptBestOfTaught>();
    let key = (taught, count);
    if let Some(found) = kept.0.get(&key, KEEP) {
        return Ok(found);
    }
    let chapters = taught_chapters(state, &key.0).await?;
    if chapters.is_empty() {
        return Ok(Arc::default());
    }
    let f = ListFilter { chapters: Some(chapters), sort: Sort::Top, per_page: count as u64, ..Default::default() };
    let found: BestOf =
        Arc::new(store::page_of(&state.db, &f).await?.into_iter().map(|c| (c.id, c.author_id)).collect());
    kept.0.put(key, found.clone(), KEEP);
    Ok(found)
}

/// What `who` teaches, from her profile.
async fn taught_by(state: &AppState, who: UserId) -> AppResult<Taught> {
    let mut classes = crate::profiles::store::classes_of(&state.db, who).await?;
    let mut subjects = crate::profiles::store::subjects_of(&state.db, who).await?;
    classes.sort_unstable();
    subjects.sort_unstable();
    Ok((classes, subjects))
}

/// The chapters of these classes and subjects (all subjects of her classes
/// when she named no subject, and the other way round).
async fn taught_chapters(state: &AppState, (classes, subjects): &Taught) -> AppResult<Vec<crate::ids::ChapterId>> {
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

/// The contents the most teachers of `district` downloaded or rated well
/// in the last seven days, at most `limit` (up to [`POPULAR_COUNTED`]); in a
/// quiet week there (or with no district), the whole country's. With
/// whether they are the district's. One read of the week's count, so a
/// visitor of a node that has none yet waits for it once.
pub async fn popular_near(
    state: &AppState,
    district: Option<DistrictId>,
    limit: usize,
) -> AppResult<(Arc<Vec<Popular>>, bool)> {
    let week = popular_week(state).await?;
    if district.is_some() {
        let here = popular_in(state, &week, district, limit);
        if !here.is_empty() {
            return Ok((here, true));
        }
    }
    Ok((popular_in(state, &week, None, limit), false))
}

/// The week's count for `district` (None: the country), less what was
/// withdrawn since it was counted.
fn popular_in(state: &AppState, week: &PopularWeek, district: Option<DistrictId>, limit: usize) -> Arc<Vec<Popular>> {
    let found = week.get(&district).cloned().unwrap_or_default();
    let withdrawn = state.part::<KeptPopular>().withdrawn.lock().unwrap_or_else(|p| p.into_inner()).clone();
    if found.len() <= limit && !found.iter().any(|p| withdrawn.contains_key(&p.content.id)) {
        return found;
    }
    Arc::new(found.iter().filter(|p| !withdrawn.contains_key(&p.content.id)).take(limit).cloned().collect())
}

/// A content was hidden or deleted on this node: the kept count shows it
/// no more (nobody may open it; its title stays off the home page).
pub fn withdrawn(state: &AppState, id: ContentId) {
    state.part::<KeptPopular>().withdrawn.lock().unwrap_or_else(|p| p.into_inner()).insert(id, Instant::now());
}

/// The last count if there is one (counting again in the background once
/// it is older than [`KEEP`]). With none yet (a node just started), or one
/// older than [`POPULAR_STALE_AT_MOST`], a count starts and the visitor
/// waits for it at most [`FIRST_COUNT_WAIT`]: at national size it takes
/// seconds, and a page without the popular list beats every visitor of a
/// fresh node waiting.
async fn popular_week(state: &AppState) -> AppResult<Arc<PopularWeek>> {
    let kept = state.part::<KeptPopular>();
    let last = kept.last.read().expect("kept popular").clone();
    if let Some((at, week)) = &last
        && at.elapsed() < KEEP
    {
        return Ok(week.clone());
    }
    if let Ok(counting) = kept.counting.clone().try_lock_owned() {
        let state = state.clone();
        tokio::spawn(async move {
            let _counting = counting;
            if let Err(e) = count_popular_week(&state).await {
                tracing::warn!(error = %e, "counting the week's popular contents failed");
            }
        });
    }
    if let Some((at, week)) = last
        && at.elapsed() < POPULAR_STALE_AT_MOST
    {
        return Ok(week);
    }
    // The count holds the lock until it has stored its answer.
    let _ = tokio::time::timeout(FIRST_COUNT_WAIT, kept.counting.lock()).await;
    let fresh = kept.last.read().expect("kept popular").clone();
    Ok(fresh.filter(|(at, _)| at.elapsed() < POPULAR_STALE_AT_MOST).map(|(_, week)| week).unwrap_or_default())
}

async fn count_popular_week(state: &AppState) -> AppResult<Arc<PopularWeek>> {
    let began = Instant::now();
    let since = Utc::now() - chrono::Duration::days(7);
    let counted = uses::popular_everywhere_since(&state.db, since, POPULAR_COUNTED as u64).await?;
    let ids: Vec<ContentId> = counted.iter().map(|(_, id, _)| *id).collect::<HashSet<_>>().into_iter().collect();
    let rows = store::visible_in_order(&state.db, &ids).await?;
    let summaries: HashMap<ContentId, ContentSummary> =
        summaries(state, rows).await?.into_iter().map(|s| (s.id, s)).collect();
    let mut week: HashMap<Option<DistrictId>, Vec<Popular>> = HashMap::new();
    for (district, id, teachers) in counted {
        if let Some(content) = summaries.get(&id) {
            week.entry(district).or_default().push(Popular { content: content.clone(), teachers });
        }
    }
    let week: Arc<PopularWeek> = Arc::new(week.into_iter().map(|(d, list)| (d, Arc::new(list))).collect());
    let kept = state.part::<KeptPopular>();
    *kept.last.write().expect("kept popular") = Some((Instant::now(), week.clone()));
    // What was withdrawn before this count began, the count left out.
    kept.withdrawn.lock().unwrap_or_else(|p| p.into_inner()).retain(|_, at| *at >= began);
    Ok(week)
}

/// Forgets kept answers for `who` (she just downloaded or rated something).
pub fn used(state: &AppState, who: UserId) {
    state.part::<KeptRecommendations>().0.forget_where(|k| *k == who);
}
