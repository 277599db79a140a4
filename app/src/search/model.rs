//! What a search asks and what it finds.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::items::ItemKind;

pub const PER_PAGE: u64 = 20;
/// Deeper pages than this are not worth a teacher's data (and cost the engine).
pub const MAX_PAGE: u64 = 50;

#[derive(Deserialize, IntoParams, Default, Clone, Debug)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words in Bangla, English, or Bangla typed in Latin letters.
    #[serde(default)]
    pub q: String,
    /// content | post | question | idea | teacher | course; everything when left out.
    #[param(
        pattern = r"^[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(|all|content|post|question|idea|teacher|course)[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub kind: Option<String>,
    /// Level id (primary, secondary …): a positive integer, in Bangla or ASCII digits.
    #[param(
        pattern = r"^[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(\+?[0০]*[1-9১-৯][0-9০-৯]{0,17})?[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub level: Option<String>,
    /// Class number, 1–12: a positive integer, in Bangla or ASCII digits.
    #[param(
        pattern = r"^[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(\+?[0০]*[1-9১-৯][0-9০-৯]{0,17})?[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub class: Option<String>,
    /// A positive integer, in Bangla or ASCII digits.
    #[param(
        pattern = r"^[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(\+?[0০]*[1-9১-৯][0-9০-৯]{0,17})?[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub subject_id: Option<String>,
    /// A positive integer, in Bangla or ASCII digits.
    #[param(
        pattern = r"^[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(\+?[0০]*[1-9১-৯][0-9০-৯]{0,17})?[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub chapter_id: Option<String>,
    /// video | audio | slides | pdf | document | image | link
    #[param(
        pattern = r"^[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(|video|audio|slides|pdf|document|image|link)[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub content_type: Option<String>,
    /// bn | en
    #[param(
        pattern = r"^[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(|bn|en)[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub language: Option<String>,
    /// CC-BY-4.0 | CC-BY-SA-4.0 | CC-BY-NC-4.0 | all-rights-reserved
    #[param(
        pattern = r"^[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(|CC-BY-4\.0|CC-BY-SA-4\.0|CC-BY-NC-4\.0|all-rights-reserved)[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub licence: Option<String>,
    /// A positive integer, in Bangla or ASCII digits.
    #[param(
        pattern = r"^[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(\+?[0০]*[1-9১-৯][0-9০-৯]{0,17})?[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub district_id: Option<String>,
    /// relevance (default) | new | top
    #[param(
        pattern = r"^[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(|relevance|new|top)[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub sort: Option<String>,
    /// 1 … 50, in Bangla or ASCII digits.
    #[param(
        pattern = r"^[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(\+?[0০]*([1-9১-৯]|[1-4১-৪][0-9০-৯]|[5৫][0০]))?[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub page: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
    TopRated,
}

/// A checked query: words analysed, filters parsed.
#[derive(Clone, Debug, Default)]
pub struct Wanted {
    pub words: Vec<bangla::Word>,
    /// The last word is still being typed (suggestions).
    pub prefix: bool,
    /// Any word may match, not every word (finding what a text is about).
    pub any: bool,
    pub filters: Filters,
    pub sort: Sort,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub kind: Option<ItemKind>,
    pub level_id: Option<i64>,
    pub class: Option<i64>,
    pub subject_id: Option<i64>,
    pub chapter_id: Option<i64>,
    pub content_type: Option<u64>,
    pub language: Option<u64>,
    pub licence: Option<u64>,
    pub district_id: Option<i64>,
}

/// One thing found.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Hit {
    /// content | post | question | idea | teacher | course
    pub kind: ItemKind,
    pub id: i64,
    pub title: String,
    /// The title HTML-escaped, with the words found in `<mark>`.
    pub title_marked: String,
    /// A piece of the text around the words found, HTML-escaped, the words
    /// in `<mark>`.
    pub snippet: String,
    /// Who wrote it; for a teacher, designation and school.
    pub byline: String,
    /// Class and subject, in the asker's language, when it has them.
    pub context: String,
    pub url: String,
    pub created_at: DateTime<Utc>,
    /// Average stars (contents); 0 when unrated.
    pub rating: f64,
}

/// How many of the matches fall under each value of a filter.
#[derive(Serialize, ToSchema, Clone, Debug, Default)]
pub struct Facets {
    pub kind: Vec<FacetCount>,
    pub class: Vec<FacetCount>,
    pub subject: Vec<FacetCount>,
    pub content_type: Vec<FacetCount>,
    pub language: Vec<FacetCount>,
}

#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct FacetCount {
    /// The value to filter by (`kind=`, `class=`, `subject_id=` …).
    pub value: String,
    /// Its name in the asker's language.
    pub label: String,
    pub count: u64,
}

#[derive(Serialize, ToSchema, Clone, Debug, Default)]
pub struct SearchResults {
    pub q: String,
    pub total: u64,
    /// The total and the counts are estimates: very common words on the
    /// PostgreSQL engine rank the best few thousand matches exactly and
    /// count the rest from the planner's statistics.
    pub approximate: bool,
    pub page: u64,
    pub per_page: u64,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

/// A completion for the search box.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// content | post | question | idea | teacher | course
    pub kind: ItemKind,
    pub id: i64,
    pub title: String,
    pub url: String,
}
