//! The course report page and its CSV.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::reports::{self, CourseReport};
use crate::ids::{CourseId, DistrictId};
use crate::state::AppState;
use crate::web::{AppResult, CurrentUser, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/learn/reports/courses/{id}", get(page))
        .route("/learn/reports/courses/{id}/report.csv", get(csv))
}

#[derive(Deserialize)]
pub struct ReportQuery {
    district_id: Option<String>,
}

impl ReportQuery {
    fn district(&self) -> Option<DistrictId> {
        self.district_id.as_deref().and_then(|d| d.trim().parse().ok()).map(DistrictId)
    }
}

#[derive(Template)]
#[template(path = "learning/report.html")]
struct ReportPage {
    page: Page,
    r: CourseReport,
}

impl ReportPage {
    fn percent(&self, part: &i64, whole: &i64) -> String {
        self.page.lang.num(if *whole > 0 { part * 100 / whole } else { 0 })
    }
    fn csv_href(&self) -> String {
        match self.r.district_id {
            Some(d) => format!("/learn/reports/courses/{}/report.csv?district_id={d}", self.r.course_id),
            None => format!("/learn/reports/courses/{}/report.csv", self.r.course_id),
        }
    }
}

async fn page(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CourseId>,
    Query(q): Query<ReportQuery>,
) -> AppResult<Html<String>> {
    let r = reports::course(&state, &user, id, q.district(), page.lang).await?;
    let mut page = page;
    page.title = r.title.clone();
    Ok(Html(ReportPage { page, r }.render()?))
}

async fn csv(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CourseId>,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let r = reports::course(&state, &user, id, q.district(), page.lang).await?;
    let name = format!("attachment; filename=\"course-{id}-report.csv\"");
    Ok(([(CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (CONTENT_DISPOSITION, name)], reports::csv(&r))
        .into_response())
}
