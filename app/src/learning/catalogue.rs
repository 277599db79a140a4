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
    let mut out = Vec::with_capacity(rows.len());
    for c in rows {
        let enrolled = study::count_enrolled(&state.db, c.id).await? as i64;
        out.push(CourseSummary {
            id: c.id,
            modules: c.published_version_id.and_then(|v| modules.get(&v).copied()).unwrap_or(0),
            enrolled,
            title: c.title,
            summary: c.summary,
            class_number: c.class_number,
            subject_code: c.subject_code,
            status: c.status,
        });
    }
    Ok(out)
}

pub async fn published(state: &AppState, page: u64, per_page: u64) -> AppResult<(Vec<CourseSummary>, u64)> {
    let (rows, total) = store::published(&state.db, page, per_page).await?;
    Ok((summaries(state, rows).await?, total))
}

/// The courses `who` is enrolled in, newest enrolment first.
pub async fn enrolled(state: &AppState, who: &CurrentUser) -> AppResult<Vec<CourseSummary>> {
    let mut rows = Vec::new();
    for e in study::enrolments_of(&state.db, who.id).await? {
        if let Some(c) = store::course(&state.db, e.course_id).await? {
            rows.push(c);
        }
    }
    summaries(state, rows).await
}

pub async fn authored(state: &AppState, who: &CurrentUser) -> AppResult<Vec<CourseSummary>> {
    summaries(state, store::by_author(&state.db, who.id).await?).await
}
