//! A learning circle's meetings: the lead schedules one with activities
//! on the agenda (members are told and prepare from them), and records it
//! once held: who came, what was shared, and what each will try, which
//! becomes a planned entry in her journal.

use chrono::Duration;
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::circles::{MAX_NAME, led, members_of, view};
use super::entity::{agenda, attendee, circle, meeting, member};
use super::journal::{parse_day, source_title, today};
use super::model::{Entry, MAX_TEXT, MAX_TITLE};
use super::store::{self, circles};
use crate::ids::{ActivityId, CircleId, ContentId, MeetingId, PracticeLogId, UserId};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

pub const MAX_AGENDA: usize = 6;

/// An agenda item: a course activity, a library content, or a topic.
#[derive(Deserialize, ToSchema, Clone, Debug, Default)]
pub struct AgendaInput {
    pub activity_id: Option<ActivityId>,
    pub content_id: Option<ContentId>,
    pub title: Option<String>,
}

#[derive(Deserialize, ToSchema, Clone, Debug, Default)]
pub struct MeetingInput {
    /// YYYY-MM-DD, in either script's digits.
    pub meets_on: String,
    pub place: String,
    pub agenda: Vec<AgendaInput>,
}

/// An agenda item checked: its title, and what it links to.
type AgendaItem = (String, Option<ActivityId>, Option<ContentId>);

/// The agenda's items as the lead may show them (up to [`MAX_AGENDA`]).
async fn agenda_items(
    state: &AppState,
    who: &CurrentUser,
    agenda: &[AgendaInput],
    errors: &mut FieldErrors,
) -> AppResult<Vec<AgendaItem>> {
    let mut items = Vec::new();
    for item in agenda.iter().take(MAX_AGENDA) {
        let mut title = item.title.as_deref().unwrap_or("").trim().to_owned();
        let source = source_title(state, who, item.activity_id, item.content_id, errors, ("agenda", "agenda")).await?;
        if title.is_empty() {
            title = source.unwrap_or_default();
        }
        if title.chars().count() > MAX_TITLE {
            errors.add("agenda", "field-too-long");
        }
        if !title.is_empty() {
            items.push((title, item.activity_id, item.content_id));
        }
    }
    if items.is_empty() {
        errors.add("agenda", "practice-agenda-needed");
    }
    Ok(items)
}

/// Schedules a meeting (the lead); members are told.
pub async fn schedule(state: &AppState, who: &CurrentUser, id: CircleId, input: &MeetingInput) -> AppResult<MeetingId> {
    let c = led(state, who, id).await?;
    let mut errors = FieldErrors::default();
    let on = parse_day(&input.meets_on).filter(|d| (*d - today()).num_days().abs() <= 366);
    if on.is_none() {
        errors.add("meets_on", "practice-date-bad");
    }
    let place = input.place.trim();
    if place.chars().count() > MAX_NAME {
        errors.add("place", "field-too-long");
    }
    let items = agenda_items(state, who, &input.agenda, &mut errors).await?;
    errors.into_result()?;
    let on = on.unwrap_or_else(today);
    let members = members_of(state, &c).await?;
    let txn = state.db.begin().await?;
    let m = circles::insert_meeting(&txn, id, on, place, who.id).await?;
    circles::add_agenda(&txn, m.id, items).await?;
    tell_members(&txn, &c, &members, who, &m).await?;
    txn.commit().await?;
    Ok(m.id)
}

/// Every member but the lead hears of the meeting.
async fn tell_members(
    db: &impl sea_orm::ConnectionTrait,
    c: &circle::Model,
    members: &[member::Model],
    who: &CurrentUser,
    m: &meeting::Model,
) -> AppResult<()> {
    let detail = format!("{} · {}", c.name, m.meets_on);
    let link = format!("/practice/meetings/{}", m.id);
    for member in members.iter().filter(|x| x.user_id != who.id) {
        crate::notifications::store::notify(db, member.user_id, "notify-practice-meeting", &detail, &link).await?;
    }
    Ok(())
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct AgendaLine {
    pub position: i32,
    pub title: String,
    /// Where members prepare: the activity's or content's page.
    pub link: Option<String>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct AttendeeLine {
    pub id: UserId,
    pub name: String,
    pub came: bool,
    pub will_try: String,
    pub log_id: Option<PracticeLogId>,
}

#[derive(Clone, Debug)]
pub struct MeetingView {
    pub meeting: meeting::Model,
    pub circle: circle::Model,
    pub agenda: Vec<AgendaLine>,
    /// Every member with what was recorded (all absent before the record).
    pub people: Vec<AttendeeLine>,
    pub leads: bool,
}

pub async fn meeting(state: &AppState, who: &CurrentUser, id: MeetingId) -> AppResult<MeetingView> {
    let m = circles::meeting(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let view = view(state, who, m.circle_id).await?;
    let agenda = circles::agenda_of(&state.db, id)
        .await?
        .into_iter()
        .map(|a| AgendaLine {
            position: a.position,
            title: a.title,
            link: match (a.activity_id, a.content_id) {
                (Some(x), _) => Some(format!("/learn/activities/{x}")),
                (None, Some(c)) => Some(format!("/contents/{c}")),
                _ => None,
            },
        })
        .collect();
    let recorded = circles::attendees(&state.db, id).await?;
    let people = view
        .members
        .iter()
        .map(|p| {
            let r = recorded.iter().find(|r| r.user_id == p.id);
            AttendeeLine {
                id: p.id,
                name: p.name.clone(),
                came: r.is_some_and(|r| r.came),
                will_try: r.map(|r| r.will_try.clone()).unwrap_or_default(),
                log_id: r.and_then(|r| r.log_id),
            }
        })
        .collect();
    Ok(MeetingView { meeting: m, circle: view.circle, agenda, people, leads: view.leads })
}

/// One member's line of the meeting's record.
#[derive(Deserialize, ToSchema, Clone, Debug)]
pub struct PersonRecord {
    pub user_id: UserId,
    pub came: bool,
    /// What she will try in class (becomes a planned entry).
    pub will_try: Option<String>,
    /// The agenda item it comes from (its activity or content is linked).
    pub agenda_position: Option<i32>,
    pub class_number: Option<i32>,
    /// YYYY-MM-DD, in either script's digits (a week after the meeting when not given).
    pub planned_on: Option<String>,
}

#[derive(Deserialize, ToSchema, Clone, Debug, Default)]
pub struct RecordInput {
    /// What was shared at the meeting.
    pub shared: String,
    pub people: Vec<PersonRecord>,
}

/// The record's lines, each a member once, within the limits.
fn check_record(input: &RecordInput, members: &[member::Model]) -> AppResult<()> {
    let mut errors = FieldErrors::default();
    if input.shared.trim().chars().count() > MAX_TEXT {
        errors.add("shared", "field-too-long");
    }
    let mut named: Vec<UserId> = input.people.iter().map(|p| p.user_id).collect();
    named.sort();
    named.dedup();
    let strangers = input.people.iter().any(|p| !members.iter().any(|x| x.user_id == p.user_id));
    if named.len() != input.people.len() || strangers {
        errors.add("people", "practice-not-member");
    }
    if input.people.iter().any(|p| p.will_try.as_deref().unwrap_or("").chars().count() > MAX_TITLE) {
        errors.add("people", "field-too-long");
    }
    if input.people.iter().any(|p| p.class_number.is_some_and(|c| !(0..=12).contains(&c))) {
        errors.add("people", "practice-class-range");
    }
    errors.into_result()
}

/// Records the meeting once (the lead): who came, what was shared, and
/// each "will try" as a planned entry in that teacher's journal.
pub async fn record(state: &AppState, who: &CurrentUser, id: MeetingId, input: &RecordInput) -> AppResult<()> {
    let m = circles::meeting(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let c = led(state, who, m.circle_id).await?;
    let members = members_of(state, &c).await?;
    check_record(input, &members)?;
    let agenda = circles::agenda_of(&state.db, id).await?;
    let txn = state.db.begin().await?;
    if !circles::mark_held(&txn, id, input.shared.trim()).await? {
        return Err(AppError::Conflict(FieldErrors::one("form".into(), "practice-meeting-recorded")));
    }
    for p in &input.people {
        let will_try = p.will_try.as_deref().unwrap_or("").trim().to_owned();
        let log_id = match p.came && !will_try.is_empty() {
            true => Some(plan_from(&txn, who, &m, &agenda, p, &will_try).await?),
            false => None,
        };
        let line = attendee::Model { meeting_id: id, user_id: p.user_id, came: p.came, will_try, log_id };
        circles::add_attendee(&txn, line).await?;
    }
    txn.commit().await?;
    super::dashboard::recount(state);
    Ok(())
}

/// The planned entry of what `p` said she will try at meeting `m`; she is told.
async fn plan_from(
    txn: &impl sea_orm::ConnectionTrait,
    who: &CurrentUser,
    m: &meeting::Model,
    agenda: &[agenda::Model],
    p: &PersonRecord,
    will_try: &str,
) -> AppResult<PracticeLogId> {
    let item = p.agenda_position.and_then(|pos| agenda.iter().find(|a| a.position == pos));
    let planned_on = p.planned_on.as_deref().and_then(parse_day).unwrap_or(m.meets_on + Duration::days(7));
    let mut entry = Entry::plan(will_try.to_owned(), planned_on);
    entry.activity_id = item.and_then(|a| a.activity_id);
    entry.content_id = item.and_then(|a| a.content_id);
    entry.class_number = p.class_number;
    let log = store::insert(txn, p.user_id, Some(m.id), &entry).await?;
    if p.user_id != who.id {
        let link = format!("/practice/logs/{}", log.id);
        crate::notifications::store::notify(txn, p.user_id, "notify-practice-planned", will_try, &link).await?;
    }
    Ok(log.id)
}
