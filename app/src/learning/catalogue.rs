//! Lists of courses: the published catalogue, a teacher's own courses,
//! a course author's courses.

use super::entity::course;
use super::model::CourseSummary;
use super::store::{self, study};
use crate::state::AppState;
use crate::web::{AppResult, CurrentUser};

async fn summaries(state: &AppState, rows: Vec<course::Model>) -> AppResult<Vec<CourseSummary>> {
    let versions: Vec<_> = rows.iter().filter_map(|c| c.published_version_id).collect();
    let modules = store::module_counts(&state.db, &versions).await?;
    let ids: Vec<_> = rows.iter().map(|c| c.id).collect();
    let enrolled = study::enrolled_counts(&state.db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|c| CourseSummary {
            id: c.id,
            modules: c.published_version_id.and_then(|v| modules.get(&v).copied()).unwrap_or(0),
            enrolled: enrolled.get(&c.id).copied().unwrap_or(0),
            title: c.title,
            summary: c.summary,
            class_number: c.class_number,
            subject_code: c.subject_code,
            status: c.status,
        })
        .collect())
}

pub async fn published(state: &AppState, page: u64, per_page: u64) -> AppResult<(Vec<CourseSummary>, u64)> {
    let (rows, total) = store::published(&state.db, page, per_page).await?;
    Ok((summaries(state, rows).await?, total))
}

/// The courses `who` is enrolled in, newest enrolment first.
pub async fn enrolled(state: &AppState, who: &CurrentUser) -> AppResult<Vec<CourseSummary>> {
    let ids: Vec<_> = study::enrolments_of(&state.db, who.id).await?.into_iter().map(|e| e.course_id).collect();
    summaries(state, store::courses(&state.db, &ids).await?).await
}

pub async fn authored(state: &AppState, who: &CurrentUser) -> AppResult<Vec<CourseSummary>> {
    summaries(state, store::by_author(&state.db, who.id).await?).await
}

/// "Try this in class" tasks of published courses, as "course — task".
pub async fn practice_tasks(state: &AppState) -> AppResult<Vec<(crate::ids::ActivityId, String)>> {
    Ok(store::published_practice_tasks(&state.db)
        .await?
        .into_iter()
        .map(|(id, course, task)| (id, format!("{course} — {task}")))
        .collect())
}
