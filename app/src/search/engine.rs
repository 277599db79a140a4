//! One door to search: tantivy on local disk (`DATA/index`) with either
//! database — with PostgreSQL each node keeps its own copy, following the
//! change log — and PostgreSQL full-text search over the analyser's words
//! while a node's copy is being built. Both take the same entries and
//! answer the same [`Wanted`] the same way.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::DatabaseBackend;
use tokio::sync::OnceCell;

use super::embedded::Embedded;
use super::entry::Entry;
use super::model::Wanted;
use crate::items::ItemRef;
use crate::state::AppState;

/// How much quality (ratings, downloads, votes, accepted answers) lifts a
/// text match: relevance × (1 + QUALITY_WEIGHT × quality).
pub const QUALITY_WEIGHT: f64 = 0.25;

/// A word typed in Latin letters also matches by sound (Banglish).
pub fn is_latin(w: &bangla::Word) -> bool {
    w.query.first().is_some_and(|q| bangla::script::is_latin_word(q))
}

/// Whether a word asked meets a word written: by one of its forms, or,
/// typed in Latin letters, by its sound. What both engines do in their
/// index, for the matching done outside it (snippets, chapter names).
pub fn meets(asked: &bangla::Word, written: &bangla::Word) -> bool {
    asked.query.iter().any(|q| written.forms.contains(q))
        || (is_latin(asked) && asked.sounds.iter().any(|s| written.sounds.contains(s)))
}

/// One match as an engine returns it.
#[derive(Clone, Debug)]
pub struct Found {
    pub item: ItemRef,
    pub title: String,
    pub body: String,
    pub byline: String,
    pub class: Option<i64>,
    pub subject_id: Option<i64>,
    pub chapter_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub rating: f64,
    /// Relevance (best-match order only; 0 otherwise).
    pub score: f64,
}

/// Counts by code: kind, class number, subject id, content type, language.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawFacets {
    pub kind: HashMap<u64, u64>,
    pub class: HashMap<u64, u64>,
    pub subject: HashMap<u64, u64>,
    pub content_type: HashMap<u64, u64>,
    pub language: HashMap<u64, u64>,
}

impl RawFacets {
    pub fn add(&mut self, other: &RawFacets) {
        for (mine, theirs) in [
            (&mut self.kind, &other.kind),
            (&mut self.class, &other.class),
            (&mut self.subject, &other.subject),
            (&mut self.content_type, &other.content_type),
            (&mut self.language, &other.language),
        ] {
            for (k, v) in theirs {
                *mine.entry(*k).or_default() += v;
            }
        }
    }
}

pub struct Matches {
    pub total: u64,
    /// The total and counts are estimates (PostgreSQL, very common words).
    pub approximate: bool,
    pub found: Vec<Found>,
    pub facets: RawFacets,
}

/// The index of this node: tantivy on local disk, in both modes. With
/// PostgreSQL (`shared`) every node keeps its own, following the change
/// log (`search::follow`); until it is whole (first start, a rebuild) its
/// searches are answered by PostgreSQL full-text search over the shared
/// `search_entries`.
pub struct Engine {
    local: Embedded,
    shared: bool,
}

/// The engine, opened on first use.
#[derive(Default)]
pub struct Opened(OnceCell<Arc<Engine>>);

/// Whether the embedded index was made anew at opening (and so needs a rebuild).
#[derive(Default)]
pub struct MadeAnew(std::sync::atomic::AtomicBool);

impl MadeAnew {
    /// Asks the indexing loop for a full rebuild when it starts.
    pub fn set(state: &AppState) {
        state.part::<MadeAnew>().0.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// True once, for whoever rebuilds.
    pub fn take(&self) -> bool {
        self.0.swap(false, std::sync::atomic::Ordering::SeqCst)
    }
}

/// The engine if this process has opened it (nothing is opened here).
pub fn opened(state: &AppState) -> Option<Arc<Engine>> {
    state.part::<Opened>().0.get().cloned()
}

pub async fn of(state: &AppState) -> anyhow::Result<Arc<Engine>> {
    let opened = state.part::<Opened>();
    let engine = opened
        .0
        .get_or_try_init(|| async {
            let dir = state.config.index_dir.clone();
            let (local, fresh) = tokio::task::spawn_blocking(move || Embedded::open(&dir)).await??;
            let shared = state.db.get_database_backend() == DatabaseBackend::Postgres;
            // A node following the log knows from the index's mark when to rebuild.
            if fresh && !shared {
                state.part::<MadeAnew>().0.store(true, std::sync::atomic::Ordering::SeqCst);
            }
            Ok::<_, anyhow::Error>(Arc::new(Engine { local, shared }))
        })
        .await?;
    Ok(engine.clone())
}

impl Engine {
    /// The local index.
    pub fn local(&self) -> &Embedded {
        &self.local
    }

    /// PostgreSQL mode: the index follows the change log.
    pub fn shared(&self) -> bool {
        self.shared
    }

    /// Whether searches are answered by the local index: always with
    /// SQLite; with PostgreSQL once it holds a known place in the log.
    pub fn whole(&self) -> bool {
        !self.shared || self.local.mark().seq.is_some()
    }

    /// Writes `entries` (replacing what the index had for them) and takes
    /// out `gone`.
    pub async fn apply(
        self: &Arc<Self>,
        _state: &AppState,
        entries: Vec<Entry>,
        gone: Vec<ItemRef>,
    ) -> anyhow::Result<()> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.local.apply(&entries, &gone, false)).await?
    }

    /// As [`Engine::apply`], marking every change up to `seq` of the log applied.
    pub async fn apply_at(self: &Arc<Self>, entries: Vec<Entry>, gone: Vec<ItemRef>, seq: i64) -> anyhow::Result<()> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.local.apply_at(&entries, &gone, seq)).await?
    }

    /// Adds entries the index cannot hold yet (a rebuild after [`Engine::clear`]).
    pub async fn add_new(self: &Arc<Self>, _state: &AppState, entries: Vec<Entry>) -> anyhow::Result<()> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.local.apply(&entries, &[], true)).await?
    }

    /// Merges the local index into one segment (the end of a rebuild).
    pub async fn compact(self: &Arc<Self>) -> anyhow::Result<()> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.local.compact()).await?
    }

    /// How many segments a local search visits.
    pub fn segments(&self) -> usize {
        self.local.segments()
    }

    /// Empties the local index (before a rebuild).
    pub async fn clear(self: &Arc<Self>, _state: &AppState) -> anyhow::Result<()> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.local.clear()).await?
    }

    /// How many entries the local index holds.
    pub async fn entries(self: &Arc<Self>, _state: &AppState) -> anyhow::Result<u64> {
        Ok(self.local.entries())
    }

    pub async fn search(self: &Arc<Self>, state: &AppState, wanted: &Wanted) -> anyhow::Result<Matches> {
        if !self.whole() {
            return super::postgres::search(&state.db, wanted, state.config.search_common_matches).await;
        }
        let (me, wanted) = (self.clone(), wanted.clone());
        tokio::task::spawn_blocking(move || me.local.search(&wanted)).await?
    }

    pub async fn suggest(
        self: &Arc<Self>,
        state: &AppState,
        wanted: &Wanted,
        limit: usize,
    ) -> anyhow::Result<Vec<Found>> {
        if !self.whole() {
            return super::postgres::suggest(&state.db, wanted, limit).await;
        }
        let (me, wanted) = (self.clone(), wanted.clone());
        tokio::task::spawn_blocking(move || me.local.suggest(&wanted, limit)).await?
    }
}
