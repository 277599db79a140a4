//! What the search index holds for one item: its words, what it may be
//! filtered and counted by, and how good it is. Both engines store the
//! same entry, built here from the database.

use chrono::{DateTime, Utc};

use crate::items::{ItemKind, ItemRef};

/// The kinds of item search finds, in the order of their index codes
/// (content is 1, a course 6). The tantivy `kind` field and PostgreSQL's
/// `search_entries.kind` hold the code: never reorder, add at the end.
pub const KINDS: [ItemKind; 6] =
    [ItemKind::Content, ItemKind::Post, ItemKind::Question, ItemKind::Idea, ItemKind::Teacher, ItemKind::Course];

/// The kind a filter word names (`kind=question`), if search finds it.
pub fn kind_named(word: &str) -> Option<ItemKind> {
    ItemKind::parse(word).filter(|k| KINDS.contains(k))
}

/// The small number the index keeps for `kind`; 0 (matching nothing) for
/// a kind search does not find.
pub fn code(kind: ItemKind) -> u64 {
    KINDS.iter().position(|k| *k == kind).map_or(0, |i| i as u64 + 1)
}

/// The kind of an index code.
pub fn kind_of(code: u64) -> Option<ItemKind> {
    KINDS.get((code as usize).checked_sub(1)?).copied()
}

/// Where a found item's page is (every kind search finds has one).
pub fn url(item: ItemRef) -> String {
    item.url().unwrap_or_default()
}

/// Codes of the text-valued filters, so both engines count them the same way.
pub const CONTENT_TYPES: [&str; 7] = ["video", "audio", "slides", "pdf", "document", "image", "link"];
pub const LANGUAGES: [&str; 2] = ["bn", "en"];

pub fn code_of(list: &[&str], value: &str) -> Option<u64> {
    list.iter().position(|v| *v == value).map(|i| i as u64 + 1)
}

pub fn value_of<'a>(list: &[&'a str], code: u64) -> Option<&'a str> {
    list.get((code as usize).checked_sub(1)?).copied()
}

/// One item as the index keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub item: ItemRef,
    pub title: String,
    /// Everything else that is searched: description, tags, the text of a
    /// file, a question's answers. Kept for snippets.
    pub body: String,
    /// Who wrote it (or the teacher's designation and school).
    pub byline: String,
    pub level_id: Option<i64>,
    pub class: Option<i64>,
    pub subject_id: Option<i64>,
    pub chapter_id: Option<i64>,
    /// A content's type (video, pdf …).
    pub content_type: Option<String>,
    pub language: Option<String>,
    pub licence: Option<String>,
    pub district_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// Average stars (contents), 0 when unrated.
    pub rating: f64,
    /// How good it looks to other teachers, ≥ 0: ratings and downloads,
    /// votes, an accepted answer, supports. Blended into relevance.
    pub quality: f64,
}

impl Entry {
    /// An entry with no curriculum place, file type, language or licence,
    /// unrated and of no particular quality (fill in what applies).
    pub fn new(item: ItemRef, title: String, body: String, byline: String, created_at: DateTime<Utc>) -> Entry {
        Entry {
            item,
            title,
            body: kept(body),
            byline,
            level_id: None,
            class: None,
            subject_id: None,
            chapter_id: None,
            content_type: None,
            language: None,
            licence: None,
            district_id: None,
            created_at,
            rating: 0.0,
            quality: 0.0,
        }
    }
}

/// How much of a body is kept for snippets.
pub const BODY_KEPT: usize = 20_000;

/// Cuts `text` to at most [`BODY_KEPT`] bytes on a character boundary.
pub fn kept(mut text: String) -> String {
    if text.len() > BODY_KEPT {
        let mut end = BODY_KEPT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

pub const LICENCES: [&str; 4] = crate::content::model::LICENCES;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_codes_keep_their_meaning() {
        let codes: Vec<(u64, &str)> = KINDS.iter().map(|k| (code(*k), k.as_str())).collect();
        assert_eq!(
            codes,
            [(1, "content"), (2, "post"), (3, "question"), (4, "idea"), (5, "teacher"), (6, "course")],
            "stored in the index and in search_entries"
        );
        assert!(KINDS.iter().all(|k| kind_of(code(*k)) == Some(*k)));
        assert_eq!(code(ItemKind::Answer), 0);
        assert_eq!(kind_of(0), None);
        assert_eq!(kind_named("teacher"), Some(ItemKind::Teacher));
        assert_eq!(kind_named("answer"), None, "answers are found through their question");
    }
}
