//! A serving node's own index in PostgreSQL mode. Every node keeps a
//! tantivy index on its local disk — a cache of the database it can always
//! rebuild — and follows the change log (`search_changes`) a few times a
//! second: changes in order, each entry read again from `search_entries`,
//! committed with the number of the last change applied (the index's
//! [`Mark`](super::embedded::Mark)). A node whose index is missing, damaged,
//! written by another analyser or older than the log's pruned floor builds
//! it again from `search_entries`, answering from PostgreSQL full-text
//! search meanwhile.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use super::changes::{self, Change, Op};
use super::engine::{self, Engine};
use super::entry;
use super::stored;
use crate::items::ItemRef;
use crate::state::AppState;

/// How often a node looks for new changes.
pub const POLL: Duration = Duration::from_millis(250);
/// Changes read and applied at a time.
const BATCH: u64 = 1_000;
/// Entries read at a time while rebuilding.
const REBUILD_BATCH: u64 = 10_000;
/// How long changes stay in the log: a node away longer rebuilds.
pub const KEPT_HOURS: i64 = 24;
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Where this node is in the log (a part of the state, read by [`lag`]).
#[derive(Default)]
pub struct Place {
    head: AtomicI64,
    applied: AtomicI64,
    /// When the oldest change not yet applied was written (Unix ms; 0: none).
    oldest: AtomicI64,
    /// One catch-up at a time (the loop and `drain` may both ask).
    busy: tokio::sync::Mutex<()>,
}

/// How far this node's index is behind the change log.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Lag {
    /// The log's newest number less the last applied here.
    pub changes: i64,
    /// Age of the oldest change not yet applied, in seconds (0 when none).
    pub oldest_seconds: f64,
    /// The index is being built: searches go to PostgreSQL meanwhile.
    pub building: bool,
}

/// This node's search index lag, as of its last look at the log (a few
/// times a second). All zero with SQLite, whose index is the only one.
pub fn lag(state: &AppState) -> Lag {
    let place = state.part::<Place>();
    let (head, applied) = (place.head.load(Ordering::Relaxed), place.applied.load(Ordering::Relaxed));
    let oldest = place.oldest.load(Ordering::Relaxed);
    let oldest_seconds = if oldest > 0 && head > applied {
        ((chrono::Utc::now().timestamp_millis() - oldest) as f64 / 1000.0).max(0.0)
    } else {
        0.0
    };
    let building = engine::opened(state).is_some_and(|e| !e.whole());
    Lag { changes: (head - applied).max(0), oldest_seconds, building }
}

/// Brings this node's index up to the log's head (rebuilding it first
/// when it must); how many changes it applied. Nothing with SQLite.
pub async fn catch_up(state: &AppState) -> anyhow::Result<u64> {
    let engine = engine::of(state).await?;
    if !engine.shared() {
        return Ok(0);
    }
    let place = state.part::<Place>();
    let _one = place.busy.lock().await;
    let ends = changes::ends(&state.db).await?;
    place.head.fetch_max(ends.head, Ordering::Relaxed);
    let mut applied = match engine.local().mark().seq {
        Some(seq) if seq >= ends.floor => seq,
        _ => rebuild(state, &engine).await?,
    };
    let mut done = 0;
    loop {
        place.applied.store(applied, Ordering::Relaxed);
        let batch = changes::after(&state.db, applied, BATCH).await?;
        let Some(last) = batch.last().map(|c| c.seq) else { break };
        place.head.fetch_max(last, Ordering::Relaxed);
        place.oldest.store(batch[0].at.timestamp_millis(), Ordering::Relaxed);
        if batch.iter().any(|c| c.op == Op::Rebuild) {
            applied = rebuild(state, &engine).await?;
            continue;
        }
        apply(state, &engine, &batch, last).await?;
        applied = last;
        done += batch.len() as u64;
    }
    place.oldest.store(0, Ordering::Relaxed);
    Ok(done)
}

/// One batch of changes: the last word on each entry wins; a written one
/// is read again as it is stored now (gone by now: taken out).
async fn apply(state: &AppState, engine: &Arc<Engine>, batch: &[Change], last: i64) -> anyhow::Result<()> {
    let mut latest: BTreeMap<(u64, i64), (ItemRef, Op)> = BTreeMap::new();
    for c in batch {
        if let Some(item) = c.item {
            latest.insert((entry::code(item.kind), item.id), (item, c.op));
        }
    }
    let written: Vec<ItemRef> = latest.values().filter(|(_, op)| *op == Op::Upsert).map(|(i, _)| *i).collect();
    let entries = stored::of(&state.db, &written).await?;
    let gone: Vec<ItemRef> =
        latest.values().map(|(i, _)| *i).filter(|i| !entries.iter().any(|e| e.item == *i)).collect();
    engine.apply_at(entries, gone, last).await
}

/// Empties the local index and fills it from `search_entries`; the log
/// number it now stands at. Every change up to the head read first is in
/// what the walk reads (the log and the entries commit together, in order).
async fn rebuild(state: &AppState, engine: &Arc<Engine>) -> anyhow::Result<i64> {
    let started = Instant::now();
    let head = changes::ends(&state.db).await?.head;
    engine.clear(state).await?;
    let mut after = (0, 0);
    loop {
        let entries = stored::after(&state.db, after, REBUILD_BATCH).await?;
        let Some(last) = entries.last() else { break };
        after = (entry::code(last.item.kind) as i64, last.item.id);
        engine.add_new(state, entries).await?;
    }
    // Merged before the index is marked whole: until then the node still
    // answers from PostgreSQL, so nobody waits for the merge. The index is
    // complete without it (one segment is only faster): not a reason to
    // rebuild again.
    if let Err(e) = engine.compact().await {
        tracing::warn!(error = %format!("{e:#}"), "the rebuilt search index could not be merged into one segment");
    }
    engine.apply_at(vec![], vec![], head).await?;
    let entries = engine.entries(state).await?;
    tracing::info!(entries, head, seconds = started.elapsed().as_secs_f32(), "search index built from the database");
    Ok(head)
}

/// The node's loop: catch up a few times a second; once an hour, prune
/// what every node has had for a day.
pub async fn run(state: AppState) {
    let mut pruned: Option<Instant> = None;
    loop {
        if let Err(e) = catch_up(&state).await {
            tracing::error!(error = %format!("{e:#}"), "the search index could not follow the change log");
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
        if pruned.is_none_or(|at| at.elapsed() >= PRUNE_EVERY) {
            let before = chrono::Utc::now() - chrono::Duration::hours(KEPT_HOURS);
            match changes::prune(&state.db, before).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "pruned the search change log"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "pruning the search change log failed"),
            }
            pruned = Some(Instant::now());
        }
        tokio::time::sleep(POLL).await;
    }
}
