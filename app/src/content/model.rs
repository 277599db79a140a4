//! Contents: a teacher's shared file (or outside video link) tied to a
//! textbook chapter, with its licence, language and tags.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::curriculum::model::ChapterPlace;
use crate::media::MediaKind;
use crate::web::FieldErrors;

pub use crate::ids::ContentId;
use crate::ids::{ChapterId, UserId};

pub const MAX_TITLE: usize = 200;
pub const MAX_DESCRIPTION: usize = 5000;
pub const MAX_TAGS: usize = 10;
pub const MAX_TAG: usize = 40;

/// Why a teacher may report a content (the content page offers these;
/// moderation files and decides the reports).
pub const REPORT_REASONS: [&str; 4] = ["spam", "copyright", "wrong_chapter", "inappropriate"];

/// Licences a teacher may choose (SPDX identifiers).
pub const LICENCES: [&str; 4] = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "all-rights-reserved"];

pub fn licence_url(licence: &str) -> Option<&'static str> {
    match licence {
        "CC-BY-4.0" => Some("https://creativecommons.org/licenses/by/4.0/"),
        "CC-BY-SA-4.0" => Some("https://creativecommons.org/licenses/by-sa/4.0/"),
        "CC-BY-NC-4.0" => Some("https://creativecommons.org/licenses/by-nc/4.0/"),
        _ => None,
    }
}

/// The details of a content as typed (form or JSON).
#[derive(Deserialize, Serialize, ToSchema, Clone, Debug, Default)]
pub struct ContentInput {
    #[serde(default)]
    #[schema(required = true, min_length = 3, max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub description: String,
    /// The chapter of the textbook it is for.
    #[schema(required = true, value_type = i64, minimum = 1)]
    pub chapter_id: Option<ChapterId>,
    /// SPDX identifier; `CC-BY-4.0` when left out.
    #[serde(default)]
    #[schema(pattern = "^(|CC-BY-4\\.0|CC-BY-SA-4\\.0|CC-BY-NC-4\\.0|all-rights-reserved)$")]
    pub licence: Option<String>,
    /// `bn` or `en`
    #[serde(default)]
    #[schema(pattern = "^(|bn|en)$")]
    pub language: Option<String>,
    /// Comma-separated in forms; a list in JSON.
    #[serde(default)]
    pub tags: Vec<String>,
    /// A video on another site instead of a file (https only).
    #[serde(default)]
    #[schema(
        pattern = r"^[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(https://[^/@\x00-\x20\x7f-\x9f]*\.[^/@\x00-\x20\x7f-\x9f]*(/[^\x00-\x20\x7f-\x9f]*)?)?[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub external_url: Option<String>,
    /// A tus upload to use as the file (`POST /api/v1/contents` as JSON).
    #[serde(default)]
    pub upload_id: Option<String>,
}

/// Details that passed every check that needs no database.
#[derive(Clone, Debug)]
pub struct ValidContent {
    pub title: String,
    pub description: String,
    pub chapter_id: ChapterId,
    pub licence: String,
    pub language: String,
    pub tags: Vec<String>,
    pub external_url: Option<String>,
}

pub fn split_tags(text: &str) -> Vec<String> {
    text.split([',', '،', ';']).map(str::to_owned).collect()
}

impl ContentInput {
    pub fn validate(&self) -> Result<ValidContent, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = bangla::normalize(&self.title);
        if crate::web::text::visible_len(&self.title) < 3 {
            errors.add("title", "field-title-short");
        } else if self.title.chars().count() > MAX_TITLE {
            errors.add("title", "field-too-long");
        }
        let description = self.description.trim().replace("\r\n", "\n");
        if self.description.chars().count() > MAX_DESCRIPTION {
            errors.add("description", "field-too-long");
        }
        let chapter_id = self.chapter_id.unwrap_or(ChapterId(0));
        if chapter_id.0 <= 0 {
            errors.add("chapter_id", "field-chapter-needed");
        }
        let licence = self.licence.clone().filter(|l| !l.is_empty()).unwrap_or_else(|| "CC-BY-4.0".into());
        if !LICENCES.contains(&licence.as_str()) {
            errors.add("licence", "field-licence-invalid");
        }
        let language = self.language.clone().filter(|l| !l.is_empty()).unwrap_or_else(|| "bn".into());
        if language != "bn" && language != "en" {
            errors.add("language", "field-language-invalid");
        }
        let mut tags: Vec<String> = Vec::new();
        for t in &self.tags {
            let t = bangla::normalize(t).trim_start_matches('#').to_lowercase();
            if t.is_empty() || tags.contains(&t) {
                continue;
            }
            if t.chars().count() > MAX_TAG {
                errors.add("tags", "field-tag-long");
            }
            tags.push(t);
        }
        if tags.len() > MAX_TAGS {
            errors.add("tags", "field-tags-many");
        }
        let external_url = self.external_url.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
        if let Some(url) = &external_url {
            let ok = url.starts_with("https://")
                && url.len() <= 500
                && url[8..].split('/').next().is_some_and(|host| host.contains('.') && !host.contains('@'));
            if !ok {
                errors.add("external_url", "field-url-invalid");
            }
        }
        if errors.is_empty() {
            Ok(ValidContent { title, description, chapter_id, licence, language, tags, external_url })
        } else {
            Err(errors)
        }
    }
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct AuthorCard {
    pub id: UserId,
    pub name: String,
    pub verified: bool,
    pub designation: Option<String>,
    pub photo_url: Option<String>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct FileInfo {
    pub mime: String,
    pub size_bytes: i64,
    /// Download URL (supports HTTP Range).
    pub url: String,
    pub duration_secs: Option<f64>,
    pub page_count: Option<i32>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct RenditionInfo {
    pub kind: crate::media::RenditionKind,
    pub mime: String,
    pub size_bytes: i64,
    pub url: String,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct RatingSummary {
    pub average: f64,
    pub count: i64,
}

/// A content as the API and the pages show it.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ContentView {
    pub id: ContentId,
    pub title: String,
    pub description: String,
    pub kind: MediaKind,
    pub language: String,
    pub licence: String,
    pub tags: Vec<String>,
    pub place: ChapterPlace,
    pub author: AuthorCard,
    pub file: Option<FileInfo>,
    pub external_url: Option<String>,
    pub renditions: Vec<RenditionInfo>,
    pub views: i64,
    pub downloads: i64,
    pub rating: RatingSummary,
    pub hidden: bool,
    pub created_at: DateTime<Utc>,
}

/// A line in a list of contents.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ContentSummary {
    pub id: ContentId,
    pub title: String,
    pub kind: MediaKind,
    pub language: String,
    pub author_id: UserId,
    pub author_name: String,
    pub chapter_id: ChapterId,
    pub size_bytes: Option<i64>,
    pub thumbnail_url: Option<String>,
    pub downloads: i64,
    pub rating: RatingSummary,
    pub created_at: DateTime<Utc>,
}

/// Bayesian average: every content starts as if it had `PRIOR_VOTES`
/// votes of `PRIOR_MEAN`, so one 5-star vote does not beat two hundred
/// 4-star votes.
pub const PRIOR_MEAN: f64 = 3.5;
pub const PRIOR_VOTES: f64 = 10.0;

pub fn ranking_score(sum: i64, count: i64) -> f64 {
    (PRIOR_MEAN * PRIOR_VOTES + sum as f64) / (PRIOR_VOTES + count as f64)
}

impl RatingSummary {
    pub fn from(sum: i64, count: i64) -> Self {
        let average = if count == 0 { 0.0 } else { (sum as f64 / count as f64 * 10.0).round() / 10.0 };
        RatingSummary { average, count }
    }
}

/// Sizes as teachers read them before tapping: "3.4 MB".
pub fn megabytes(bytes: i64) -> String {
    let mb = bytes as f64 / 1_048_576.0;
    if mb < 0.1 {
        "0.1".into()
    } else if mb < 10.0 {
        format!("{mb:.1}")
    } else {
        format!("{mb:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_five_star_vote_does_not_beat_two_hundred_four_star_votes() {
        assert!(ranking_score(5, 1) < ranking_score(800, 200));
        assert!(ranking_score(0, 0) < ranking_score(45, 10));
    }

    #[test]
    fn sizes_read_in_megabytes() {
        assert_eq!(megabytes(3_565_158), "3.4");
        assert_eq!(megabytes(52_428_800), "50");
        assert_eq!(megabytes(10), "0.1");
    }
}
