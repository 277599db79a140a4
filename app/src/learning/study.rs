//! Taking a course: enrolling (in the version published then, kept for
//! good), progress per activity with the video position, what to do next,
//! and completion with its certificate once every module is passed.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use sea_orm::{ConnectionTrait, Set};

use super::entity::{activity, certificate, choice, course, enrolment, module, question, version};
use super::model::{ActivityView, CourseView, EnrolmentView, ModuleView, NextStep, ProgressInput};
use super::store::learner::{self, Learner, Through};
use super::store::{self, study};
use super::words::{CourseStatus, NextStepKind, VersionStatus};
use crate::ids::{ActivityId, CourseId, CourseVersionId, EnrolmentId, ModuleId};
use crate::state::AppState;
use crate::web::kept::KeptMap;
use crate::web::{AppError, AppResult, CurrentUser, Role};

/// Certificate codes: no 0/O or 1/I to misread from paper.
const CODE_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_LEN: usize = 10;

pub fn not_enrolled() -> AppError {
    AppError::NotAllowed { code: "not_enrolled", key: "course-not-enrolled" }
}

/// The course, if `viewer` may see it: published (or once published and she
/// is enrolled), or hers to edit.
pub async fn visible(state: &AppState, viewer: Option<&CurrentUser>, id: CourseId) -> AppResult<course::Model> {
    let c = store::course(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if c.status == CourseStatus::Published {
        return Ok(c);
    }
    if let Some(v) = viewer {
        let authoring = v.role.can_author_courses() && (c.author_id == v.id || v.role == Role::Admin);
        if authoring || study::enrolment(&state.db, id, v.id).await?.is_some() {
            return Ok(c);
        }
    }
    Err(AppError::NotFound)
}

/// An activity shown outside its course (planning a "try this in class"
/// task, a circle's agenda): one of a version once published, of a course
/// `viewer` may see; a draft version's only to the course's author and
/// administrators. NotFound otherwise, so drafts stay unseen.
pub async fn shown_activity(state: &AppState, viewer: &CurrentUser, id: ActivityId) -> AppResult<activity::Model> {
    let a = store::activity(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let m = store::module(&state.db, a.module_id).await?.ok_or(AppError::NotFound)?;
    let v = store::version(&state.db, m.version_id).await?.ok_or(AppError::NotFound)?;
    let c = visible(state, Some(viewer), v.course_id).await?;
    let authoring = viewer.role.can_author_courses() && (c.author_id == viewer.id || viewer.role == Role::Admin);
    if v.status == VersionStatus::Draft && !authoring {
        return Err(AppError::NotFound);
    }
    Ok(a)
}

/// A course with its modules and, for an enrolled teacher, her progress.
pub async fn view(state: &AppState, viewer: Option<&CurrentUser>, id: CourseId) -> AppResult<CourseView> {
    let found = learner::learner(&state.db, Through::Course(id), viewer.map(|v| v.id)).await?;
    view_of(state, viewer, found.ok_or(AppError::NotFound)?).await
}

/// Whether `viewer` may see the course `l` read (the rule of [`visible`]).
fn may_see(viewer: Option<&CurrentUser>, l: &Learner) -> bool {
    if l.course.status == CourseStatus::Published {
        return true;
    }
    viewer.is_some_and(|v| {
        let authoring = v.role.can_author_courses() && (l.course.author_id == v.id || v.role == Role::Admin);
        authoring || l.enrolment.is_some()
    })
}

/// The course view from what [`learner::learner`] read for `viewer`.
pub async fn view_of(state: &AppState, viewer: Option<&CurrentUser>, l: Learner) -> AppResult<CourseView> {
    if !may_see(viewer, &l) {
        return Err(AppError::NotFound);
    }
    let Learner { course: c, enrolment, certificate, .. } = l;
    let shown = match (&enrolment, c.published_version_id) {
        (Some(e), _) => e.version_id,
        (None, Some(v)) => v,
        (None, None) => store::draft_of(&state.db, c.id).await?.ok_or(AppError::NotFound)?.id,
    };
    let number = outline(state, shown).await?.version.number;
    let modules = modules(state, shown, enrolment.as_ref().map(|e| e.id)).await?;
    let enrolment = enrolment.map(|e| enrolment_view(&e, &modules, certificate));
    Ok(CourseView {
        id: c.id,
        author_name: author_name(state, c.author_id).await?,
        title: c.title,
        summary: c.summary,
        status: c.status,
        version: number,
        modules,
        enrolment,
    })
}

/// Authors' names, the same for every reader: kept a moment.
#[derive(Default)]
struct KeptNames(KeptMap<crate::ids::UserId, String, 1024>);

async fn author_name(state: &AppState, author: crate::ids::UserId) -> AppResult<String> {
    let kept = state.part::<KeptNames>();
    if let Some(name) = kept.0.get(&author, crate::web::page_parts::KEEP_FOR) {
        return Ok(name);
    }
    let name = crate::accounts::store::names_of(&state.db, &[author]).await?.remove(&author).unwrap_or_default();
    kept.0.put(author, name.clone(), crate::web::page_parts::KEEP_FOR);
    Ok(name)
}

/// What every learner of a version sees alike: its modules, activities,
/// quiz sizes and the lightest download of each activity's content.
pub struct Outline {
    pub version: version::Model,
    modules: Vec<module::Model>,
    activities: Vec<activity::Model>,
    questions: HashMap<ModuleId, i64>,
    sizes: HashMap<crate::ids::ContentId, i64>,
    /// Each module's quiz: its questions (in their place) and their choices.
    quizzes: HashMap<ModuleId, (Vec<question::Model>, Vec<choice::Model>)>,
}

impl Outline {
    /// A module's quiz questions in their place, and their choices.
    pub fn quiz(&self, m: ModuleId) -> (Vec<question::Model>, Vec<choice::Model>) {
        self.quizzes.get(&m).cloned().unwrap_or_default()
    }

    /// The modules in their order.
    pub fn modules(&self) -> &[module::Model] {
        &self.modules
    }

    /// A module's activities in their order.
    pub fn activities_of(&self, m: ModuleId) -> impl Iterator<Item = &activity::Model> {
        self.activities.iter().filter(move |a| a.module_id == m)
    }

    pub fn has_quiz(&self, m: ModuleId) -> bool {
        self.questions.get(&m).is_some_and(|n| *n > 0)
    }
}

/// A version once published never changes (a new one is made instead), so
/// its outline is kept; only its contents' light sizes may shrink when a
/// rendition is made, which shows within this.
const OUTLINE_FOR: Duration = Duration::from_secs(60);

#[derive(Default)]
struct KeptOutlines(KeptMap<CourseVersionId, Arc<Outline>, 256>);

/// A version's outline: kept once published, read fresh while a draft
/// (its author sees each edit at once).
pub async fn outline(state: &AppState, v: CourseVersionId) -> AppResult<Arc<Outline>> {
    let kept = state.part::<KeptOutlines>();
    if let Some(found) = kept.0.get(&v, OUTLINE_FOR) {
        return Ok(found);
    }
    let db = &state.db;
    let version = store::version(db, v).await?.ok_or(AppError::NotFound)?;
    let modules = store::modules_of(db, v).await?;
    let ids: Vec<ModuleId> = modules.iter().map(|m| m.id).collect();
    let activities = store::activities_of(db, &ids).await?;
    let all_questions = store::questions_of(db, &ids).await?;
    let question_ids: Vec<_> = all_questions.iter().map(|q| q.id).collect();
    let all_options = store::options_of(db, &question_ids).await?;
    let mut questions: HashMap<ModuleId, i64> = HashMap::new();
    let mut quizzes: HashMap<ModuleId, (Vec<question::Model>, Vec<choice::Model>)> = HashMap::new();
    for q in all_questions {
        *questions.entry(q.module_id).or_default() += 1;
        let quiz = quizzes.entry(q.module_id).or_default();
        quiz.1.extend(all_options.iter().filter(|o| o.question_id == q.id).cloned());
        quiz.0.push(q);
    }
    let contents: Vec<_> = activities.iter().filter_map(|a| a.content_id).collect();
    let sizes = crate::content::store::page::light_sizes(db, &contents).await?;
    let draft = version.status == VersionStatus::Draft;
    let found = Arc::new(Outline { version, modules, activities, questions, sizes, quizzes });
    if !draft {
        kept.0.put(v, found.clone(), OUTLINE_FOR);
    }
    Ok(found)
}

/// The modules of a version with their activities, sizes and, for an
/// enrolment, what is done and passed.
pub async fn modules(state: &AppState, v: CourseVersionId, e: Option<EnrolmentId>) -> AppResult<Vec<ModuleView>> {
    let db = &state.db;
    let outline = outline(state, v).await?;
    let (activities, sizes) = (&outline.activities, &outline.sizes);
    let (progress, passed): (HashMap<ActivityId, (f64, bool)>, HashSet<ModuleId>) = match e {
        Some(e) => {
            let (progress, passed) = learner::standing(db, e).await?;
            (progress.into_iter().map(|(a, secs, done)| (a, (secs, done))).collect(), passed.into_iter().collect())
        }
        None => Default::default(),
    };
    Ok(outline
        .modules
        .iter()
        .map(|m| {
            let acts: Vec<ActivityView> = activities
                .iter()
                .filter(|a| a.module_id == m.id)
                .map(|a| {
                    let (position_secs, done) = progress.get(&a.id).copied().unwrap_or((0.0, false));
                    ActivityView {
                        id: a.id,
                        position: a.position,
                        kind: a.kind,
                        title: a.title.clone(),
                        body: a.body.clone(),
                        content_id: a.content_id,
                        minutes: a.minutes,
                        data_bytes: a.content_id.and_then(|c| sizes.get(&c).copied()).unwrap_or(0),
                        done,
                        position_secs,
                    }
                })
                .collect();
            let n_questions = outline.questions.get(&m.id).copied().unwrap_or(0);
            let module_passed =
                if n_questions > 0 { passed.contains(&m.id) } else { e.is_some() && acts.iter().all(|a| a.done) };
            ModuleView {
                id: m.id,
                position: m.position,
                title: m.title.clone(),
                summary: m.summary.clone(),
                data_bytes: acts.iter().map(|a| a.data_bytes).sum(),
                activities: acts,
                questions: n_questions,
                pass_percent: m.pass_percent,
                max_attempts: m.max_attempts,
                wait_minutes: m.wait_minutes,
                passed: module_passed,
            }
        })
        .collect())
}

/// What to do next: the first activity not done of the first module not
/// passed, else its quiz; the certificate when everything is passed.
pub fn next_step(modules: &[ModuleView], certificate: Option<&str>) -> Option<NextStep> {
    for m in modules.iter().filter(|m| !m.passed) {
        if let Some(a) = m.activities.iter().find(|a| !a.done) {
            return Some(NextStep {
                kind: NextStepKind::Activity,
                title: a.title.clone(),
                url: format!("/learn/activities/{}", a.id),
            });
        }
        if m.questions > 0 {
            return Some(NextStep {
                kind: NextStepKind::Quiz,
                title: m.title.clone(),
                url: format!("/learn/quizzes/{}", m.id),
            });
        }
    }
    certificate.map(|code| NextStep {
        kind: NextStepKind::Certificate,
        title: String::new(),
        url: format!("/certificates/{code}"),
    })
}

/// How much of the course is done, in percent, by the rule that completes
/// it: each module weighs the same; a passed module counts whole (its quiz
/// passed is what finishes it, whatever was read), another counts its
/// activities done out of its activities and its quiz. Not 100 before
/// every module is passed.
pub fn percent_done(modules: &[ModuleView]) -> i64 {
    if modules.is_empty() {
        return 0;
    }
    let share = |m: &ModuleView| -> f64 {
        if m.passed {
            return 1.0;
        }
        let steps = m.activities.len() + usize::from(m.questions > 0);
        let done = m.activities.iter().filter(|a| a.done).count();
        if steps == 0 { 0.0 } else { done as f64 / steps as f64 }
    };
    let percent = (modules.iter().map(share).sum::<f64>() * 100.0 / modules.len() as f64).round() as i64;
    if modules.iter().all(|m| m.passed) { 100 } else { percent.min(99) }
}

fn enrolment_view(e: &enrolment::Model, modules: &[ModuleView], certificate: Option<String>) -> EnrolmentView {
    let activities: Vec<&ActivityView> = modules.iter().flat_map(|m| &m.activities).collect();
    EnrolmentView {
        enrolled_at: e.enrolled_at,
        completed_at: e.completed_at,
        activities_done: activities.iter().filter(|a| a.done).count() as i64,
        activities: activities.len() as i64,
        modules_passed: modules.iter().filter(|m| m.passed).count() as i64,
        percent_done: percent_done(modules),
        next: next_step(modules, certificate.as_deref()),
        certificate,
    }
}

/// Enrols `who` in the published version (once; enrolling again changes nothing).
pub async fn enrol(state: &AppState, who: &CurrentUser, id: CourseId) -> AppResult<CourseView> {
    let c = store::course(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let already = study::enrolment(&state.db, id, who.id).await?;
    if already.is_none() {
        let v = c
            .published_version_id
            .filter(|_| c.status == CourseStatus::Published)
            .ok_or(AppError::NotAllowed { code: "course_not_open", key: "course-not-open" })?;
        study::enrol(&state.db, id, v, who.id).await?;
    }
    view(state, Some(who), id).await
}

/// The enrolment `who` needs to work on a module (of her version).
pub async fn enrolment_for_module(
    state: &AppState,
    who: &CurrentUser,
    module: ModuleId,
) -> AppResult<(enrolment::Model, super::entity::module::Model)> {
    let found = learner::learner(&state.db, Through::Module(module), Some(who.id)).await?;
    let l = found.ok_or(AppError::NotFound)?;
    let m = l.module.ok_or(AppError::NotFound)?;
    let e = l.enrolment.ok_or_else(not_enrolled)?;
    if e.version_id != m.version_id {
        return Err(AppError::NotFound);
    }
    Ok((e, m))
}

/// A course's activity as `who` works on it: her enrolment (in the
/// activity's version) and the course as she sees it, from one statement.
pub async fn activity_for(
    state: &AppState,
    who: &CurrentUser,
    id: ActivityId,
) -> AppResult<(activity::Model, CourseView)> {
    let found = learner::learner(&state.db, Through::Activity(id), Some(who.id)).await?;
    let mut l = found.ok_or(AppError::NotFound)?;
    let (a, m) = (l.activity.take().ok_or(AppError::NotFound)?, l.module.take().ok_or(AppError::NotFound)?);
    let e = l.enrolment.as_ref().ok_or_else(not_enrolled)?;
    if e.version_id != m.version_id {
        return Err(AppError::NotFound);
    }
    Ok((a, view_of(state, Some(who), l).await?))
}

/// Saves where she is in an activity, or that she finished it; finishing
/// the last thing completes the course.
pub async fn record(
    state: &AppState,
    who: &CurrentUser,
    id: ActivityId,
    input: &ProgressInput,
) -> AppResult<CourseView> {
    if input.position_secs.is_some_and(|p| !p.is_finite() || !(0.0..=86_400.0).contains(&p)) {
        return Err(AppError::invalid("position_secs", "field-position"));
    }
    let a = store::activity(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let (e, _) = enrolment_for_module(state, who, a.module_id).await?;
    study::set_progress(&state.db, e.id, id, input.position_secs, input.done).await?;
    if input.done {
        finish_if_complete(&state.db, &e).await?;
    }
    view(state, Some(who), e.course_id).await
}

/// Completes the enrolment and issues its certificate when every module
/// is passed (inside the caller's transaction when given one).
pub async fn finish_if_complete(db: &impl ConnectionTrait, e: &enrolment::Model) -> AppResult<Option<String>> {
    if let Some(c) = study::certificate_of(db, e.id).await? {
        return Ok(Some(c.code));
    }
    let modules = store::modules_of(db, e.version_id).await?;
    let ids: Vec<ModuleId> = modules.iter().map(|m| m.id).collect();
    let with_quiz: HashSet<ModuleId> = store::questions_of(db, &ids).await?.into_iter().map(|q| q.module_id).collect();
    let passed: HashSet<ModuleId> = study::passed_modules(db, e.id).await?.into_iter().collect();
    let done: HashSet<ActivityId> = study::progress_of(db, e.id)
        .await?
        .into_iter()
        .filter(|p| p.done_at.is_some())
        .map(|p| p.activity_id)
        .collect();
    let activities = store::activities_of(db, &ids).await?;
    let complete = !modules.is_empty()
        && modules.iter().all(|m| {
            if with_quiz.contains(&m.id) {
                passed.contains(&m.id)
            } else {
                activities.iter().filter(|a| a.module_id == m.id).all(|a| done.contains(&a.id))
            }
        });
    if !complete {
        return Ok(None);
    }
    let c = store::course(db, e.course_id).await?.ok_or(AppError::NotFound)?;
    let learner = crate::accounts::store::names_of(db, &[e.user_id]).await?.remove(&e.user_id).unwrap_or_default();
    let code: String = {
        let mut rng = rand::rng();
        (0..CODE_LEN).map(|_| CODE_LETTERS[rng.random_range(0..CODE_LETTERS.len())] as char).collect()
    };
    study::complete(db, e.id).await?;
    let row = certificate::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        code: Set(code.clone()),
        enrolment_id: Set(e.id),
        user_id: Set(e.user_id),
        course_id: Set(e.course_id),
        version_id: Set(e.version_id),
        learner_name: Set(learner),
        course_title: Set(c.title),
        issued_at: Set(chrono::Utc::now()),
    };
    study::insert_certificate(db, row).await?;
    tracing::info!(enrolment = %e.id, "course completed, certificate issued");
    Ok(Some(code))
}
