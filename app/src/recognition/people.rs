//! Peers' nominations of innovative teachers (moderators confirm them)
//! and ICT4E district ambassadors (administrators appoint them).

use chrono::Utc;

use super::entity::ambassador;
use super::model::NominationStatus;
use super::store;
use crate::ids::{DistrictId, NominationId, UserId};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Lang, Role};

pub const REASON_MIN: usize = 20;
pub const REASON_MAX: usize = 1000;

fn is_teacher(role: Role) -> bool {
    matches!(role, Role::Teacher | Role::HeadTeacher)
}

/// `who` nominates `nominee` as an innovative teacher, saying what she did.
pub async fn nominate(state: &AppState, who: &CurrentUser, nominee: UserId, reason: &str) -> AppResult<()> {
    let target = crate::accounts::store::find(&state.db, nominee).await?.ok_or(AppError::NotFound)?;
    if nominee == who.id {
        return Err(AppError::NotAllowed { code: "own_nomination", key: "recognition-no-self-nomination" });
    }
    if !is_teacher(target.role) {
        return Err(AppError::NotAllowed { code: "not_a_teacher", key: "recognition-nominee-not-teacher" });
    }
    let reason = reason.trim();
    let mut errors = FieldErrors::default();
    match reason.chars().count() {
        n if n < REASON_MIN => errors.add("reason", "recognition-reason-short"),
        n if n > REASON_MAX => errors.add("reason", "recognition-reason-long"),
        _ => {}
    }
    errors.into_result()?;
    if !store::nominate(&state.db, nominee, who.id, reason.to_owned(), Utc::now()).await? {
        return Err(AppError::Conflict(FieldErrors::one("reason".into(), "recognition-nominated-already")));
    }
    Ok(())
}

/// A moderator confirms (or declines) a nomination; confirmed ones count
/// toward the innovative teacher award of the period they were made in.
pub async fn decide(state: &AppState, who: &CurrentUser, id: NominationId, confirm: bool) -> AppResult<()> {
    who.require_moderator()?;
    let status = if confirm { NominationStatus::Confirmed } else { NominationStatus::Declined };
    if store::decide_nomination(&state.db, id, status, who.id).await? {
        let detail = serde_json::json!({ "status": status });
        crate::audit::store::record(&state.db, Some(who.id), "recognition.nomination", id, detail).await?;
    }
    Ok(())
}

/// An administrator appoints a teacher ICT4E ambassador of a district.
pub async fn appoint(state: &AppState, who: &CurrentUser, teacher: UserId, district: DistrictId) -> AppResult<()> {
    who.require_admin()?;
    let target = crate::accounts::store::find(&state.db, teacher).await?.ok_or(AppError::NotFound)?;
    if !is_teacher(target.role) {
        return Err(AppError::NotAllowed { code: "not_a_teacher", key: "recognition-nominee-not-teacher" });
    }
    if crate::places::store::district(&state.db, district).await?.is_none() {
        return Err(AppError::invalid("district_id", "field-district-unknown"));
    }
    if store::ambassadors(&state.db, Some(district)).await?.iter().any(|a| a.user_id == teacher) {
        return Ok(());
    }
    store::appoint(&state.db, teacher, district, who.id).await?;
    let detail = serde_json::json!({ "district": district.0 });
    crate::audit::store::record(&state.db, Some(who.id), "ambassador.appoint", teacher, detail).await?;
    crate::notifications::store::notify(
        &state.db,
        teacher,
        "notify-ambassador",
        "",
        &format!("/ambassadors/{district}"),
    )
    .await?;
    Ok(())
}

/// Ends an appointment; the district page it belonged to.
pub async fn end(state: &AppState, who: &CurrentUser, id: i64) -> AppResult<Option<ambassador::Model>> {
    who.require_admin()?;
    let ended = store::end_appointment(&state.db, id).await?;
    if let Some(a) = &ended {
        let detail = serde_json::json!({ "district": a.district_id.0 });
        crate::audit::store::record(&state.db, Some(who.id), "ambassador.end", a.user_id, detail).await?;
    }
    Ok(ended)
}

/// A current appointment, with the teacher's and the district's names.
pub struct Appointment {
    pub id: i64,
    pub teacher: UserId,
    pub name: String,
    pub district: DistrictId,
    pub district_name: String,
}

/// Current ambassadors of one district, or of all.
pub async fn appointments(state: &AppState, lang: Lang, district: Option<DistrictId>) -> AppResult<Vec<Appointment>> {
    let rows = store::ambassadors(&state.db, district).await?;
    let ids: Vec<UserId> = rows.iter().map(|a| a.user_id).collect();
    let names = crate::accounts::store::names_of(&state.db, &ids).await?;
    let places: Vec<DistrictId> = rows.iter().map(|a| a.district_id).collect();
    let districts = super::views::district_names(state, lang, &places).await?;
    Ok(rows
        .into_iter()
        .map(|a| Appointment {
            id: a.id,
            teacher: a.user_id,
            name: names.get(&a.user_id).cloned().unwrap_or_default(),
            district: a.district_id,
            district_name: districts.get(&a.district_id).cloned().unwrap_or_default(),
        })
        .collect())
}
