//! Keeping the index in step with the database: every change to a
//! searchable item queues a `search.index` job (`jobs::search_later`), and
//! this loop takes them in batches, a few hundred at a time, within a
//! second or two. `batayon reindex` (and a lost or damaged index at start)
//! rebuilds everything from the database.

use std::collections::BTreeMap;
use std::time::Duration;

use super::engine::{self, MadeAnew};
use super::entry;
use super::sources;
use crate::items::{ItemKind, ItemRef};
use crate::jobs::{self, JobKind, SearchChange};
use crate::state::AppState;

const BATCH: u64 = 300;
/// Items read and written at a time while rebuilding.
const REBUILD_BATCH: u64 = 2_000;

/// Indexes one batch of queued changes; how many jobs it took.
pub async fn run_batch(state: &AppState) -> anyhow::Result<usize> {
    let claimed = jobs::claim_many(&state.db, JobKind::SearchIndex, BATCH).await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let mut wanted: BTreeMap<ItemKind, Vec<i64>> = BTreeMap::new();
    let mut blobs = Vec::new();
    for job in &claimed {
        match jobs::search_change(&job.payload) {
            Some(SearchChange::File(blob)) => blobs.push(blob),
            // Answers and comments are indexed with what they belong to.
            Some(SearchChange::Item(item)) if entry::KINDS.contains(&item.kind) => {
                wanted.entry(item.kind).or_default().push(item.id)
            }
            Some(SearchChange::Item(_)) | None => {}
        }
    }
    if !blobs.is_empty() {
        let contents = sources::contents_with_files(&state.db, &blobs).await?;
        wanted.entry(ItemKind::Content).or_default().extend(contents);
    }
    let outcome = index(state, &wanted).await;
    let ids: Vec<_> = claimed.iter().map(|j| j.id).collect();
    match outcome {
        Ok(()) => jobs::forget(&state.db, &ids).await?,
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), jobs = claimed.len(), "search indexing failed");
            for job in &claimed {
                jobs::fail(&state.db, job, &format!("{e:#}")).await?;
            }
        }
    }
    Ok(claimed.len())
}

/// Writes the entries of `wanted` (and takes out those no longer visible).
async fn index(state: &AppState, wanted: &BTreeMap<ItemKind, Vec<i64>>) -> anyhow::Result<()> {
    let engine = engine::of(state).await?;
    let curriculum = crate::curriculum::memory::current(state).await?;
    let (mut entries, mut gone) = (Vec::new(), Vec::new());
    for (kind, ids) in wanted {
        let found = sources::entries(&state.db, &curriculum, *kind, ids).await?;
        for id in ids {
            if !found.iter().any(|e| e.item.id == *id) {
                gone.push(ItemRef::new(*kind, *id));
            }
        }
        entries.extend(found);
    }
    engine.apply(state, entries, gone).await
}

/// Runs every queued index job (tests and the demo loader).
pub async fn drain(state: &AppState) -> anyhow::Result<usize> {
    let mut ran = 0;
    loop {
        let n = run_batch(state).await?;
        if n == 0 {
            return Ok(ran);
        }
        ran += n;
    }
}

/// Empties the index and fills it again from the database, telling
/// `progress` (done, total) as it goes.
pub async fn rebuild(state: &AppState, progress: &(dyn Fn(u64, u64) + Sync)) -> anyhow::Result<u64> {
    let engine = engine::of(state).await?;
    let curriculum = crate::curriculum::memory::current(state).await?;
    let total = sources::count_all(&state.db).await?;
    engine.clear(state).await?;
    let mut done = 0;
    progress(0, total);
    for kind in entry::KINDS {
        let mut after = 0;
        loop {
            let ids = sources::ids_after(&state.db, kind, after, REBUILD_BATCH).await?;
            let Some(last) = ids.last().copied() else { break };
            let entries = sources::entries(&state.db, &curriculum, kind, &ids).await?;
            engine.add_new(state, entries).await?;
            done += ids.len() as u64;
            after = last;
            progress(done, total);
        }
    }
    engine.entries(state).await
}

/// The indexing loop of a serving node: first, if the embedded index had
/// to be made anew (lost, damaged, first start), a rebuild in the
/// background (search answers from what is there meanwhile); then queued
/// changes as they come.
pub async fn run(state: AppState) {
    if let Err(e) = engine::of(&state).await {
        tracing::error!(error = %format!("{e:#}"), "the search index cannot be opened");
        return;
    }
    if state.part::<MadeAnew>().take() {
        let started = std::time::Instant::now();
        match rebuild(&state, &|_, _| {}).await {
            Ok(n) => tracing::info!(entries = n, seconds = started.elapsed().as_secs_f32(), "search index rebuilt"),
            Err(e) => tracing::error!(error = %format!("{e:#}"), "rebuilding the search index failed"),
        }
    }
    loop {
        match run_batch(&state).await {
            Ok(0) => tokio::time::sleep(Duration::from_millis(500)).await,
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "search indexing could not take jobs");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}
