//! Keeping the index in step with the database: every change to a
//! searchable item queues a `search.index` job (`jobs::search_later`), and
//! this loop takes them in batches, a few hundred at a time, within a
//! second or two. With SQLite it writes the one index; with PostgreSQL it
//! writes `search_entries` and the change log in one transaction (any
//! node may take a batch) and every serving node's index follows the log
//! (`search::follow`). `batayon reindex` (and a lost or damaged index at
//! start) rebuilds everything from the database.

use std::collections::BTreeMap;
use std::time::Duration;

use sea_orm::{DatabaseBackend, TransactionTrait};

use super::changes::{self, Op};
use super::engine::{self, MadeAnew};
use super::entry::{self, Entry};
use super::{follow, sources};
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

fn shared(state: &AppState) -> bool {
    state.db.get_database_backend() == DatabaseBackend::Postgres
}

/// Writes the entries of `wanted` (and takes out those no longer visible).
async fn index(state: &AppState, wanted: &BTreeMap<ItemKind, Vec<i64>>) -> anyhow::Result<()> {
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
    if shared(state) {
        return write_shared(state, &entries, &gone).await;
    }
    engine::of(state).await?.apply(state, entries, gone).await
}

/// PostgreSQL: the entries and their changes in the log, committed together.
async fn write_shared(state: &AppState, entries: &[Entry], gone: &[ItemRef]) -> anyhow::Result<()> {
    let txn = state.db.begin().await?;
    super::postgres::apply(&txn, entries, gone).await?;
    let logged: Vec<(Option<ItemRef>, Op)> =
        entries.iter().map(|e| (Some(e.item), Op::Upsert)).chain(gone.iter().map(|i| (Some(*i), Op::Delete))).collect();
    changes::record(&txn, &logged).await?;
    txn.commit().await?;
    Ok(())
}

/// Runs every queued index job, and with PostgreSQL brings this node's
/// index up to the log (tests and the demo loader).
pub async fn drain(state: &AppState) -> anyhow::Result<usize> {
    let mut ran = 0;
    loop {
        let n = run_batch(state).await?;
        if n == 0 {
            break;
        }
        ran += n;
    }
    follow::catch_up(state).await?;
    Ok(ran)
}

/// Empties the index and fills it again from the database, telling
/// `progress` (done, total) as it goes. With PostgreSQL that is
/// `search_entries`, then a rebuild mark in the log, on which every node
/// builds its own index again (this one at once); how many entries this
/// process's index holds.
pub async fn rebuild(state: &AppState, progress: &(dyn Fn(u64, u64) + Sync)) -> anyhow::Result<u64> {
    let engine = engine::of(state).await?;
    let curriculum = crate::curriculum::memory::current(state).await?;
    let total = sources::count_all(&state.db).await?;
    if shared(state) {
        super::postgres::clear(&state.db).await?;
    } else {
        engine.clear(state).await?;
    }
    let mut done = 0;
    progress(0, total);
    for kind in entry::KINDS {
        let mut after = 0;
        loop {
            let ids = sources::ids_after(&state.db, kind, after, REBUILD_BATCH).await?;
            let Some(last) = ids.last().copied() else { break };
            let entries = sources::entries(&state.db, &curriculum, kind, &ids).await?;
            if shared(state) {
                super::postgres::apply(&state.db, &entries, &[]).await?;
            } else {
                engine.add_new(state, entries).await?;
            }
            done += ids.len() as u64;
            after = last;
            progress(done, total);
        }
    }
    if shared(state) {
        let txn = state.db.begin().await?;
        changes::record(&txn, &[(None, Op::Rebuild)]).await?;
        txn.commit().await?;
        follow::catch_up(state).await?;
    }
    engine.entries(state).await
}

/// The indexing loop of a serving node: first, if the index had to be
/// made anew (lost, damaged, first start; with PostgreSQL only when asked,
/// e.g. after the demo wrote its rows), a rebuild in the background
/// (search answers from what is there meanwhile); then queued changes as
/// they come. With PostgreSQL the node's index follows the log beside it.
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
    if shared(&state) {
        tokio::spawn(follow::run(state.clone()));
    }
    publish(state).await
}

/// Takes queued changes as they come, without an index of its own: the
/// loop of `batayon worker` with PostgreSQL (and part of a node's).
pub async fn publish(state: AppState) {
    let idle = if shared(&state) { follow::POLL } else { Duration::from_millis(500) };
    loop {
        match run_batch(&state).await {
            Ok(0) => tokio::time::sleep(idle).await,
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "search indexing could not take jobs");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}
