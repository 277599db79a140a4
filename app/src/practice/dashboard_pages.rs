//! The practice dashboard page and its CSV.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use super::dashboard::{self, Asked, PracticeDashboard};
use super::model::PlaceLevel;
use crate::state::AppState;
use crate::web::{AppResult, CurrentUser, Page};

pub fn router() -> Router<AppState> {
    Router::new().route("/practice/dashboard", get(show)).route("/practice/dashboard.csv", get(csv))
}

#[derive(Template)]
#[template(path = "practice/dashboard.html")]
struct DashboardPage {
    page: Page,
    d: std::sync::Arc<PracticeDashboard>,
    csv_query: String,
}

impl DashboardPage {
    /// The link that opens a row's own dashboard.
    fn counted_at(&self) -> String {
        self.page.lang.clock(&self.d.counted_at)
    }

    fn row_link(&self, id: &Option<i64>) -> Option<String> {
        let id = (*id)?;
        Some(match self.d.rows_are? {
            PlaceLevel::District => format!("/practice/dashboard?district={id}"),
            PlaceLevel::Upazila => format!("/practice/dashboard?upazila={id}"),
            PlaceLevel::School | PlaceLevel::Nation => format!("/practice/dashboard?school={id}"),
        })
    }
    fn is_school(&self) -> bool {
        self.d.scope == PlaceLevel::School
    }
    /// A month as its name and year.
    fn month(&self, m: &str) -> String {
        let (y, n) = m.split_once('-').unwrap_or((m, "1"));
        let n: u32 = n.parse().unwrap_or(1);
        self.page.lang.digits(&format!("{} {y}", self.page.lang.t(&format!("month-{n}"))))
    }
    fn widest(&self) -> i64 {
        self.d.months.iter().map(|m| m.tries).max().unwrap_or(0).max(1)
    }
}

fn query_of(asked: &Asked) -> String {
    match (asked.school, asked.upazila, asked.district) {
        (Some(s), _, _) => format!("?school={s}"),
        (None, Some(u), _) => format!("?upazila={u}"),
        (None, None, Some(d)) => format!("?district={d}"),
        _ => String::new(),
    }
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Query(asked): Query<Asked>,
) -> AppResult<Response> {
    // Another place's figures: 403 with "your own place only" (the error page says it).
    let place = dashboard::scope(&state, &user, asked).await?;
    let d = dashboard::counted(&state, place, page.lang).await?;
    let mut page = page.titled("practice-dashboard-title");
    page.title = format!("{} · {}", page.title, d.scope_name);
    Ok(Html(DashboardPage { page, d, csv_query: query_of(&asked) }.render()?).into_response())
}

async fn csv(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Query(asked): Query<Asked>,
) -> AppResult<Response> {
    let place = dashboard::scope(&state, &user, asked).await?;
    let d = dashboard::counted(&state, place, page.lang).await?;
    let body = dashboard::rows_csv(&d, page.lang);
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"practice-{}-{}.csv\"", d.scope, d.scope_id.unwrap_or(0)),
            ),
        ],
        format!("\u{feff}{body}"),
    )
        .into_response())
}
