//! Contents related to a content by their words: those most like its
//! title and description, those of its own chapter (then subject)
//! counting for more. Found in the background; the page shows them from
//! the next view on. The content page reaches this through the hook
//! it declares (`content::shared::RelatedFinder`), since content cannot
//! import search (search reads content's rows).

use std::sync::Arc;

use super::engine;
use super::model::{Filters, Sort, Wanted};
use crate::content::model::ContentId;
use crate::content::shared::{RelatedAsk, RelatedFinder, RelatedLink};
use crate::items::ItemKind;
use crate::state::AppState;

/// Words of a content that say what it is about (the title's first).
const WORDS: usize = 16;
/// Characters of the description and file text read for them.
const BODY_CHARS: usize = 600;
/// Matches weighed before the best are kept.
const CANDIDATES: u64 = 40;
/// How much more a match counts from the same chapter, or subject.
const SAME_CHAPTER: f64 = 1.5;
const SAME_SUBJECT: f64 = 1.2;
/// Matches scoring under this share of the best are too loosely related.
const WEAKEST: f64 = 0.3;

/// Lets content pages show related contents found by search.
pub fn install(state: &AppState) {
    let finder: RelatedFinder = Arc::new(|state, ask| {
        Box::pin(async move {
            like(&state, &ask).await.unwrap_or_else(|e| {
                tracing::warn!(error = %e, content = ask.id.0, "related contents not found");
                Vec::new()
            })
        })
    });
    state.part::<crate::content::shared::Related>().install(finder);
}

async fn like(state: &AppState, ask: &RelatedAsk) -> anyhow::Result<Vec<RelatedLink>> {
    let curriculum = crate::curriculum::memory::current(state).await?;
    let subject = curriculum.place(ask.chapter_id).map(|p| p.subject_id.0);
    let text: String = ask.text.chars().take(BODY_CHARS).collect();
    let mut words = bangla::analyse(&text);
    words.retain(|w| !bangla::is_stopword(w));
    let mut seen = std::collections::HashSet::new();
    words.retain(|w| seen.insert(w.query.clone()));
    words.truncate(WORDS);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let engine = engine::of(state).await?;
    let wanted = Wanted {
        words,
        any: true,
        filters: Filters { kind: Some(ItemKind::Content), ..Default::default() },
        sort: Sort::Relevance,
        page: 1,
        per_page: CANDIDATES,
        ..Default::default()
    };
    // The same chapter (then subject) counts for more than the same words elsewhere.
    let mut scored: Vec<(RelatedLink, f64)> = engine
        .search(state, &wanted)
        .await?
        .found
        .into_iter()
        .filter(|f| f.item.id != ask.id.0)
        .map(|f| {
            let place = if f.chapter_id == Some(ask.chapter_id.0) {
                SAME_CHAPTER
            } else if f.subject_id.is_some() && f.subject_id == subject {
                SAME_SUBJECT
            } else {
                1.0
            };
            let score = f.score * place;
            (RelatedLink { id: ContentId(f.item.id), title: f.title, author_name: f.byline }, score)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.id.0.cmp(&b.0.id.0)));
    let best = scored.first().map_or(0.0, |s| s.1);
    Ok(scored.into_iter().filter(|(_, score)| *score >= WEAKEST * best).take(ask.limit).map(|(l, _)| l).collect())
}
