//! Learning circles: a school's circle (its head teacher and teachers), a
//! cluster's (a lead teacher and teachers of nearby schools) and a mentor's
//! small group across schools. The lead schedules meetings with activities
//! on the agenda; members prepare from the resources; the meeting records
//! who came, what was shared and what each will try, and each "will try"
//! becomes a planned entry in her journal. Outside a school's circle a
//! member's journal is read by the circle only when she says so. A school's
//! members are those verified there, read afresh each time: a change of
//! school or a lost verification ends membership at once.

use chrono::Utc;
use sea_orm::{ActiveValue::NotSet, Set, TransactionTrait};
use serde::Serialize;
use utoipa::ToSchema;

use super::access::{no_school, school_of};
use super::entity::{circle, meeting, member};
use super::model::CircleKind;
use super::store::circles;
use crate::accounts::model::{Account, Login};
use crate::ids::{CircleId, UserId};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Role};

pub(super) const MAX_NAME: usize = 120;

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

fn may_lead(who: &CurrentUser, user: &Account) -> bool {
    who.role != Role::Teacher || user.is_verified()
}

/// Starts a circle: a school's (its head teacher; one per school, with
/// all its teachers) or a cluster's or mentor's (a verified teacher).
pub async fn create(state: &AppState, who: &CurrentUser, kind: CircleKind, name: &str) -> AppResult<CircleId> {
    let me = crate::accounts::store::find(&state.db, who.id).await?.ok_or(AppError::LoginRequired)?;
    let name = name.trim();
    let mut errors = FieldErrors::default();
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
    if kind == CircleKind::School {
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
            kind: Set(kind),
            name: Set(name.to_owned()),
            lead_id: Set(who.id),
            institution_id: Set(school),
            district_id: Set(me.district_id),
            upazila_id: Set(me.upazila_id),
            created_at: Set(Utc::now()),
        },
    )
    .await?;
    if kind != CircleKind::School {
        circles::add_members(&txn, c.id, &[who.id], true).await?;
    }
    txn.commit().await?;
    Ok(c.id)
}

/// A school's circle is everyone verified at the school now (its rows are
/// never the authority); other circles keep their own list.
pub(super) async fn members_of(state: &AppState, c: &circle::Model) -> AppResult<Vec<member::Model>> {
    if c.kind != CircleKind::School {
        return Ok(circles::members(&state.db, c.id).await?);
    }
    let Some(school) = c.institution_id else { return Ok(Vec::new()) };
    Ok(crate::accounts::store::verified_at(&state.db, school)
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
                sees_journal: m.sees_journal || c.kind == CircleKind::School,
            })
        })
        .collect();
    lines.sort_by(|a, b| a.name.cmp(&b.name));
    let lead_name = users.iter().find(|u| u.id == c.lead_id).map(|u| u.name.clone()).unwrap_or_default();
    let leads = c.lead_id == who.id;
    let my_consent =
        members.iter().find(|m| m.user_id == who.id && !leads && c.kind != CircleKind::School).map(|m| m.sees_journal);
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

pub(super) async fn led(state: &AppState, who: &CurrentUser, id: CircleId) -> AppResult<circle::Model> {
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
    if c.kind == CircleKind::School {
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
    if c.lead_id == who.id || c.kind == CircleKind::School {
        return Err(AppError::NotAllowed { code: "cannot_leave", key: "practice-circle-cannot-leave" });
    }
    circles::remove_member(&state.db, id, who.id).await?;
    Ok(())
}
