//! Who may read, comment on and observe a teacher's practice journal.
//! Private by default to her school (its head teacher and her colleagues)
//! and to the circles she lets read it; an entry she shares is readable by
//! anyone, but only her school and circles comment on it. "Her school" is
//! the one a moderator verified her at, never one she only names.

use crate::accounts::model::Account;
use crate::ids::InstitutionId;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, Role};

/// What a reader may do with one teacher's journal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    pub own: bool,
    /// Reads her private entries.
    pub reads: bool,
    /// Comments and encourages.
    pub comments: bool,
    /// Records classroom observations (her head teacher, her mentor).
    pub observes: bool,
    /// Her head teacher (sees who may need encouragement).
    pub head: bool,
}

impl Standing {
    /// A teacher reading her own journal.
    pub const OWN: Standing = Standing { own: true, reads: true, comments: true, observes: false, head: false };
}

/// The school whose private practice `u` shares (see `profiles::service::verified_school`).
pub fn school_of(u: &Account) -> Option<InstitutionId> {
    crate::profiles::service::verified_school(u)
}

/// Why a school's own pages stay shut to `u`: she names no school (`none`
/// says so), or one a moderator has not verified her at (yet).
pub fn no_school(u: &Account, none: &'static str) -> AppError {
    match u.institution_id {
        Some(_) => AppError::NotAllowed { code: "not_verified", key: "practice-school-not-verified" },
        None => AppError::NotAllowed { code: "no_school", key: none },
    }
}

pub async fn standing(state: &AppState, reader: Option<&CurrentUser>, teacher: &Account) -> AppResult<Standing> {
    let Some(reader) = reader else { return Ok(Standing::default()) };
    if reader.id == teacher.id {
        return Ok(Standing::OWN);
    }
    let me = crate::accounts::store::find(&state.db, reader.id).await?;
    let same_school = matches!((me.as_ref().and_then(school_of), school_of(teacher)), (Some(a), Some(b)) if a == b);
    let head = same_school && reader.role == Role::HeadTeacher;
    let (in_circle, leads) = super::store::circles::reads_journal(&state.db, reader.id, teacher.id).await?;
    let reads = same_school || in_circle;
    Ok(Standing { own: false, reads, comments: reads, observes: head || leads, head })
}
