//! Practice journals: a teacher plans when and with which class she will
//! try an activity, logs what happened and reflects; her school and
//! circles read, comment, encourage and observe.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::TransactionTrait;

use super::access::{Standing, standing};
use super::entity::{log, note, observation};
use super::model::{
    Check, Entry, MAX_NOTE, MAX_TEXT, MAX_TITLE, NoteInput, NoteKind, Observation, ObservationInput, PracticeInput,
    PracticeLog, PracticeNote,
};
use super::store;
use crate::ids::{ActivityId, ContentId, PracticeLogId, UserId};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

/// Today in Bangladesh.
pub fn today() -> NaiveDate {
    crate::web::dhaka_date(Utc::now())
}

/// A day typed as YYYY-MM-DD, in either script's digits.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(bangla::to_ascii_digits(text.trim()).as_str(), "%Y-%m-%d").ok()
}

fn text_field(errors: &mut FieldErrors, value: Option<&String>, field: &'static str, max: usize) -> String {
    let v = value.map(|s| s.trim().to_owned()).unwrap_or_default();
    if value.is_some_and(|s| s.chars().count() > max) {
        errors.add(field, "field-too-long");
    }
    v
}

/// The title of the course activity or library content a try (or an
/// agenda item) comes from, as `who` may see it: a draft course's task and
/// a hidden content stay unseen, and name an error on `fields` (activity's,
/// content's) instead.
pub(super) async fn source_title(
    state: &AppState,
    who: &CurrentUser,
    activity: Option<ActivityId>,
    content: Option<ContentId>,
    errors: &mut FieldErrors,
    fields: (&'static str, &'static str),
) -> AppResult<Option<String>> {
    let mut title = None;
    if let Some(a) = activity {
        match crate::learning::study::shown_activity(state, who, a).await {
            Ok(activity) => title = Some(activity.title),
            Err(AppError::NotFound) => errors.add(fields.0, "practice-no-activity"),
            Err(e) => return Err(e),
        }
    }
    if let Some(c) = content {
        match crate::content::service::visible_to(state, None, c).await {
            Ok(content) => title = title.or(Some(content.title)),
            Err(AppError::NotFound) => errors.add(fields.1, "practice-no-content"),
            Err(e) => return Err(e),
        }
    }
    Ok(title)
}

/// A typed day, or `empty` when she typed none; None (and an error on
/// `field`) when it is no day or not `allowed`.
fn day_field(
    errors: &mut FieldErrors,
    typed: Option<&str>,
    empty: Option<NaiveDate>,
    allowed: impl Fn(NaiveDate) -> bool,
    (field, key): (&'static str, &'static str),
) -> Option<NaiveDate> {
    match typed.filter(|t| !t.trim().is_empty()) {
        None => empty,
        Some(t) => {
            let day = parse_day(t).filter(|d| allowed(*d));
            if day.is_none() {
                errors.add(field, key);
            }
            day
        }
    }
}

/// The entry `input` describes, checked: its title (the activity's or
/// content's when she wrote none), a planned day within a year of today,
/// a tried day not in the future, and what happened once she tried it.
async fn checked(state: &AppState, who: &CurrentUser, input: &PracticeInput) -> AppResult<Entry> {
    let mut errors = FieldErrors::default();
    let mut title = text_field(&mut errors, input.title.as_ref(), "title", MAX_TITLE);
    let source =
        source_title(state, who, input.activity_id, input.content_id, &mut errors, ("activity_id", "content_id"))
            .await?;
    if title.is_empty() {
        title = source.unwrap_or_default();
    }
    if title.is_empty() {
        errors.add("title", "practice-title-needed");
    }
    if input.class_number.is_some_and(|c| !(0..=12).contains(&c)) {
        errors.add("class_number", "practice-class-range");
    }
    let today = today();
    let within_a_year = |d: NaiveDate| (d - today).num_days().abs() <= 366;
    let planned_on = day_field(
        &mut errors,
        input.planned_on.as_deref(),
        Some(today),
        within_a_year,
        ("planned_on", "practice-date-bad"),
    );
    let not_ahead = |d: NaiveDate| d <= today + Duration::days(1) && (today - d).num_days() <= 366;
    let tried = input.tried_on.as_deref().filter(|t| !t.trim().is_empty());
    let tried_on = day_field(&mut errors, tried, None, not_ahead, ("tried_on", "practice-tried-bad"));
    let what_done = text_field(&mut errors, input.what_done.as_ref(), "what_done", MAX_TEXT);
    let response = text_field(&mut errors, input.response.as_ref(), "response", MAX_TEXT);
    let reflection = text_field(&mut errors, input.reflection.as_ref(), "reflection", MAX_TEXT);
    let change_next = text_field(&mut errors, input.change_next.as_ref(), "change_next", MAX_TEXT);
    if tried.is_some() {
        if what_done.is_empty() {
            errors.add("what_done", "practice-what-needed");
        }
        if response.is_empty() {
            errors.add("response", "practice-response-needed");
        }
    }
    errors.into_result()?;
    Ok(Entry {
        title,
        activity_id: input.activity_id,
        content_id: input.content_id,
        class_number: input.class_number,
        planned_on: planned_on.unwrap_or(today),
        tried_on,
        what_done,
        response,
        reflection,
        change_next,
        shared: input.shared.unwrap_or(false),
    })
}

/// Entries planned, logged or changed in an hour: a busy day's work many
/// times over, far from a flood.
pub const ENTRIES_PER_HOUR: u32 = 60;

async fn entry_allowance(state: &AppState, who: &CurrentUser) -> AppResult<()> {
    crate::web::ratelimit::hourly_allowance(&state.db, "practice", who.id.0, ENTRIES_PER_HOUR, "quota-practice-hour")
        .await
}

/// Plans a try (or logs one already made, with `tried_on`).
pub async fn create(state: &AppState, who: &CurrentUser, input: &PracticeInput) -> AppResult<PracticeLogId> {
    let entry = checked(state, who, input).await?;
    entry_allowance(state, who).await?;
    let id = store::insert(&state.db, who.id, None, &entry).await?.id;
    super::dashboard::recount(state);
    Ok(id)
}

/// Her entry, for her to change; NotFound for anyone else's (ids are not
/// secrets, but nobody learns which exist).
pub async fn own(state: &AppState, who: &CurrentUser, id: PracticeLogId) -> AppResult<log::Model> {
    match store::find(&state.db, id).await? {
        Some(l) if l.teacher_id == who.id => Ok(l),
        Some(l) if l.shared => Err(AppError::Forbidden),
        _ => Err(AppError::NotFound),
    }
}

/// Replaces what the entry says (its photo and voice note stay).
pub async fn update(state: &AppState, who: &CurrentUser, id: PracticeLogId, input: &PracticeInput) -> AppResult<()> {
    let old = own(state, who, id).await?;
    let entry = checked(state, who, input).await?;
    entry_allowance(state, who).await?;
    store::rewrite(&state.db, old.id, &entry).await?;
    super::dashboard::recount(state);
    Ok(())
}

pub async fn set_shared(state: &AppState, who: &CurrentUser, id: PracticeLogId, shared: bool) -> AppResult<()> {
    let l = own(state, who, id).await?;
    store::set_shared(&state.db, l.id, shared).await?;
    Ok(())
}

/// The entry, its teacher's name and what the reader may do; NotFound when
/// she may not read it.
pub async fn readable(
    state: &AppState,
    reader: Option<&CurrentUser>,
    id: PracticeLogId,
) -> AppResult<(log::Model, String, Standing)> {
    let l = store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let (name, s) = teacher_and_standing(state, reader, l.teacher_id).await?;
    if !(s.reads || l.shared) {
        return Err(AppError::NotFound);
    }
    Ok((l, name, s))
}

/// A journal's teacher's name and the reader's standing. Her own journal is
/// the one a teacher opens most: her name comes with her sign-in then,
/// and her account is not read again.
async fn teacher_and_standing(
    state: &AppState,
    reader: Option<&CurrentUser>,
    teacher: UserId,
) -> AppResult<(String, Standing)> {
    if let Some(me) = reader.filter(|r| r.id == teacher) {
        return Ok((me.name.clone(), Standing::OWN));
    }
    let t = crate::accounts::store::find(&state.db, teacher).await?.ok_or(AppError::NotFound)?;
    let s = standing(state, reader, &t).await?;
    Ok((t.name, s))
}

pub async fn view(state: &AppState, reader: Option<&CurrentUser>, id: PracticeLogId) -> AppResult<PracticeLog> {
    let (l, name, s) = readable(state, reader, id).await?;
    let teacher = l.teacher_id;
    let mut views = views(state, vec![l], &HashMap::from([(teacher, (name, s))])).await?;
    views.pop().ok_or(AppError::NotFound)
}

/// One page of a teacher's journal.
pub struct JournalPage {
    pub teacher_name: String,
    pub standing: Standing,
    pub entries: Vec<PracticeLog>,
    /// Whether older entries follow on the next page.
    pub more: bool,
}

/// A page (from 1) of a teacher's journal as the reader may see it: her
/// planned tries, then those made, newest first (shared entries only for
/// readers outside her school and circles).
pub async fn journal(
    state: &AppState,
    reader: Option<&CurrentUser>,
    teacher: UserId,
    page: u64,
) -> AppResult<JournalPage> {
    let (name, s) = teacher_and_standing(state, reader, teacher).await?;
    let (logs, more) = store::journal(&state.db, teacher, !s.reads, page).await?;
    let entries = views(state, logs, &HashMap::from([(teacher, (name.clone(), s))])).await?;
    Ok(JournalPage { teacher_name: name, standing: s, entries, more })
}

/// Entries as readers see them, their notes and observations read in
/// one query each; `who` gives each teacher's name and the reader's standing.
pub async fn views(
    state: &AppState,
    logs: Vec<log::Model>,
    who: &HashMap<UserId, (String, Standing)>,
) -> AppResult<Vec<PracticeLog>> {
    Ok(views_naming(state, logs, who, &[]).await?.0)
}

/// [`views`], with the titles of the course tasks `also` (and the entries') in the same statement.
pub async fn views_naming(
    state: &AppState,
    logs: Vec<log::Model>,
    who: &HashMap<UserId, (String, Standing)>,
    also: &[ActivityId],
) -> AppResult<(Vec<PracticeLog>, HashMap<ActivityId, String>)> {
    let ids: Vec<PracticeLogId> = logs.iter().map(|l| l.id).collect();
    let mut activities: Vec<ActivityId> =
        logs.iter().filter_map(|l| l.activity_id).chain(also.iter().copied()).collect();
    activities.sort();
    activities.dedup();
    let store::Around { notes, observations, names, steps, titles } =
        store::around(&state.db, &ids, &activities).await?;
    let views = logs
        .into_iter()
        .map(|l| {
            let (teacher_name, s) = who.get(&l.teacher_id).cloned().unwrap_or_default();
            let notes = notes.iter().filter(|n| n.log_id == l.id).map(|n| note_view(n, &names)).collect();
            let observations =
                observations.iter().filter(|o| o.log_id == l.id).map(|o| observation_view(o, &names)).collect();
            let source_steps = l.activity_id.and_then(|a| steps.get(&a).cloned()).filter(|s| !s.is_empty());
            log_view(l, teacher_name, s, source_steps, notes, observations)
        })
        .collect();
    Ok((views, titles))
}

fn log_view(
    l: log::Model,
    teacher_name: String,
    s: Standing,
    source_steps: Option<String>,
    notes: Vec<PracticeNote>,
    observations: Vec<Observation>,
) -> PracticeLog {
    let source_link = match (l.activity_id, l.content_id) {
        (Some(a), _) => Some(format!("/learn/activities/{a}")),
        (None, Some(c)) => Some(format!("/contents/{c}")),
        _ => None,
    };
    PracticeLog {
        id: l.id,
        teacher_id: l.teacher_id,
        teacher_name,
        status: l.status,
        title: l.title,
        activity_id: l.activity_id,
        content_id: l.content_id,
        meeting_id: l.meeting_id,
        source_link,
        source_steps,
        class_number: l.class_number,
        planned_on: l.planned_on,
        tried_on: l.tried_on,
        what_done: l.what_done,
        response: l.response,
        reflection: l.reflection,
        change_next: l.change_next,
        photo_url: l.photo_key.as_ref().map(|_| format!("/practice/logs/{}/photo", l.id)),
        voice_url: l.voice_key.as_ref().map(|_| format!("/practice/logs/{}/voice", l.id)),
        voice_secs: l.voice_secs,
        photo_bytes: l.photo_bytes,
        voice_bytes: l.voice_bytes,
        shared: l.shared,
        notes,
        observations,
        mine: s.own,
        may_comment: s.comments,
        may_observe: s.observes,
    }
}

fn note_view(n: &note::Model, names: &HashMap<UserId, String>) -> PracticeNote {
    PracticeNote {
        id: n.id,
        author_id: n.author_id,
        author_name: names.get(&n.author_id).cloned().unwrap_or_default(),
        kind: n.kind,
        body: n.body.clone(),
        created_at: n.created_at,
    }
}

fn observation_view(o: &observation::Model, names: &HashMap<UserId, String>) -> Observation {
    Observation {
        id: o.id,
        observer_id: o.observer_id,
        observer_name: names.get(&o.observer_id).cloned().unwrap_or_default(),
        observed_on: o.observed_on,
        checks: o.checks.split(',').filter_map(Check::parse).collect(),
        note: o.note.clone(),
    }
}

/// A comment or encouragement from her school or circles; she is told.
pub async fn add_note(state: &AppState, who: &CurrentUser, id: PracticeLogId, input: &NoteInput) -> AppResult<()> {
    let (l, _, s) = readable(state, Some(who), id).await?;
    if !s.comments {
        return Err(AppError::NotAllowed { code: "not_her_school", key: "practice-comment-school-only" });
    }
    let body = input.body.as_deref().unwrap_or("").trim().to_owned();
    let mut errors = FieldErrors::default();
    if input.kind == NoteKind::Comment && body.is_empty() {
        errors.add("body", "practice-note-needed");
    }
    if input.body.as_deref().unwrap_or("").chars().count() > MAX_NOTE {
        errors.add("body", "field-too-long");
    }
    errors.into_result()?;
    let txn = state.db.begin().await?;
    store::add_note(&txn, id, who.id, input.kind, &body).await?;
    if l.teacher_id != who.id {
        let kind = match input.kind {
            NoteKind::Encouragement => "notify-practice-encouraged",
            NoteKind::Comment => "notify-practice-comment",
        };
        crate::notifications::store::notify(&txn, l.teacher_id, kind, &who.name, &format!("/practice/logs/{id}"))
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A classroom observation by her head teacher or mentor; she is told.
pub async fn observe(
    state: &AppState,
    who: &CurrentUser,
    id: PracticeLogId,
    input: &ObservationInput,
) -> AppResult<()> {
    let (l, _, s) = readable(state, Some(who), id).await?;
    if !s.observes {
        return Err(AppError::NotAllowed { code: "not_her_head_teacher", key: "practice-observe-head-only" });
    }
    let mut errors = FieldErrors::default();
    // In the checklist's order, each once.
    let checks: Vec<Check> = Check::ALL.iter().copied().filter(|c| input.checks.contains(c)).collect();
    let note = text_field(&mut errors, input.note.as_ref(), "note", MAX_TEXT);
    if checks.is_empty() && note.is_empty() {
        errors.add("checks", "practice-observation-empty");
    }
    let today = today();
    let not_ahead = |d: NaiveDate| d <= today + Duration::days(1);
    let on = day_field(
        &mut errors,
        input.observed_on.as_deref(),
        Some(today),
        not_ahead,
        ("observed_on", "practice-tried-bad"),
    );
    errors.into_result()?;
    let txn = state.db.begin().await?;
    store::add_observation(&txn, id, who.id, on.unwrap_or(today), &checks, &note).await?;
    crate::notifications::store::notify(
        &txn,
        l.teacher_id,
        "notify-practice-observed",
        &who.name,
        &format!("/practice/logs/{id}"),
    )
    .await?;
    txn.commit().await?;
    super::dashboard::recount(state);
    Ok(())
}

/// Tries teachers shared with the whole portal, newest first.
pub async fn shared_stories(state: &AppState, reader: Option<&CurrentUser>) -> AppResult<Vec<PracticeLog>> {
    let logs = store::shared(&state.db, 60).await?;
    let mut teachers: Vec<UserId> = logs.iter().map(|l| l.teacher_id).collect();
    teachers.sort();
    teachers.dedup();
    let who: HashMap<UserId, (String, Standing)> = crate::accounts::store::find_many(&state.db, &teachers)
        .await?
        .into_iter()
        .map(|t| {
            let own = reader.is_some_and(|r| r.id == t.id);
            (t.id, (t.name, Standing { own, reads: true, ..Standing::default() }))
        })
        .collect();
    views(state, logs, &who).await
}
