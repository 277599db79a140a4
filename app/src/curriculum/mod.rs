//! The curriculum: browse pages, the `/api/v1/curriculum` tree and the
//! chapter import.

pub mod import;
pub mod memory;
pub mod model;
pub mod store;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use axum::{Json, Router};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;
use crate::web::{AppError, AppResult, Page};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(curriculum))
}

pub fn router() -> Router<AppState> {
    Router::new().route("/curriculum", get(index)).route("/curriculum/classes/{id}", get(class_page))
}

/// Levels → classes → subjects → chapters, with ids and Bangla and English names.
#[utoipa::path(get, path = "/api/v1/curriculum", tag = "reference", responses((status = 200, body = Vec<model::Level>)))]
async fn curriculum(State(state): State<AppState>) -> AppResult<Json<Vec<model::Level>>> {
    Ok(Json(memory::current(&state).await?.levels.clone()))
}

#[derive(Template)]
#[template(path = "curriculum/index.html")]
struct IndexPage {
    page: Page,
    levels: Vec<model::Level>,
}

async fn index(State(state): State<AppState>, page: Page) -> AppResult<Html<String>> {
    let curriculum = memory::current(&state).await?;
    let levels = curriculum.levels.clone();
    Ok(Html(IndexPage { page: page.titled("curriculum-title"), levels }.render()?))
}

#[derive(Template)]
#[template(path = "curriculum/class.html")]
struct ClassPage {
    page: Page,
    level: model::Level,
    class: model::Class,
}

async fn class_page(
    State(state): State<AppState>,
    Path(id): Path<crate::ids::ClassId>,
    page: Page,
) -> AppResult<Html<String>> {
    let curriculum = memory::current(&state).await?;
    let levels = curriculum.levels.clone();
    let (level, class) = levels
        .into_iter()
        .find_map(|l| l.classes.iter().find(|c| c.id == id).cloned().map(|c| (l, c)))
        .ok_or(AppError::NotFound)?;
    let mut page = page;
    page.title = format!("{} · {}", class.name(&page.lang), level.name(&page.lang));
    Ok(Html(ClassPage { page, level, class }.render()?))
}
