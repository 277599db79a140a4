//! What the search index holds for one item: its words, what it may be
//! filtered and counted by, and how good it is. Both engines store the
//! same entry, built here from the database.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The kinds of things search finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Content,
    Post,
    Question,
    Idea,
    Teacher,
    Course,
}

impl Kind {
    pub const ALL: [Kind; 6] = [Kind::Content, Kind::Post, Kind::Question, Kind::Idea, Kind::Teacher, Kind::Course];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Content => "content",
            Kind::Post => "post",
            Kind::Question => "question",
            Kind::Idea => "idea",
            Kind::Teacher => "teacher",
            Kind::Course => "course",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// A small number for the index's fast fields.
    pub fn code(self) -> u64 {
        self as u64 + 1
    }

    pub fn from_code(code: u64) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Where the item's page is.
    pub fn url(self, id: i64) -> String {
        match self {
            Kind::Content => format!("/contents/{id}"),
            Kind::Post => format!("/posts/{id}"),
            Kind::Question => format!("/questions/{id}"),
            Kind::Idea => format!("/ideas/{id}"),
            Kind::Teacher => format!("/teachers/{id}"),
            Kind::Course => format!("/courses/{id}"),
        }
    }
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
    pub kind: Kind,
    pub id: i64,
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
    pub fn new(kind: Kind, id: i64, title: String, body: String, byline: String, created_at: DateTime<Utc>) -> Entry {
        Entry {
            kind,
            id,
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
