//! Learning circles: a school's circle (its head teacher and teachers), a
//! cluster's (a lead teacher and teachers of nearby schools) and a mentor's
//! small group across schools. The lead schedules meetings with activities
//! on the agenda; members prepare from the resources; the meeting records
//! who came, what was shared and what each will try, and each "will try"
//! becomes a planned entry in her journal. Outside a school's circle a
//! member's journal is read by the circle only when she says so. A school's
//! members are those verified there, read afresh each time: a change of
//! school or a lost verification ends membership at once.

use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::NotSet, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{no_school, school_of};
use super::entity::{agenda, attendee, circle, log, meeting, member};
use super::journal::{parse_day, today};
use super::store::{self, circles};
use crate::accounts::model::Login;
use crate::ids::{ActivityId, CircleId, ContentId, MeetingId, PracticeLogId, UserId};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Role};

pub const KINDS: [&str; 3] = ["school", "cluster", "mentorship"];
const MAX_NAME: usize = 120;
pub const MAX_AGENDA: usize = 6;

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct MemberLine {
    pub id: UserId,
    pub name: String,
    pub school: Option<String>,
    /// She lets the circle read her journal.
    pub sees_journal: bool,
}

#[derive(Clone, Debug)]
pub struct CircleView {
    pub circle: circle::Model,
    pub lead_name: String,
    pub members: Vec<MemberLine>,
    pub meetings: Vec<meeting::Model>,
    pub leads: bool,
    /// The reader's own consent, when she is a member (not the lead).
    pub my_consent: Option<bool>,
}

fn may_lead(who: &CurrentUser, user: &crate::accounts::entity::user::Model) -> bool {
    who.role != Role::Teacher || user.verification == "verified"
}

/// Starts a circle: a school's (its head teacher; one per school, with
/// all its teachers) or a cluster's or mentor's (a verified teacher).
pub async fn create(state: &AppState, who: &CurrentUser, kind: &str, name: &str) -> AppResult<CircleId> {
    let me = crate::accounts::store::find(&state.db, who.id).await?.ok_or(AppError::LoginRequired)?;
    let name = name.trim();
    let mut errors = FieldErrors::default();
    if !KINDS.contains(&kind) {
        errors.add("kind", "practice-circle-kind-bad");
    }
    if name.is_empty() {
        errors.add("name", "practice-circle-name-needed");
    } else if name.chars().count() > MAX_NAME {
        errors.add("name", "field-too-long");
    }
    errors.into_result()?;
    if !may_lead(who, &me) {
        return Err(AppError::NotAllowed { code: "not_verified", key: "practice-circle-verified-only" });
    }
    let mut school = me.institution_id;
    if kind == "school" {
        if who.role != Role::HeadTeacher {
            return Err(AppError::NotAllowed { code: "not_head_teacher", key: "practice-circle-head-only" });
        }
        let verified = school_of(&me).ok_or_else(|| no_school(&me, "practice-circle-head-only"))?;
        if let Some(c) = circles::of_school(&state.db, verified).await? {
            return Ok(c.id);
        }
        school = Some(verified);
    }
    let txn = state.db.begin().await?;
    let c = circles::insert(
        &txn,
        circle::ActiveModel {
            id: NotSet,
            kind: Set(kind.to_owned()),
            name: Set(name.to_owned()),
            lead_id: Set(who.id),
            institution_id: Set(school),
            district_id: Set(me.district_id),
            upazila_id: Set(me.upazila_id),
            created_at: Set(Utc::now()),
        },
    )
    .await?;
    if kind != "school" {
        circles::add_members(&txn, c.id, &[who.id], true).await?;
    }
    txn.commit().await?;
    Ok(c.id)
}

/// A school's circle is everyone verified at the school now (its rows are
/// never the authority); other circles keep their own list.
async fn members_of(state: &AppState, c: &circle::Model) -> AppResult<Vec<member::Model>> {
    if c.kind != "school" {
        return Ok(circles::members(&state.db, c.id).await?);
    }
    let Some(school) = c.institution_id else { return Ok(Vec::new()) };
    Ok(crate::profiles::store::verified_at(&state.db, school)
        .await?
        .into_iter()
        .map(|u| member::Model {
            circle_id: c.id,
            user_id: u.id,
            sees_journal: true,
            joined_at: u.verified_at.unwrap_or(u.created_at),
        })
        .collect())
}

/// The circle, for its members; NotFound for others.
async fn membership(
    state: &AppState,
    who: &CurrentUser,
    id: CircleId,
) -> AppResult<(circle::Model, Vec<member::Model>)> {
    let c = circles::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let members = members_of(state, &c).await?;
    if !members.iter().any(|m| m.user_id == who.id) {
        return Err(AppError::NotFound);
    }
    Ok((c, members))
}

pub async fn view(state: &AppState, who: &CurrentUser, id: CircleId) -> AppResult<CircleView> {
    let (c, members) = membership(state, who, id).await?;
    let ids: Vec<UserId> = members.iter().map(|m| m.user_id).collect();
    let users = crate::accounts::store::find_many(&state.db, &ids).await?;
    let schools: Vec<_> = users.iter().filter_map(|u| u.institution_id).collect();
    let school_names = crate::institutions::store::names_of(&state.db, schools.into_iter()).await?;
    let mut lines: Vec<MemberLine> = members
        .iter()
        .filter_map(|m| {
            let u = users.iter().find(|u| u.id == m.user_id)?;
            Some(MemberLine {
                id: u.id,
                name: u.name.clone(),
                school: u.institution_id.and_then(|s| school_names.get(&s).cloned()),
                sees_journal: m.sees_journal || c.kind == "school",
            })
        })
        .collect();
    lines.sort_by(|a, b| a.name.cmp(&b.name));
    let lead_name = users.iter().find(|u| u.id == c.lead_id).map(|u| u.name.clone()).unwrap_or_default();
    let leads = c.lead_id == who.id;
    let my_consent =
        members.iter().find(|m| m.user_id == who.id && !leads && c.kind != "school").map(|m| m.sees_journal);
    let meetings = circles::meetings_of(&state.db, id).await?;
    Ok(CircleView { circle: c, lead_name, members: lines, meetings, leads, my_consent })
}

/// Her circles: those she was added to, and her verified school's.
pub async fn mine(state: &AppState, who: &CurrentUser) -> AppResult<Vec<circle::Model>> {
    let mut list = circles::of_member(&state.db, who.id).await?;
    let me = crate::accounts::store::find(&state.db, who.id).await?.ok_or(AppError::LoginRequired)?;
    if let Some(school) = school_of(&me)
        && let Some(c) = circles::of_school(&state.db, school).await?
    {
        list.push(c);
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(list)
}

async fn led(state: &AppState, who: &CurrentUser, id: CircleId) -> AppResult<circle::Model> {
    let (c, _) = membership(state, who, id).await?;
    if c.lead_id != who.id {
        return Err(AppError::NotAllowed { code: "not_the_lead", key: "practice-circle-lead-only" });
    }
    Ok(c)
}

/// Adds a teacher by phone or e-mail; she is told, and decides herself
/// whether the circle reads her journal. A school's circle has its verified
/// teachers already and takes nobody else.
pub async fn add_member(state: &AppState, who: &CurrentUser, id: CircleId, login: &str) -> AppResult<()> {
    let c = led(state, who, id).await?;
    let teacher = match Login::parse(login) {
        Some(l) => crate::accounts::store::find_by_login(&state.db, &l).await?,
        None => None,
    }
    .ok_or_else(|| AppError::invalid("login", "field-training-teacher"))?;
    if c.kind == "school" {
        if c.institution_id.is_none() || school_of(&teacher) != c.institution_id {
            return Err(AppError::invalid("login", "practice-circle-other-school"));
        }
        return Ok(());
    }
    let txn = state.db.begin().await?;
    circles::add_members(&txn, id, &[teacher.id], false).await?;
    crate::notifications::store::notify(
        &txn,
        teacher.id,
        "notify-practice-circle",
        &c.name,
        &format!("/practice/circles/{id}"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A member says whether the circle (its lead, its members) reads her journal.
pub async fn set_consent(state: &AppState, who: &CurrentUser, id: CircleId, sees: bool) -> AppResult<()> {
    membership(state, who, id).await?;
    circles::set_consent(&state.db, id, who.id, sees).await?;
    Ok(())
}

pub async fn leave(state: &AppState, who: &CurrentUser, id: CircleId) -> AppResult<()> {
    let (c, _) = membership(state, who, id).await?;
    if c.lead_id == who.id || c.kind == "school" {
        return Err(AppError::NotAllowed { code: "cannot_leave", key: "practice-circle-cannot-leave" });
    }
    circles::remove_member(&state.db, id, who.id).await?;
    Ok(())
}

/// An agenda item: a course activity, a library content, or a topic.
#[derive(Deserialize, ToSchema, Clone, Debug, Default)]
pub struct AgendaInput {
    pub activity_id: Option<ActivityId>,
    pub content_id: Option<ContentId>,
    pub title: Option<String>,
}

#[derive(Deserialize, ToSchema, Clone, Debug, Default)]
pub struct MeetingInput {
    /// YYYY-MM-DD
    pub meets_on: String,
    pub place: String,
    pub agenda: Vec<AgendaInput>,
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
    let mut items = Vec::new();
    for item in input.agenda.iter().take(MAX_AGENDA) {
        let mut title = item.title.as_deref().unwrap_or("").trim().to_owned();
        if let Some(a) = item.activity_id {
            // Only a task the leader may be shown: a draft course's stays unseen.
            match crate::learning::study::shown_activity(state, who, a).await {
                Ok(act) if title.is_empty() => title = act.title,
                Ok(_) => {}
                Err(AppError::NotFound) => errors.add("agenda", "practice-no-activity"),
                Err(e) => return Err(e),
            }
        }
        if let Some(cid) = item.content_id {
            match crate::content::store::find(&state.db, cid).await? {
                Some(content) if content.deleted_at.is_none() && !content.hidden => {
                    if title.is_empty() {
                        title = content.title;
                    }
                }
                _ => errors.add("agenda", "practice-no-content"),
            }
        }
        if title.chars().count() > super::model::MAX_TITLE {
            errors.add("agenda", "field-too-long");
        }
        if !title.is_empty() {
            items.push((title, item.activity_id, item.content_id));
        }
    }
    if items.is_empty() {
        errors.add("agenda", "practice-agenda-needed");
    }
    errors.into_result()?;
    let on = on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let members = members_of(state, &c).await?;
    let txn = state.db.begin().await?;
    let m = circles::insert_meeting(
        &txn,
        meeting::ActiveModel {
            id: NotSet,
            circle_id: Set(id),
            meets_on: Set(on.clone()),
            place: Set(place.to_owned()),
            status: Set("scheduled".into()),
            shared: Set(String::new()),
            created_by: Set(who.id),
            created_at: Set(Utc::now()),
            held_at: Set(None),
        },
    )
    .await?;
    let rows = items
        .into_iter()
        .enumerate()
        .map(|(i, (title, activity_id, content_id))| agenda::ActiveModel {
            meeting_id: Set(m.id),
            position: Set(i as i32 + 1),
            title: Set(title),
            activity_id: Set(activity_id),
            content_id: Set(content_id),
        })
        .collect();
    circles::add_agenda(&txn, rows).await?;
    for member in members.iter().filter(|x| x.user_id != who.id) {
        let detail = format!("{} · {on}", c.name);
        crate::notifications::store::notify(
            &txn,
            member.user_id,
            "notify-practice-meeting",
            &detail,
            &format!("/practice/meetings/{}", m.id),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(m.id)
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
    /// YYYY-MM-DD (a week after the meeting when not given).
    pub planned_on: Option<String>,
}

#[derive(Deserialize, ToSchema, Clone, Debug, Default)]
pub struct RecordInput {
    /// What was shared at the meeting.
    pub shared: String,
    pub people: Vec<PersonRecord>,
}

/// Records the meeting once (the lead): who came, what was shared, and
/// each "will try" as a planned entry in that teacher's journal.
pub async fn record(state: &AppState, who: &CurrentUser, id: MeetingId, input: &RecordInput) -> AppResult<()> {
    let m = circles::meeting(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let c = led(state, who, m.circle_id).await?;
    let members = members_of(state, &c).await?;
    let agenda = circles::agenda_of(&state.db, id).await?;
    let mut errors = FieldErrors::default();
    if input.shared.trim().chars().count() > super::model::MAX_TEXT {
        errors.add("shared", "field-too-long");
    }
    let mut named: Vec<UserId> = input.people.iter().map(|p| p.user_id).collect();
    named.sort();
    named.dedup();
    if named.len() != input.people.len() || input.people.iter().any(|p| !members.iter().any(|x| x.user_id == p.user_id))
    {
        errors.add("people", "practice-not-member");
    }
    if input.people.iter().any(|p| p.will_try.as_deref().unwrap_or("").chars().count() > super::model::MAX_TITLE) {
        errors.add("people", "field-too-long");
    }
    if input.people.iter().any(|p| p.class_number.is_some_and(|c| !(0..=12).contains(&c))) {
        errors.add("people", "practice-class-range");
    }
    errors.into_result()?;
    let meets_on = parse_day(&m.meets_on).unwrap_or_else(today);
    let txn = state.db.begin().await?;
    if !circles::mark_held(&txn, id, input.shared.trim()).await? {
        return Err(AppError::Protocol {
            status: axum::http::StatusCode::CONFLICT,
            code: "already_recorded",
            key: "practice-meeting-recorded",
        });
    }
    for p in &input.people {
        let will_try = p.will_try.as_deref().unwrap_or("").trim().to_owned();
        let mut log_id = None;
        if p.came && !will_try.is_empty() {
            let item = p.agenda_position.and_then(|pos| agenda.iter().find(|a| a.position == pos));
            let planned_on = p
                .planned_on
                .as_deref()
                .and_then(parse_day)
                .unwrap_or(meets_on + Duration::days(7))
                .format("%Y-%m-%d")
                .to_string();
            let entry = store::insert(
                &txn,
                log::ActiveModel {
                    id: NotSet,
                    teacher_id: Set(p.user_id),
                    status: Set("planned".into()),
                    title: Set(will_try.clone()),
                    activity_id: Set(item.and_then(|a| a.activity_id)),
                    content_id: Set(item.and_then(|a| a.content_id)),
                    meeting_id: Set(Some(id)),
                    class_number: Set(p.class_number),
                    planned_on: Set(planned_on),
                    tried_on: Set(None),
                    what_done: Set(String::new()),
                    response: Set(String::new()),
                    reflection: Set(String::new()),
                    change_next: Set(String::new()),
                    photo_key: Set(None),
                    voice_key: Set(None),
                    voice_secs: Set(None),
                    shared: Set(false),
                    created_at: Set(Utc::now()),
                    updated_at: Set(Utc::now()),
                },
            )
            .await?;
            log_id = Some(entry.id);
            if p.user_id != who.id {
                crate::notifications::store::notify(
                    &txn,
                    p.user_id,
                    "notify-practice-planned",
                    &will_try,
                    &format!("/practice/logs/{}", entry.id),
                )
                .await?;
            }
        }
        circles::add_attendee(
            &txn,
            attendee::Model { meeting_id: id, user_id: p.user_id, came: p.came, will_try, log_id },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
