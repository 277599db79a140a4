//! The practice tables, owned here.

use crate::db::entity;

entity!(log, "practice_logs", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::PracticeLogId,
    pub teacher_id: crate::ids::UserId,
    pub status: crate::practice::model::LogStatus,
    /// What she tries (the activity's or content's title unless she wrote her own).
    pub title: String,
    pub activity_id: Option<crate::ids::ActivityId>,
    pub content_id: Option<crate::ids::ContentId>,
    /// The circle meeting where she said she would try it.
    pub meeting_id: Option<crate::ids::MeetingId>,
    pub class_number: Option<i32>,
    pub planned_on: chrono::NaiveDate,
    /// Once logged.
    pub tried_on: Option<chrono::NaiveDate>,
    pub what_done: String,
    /// How the children responded.
    pub response: String,
    pub reflection: String,
    /// What she would change next time.
    pub change_next: String,
    /// Storage key of the reflection's photo (re-encoded, no location data).
    pub photo_key: Option<String>,
    /// Storage key of the voice note's small mono rendition.
    pub voice_key: Option<String>,
    pub voice_secs: Option<f64>,
    /// Sizes of the photo and voice note, for what opening them costs.
    pub photo_bytes: Option<i64>,
    pub voice_bytes: Option<i64>,
    /// Shared to the whole portal (else her school and circles only).
    pub shared: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
});

entity!(note, "practice_notes", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::PracticeNoteId,
    pub log_id: crate::ids::PracticeLogId,
    pub author_id: crate::ids::UserId,
    pub kind: crate::practice::model::NoteKind,
    pub body: String,
    pub created_at: DateTimeUtc,
});

entity!(observation, "practice_observations", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::ObservationId,
    pub log_id: crate::ids::PracticeLogId,
    pub observer_id: crate::ids::UserId,
    pub observed_on: chrono::NaiveDate,
    /// The checklist items seen, comma-separated (`practice::model::Check`).
    pub checks: String,
    pub note: String,
    pub created_at: DateTimeUtc,
});

entity!(reminder, "practice_reminders", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub teacher_id: crate::ids::UserId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub activity_id: crate::ids::ActivityId,
    pub sent_at: DateTimeUtc,
});

entity!(circle, "circles", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::CircleId,
    pub kind: crate::practice::model::CircleKind,
    pub name: String,
    /// The head teacher, the cluster's lead teacher, or the mentor.
    pub lead_id: crate::ids::UserId,
    pub institution_id: Option<crate::ids::InstitutionId>,
    /// The lead's place when the circle began (for officers' figures).
    pub district_id: Option<crate::ids::DistrictId>,
    pub upazila_id: Option<crate::ids::UpazilaId>,
    pub created_at: DateTimeUtc,
});

entity!(member, "circle_members", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub circle_id: crate::ids::CircleId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: crate::ids::UserId,
    /// She lets the circle (its mentor) read her journal.
    pub sees_journal: bool,
    pub joined_at: DateTimeUtc,
});

entity!(meeting, "circle_meetings", {
    #[sea_orm(primary_key)]
    pub id: crate::ids::MeetingId,
    pub circle_id: crate::ids::CircleId,
    pub meets_on: chrono::NaiveDate,
    pub place: String,
    pub status: crate::practice::model::MeetingStatus,
    /// What was shared at the meeting.
    pub shared: String,
    pub created_by: crate::ids::UserId,
    pub created_at: DateTimeUtc,
    pub held_at: Option<DateTimeUtc>,
});

entity!(agenda, "meeting_agenda", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub meeting_id: crate::ids::MeetingId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    pub title: String,
    pub activity_id: Option<crate::ids::ActivityId>,
    pub content_id: Option<crate::ids::ContentId>,
});

entity!(attendee, "meeting_people", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub meeting_id: crate::ids::MeetingId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: crate::ids::UserId,
    pub came: bool,
    pub will_try: String,
    /// The planned entry made from what she said she would try.
    pub log_id: Option<crate::ids::PracticeLogId>,
});
