//! What practice journals look like from outside: the words of practice
//! (where an entry or a meeting stands, what a note or a circle is, the
//! observation checklist), what a teacher sends to plan or log a try, and
//! what readers see.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ids::{ActivityId, ContentId, MeetingId, ObservationId, PracticeLogId, PracticeNoteId, UserId};

pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 4000;
pub const MAX_NOTE: usize = 1000;

crate::stored_words! {
    /// Where a journal entry stands: planned, or tried and logged.
    pub enum LogStatus {
        Planned = "planned",
        Done = "done",
    }
}

crate::stored_words! {
    /// What a note on an entry is: words, or a tap of encouragement.
    pub enum NoteKind {
        Comment = "comment",
        Encouragement = "encouragement",
    }
}

crate::stored_words! {
    /// What an observer looks for in the classroom (catalogue `practice-check-WORD`).
    pub enum Check {
        Prepared = "prepared",
        Steps = "steps",
        AllChildren = "all_children",
        Talk = "talk",
        Checked = "checked",
    }
}

crate::stored_words! {
    /// A learning circle: a school's (everyone verified there), a
    /// cluster's of nearby schools, or a mentor's small group.
    pub enum CircleKind {
        School = "school",
        Cluster = "cluster",
        Mentorship = "mentorship",
    }
}

crate::stored_words! {
    /// Where a circle meeting stands.
    pub enum MeetingStatus {
        Scheduled = "scheduled",
        Held = "held",
    }
}

crate::stored_words! {
    /// How wide a dashboard's place is (and what its rows are).
    pub enum PlaceLevel {
        Nation = "nation",
        District = "district",
        Upazila = "upazila",
        School = "school",
    }
}

/// A journal entry's words and days, checked: what the store keeps.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub title: String,
    pub activity_id: Option<ActivityId>,
    pub content_id: Option<ContentId>,
    pub class_number: Option<i32>,
    pub planned_on: NaiveDate,
    /// Set once she logged the try.
    pub tried_on: Option<NaiveDate>,
    pub what_done: String,
    pub response: String,
    pub reflection: String,
    pub change_next: String,
    pub shared: bool,
}

impl Entry {
    /// A plan with a title and a day, nothing logged yet.
    pub fn plan(title: String, planned_on: NaiveDate) -> Entry {
        Entry {
            title,
            activity_id: None,
            content_id: None,
            class_number: None,
            planned_on,
            tried_on: None,
            what_done: String::new(),
            response: String::new(),
            reflection: String::new(),
            change_next: String::new(),
            shared: false,
        }
    }

    pub fn status(&self) -> LogStatus {
        if self.tried_on.is_some() { LogStatus::Done } else { LogStatus::Planned }
    }
}

/// A try to plan, or (with `tried_on`) one already made.
#[derive(Deserialize, ToSchema, Clone, Debug, Default)]
pub struct PracticeInput {
    /// The course activity she tries (a "try this in class" task or any other).
    pub activity_id: Option<ActivityId>,
    /// Or a library content.
    pub content_id: Option<ContentId>,
    /// What she will try, in her words (the activity's or content's title when empty).
    #[schema(max_length = 200)]
    pub title: Option<String>,
    /// The class she tries it with (0 = pre-primary).
    #[schema(minimum = 0, maximum = 12)]
    pub class_number: Option<i32>,
    /// YYYY-MM-DD (today when not given).
    pub planned_on: Option<String>,
    /// YYYY-MM-DD: set to log what happened.
    pub tried_on: Option<String>,
    /// What she did (needed with `tried_on`).
    #[schema(max_length = 4000)]
    pub what_done: Option<String>,
    /// How the children responded (needed with `tried_on`).
    #[schema(max_length = 4000)]
    pub response: Option<String>,
    #[schema(max_length = 4000)]
    pub reflection: Option<String>,
    /// What she would change next time.
    #[schema(max_length = 4000)]
    pub change_next: Option<String>,
    /// Share with the whole portal (else her school and circles only).
    pub shared: Option<bool>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct PracticeNote {
    pub id: PracticeNoteId,
    pub author_id: UserId,
    pub author_name: String,
    pub kind: NoteKind,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Observation {
    pub id: ObservationId,
    pub observer_id: UserId,
    pub observer_name: String,
    pub observed_on: NaiveDate,
    /// The checklist items seen.
    pub checks: Vec<Check>,
    pub note: String,
}

/// One entry of a practice journal.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct PracticeLog {
    pub id: PracticeLogId,
    pub teacher_id: UserId,
    pub teacher_name: String,
    pub status: LogStatus,
    pub title: String,
    pub activity_id: Option<ActivityId>,
    pub content_id: Option<ContentId>,
    pub meeting_id: Option<MeetingId>,
    /// Where the activity or content is read.
    pub source_link: Option<String>,
    /// The activity's own instructions (what an observer checks against).
    pub source_steps: Option<String>,
    pub class_number: Option<i32>,
    pub planned_on: NaiveDate,
    pub tried_on: Option<NaiveDate>,
    pub what_done: String,
    pub response: String,
    pub reflection: String,
    pub change_next: String,
    pub photo_url: Option<String>,
    pub voice_url: Option<String>,
    pub voice_secs: Option<f64>,
    /// What opening the photo and the voice note costs, where known.
    pub photo_bytes: Option<i64>,
    pub voice_bytes: Option<i64>,
    pub shared: bool,
    pub notes: Vec<PracticeNote>,
    pub observations: Vec<Observation>,
    /// The reader may change it (its teacher).
    pub mine: bool,
    /// The reader may comment and encourage (her school, her circles).
    pub may_comment: bool,
    /// The reader may record an observation (her head teacher, her mentor).
    pub may_observe: bool,
}

#[derive(Deserialize, ToSchema, Clone, Debug)]
pub struct NoteInput {
    pub kind: NoteKind,
    /// Needed for a comment; an encouragement may be a tap alone.
    #[schema(max_length = 1000)]
    pub body: Option<String>,
}

#[derive(Deserialize, ToSchema, Clone, Debug)]
pub struct ObservationInput {
    /// YYYY-MM-DD (today when not given).
    pub observed_on: Option<String>,
    /// The checklist items seen.
    pub checks: Vec<Check>,
    #[schema(max_length = 4000)]
    pub note: Option<String>,
}
