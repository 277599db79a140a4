//! The words of reports, and what the report forms and the queue carry.
//! One report system for every item a teacher can report: a content, a
//! question, an answer, a post, an idea or a comment, named by `ItemRef`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ids::{ContentId, ReportId, UserId};
use crate::items::{ItemKind, ItemRef};

/// The longest detail a reporter may add, in characters.
pub const MAX_DETAIL: usize = 1000;
/// Reports one teacher may file in an hour, whatever she reports.
pub const REPORTS_PER_HOUR: u32 = 20;

crate::stored_words! {
    /// Why a teacher reports an item; which words fit depends on its kind.
    pub enum ReportReason {
        Spam = "spam",
        /// Contents only.
        Copyright = "copyright",
        /// Contents only.
        WrongChapter = "wrong_chapter",
        Inappropriate = "inappropriate",
        /// Community items only.
        OffTopic = "off_topic",
        /// Community items only.
        Misinformation = "misinformation",
    }
}

/// Why a content may be reported (its page offers these).
pub const CONTENT_REASONS: [ReportReason; 4] =
    [ReportReason::Spam, ReportReason::Copyright, ReportReason::WrongChapter, ReportReason::Inappropriate];
/// Why a question, answer, post, idea or comment may be reported.
pub const COMMUNITY_REASONS: [ReportReason; 4] =
    [ReportReason::Spam, ReportReason::Inappropriate, ReportReason::OffTopic, ReportReason::Misinformation];

impl ReportReason {
    /// The reasons a report on an item of `kind` may give.
    pub fn for_kind(kind: ItemKind) -> &'static [ReportReason] {
        if kind == ItemKind::Content { &CONTENT_REASONS } else { &COMMUNITY_REASONS }
    }

    /// Whether a report on an item of `kind` may give this reason.
    pub fn fits(self, kind: ItemKind) -> bool {
        Self::for_kind(kind).contains(&self)
    }

    /// Its words' key in the catalogue.
    pub fn key(self) -> String {
        format!("report-{self}")
    }
}

crate::stored_words! {
    /// Where a report stands: open until someone decides, then closed by
    /// the decision it got.
    pub enum ReportStatus {
        Open = "open",
        Hidden = "hidden",
        Restored = "restored",
        Dismissed = "dismissed",
        /// A "wrong chapter" report answered by moving the content.
        Moved = "moved",
    }
}

crate::stored_words! {
    /// What a moderator (or a trusted teacher) decides on a reported item.
    pub enum ReportAction {
        Hide = "hide",
        /// Moderators only: a reviewer cannot undo a moderator.
        Restore = "restore",
        Dismiss = "dismiss",
    }
}

impl ReportAction {
    /// The status the item's open reports are closed with.
    pub fn closes_as(self) -> ReportStatus {
        match self {
            ReportAction::Hide => ReportStatus::Hidden,
            ReportAction::Restore => ReportStatus::Restored,
            ReportAction::Dismiss => ReportStatus::Dismissed,
        }
    }

    /// The audit log's word for it, after the item's kind (`post.hide`).
    pub fn audit_word(self) -> &'static str {
        match self {
            ReportAction::Hide => "hide",
            ReportAction::Restore => "restore",
            ReportAction::Dismiss => "dismiss-reports",
        }
    }
}

/// A report on a content (`POST /api/v1/contents/{id}/reports`).
#[derive(Deserialize, ToSchema, Debug)]
pub struct ReportInput {
    /// One of the content reasons: spam, copyright, wrong_chapter, inappropriate.
    pub reason: ReportReason,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub detail: Option<String>,
}

/// A report on any item (`POST /api/v1/reports`).
#[derive(Deserialize, ToSchema, Debug)]
pub struct ItemReportInput {
    /// content, question, answer, post, idea or comment (others are not found).
    pub item_kind: ItemKind,
    pub item_id: i64,
    /// A content: spam, copyright, wrong_chapter, inappropriate; the
    /// others: spam, inappropriate, off_topic, misinformation.
    pub reason: ReportReason,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub detail: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportFiled {
    pub id: ReportId,
}

/// A decision on a reported item.
#[derive(Deserialize, ToSchema, Debug)]
#[schema(as = ReportDecision)]
pub struct Decision {
    pub action: ReportAction,
    /// Why; the author is told.
    #[schema(min_length = 1, max_length = 1000)]
    pub reason: String,
}

/// An item with open reports, for the moderators' queue.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ReportedItem {
    pub item: ItemRef,
    /// The content's id when the item is a content.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_id: Option<ContentId>,
    pub title: String,
    /// Where the item is shown.
    pub link: String,
    pub hidden: bool,
    #[serde(skip)]
    pub author: UserId,
    pub author_name: String,
    /// Its first words (a content's description), to judge without opening it.
    pub preview: String,
    /// A content's chapter now, for moving it from the queue.
    #[serde(skip)]
    pub chapter: Option<crate::ids::ChapterId>,
    pub reports: Vec<ReportLine>,
}

impl ReportedItem {
    /// The kind's words' key in the catalogue.
    pub fn kind_key(&self) -> String {
        format!("report-kind-{}", self.item.kind)
    }

    /// Whether the content is in this chapter now.
    pub fn in_chapter(&self, chapter: &crate::ids::ChapterId) -> bool {
        self.chapter == Some(*chapter)
    }

    /// A content someone says is in the wrong chapter: the queue offers to move it.
    pub fn wrong_chapter(&self) -> bool {
        self.chapter.is_some() && self.reports.iter().any(|r| r.reason == ReportReason::WrongChapter)
    }
}

/// One teacher's report, as the queue shows it.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ReportLine {
    pub id: ReportId,
    pub status: ReportStatus,
    pub reason: ReportReason,
    pub detail: String,
    #[serde(skip)]
    pub reporter: UserId,
    pub reporter_name: String,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_fits_the_kinds_it_was_written_for() {
        assert!(ReportReason::WrongChapter.fits(ItemKind::Content));
        assert!(!ReportReason::WrongChapter.fits(ItemKind::Answer));
        assert!(ReportReason::OffTopic.fits(ItemKind::Comment));
        assert!(!ReportReason::OffTopic.fits(ItemKind::Content));
        assert!(ReportReason::Spam.fits(ItemKind::Content) && ReportReason::Spam.fits(ItemKind::Post));
    }

    #[test]
    fn the_api_document_declares_the_stored_words() {
        use utoipa::PartialSchema;
        let schema = serde_json::to_value(ReportReason::schema()).unwrap();
        let words: Vec<&str> = ReportReason::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(schema["enum"], serde_json::json!(words), "not the variants' Rust names");
    }

    #[test]
    fn each_decision_closes_the_reports_with_its_own_status() {
        let closed: Vec<ReportStatus> = ReportAction::ALL.iter().map(|a| a.closes_as()).collect();
        assert_eq!(closed, [ReportStatus::Hidden, ReportStatus::Restored, ReportStatus::Dismissed]);
    }
}
