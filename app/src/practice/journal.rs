//! Practice journals: a teacher plans when and with which class she will
//! try an activity, logs what happened and reflects; her school and
//! circles read, comment, encourage and observe.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveValue::NotSet, IntoActiveModel, Set, TransactionTrait};

use super::access::{Standing, standing};
use super::entity::log;
use super::model::{
    MAX_NOTE, MAX_TEXT, MAX_TITLE, NoteInput, Observation, ObservationInput, PracticeInput, PracticeLog, PracticeNote,
};
use super::store;
use crate::accounts::entity::user;
use crate::ids::{PracticeLogId, UserId};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

/// The classroom observation checklist (catalogue `practice-check-KEY`).
pub const CHECKS: [&str; 5] = ["prepared", "steps", "all_children", "talk", "checked"];

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

/// The entry `input` describes, checked; `title_of_source` names the
/// activity or content when she wrote no title of her own.
async fn checked(state: &AppState, who: &CurrentUser, input: &PracticeInput) -> AppResult<log::ActiveModel> {
    let mut errors = FieldErrors::default();
    let mut title = text_field(&mut errors, input.title.as_ref(), "title", MAX_TITLE);
    if let Some(a) = input.activity_id {
        // Only a task she may be shown: a draft course's stays unseen.
        match crate::learning::study::shown_activity(state, who, a).await {
            Ok(activity) if title.is_empty() => title = activity.title,
            Ok(_) => {}
            Err(AppError::NotFound) => errors.add("activity_id", "practice-no-activity"),
            Err(e) => return Err(e),
        }
    }
    if let Some(c) = input.content_id {
        match crate::content::store::find(&state.db, c).await? {
            Some(content) if content.deleted_at.is_none() && !content.hidden => {
                if title.is_empty() {
                    title = content.title;
                }
            }
            _ => errors.add("content_id", "practice-no-content"),
        }
    }
    if title.is_empty() {
        errors.add("title", "practice-title-needed");
    }
    if input.class_number.is_some_and(|c| !(0..=12).contains(&c)) {
        errors.add("class_number", "practice-class-range");
    }
    let today = today();
    let planned_on = match input.planned_on.as_deref().filter(|p| !p.trim().is_empty()) {
        None => Some(today),
        Some(p) => parse_day(p).filter(|d| (*d - today).num_days().abs() <= 366),
    };
    if planned_on.is_none() {
        errors.add("planned_on", "practice-date-bad");
    }
    let tried_on = match input.tried_on.as_deref().filter(|t| !t.trim().is_empty()) {
        None => None,
        Some(t) => {
            match parse_day(t).filter(|d| *d <= today + chrono::Duration::days(1) && (today - *d).num_days() <= 366) {
                Some(d) => Some(d),
                None => {
                    errors.add("tried_on", "practice-tried-bad");
                    None
                }
            }
        }
    };
    let what_done = text_field(&mut errors, input.what_done.as_ref(), "what_done", MAX_TEXT);
    let response = text_field(&mut errors, input.response.as_ref(), "response", MAX_TEXT);
    let reflection = text_field(&mut errors, input.reflection.as_ref(), "reflection", MAX_TEXT);
    let change_next = text_field(&mut errors, input.change_next.as_ref(), "change_next", MAX_TEXT);
    if tried_on.is_some() || input.tried_on.as_deref().is_some_and(|t| !t.trim().is_empty()) {
        if what_done.is_empty() {
            errors.add("what_done", "practice-what-needed");
        }
        if response.is_empty() {
            errors.add("response", "practice-response-needed");
        }
    }
    errors.into_result()?;
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    Ok(log::ActiveModel {
        id: NotSet,
        teacher_id: NotSet,
        status: Set(if tried_on.is_some() { "done" } else { "planned" }.to_owned()),
        title: Set(title),
        activity_id: Set(input.activity_id),
        content_id: Set(input.content_id),
        meeting_id: NotSet,
        class_number: Set(input.class_number),
        planned_on: Set(planned_on.map(day).unwrap_or_default()),
        tried_on: Set(tried_on.map(day)),
        what_done: Set(what_done),
        response: Set(response),
        reflection: Set(reflection),
        change_next: Set(change_next),
        photo_key: NotSet,
        voice_key: NotSet,
        voice_secs: NotSet,
        shared: Set(input.shared.unwrap_or(false)),
        created_at: NotSet,
        updated_at: Set(Utc::now()),
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
    let mut new = checked(state, who, input).await?;
    entry_allowance(state, who).await?;
    new.teacher_id = Set(who.id);
    new.created_at = Set(Utc::now());
    Ok(store::insert(&state.db, new).await?.id)
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
    let mut changed = checked(state, who, input).await?;
    entry_allowance(state, who).await?;
    changed.id = Set(old.id);
    changed.teacher_id = Set(old.teacher_id);
    changed.meeting_id = Set(old.meeting_id);
    changed.created_at = Set(old.created_at);
    store::save(&state.db, changed).await?;
    Ok(())
}

pub async fn set_shared(state: &AppState, who: &CurrentUser, id: PracticeLogId, shared: bool) -> AppResult<()> {
    let mut l = own(state, who, id).await?.into_active_model();
    l.shared = Set(shared);
    l.updated_at = Set(Utc::now());
    store::save(&state.db, l).await?;
    Ok(())
}

/// The entry and its teacher with what the reader may do; NotFound when
/// she may not read it.
pub async fn readable(
    state: &AppState,
    reader: Option<&CurrentUser>,
    id: PracticeLogId,
) -> AppResult<(log::Model, user::Model, Standing)> {
    let l = store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let teacher = crate::accounts::store::find(&state.db, l.teacher_id).await?.ok_or(AppError::NotFound)?;
    let s = standing(state, reader, &teacher).await?;
    if !(s.reads || l.shared) {
        return Err(AppError::NotFound);
    }
    Ok((l, teacher, s))
}

pub async fn view(state: &AppState, reader: Option<&CurrentUser>, id: PracticeLogId) -> AppResult<PracticeLog> {
    let (l, teacher, s) = readable(state, reader, id).await?;
    let mut views = views(state, vec![l], &HashMap::from([(teacher.id, (teacher.name.clone(), s))])).await?;
    views.pop().ok_or(AppError::NotFound)
}

/// A teacher's journal as the reader may see it (shared entries only
/// for readers outside her school and circles).
pub async fn journal(
    state: &AppState,
    reader: Option<&CurrentUser>,
    teacher: UserId,
) -> AppResult<(user::Model, Standing, Vec<PracticeLog>)> {
    let t = crate::accounts::store::find(&state.db, teacher).await?.ok_or(AppError::NotFound)?;
    let s = standing(state, reader, &t).await?;
    let logs = store::journal(&state.db, teacher, !s.reads).await?;
    let list = views(state, logs, &HashMap::from([(t.id, (t.name.clone(), s))])).await?;
    Ok((t, s, list))
}

/// Entries as readers see them, their notes and observations read in
/// one query each; `who` gives each teacher's name and the reader's standing.
pub async fn views(
    state: &AppState,
    logs: Vec<log::Model>,
    who: &HashMap<UserId, (String, Standing)>,
) -> AppResult<Vec<PracticeLog>> {
    let ids: Vec<PracticeLogId> = logs.iter().map(|l| l.id).collect();
    let notes = store::notes_of(&state.db, &ids).await?;
    let observations = store::observations_of(&state.db, &ids).await?;
    let mut people: Vec<UserId> = notes.iter().map(|n| n.author_id).collect();
    people.extend(observations.iter().map(|o| o.observer_id));
    people.sort();
    people.dedup();
    let names: HashMap<UserId, String> =
        crate::accounts::store::find_many(&state.db, &people).await?.into_iter().map(|u| (u.id, u.name)).collect();
    let name = |id: UserId| names.get(&id).cloned().unwrap_or_default();
    let mut activities: Vec<crate::ids::ActivityId> = logs.iter().filter_map(|l| l.activity_id).collect();
    activities.sort();
    activities.dedup();
    let steps = crate::learning::store::activity_steps(&state.db, &activities).await?;
    Ok(logs
        .into_iter()
        .map(|l| {
            let (teacher_name, s) = who.get(&l.teacher_id).cloned().unwrap_or_default();
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
                source_steps: l.activity_id.and_then(|a| steps.get(&a).cloned()).filter(|s| !s.is_empty()),
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
                shared: l.shared,
                notes: notes
                    .iter()
                    .filter(|n| n.log_id == l.id)
                    .map(|n| PracticeNote {
                        id: n.id,
                        author_id: n.author_id,
                        author_name: name(n.author_id),
                        kind: n.kind.clone(),
                        body: n.body.clone(),
                        created_at: n.created_at,
                    })
                    .collect(),
                observations: observations
                    .iter()
                    .filter(|o| o.log_id == l.id)
                    .map(|o| Observation {
                        id: o.id,
                        observer_id: o.observer_id,
                        observer_name: name(o.observer_id),
                        observed_on: o.observed_on.clone(),
                        checks: o.checks.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect(),
                        note: o.note.clone(),
                    })
                    .collect(),
                mine: s.own,
                may_comment: s.comments,
                may_observe: s.observes,
            }
        })
        .collect())
}

/// A comment or encouragement from her school or circles; she is told.
pub async fn add_note(state: &AppState, who: &CurrentUser, id: PracticeLogId, input: &NoteInput) -> AppResult<()> {
    let (l, _, s) = readable(state, Some(who), id).await?;
    if !s.comments {
        return Err(AppError::NotAllowed { code: "not_her_school", key: "practice-comment-school-only" });
    }
    let body = input.body.as_deref().unwrap_or("").trim().to_owned();
    let mut errors = FieldErrors::default();
    match input.kind.as_str() {
        "comment" if body.is_empty() => errors.add("body", "practice-note-needed"),
        "comment" | "encouragement" => {}
        _ => errors.add("kind", "practice-note-kind"),
    }
    if input.body.as_deref().unwrap_or("").chars().count() > MAX_NOTE {
        errors.add("body", "field-too-long");
    }
    errors.into_result()?;
    let txn = state.db.begin().await?;
    store::add_note(&txn, id, who.id, &input.kind, &body).await?;
    if l.teacher_id != who.id {
        let kind = if input.kind == "encouragement" { "notify-practice-encouraged" } else { "notify-practice-comment" };
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
    let checks: Vec<&str> = CHECKS.into_iter().filter(|c| input.checks.iter().any(|i| i == c)).collect();
    if input.checks.iter().any(|c| !CHECKS.contains(&c.as_str())) {
        errors.add("checks", "practice-check-unknown");
    }
    let note = text_field(&mut errors, input.note.as_ref(), "note", MAX_TEXT);
    if checks.is_empty() && note.is_empty() {
        errors.add("checks", "practice-observation-empty");
    }
    let on = match input.observed_on.as_deref().filter(|d| !d.trim().is_empty()) {
        None => Some(today()),
        Some(d) => parse_day(d).filter(|d| *d <= today() + chrono::Duration::days(1)),
    };
    if on.is_none() {
        errors.add("observed_on", "practice-tried-bad");
    }
    errors.into_result()?;
    let on = on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let txn = state.db.begin().await?;
    store::add_observation(&txn, id, who.id, &on, &checks.join(","), &note).await?;
    crate::notifications::store::notify(
        &txn,
        l.teacher_id,
        "notify-practice-observed",
        &who.name,
        &format!("/practice/logs/{id}"),
    )
    .await?;
    txn.commit().await?;
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
