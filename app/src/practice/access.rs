//! Who may read, comment on and observe a teacher's practice journal.
//! Private by default to her school (its head teacher and her colleagues)
//! and to the circles she lets read it; an entry she shares is readable by
//! anyone, but only her school and circles comment on it.

use crate::accounts::entity::user;
use crate::state::AppState;
use crate::web::{AppResult, CurrentUser, Role};

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

pub async fn standing(state: &AppState, reader: Option<&CurrentUser>, teacher: &user::Model) -> AppResult<Standing> {
    let Some(reader) = reader else { return Ok(Standing::default()) };
    if reader.id == teacher.id {
        return Ok(Standing { own: true, reads: true, comments: true, ..Standing::default() });
    }
    let me = crate::accounts::store::find(&state.db, reader.id).await?;
    let same_school =
        matches!((me.as_ref().and_then(|m| m.institution_id), teacher.institution_id), (Some(a), Some(b)) if a == b);
    let head = same_school && reader.role == Role::HeadTeacher;
    let (in_circle, leads) = super::store::circles::reads_journal(&state.db, reader.id, teacher.id).await?;
    let reads = same_school || in_circle;
    Ok(Standing { own: false, reads, comments: reads, observes: head || leads, head })
}
