//! Building courses: a course author (or an administrator) writes a draft
//! version — modules, activities, quiz questions — reorders it, publishes
//! it, and later starts a new version from the published one. Teachers
//! already enrolled keep the version they started; only a draft changes.

use sea_orm::TransactionTrait;

use super::entity::{course, module, version};
use super::model::{ActivityInput, CourseInput, ModuleInput, QuizQuestionInput};
use super::store;
use super::words::{CourseStatus, VersionStatus};
use crate::ids::{ActivityId, CourseId, CourseVersionId, ModuleId, QuizQuestionId};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Lang};

/// A movable, removable part of a draft.
#[derive(Clone, Copy, Debug)]
pub enum Part {
    Module(ModuleId),
    Activity(ActivityId),
    Question(QuizQuestionId),
}

fn may_author(who: &CurrentUser) -> AppResult<()> {
    if who.role.can_author_courses() { Ok(()) } else { Err(AppError::Forbidden) }
}

async fn subject_codes(state: &AppState) -> AppResult<Vec<String>> {
    let curriculum = crate::curriculum::memory::current(state).await?;
    let mut codes: Vec<String> =
        curriculum.levels.iter().flat_map(|l| &l.classes).flat_map(|c| &c.subjects).map(|s| s.code.clone()).collect();
    codes.sort();
    codes.dedup();
    Ok(codes)
}

pub async fn create(state: &AppState, who: &CurrentUser, input: &CourseInput) -> AppResult<CourseId> {
    may_author(who)?;
    input.validate(&subject_codes(state).await?).map_err(AppError::Validation)?;
    let txn = state.db.begin().await?;
    let c = store::insert_course(&txn, who.id, input).await?;
    txn.commit().await?;
    Ok(c.id)
}

/// The course, when `who` wrote it (or administers the portal).
pub async fn owned(state: &AppState, who: &CurrentUser, id: CourseId) -> AppResult<course::Model> {
    may_author(who)?;
    let c = store::course(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if c.author_id != who.id && who.role != crate::web::Role::Admin {
        return Err(AppError::Forbidden);
    }
    Ok(c)
}

pub async fn update(state: &AppState, who: &CurrentUser, id: CourseId, input: &CourseInput) -> AppResult<()> {
    owned(state, who, id).await?;
    input.validate(&subject_codes(state).await?).map_err(AppError::Validation)?;
    store::update_course(&state.db, id, input).await?;
    crate::jobs::search_later(&state.db, id).await?;
    Ok(())
}

/// The draft being edited; a published course needs a new version first.
pub async fn draft(state: &AppState, who: &CurrentUser, id: CourseId) -> AppResult<version::Model> {
    owned(state, who, id).await?;
    store::draft_of(&state.db, id)
        .await?
        .ok_or(AppError::NotAllowed { code: "course-no-draft", key: "course-no-draft" })
}

/// The module, when it belongs to a draft of a course `who` may edit.
async fn draft_module(state: &AppState, who: &CurrentUser, id: ModuleId) -> AppResult<module::Model> {
    let m = store::module(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let v = store::version(&state.db, m.version_id).await?.ok_or(AppError::NotFound)?;
    owned(state, who, v.course_id).await?;
    if v.status != VersionStatus::Draft {
        return Err(AppError::NotAllowed { code: "course-no-draft", key: "course-no-draft" });
    }
    Ok(m)
}

pub async fn add_module(
    state: &AppState,
    who: &CurrentUser,
    course: CourseId,
    input: &ModuleInput,
) -> AppResult<ModuleId> {
    input.validate().map_err(AppError::Validation)?;
    let v = draft(state, who, course).await?;
    let next = store::modules_of(&state.db, v.id).await?.last().map_or(1, |m| m.position + 1);
    Ok(store::insert_module(&state.db, v.id, next, input).await?.id)
}

pub async fn add_activity(
    state: &AppState,
    who: &CurrentUser,
    module: ModuleId,
    input: &ActivityInput,
) -> AppResult<ActivityId> {
    input.validate().map_err(AppError::Validation)?;
    draft_module(state, who, module).await?;
    if let Some(c) = input.content_id {
        // Only a visible content of the library (a teacher must be able to open it).
        let found = crate::content::service::visible_to(state, None, c).await;
        if found.is_err() {
            return Err(AppError::invalid("content_id", "field-activity-content-unknown"));
        }
    }
    let next = store::activities_of(&state.db, &[module]).await?.last().map_or(1, |a| a.position + 1);
    Ok(store::insert_activity(&state.db, module, next, input).await?.id)
}

pub async fn add_question(
    state: &AppState,
    who: &CurrentUser,
    module: ModuleId,
    input: &QuizQuestionInput,
    lang: Lang,
) -> AppResult<QuizQuestionId> {
    input.validate().map_err(AppError::Validation)?;
    draft_module(state, who, module).await?;
    let next = store::questions_of(&state.db, &[module]).await?.last().map_or(1, |q| q.position + 1);
    let labels = [lang.t("quiz-true"), lang.t("quiz-false")];
    let txn = state.db.begin().await?;
    let q = store::insert_question(&txn, module, next, input, [&labels[0], &labels[1]]).await?;
    txn.commit().await?;
    Ok(q.id)
}

/// The module a part lives in.
async fn module_of(state: &AppState, part: Part) -> AppResult<ModuleId> {
    Ok(match part {
        Part::Module(m) => m,
        Part::Activity(a) => store::activity(&state.db, a).await?.ok_or(AppError::NotFound)?.module_id,
        Part::Question(q) => store::question(&state.db, q).await?.ok_or(AppError::NotFound)?.module_id,
    })
}

pub async fn remove(state: &AppState, who: &CurrentUser, part: Part) -> AppResult<()> {
    draft_module(state, who, module_of(state, part).await?).await?;
    let txn = state.db.begin().await?;
    match part {
        Part::Module(m) => store::delete_module(&txn, m).await?,
        Part::Activity(a) => store::delete_activity(&txn, a).await?,
        Part::Question(q) => store::delete_question(&txn, q).await?,
    }
    txn.commit().await?;
    Ok(())
}

/// Swaps a part with its neighbour above (`up`) or below.
pub async fn shift(state: &AppState, who: &CurrentUser, part: Part, up: bool) -> AppResult<()> {
    let m = draft_module(state, who, module_of(state, part).await?).await?;
    let db = &state.db;
    // (id, position) of the part's siblings, in order.
    let siblings: Vec<(i64, i32)> = match part {
        Part::Module(_) => store::modules_of(db, m.version_id).await?.iter().map(|x| (x.id.0, x.position)).collect(),
        Part::Activity(_) => store::activities_of(db, &[m.id]).await?.iter().map(|x| (x.id.0, x.position)).collect(),
        Part::Question(_) => store::questions_of(db, &[m.id]).await?.iter().map(|x| (x.id.0, x.position)).collect(),
    };
    let me = match part {
        Part::Module(x) => x.0,
        Part::Activity(x) => x.0,
        Part::Question(x) => x.0,
    };
    let Some(at) = siblings.iter().position(|(id, _)| *id == me) else { return Err(AppError::NotFound) };
    let other = if up { at.checked_sub(1) } else { Some(at + 1).filter(|i| *i < siblings.len()) };
    let Some(other) = other else { return Ok(()) };
    // Positions are renumbered 1..n so equal positions cannot stick.
    let mut order: Vec<i64> = siblings.iter().map(|(id, _)| *id).collect();
    order.swap(at, other);
    let txn = state.db.begin().await?;
    for (i, id) in order.into_iter().enumerate() {
        let position = i as i32 + 1;
        match part {
            Part::Module(_) => store::set_module_position(&txn, ModuleId(id), position).await?,
            Part::Activity(_) => store::set_activity_position(&txn, ActivityId(id), position).await?,
            Part::Question(_) => store::set_question_position(&txn, QuizQuestionId(id), position).await?,
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Publishes the draft: new enrolments get it; earlier enrolments keep theirs.
pub async fn publish(state: &AppState, who: &CurrentUser, id: CourseId) -> AppResult<CourseVersionId> {
    let c = owned(state, who, id).await?;
    let v = draft(state, who, id).await?;
    let modules = store::modules_of(&state.db, v.id).await?;
    let ids: Vec<ModuleId> = modules.iter().map(|m| m.id).collect();
    let activities = store::activities_of(&state.db, &ids).await?;
    let mut errors = FieldErrors::default();
    if modules.is_empty() {
        errors.add("modules", "course-publish-empty");
    } else if modules.iter().any(|m| !activities.iter().any(|a| a.module_id == m.id)) {
        errors.add("modules", "course-publish-module-empty");
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let txn = state.db.begin().await?;
    if let Some(old) = c.published_version_id {
        store::set_version_status(&txn, old, VersionStatus::Retired).await?;
    }
    store::set_version_status(&txn, v.id, VersionStatus::Published).await?;
    store::set_status(&txn, id, CourseStatus::Published, Some(v.id)).await?;
    crate::jobs::search_later(&txn, id).await?;
    txn.commit().await?;
    Ok(v.id)
}

/// No new enrolments; enrolled teachers go on.
pub async fn unpublish(state: &AppState, who: &CurrentUser, id: CourseId) -> AppResult<()> {
    let c = owned(state, who, id).await?;
    if c.published_version_id.is_none() {
        return Err(AppError::NotAllowed { code: "course-not-published", key: "course-not-published" });
    }
    store::set_status(&state.db, id, CourseStatus::Unpublished, None).await?;
    crate::jobs::search_later(&state.db, id).await?;
    Ok(())
}

/// A new draft, copied from the published version.
pub async fn new_version(state: &AppState, who: &CurrentUser, id: CourseId) -> AppResult<CourseVersionId> {
    let c = owned(state, who, id).await?;
    if store::draft_of(&state.db, id).await?.is_some() {
        return Err(AppError::NotAllowed { code: "course-draft-exists", key: "course-draft-exists" });
    }
    let from = c
        .published_version_id
        .ok_or(AppError::NotAllowed { code: "course-not-published", key: "course-not-published" })?;
    let txn = state.db.begin().await?;
    let number = store::latest_number(&txn, id).await? + 1;
    let v = store::insert_version(&txn, id, number).await?;
    store::copy_structure(&txn, from, v.id).await?;
    txn.commit().await?;
    Ok(v.id)
}
