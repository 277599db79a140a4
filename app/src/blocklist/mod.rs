//! Blocked words: a short list moderators keep of words that may not
//! appear in questions, answers, posts, ideas and comments. A word is
//! matched whole (after the same normalisation search uses), never inside
//! an innocent word: blocking "ass" does not touch "class" or "assessment".
//! Owns the table `blocked_words`.

mod pages;
pub mod store;

use std::collections::HashSet;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::state::AppState;
use crate::web::{AppError, AppResult, FieldErrors};

pub use pages::router;

/// Another node's change shows here within this many seconds.
const REFRESH_SECS: u64 = 30;

#[derive(Default)]
pub struct Cache(RwLock<Option<(Instant, Arc<HashSet<String>>)>>);

async fn words(state: &AppState) -> AppResult<Arc<HashSet<String>>> {
    let cache = state.part::<Cache>();
    if let Some((at, found)) = cache.0.read().expect("blocklist cache").as_ref()
        && at.elapsed() < Duration::from_secs(REFRESH_SECS)
    {
        return Ok(found.clone());
    }
    let fresh: HashSet<String> = store::all(&state.db).await?.into_iter().map(|w| w.word).collect();
    let fresh = Arc::new(fresh);
    *cache.0.write().expect("blocklist cache") = Some((Instant::now(), fresh.clone()));
    Ok(fresh)
}

pub(crate) fn forget(state: &AppState) {
    *state.part::<Cache>().0.write().expect("blocklist cache") = None;
}

/// The form a word is stored and compared in.
pub fn key(word: &str) -> String {
    bangla::search_key(word)
}

/// The blocked words in `text`, whole words only.
pub fn found_in(blocked: &HashSet<String>, text: &str) -> Vec<String> {
    let mut hits: Vec<String> = bangla::words(text).into_iter().filter(|w| blocked.contains(w)).collect();
    hits.dedup();
    hits
}

/// Refuses `fields` (name, text) when any holds a blocked word, naming the field.
/// A Markdown field comes as its reader sees it too (references decoded,
/// tags dropped), or `&#105;diot` would pass as harmless.
pub async fn check(state: &AppState, fields: &[(&'static str, &str)]) -> AppResult<()> {
    let blocked = words(state).await?;
    if blocked.is_empty() {
        return Ok(());
    }
    let mut errors = FieldErrors::default();
    for (name, text) in fields {
        if !found_in(&blocked, text).is_empty() {
            errors.add(name, "field-blocked-word");
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(AppError::Validation(errors)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only_in_bangla_and_english() {
        let blocked: HashSet<String> = ["ass", "গাধা"].iter().map(|w| key(w)).collect();
        assert!(found_in(&blocked, "Every class needs an assessment").is_empty());
        assert!(found_in(&blocked, "গাধাটানা গাড়ি").is_empty(), "inside a longer Bangla word");
        assert_eq!(found_in(&blocked, "You ASS!"), ["ass"]);
        assert_eq!(found_in(&blocked, "তুমি একটা গাধা।"), ["গাধা"]);
    }
}
