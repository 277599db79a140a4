//! The home page.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

use crate::content::model::ContentSummary;
use crate::content::store::{ListFilter, Sort};
use crate::curriculum::model::Level;
use crate::profiles::store as profiles;
use crate::state::AppState;
use crate::web::{AppResult, Page};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

pub struct TeacherCard {
    pub id: crate::ids::UserId,
    pub name: String,
    pub designation: String,
    pub photo_url: Option<String>,
}

#[derive(Template)]
#[template(path = "home/index.html")]
struct HomePage {
    page: Page,
    teachers: i64,
    verified: i64,
    districts: i64,
    levels: Vec<Level>,
    newest: Vec<TeacherCard>,
    latest: Vec<ContentSummary>,
    /// A signed-in teacher's newest feed items.
    feed: Vec<crate::feed::service::FeedItem>,
}

async fn home(State(state): State<AppState>, page: Page) -> AppResult<Html<String>> {
    let (teachers, verified) = profiles::count_teachers(&state.db).await?;
    let districts = profiles::count_districts_reached(&state.db).await?;
    let levels = crate::curriculum::memory::current(&state).await?.levels.clone();
    let newest = profiles::newest_verified(&state.db, 6)
        .await?
        .into_iter()
        .map(|u| TeacherCard {
            id: u.id,
            name: u.name,
            designation: u.designation.unwrap_or_default(),
            photo_url: crate::profiles::service::photo_url(u.photo_id),
        })
        .collect();
    let newest_contents = ListFilter { sort: Sort::New, per_page: 6, ..Default::default() };
    let rows = crate::content::store::page_of(&state.db, &newest_contents).await?;
    let latest = crate::content::lists::summaries(&state, rows).await?;
    let feed = match &page.user {
        Some(u) => crate::feed::service::items(&state, u.id, None, 5).await?,
        None => Vec::new(),
    };
    let page = page.titled("home-title");
    Ok(Html(
        HomePage {
            page,
            teachers: teachers as i64,
            verified: verified as i64,
            districts: districts as i64,
            levels,
            newest,
            latest,
            feed,
        }
        .render()?,
    ))
}
