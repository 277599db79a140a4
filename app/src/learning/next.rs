//! What a teacher studies next when she has no pages to tap: the quiz she
//! has not passed yet, enrolling from a module's number, and the module
//! after one she passed with its first reading. SMS asks these; the rules
//! (who may enrol, what counts as passed) stay those of the web.

use super::store::{self, study};
use super::study::{enrol, outline};
use super::words::ActivityKind;
use crate::ids::ModuleId;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};

/// The module after one, as a short text can carry it.
#[derive(Clone, Debug)]
pub struct NextModule {
    pub id: ModuleId,
    pub title: String,
    /// Its first reading written in the portal (title, text), if it has one.
    pub reading: Option<(String, String)>,
    pub has_quiz: bool,
}

/// Enrols her in the course a module is of, unless she is already in it
/// (enrolling is open to every teacher on the web as well).
/// Only a module of the version now published enrols: a draft's or an old
/// version's module is not found, and enrols her in nothing.
pub async fn enrol_for_module(state: &AppState, who: &CurrentUser, id: ModuleId) -> AppResult<()> {
    let m = store::module(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let v = store::version(&state.db, m.version_id).await?.ok_or(AppError::NotFound)?;
    if study::enrolment(&state.db, v.course_id, who.id).await?.is_some() {
        return Ok(());
    }
    let c = store::course(&state.db, v.course_id).await?.ok_or(AppError::NotFound)?;
    if c.published_version_id != Some(m.version_id) {
        return Err(AppError::NotFound);
    }
    enrol(state, who, v.course_id).await?;
    Ok(())
}

/// The first quiz she has not passed, in the course she enrolled in last
/// and has not finished.
pub async fn next_quiz(state: &AppState, who: &CurrentUser) -> AppResult<Option<ModuleId>> {
    let enrolments = study::enrolments_of(&state.db, who.id).await?;
    for e in enrolments.iter().filter(|e| e.completed_at.is_none()) {
        let passed = study::passed_modules(&state.db, e.id).await?;
        let o = outline(state, e.version_id).await?;
        if let Some(m) = o.modules().iter().find(|m| o.has_quiz(m.id) && !passed.contains(&m.id)) {
            return Ok(Some(m.id));
        }
    }
    Ok(None)
}

/// The module that follows `id` in its version, if any.
pub async fn after_module(state: &AppState, id: ModuleId) -> AppResult<Option<NextModule>> {
    let m = store::module(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let o = outline(state, m.version_id).await?;
    let Some(next) = o.modules().iter().skip_while(|x| x.id != id).nth(1) else {
        return Ok(None);
    };
    let reading = o
        .activities_of(next.id)
        .find(|a| a.kind == ActivityKind::Reading && !a.body.trim().is_empty())
        .map(|a| (a.title.clone(), a.body.clone()));
    Ok(Some(NextModule { id: next.id, title: next.title.clone(), reading, has_quiz: o.has_quiz(next.id) }))
}
