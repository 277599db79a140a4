//! What practice journals look like from outside: what a teacher sends to
//! plan or log a try, and what readers see.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ids::{ActivityId, ContentId, MeetingId, ObservationId, PracticeLogId, PracticeNoteId, UserId};

pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 4000;
pub const MAX_NOTE: usize = 1000;

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
    /// comment | encouragement
    pub kind: String,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Observation {
    pub id: ObservationId,
    pub observer_id: UserId,
    pub observer_name: String,
    pub observed_on: String,
    /// The checklist items seen (of `practice_checklist` in the catalogue).
    pub checks: Vec<String>,
    pub note: String,
}

/// One entry of a practice journal.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct PracticeLog {
    pub id: PracticeLogId,
    pub teacher_id: UserId,
    pub teacher_name: String,
    /// planned | done
    pub status: String,
    pub title: String,
    pub activity_id: Option<ActivityId>,
    pub content_id: Option<ContentId>,
    pub meeting_id: Option<MeetingId>,
    /// Where the activity or content is read.
    pub source_link: Option<String>,
    /// The activity's own instructions (what an observer checks against).
    pub source_steps: Option<String>,
    pub class_number: Option<i32>,
    pub planned_on: String,
    pub tried_on: Option<String>,
    pub what_done: String,
    pub response: String,
    pub reflection: String,
    pub change_next: String,
    pub photo_url: Option<String>,
    pub voice_url: Option<String>,
    pub voice_secs: Option<f64>,
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
    /// comment | encouragement
    #[schema(pattern = "^(comment|encouragement)$")]
    pub kind: String,
    /// Needed for a comment; an encouragement may be a tap alone.
    #[schema(max_length = 1000)]
    pub body: Option<String>,
}

#[derive(Deserialize, ToSchema, Clone, Debug)]
pub struct ObservationInput {
    /// YYYY-MM-DD (today when not given).
    pub observed_on: Option<String>,
    /// Items seen, from: prepared, steps, all_children, talk, checked.
    #[schema(pattern = "^(prepared|steps|all_children|talk|checked)$")]
    pub checks: Vec<String>,
    #[schema(max_length = 4000)]
    pub note: Option<String>,
}
