//! The analysed words of curriculum names (classes, subjects, chapters),
//! kept once analysed: the results page and chapter suggestions compare a
//! query with every one of about a thousand names on each request.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::state::AppState;

/// Names kept at most (the curriculum has about a thousand, in two languages).
const MAX_NAMES: usize = 20_000;

#[derive(Default)]
pub struct NameWords(RwLock<HashMap<String, Arc<Vec<bangla::Word>>>>);

impl NameWords {
    pub fn of(state: &AppState) -> Arc<NameWords> {
        state.part::<NameWords>()
    }

    /// The words of `name`, analysed on first use.
    pub fn words(&self, name: &str) -> Arc<Vec<bangla::Word>> {
        if let Some(found) = self.0.read().unwrap_or_else(|p| p.into_inner()).get(name) {
            return found.clone();
        }
        let words = Arc::new(bangla::analyse(name));
        let mut map = self.0.write().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_NAMES {
            map.clear();
        }
        map.insert(name.to_owned(), words.clone());
        words
    }
}
