//! Face-to-face training and events. Completing a course makes a teacher
//! eligible for its batches (the AGS course leads to six days at the
//! Upazila Resource Centre in batches of 30); education officers create
//! batches and events with their venue, dates, capacity and trainers, and
//! place teachers or let them choose a batch with room. Events (the annual
//! conference, divisional seminars) are open to all, with a waiting list.
//! Trainers take attendance per day by scanning each teacher's QR pass
//! with a phone (or ticking a checklist) and mark the batch complete.
//! Only whoever runs a batch (its creator, its trainers, administrators)
//! sees its roster or acts on it; an officer of another place does not.

use rand::Rng;
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::entity::{batch, member};
use super::store::{study, training as store};
pub use super::words::{BatchKind, BatchStatus, MemberStatus};
use crate::accounts::model::Login;
use crate::ids::{BatchId, CourseId, DistrictId, UserId};
use crate::state::AppState;
use crate::web::csv;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Role};

const PASS_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A batch with every place taken: a clash with the places already given.
fn full() -> AppError {
    AppError::Conflict(FieldErrors::one("batch".into(), "training-full"))
}

#[derive(Deserialize, ToSchema, Clone, Debug)]
pub struct BatchInput {
    /// A batch needs `course_id`; an event is open to all.
    pub kind: BatchKind,
    pub course_id: Option<CourseId>,
    #[serde(default)]
    #[schema(required = true, min_length = 3, max_length = 200)]
    pub title: String,
    /// Where: an Upazila Resource Centre or another venue.
    #[serde(default)]
    #[schema(required = true, min_length = 3, max_length = 300)]
    pub venue: String,
    pub district_id: Option<DistrictId>,
    /// First day, YYYY-MM-DD (Bangla digits too).
    #[serde(default)]
    #[schema(required = true, format = Date)]
    pub starts_on: String,
    /// 1–30
    #[schema(minimum = 1, maximum = 30)]
    pub days: Option<i32>,
    /// 1–5000
    #[schema(minimum = 1, maximum = 5000)]
    pub capacity: Option<i32>,
    /// Trainers' mobile numbers or e-mails (their accounts take attendance).
    #[serde(default)]
    pub trainers: Vec<String>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct BatchView {
    pub id: BatchId,
    pub kind: BatchKind,
    pub course_id: Option<CourseId>,
    pub title: String,
    pub venue: String,
    pub starts_on: chrono::NaiveDate,
    pub days: i32,
    pub capacity: i32,
    pub placed: i64,
    pub waiting: i64,
    pub status: BatchStatus,
    /// The viewer's place, if any.
    pub mine: Option<MemberStatus>,
    /// The viewer runs the batch (its creator, a trainer or an administrator):
    /// she sees the roster and takes attendance.
    pub trainer: bool,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct RosterLine {
    pub user_id: UserId,
    pub name: String,
    pub phone: Option<String>,
    pub status: MemberStatus,
    /// Days marked present, 1-based.
    pub present: Vec<i32>,
    pub completed: bool,
}

/// Who may create batches and events: education officers and administrators.
pub fn may_organise(who: &CurrentUser) -> bool {
    matches!(who.role, Role::Officer | Role::Admin)
}

/// Who runs a batch (its roster, attendance, placing teachers, closing it):
/// its creator, its trainers and administrators; not every officer.
fn runs(b: &batch::Model, trainers: &[UserId], who: &CurrentUser) -> bool {
    who.role == Role::Admin || b.created_by == who.id || trainers.contains(&who.id)
}

pub async fn create(state: &AppState, who: &CurrentUser, input: &BatchInput) -> AppResult<BatchId> {
    if !may_organise(who) {
        return Err(AppError::Forbidden);
    }
    let mut e = FieldErrors::default();
    if input.kind == BatchKind::Batch {
        match input.course_id {
            Some(c) if super::store::course(&state.db, c).await?.is_some() => {}
            _ => e.add("course_id", "field-training-course"),
        }
    }
    if !crate::web::text::fits(&input.title, 3, 200) {
        e.add("title", "field-title-short");
    }
    if !crate::web::text::fits(&input.venue, 3, 300) {
        e.add("venue", "field-training-venue");
    }
    let starts = chrono::NaiveDate::parse_from_str(&bangla::to_ascii_digits(input.starts_on.trim()), "%Y-%m-%d");
    if starts.is_err() {
        e.add("starts_on", "field-training-date");
    }
    let days = input.days.unwrap_or(1);
    if !(1..=30).contains(&days) {
        e.add("days", "field-training-days");
    }
    let capacity = input.capacity.unwrap_or(30);
    if !(1..=5000).contains(&capacity) {
        e.add("capacity", "field-training-capacity");
    }
    if let Some(d) = input.district_id
        && crate::places::store::district(&state.db, d).await?.is_none()
    {
        e.add("district_id", "field-district-invalid");
    }
    let mut trainers = Vec::new();
    for t in input.trainers.iter().filter(|t| !t.trim().is_empty()) {
        match Login::parse(t) {
            Some(login) => match crate::accounts::store::find_by_login(&state.db, &login).await? {
                Some(u) => trainers.push(u.id),
                None => e.add("trainers", "field-training-trainer"),
            },
            None => e.add("trainers", "field-training-trainer"),
        }
    }
    let Ok(starts) = starts else { return Err(AppError::Validation(e)) };
    e.into_result()?;
    if trainers.is_empty() {
        trainers.push(who.id);
    }
    let row = store::new_batch(batch::Model {
        id: BatchId(0),
        kind: input.kind,
        course_id: if input.kind == BatchKind::Batch { input.course_id } else { None },
        title: input.title.trim().to_owned(),
        venue: input.venue.trim().to_owned(),
        district_id: input.district_id,
        starts_on: starts,
        days,
        capacity,
        status: BatchStatus::Open,
        created_by: who.id,
        created_at: chrono::Utc::now(),
    });
    trainers.sort();
    trainers.dedup();
    Ok(store::insert(&state.db, row, &trainers).await?.id)
}

pub async fn view(state: &AppState, viewer: Option<&CurrentUser>, id: BatchId) -> AppResult<BatchView> {
    let b = store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let members = store::members_of(&state.db, id).await?;
    let trainers = store::trainers_of(&state.db, id).await?;
    let mine = viewer.and_then(|v| members.iter().find(|m| m.user_id == v.id)).map(|m| m.status);
    let trainer = viewer.is_some_and(|v| runs(&b, &trainers, v));
    Ok(BatchView {
        id: b.id,
        placed: members.iter().filter(|m| m.status == MemberStatus::Placed).count() as i64,
        waiting: members.iter().filter(|m| m.status == MemberStatus::Waiting).count() as i64,
        kind: b.kind,
        course_id: b.course_id,
        title: b.title,
        venue: b.venue,
        starts_on: b.starts_on,
        days: b.days,
        capacity: b.capacity,
        status: b.status,
        mine,
        trainer,
    })
}

/// Open batches and events, for a course or all.
pub async fn open(
    state: &AppState,
    viewer: Option<&CurrentUser>,
    course: Option<CourseId>,
) -> AppResult<Vec<BatchView>> {
    let mut out = Vec::new();
    for b in store::open(&state.db).await? {
        if course.is_none() || b.course_id == course {
            out.push(view(state, viewer, b.id).await?);
        }
    }
    Ok(out)
}

fn new_pass() -> String {
    let mut rng = rand::rng();
    (0..12).map(|_| PASS_LETTERS[rng.random_range(0..PASS_LETTERS.len())] as char).collect()
}

/// Places `who` in a batch or event: a batch needs her course completed
/// and room; a full event puts her on its waiting list.
async fn place(state: &AppState, b: &batch::Model, who: UserId) -> AppResult<()> {
    if store::member(&state.db, b.id, who).await?.is_some() {
        return Ok(());
    }
    if b.status != BatchStatus::Open {
        return Err(AppError::NotAllowed { code: "training_closed", key: "training-closed" });
    }
    if let Some(course) = b.course_id {
        let completed = study::enrolment(&state.db, course, who).await?.is_some_and(|e| e.completed_at.is_some());
        if !completed {
            return Err(AppError::NotAllowed { code: "training_not_eligible", key: "training-not-eligible" });
        }
    }
    let room = (store::placed_count(&state.db, b.id).await? as i32) < b.capacity;
    let status = match (room, b.kind) {
        (true, _) => MemberStatus::Placed,
        (false, BatchKind::Event) => MemberStatus::Waiting,
        (false, BatchKind::Batch) => return Err(full()),
    };
    store::add_member(&state.db, b.id, who, status, new_pass()).await?;
    Ok(())
}

pub async fn join(state: &AppState, who: &CurrentUser, id: BatchId) -> AppResult<BatchView> {
    let b = store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    // Whoever runs a batch trains it; its places are for the teachers.
    if runs(&b, &store::trainers_of(&state.db, id).await?, who) {
        return Err(AppError::NotAllowed { code: "own_batch", key: "training-own-batch" });
    }
    place(state, &b, who.id).await?;
    view(state, Some(who), id).await
}

/// Whoever runs the batch places a teacher (by mobile number or e-mail).
pub async fn assign(state: &AppState, who: &CurrentUser, id: BatchId, login: &str) -> AppResult<BatchView> {
    let b = run_by(state, who, id).await?;
    let teacher = match Login::parse(login) {
        Some(l) => crate::accounts::store::find_by_login(&state.db, &l).await?,
        None => None,
    }
    .ok_or_else(|| AppError::invalid("login", "field-training-teacher"))?;
    // Her own batch's places are for the teachers, placed by her or not.
    if b.created_by == teacher.id || store::trainers_of(&state.db, id).await?.contains(&teacher.id) {
        return Err(AppError::NotAllowed { code: "own_batch", key: "training-own-batch" });
    }
    place(state, &b, teacher.id).await?;
    view(state, Some(who), id).await
}

/// Leaves a batch or event; at an event the first on the waiting list takes the place.
pub async fn leave(state: &AppState, who: &CurrentUser, id: BatchId) -> AppResult<BatchView> {
    let b = store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let Some(m) = store::member(&state.db, id, who.id).await? else { return view(state, Some(who), id).await };
    store::remove_member(&state.db, id, who.id).await?;
    if m.status == MemberStatus::Placed
        && let Some(next) =
            store::members_of(&state.db, id).await?.into_iter().find(|m| m.status == MemberStatus::Waiting)
    {
        store::set_member_status(&state.db, id, next.user_id, MemberStatus::Placed).await?;
        crate::notifications::store::notify(
            &state.db,
            next.user_id,
            "notify-training-placed",
            &b.title,
            &format!("/training/{id}"),
        )
        .await?;
    }
    view(state, Some(who), id).await
}

/// Reminds every placed member of a batch or event that starts tomorrow
/// (Asia/Dhaka), once each: a notification, and an SMS to those who chose
/// SMS reminders. How many were reminded.
pub async fn remind_tomorrow(state: &AppState) -> AppResult<usize> {
    let tomorrow = crate::web::dhaka_date(chrono::Utc::now()) + chrono::Duration::days(1);
    let mut reminded = 0;
    for b in store::starting_on(&state.db, tomorrow).await? {
        for m in store::members_of(&state.db, b.id).await?.into_iter().filter(|m| m.status == MemberStatus::Placed) {
            // The claim, the notice and its SMS job commit together: a
            // failure between them leaves her to be reminded next round.
            let txn = state.db.begin().await?;
            if !store::claim_reminder(&txn, b.id, m.user_id).await? {
                txn.rollback().await?;
                continue;
            }
            let detail = format!("{}, {}, {}", b.title, b.venue, b.starts_on.format("%Y-%m-%d"));
            let link = format!("/training/{}", b.id);
            crate::notifications::store::notify(&txn, m.user_id, "notify-training-soon", &detail, &link).await?;
            txn.commit().await?;
            reminded += 1;
        }
    }
    Ok(reminded)
}

/// Her pass for a batch: the code her QR carries.
pub async fn pass(state: &AppState, who: &CurrentUser, id: BatchId) -> AppResult<(batch::Model, member::Model)> {
    let b = store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let m = store::member(&state.db, id, who.id)
        .await?
        .filter(|m| m.status == MemberStatus::Placed)
        .ok_or(AppError::NotFound)?;
    Ok((b, m))
}

/// The batch, when `who` runs it (see [`runs`]); Forbidden for anyone else,
/// other officers included.
pub async fn run_by(state: &AppState, who: &CurrentUser, id: BatchId) -> AppResult<batch::Model> {
    let found = if who.role == Role::Admin {
        store::find(&state.db, id).await?
    } else {
        store::run_by(&state.db, id, who.id).await?
    };
    match found {
        Some(b) => Ok(b),
        None if store::find(&state.db, id).await?.is_some() => Err(AppError::Forbidden),
        None => Err(AppError::NotFound),
    }
}

/// Marks a placed teacher present on `day`, from the code of her pass (a
/// scan) or her id (the checklist). Only whoever runs the batch marks;
/// nobody marks herself.
pub async fn mark(
    state: &AppState,
    who: &CurrentUser,
    id: BatchId,
    day: i32,
    code: Option<&str>,
    teacher: Option<UserId>,
) -> AppResult<String> {
    let b = run_by(state, who, id).await?;
    if !(1..=b.days).contains(&day) {
        return Err(AppError::invalid("day", "field-training-day"));
    }
    let m = match (code, teacher) {
        (Some(c), _) => store::by_pass(&state.db, id, c.trim().to_ascii_uppercase().as_str()).await?,
        (None, Some(t)) => store::member(&state.db, id, t).await?,
        _ => None,
    }
    .filter(|m| m.status == MemberStatus::Placed)
    .ok_or_else(|| AppError::invalid("code", "field-training-pass"))?;
    if m.user_id == who.id {
        return Err(AppError::NotAllowed { code: "own_attendance", key: "training-own-attendance" });
    }
    store::mark(&state.db, id, m.user_id, day, who.id).await?;
    let names = crate::accounts::store::names_of(&state.db, &[m.user_id]).await?;
    Ok(names.get(&m.user_id).cloned().unwrap_or_default())
}

pub async fn roster(state: &AppState, who: &CurrentUser, id: BatchId) -> AppResult<(batch::Model, Vec<RosterLine>)> {
    let b = run_by(state, who, id).await?;
    let members = store::members_of(&state.db, id).await?;
    let attendance = store::attendance_of(&state.db, id).await?;
    let ids: Vec<UserId> = members.iter().map(|m| m.user_id).collect();
    let users: std::collections::HashMap<UserId, _> =
        crate::accounts::store::find_many(&state.db, &ids).await?.into_iter().map(|u| (u.id, u)).collect();
    let lines = members
        .into_iter()
        .map(|m| {
            let user = users.get(&m.user_id);
            let mut present: Vec<i32> = attendance.iter().filter(|a| a.user_id == m.user_id).map(|a| a.day).collect();
            present.sort();
            RosterLine {
                user_id: m.user_id,
                name: user.map(|u| u.name.clone()).unwrap_or_default(),
                phone: user.and_then(|u| u.phone.clone()),
                status: m.status,
                present,
                completed: m.completed_at.is_some(),
            }
        })
        .collect();
    Ok((b, lines))
}

/// Closes the batch: placed teachers present every day complete it.
pub async fn complete(state: &AppState, who: &CurrentUser, id: BatchId) -> AppResult<usize> {
    let (b, lines) = roster(state, who, id).await?;
    let finished: Vec<UserId> = lines
        .iter()
        .filter(|l| l.status == MemberStatus::Placed && l.present.len() as i32 >= b.days)
        .map(|l| l.user_id)
        .collect();
    store::complete(&state.db, id, &finished).await?;
    Ok(finished.len())
}

/// The roster as CSV (spreadsheet-safe: a leading =, +, - or @ is quoted away).
pub fn roster_csv(b: &batch::Model, lines: &[RosterLine]) -> String {
    let mut out = String::from("name,phone,status");
    for d in 1..=b.days {
        out.push_str(&format!(",day_{d}"));
    }
    out.push_str(",completed\r\n");
    for l in lines {
        // Phone numbers are ours (+8801…), never formulas.
        out.push_str(&format!(
            "{},{},{}",
            csv::typed(&l.name),
            csv::ours(l.phone.as_deref().unwrap_or("")),
            csv::ours(l.status.as_str())
        ));
        for d in 1..=b.days {
            out.push_str(if l.present.contains(&d) { ",1" } else { ",0" });
        }
        out.push_str(if l.completed { ",1\r\n" } else { ",0\r\n" });
    }
    out
}
