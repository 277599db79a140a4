//! The two engines behind one door: tantivy in `DATA/index` with SQLite
//! (embedded default), PostgreSQL full-text search over the analyser's
//! words with PostgreSQL (several nodes share it). Both take the same
//! entries and answer the same [`Wanted`] the same way.

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

pub enum Engine {
    Embedded(Box<Embedded>),
    Postgres,
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

pub async fn of(state: &AppState) -> anyhow::Result<Arc<Engine>> {
    let opened = state.part::<Opened>();
    let engine = opened
        .0
        .get_or_try_init(|| async {
            if state.db.get_database_backend() == DatabaseBackend::Postgres {
                return Ok::<_, anyhow::Error>(Arc::new(Engine::Postgres));
            }
            let dir = state.config.index_dir.clone();
            let (embedded, fresh) = tokio::task::spawn_blocking(move || Embedded::open(&dir)).await??;
            if fresh {
                state.part::<MadeAnew>().0.store(true, std::sync::atomic::Ordering::SeqCst);
            }
            Ok(Arc::new(Engine::Embedded(Box::new(embedded))))
        })
        .await?;
    Ok(engine.clone())
}

impl Engine {
    /// Writes `entries` (replacing what the index had for them) and takes
    /// out `gone`.
    pub async fn apply(
        self: &Arc<Self>,
        state: &AppState,
        entries: Vec<Entry>,
        gone: Vec<ItemRef>,
    ) -> anyhow::Result<()> {
        self.write(state, entries, gone, false).await
    }

    /// Adds entries the index cannot hold yet (a rebuild after [`Engine::clear`]).
    pub async fn add_new(self: &Arc<Self>, state: &AppState, entries: Vec<Entry>) -> anyhow::Result<()> {
        self.write(state, entries, vec![], true).await
    }

    async fn write(
        self: &Arc<Self>,
        state: &AppState,
        entries: Vec<Entry>,
        gone: Vec<ItemRef>,
        new: bool,
    ) -> anyhow::Result<()> {
        match &**self {
            Engine::Embedded(_) => {
                let me = self.clone();
                tokio::task::spawn_blocking(move || match &*me {
                    Engine::Embedded(e) => e.apply(&entries, &gone, new),
                    Engine::Postgres => Ok(()),
                })
                .await?
            }
            Engine::Postgres => super::postgres::apply(&state.db, &entries, &gone).await,
        }
    }

    pub async fn clear(self: &Arc<Self>, state: &AppState) -> anyhow::Result<()> {
        match &**self {
            Engine::Embedded(e) => e.clear(),
            Engine::Postgres => super::postgres::clear(&state.db).await,
        }
    }

    pub async fn entries(self: &Arc<Self>, state: &AppState) -> anyhow::Result<u64> {
        match &**self {
            Engine::Embedded(e) => Ok(e.entries()),
            Engine::Postgres => super::postgres::len(&state.db).await,
        }
    }

    pub async fn search(self: &Arc<Self>, state: &AppState, wanted: &Wanted) -> anyhow::Result<Matches> {
        match &**self {
            Engine::Embedded(_) => {
                let (me, wanted) = (self.clone(), wanted.clone());
                tokio::task::spawn_blocking(move || match &*me {
                    Engine::Embedded(e) => e.search(&wanted),
                    Engine::Postgres => unreachable!("matched above"),
                })
                .await?
            }
            Engine::Postgres => super::postgres::search(&state.db, wanted, state.config.search_common_matches).await,
        }
    }

    pub async fn suggest(
        self: &Arc<Self>,
        state: &AppState,
        wanted: &Wanted,
        limit: usize,
    ) -> anyhow::Result<Vec<Found>> {
        match &**self {
            Engine::Embedded(_) => {
                let (me, wanted) = (self.clone(), wanted.clone());
                tokio::task::spawn_blocking(move || match &*me {
                    Engine::Embedded(e) => e.suggest(&wanted, limit),
                    Engine::Postgres => unreachable!("matched above"),
                })
                .await?
            }
            Engine::Postgres => super::postgres::suggest(&state.db, wanted, limit).await,
        }
    }
}
