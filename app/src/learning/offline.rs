//! What "keep this module for offline" takes (`GET
//! /learn/modules/{id}/offline.json`, for whoever is enrolled): the course
//! page, each activity's page with the lightest version of its video or
//! recording and its reading's file, and the quiz page, so she can study
//! and answer with no network (the quiz page keeps her answers until the
//! connection returns).

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use super::study;
use super::words::ActivityKind;
use crate::ids::ModuleId;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};

pub fn router() -> Router<AppState> {
    Router::new().route("/learn/modules/{id}/offline.json", get(module_files))
}

#[derive(Serialize)]
struct Keep {
    /// Where the phone's list of kept things sends her.
    page: String,
    title: String,
    urls: Vec<String>,
    /// What keeping it costs, before she taps.
    bytes: i64,
}

async fn module_files(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ModuleId>,
) -> AppResult<Response> {
    let (e, m) = study::enrolment_for_module(&state, &user, id).await?;
    let outline = study::outline(&state, e.version_id).await?;
    let course = format!("/courses/{}", e.course_id);
    let mut urls = vec![course.clone()];
    let mut bytes = 0;
    for a in outline.activities_of(id) {
        urls.push(format!("/learn/activities/{}", a.id));
        let Some(c) = a.content_id else { continue };
        let view = match crate::content::shared::page(&state, c, Some(&user)).await {
            Ok((shared, _)) => shared.view.clone(),
            Err(AppError::NotFound) => continue,
            Err(e) => return Err(e),
        };
        let file = match a.kind {
            ActivityKind::Video | ActivityKind::Audio => view
                .renditions
                .iter()
                .filter(|r| r.kind.as_str().starts_with(a.kind.rendition_prefix()))
                .min_by_key(|r| r.size_bytes)
                .map(|r| (r.url.clone(), r.size_bytes)),
            ActivityKind::Reading | ActivityKind::Practice => view.file.as_ref().map(|f| (f.url.clone(), f.size_bytes)),
        };
        if let Some((url, size)) = file {
            urls.push(url);
            bytes += size;
        }
    }
    if outline.has_quiz(id) {
        urls.push(format!("/learn/quizzes/{id}"));
    }
    let keep = Keep { page: format!("{course}#module-{id}"), title: m.title, urls, bytes };
    Ok(axum::Json(keep).into_response())
}
