//! The list of ideas: most supported or newest, by status or district.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use crate::ideas::api::IdeaParams;
use crate::ideas::model::IdeaStatus;
use crate::ideas::service::{self as ideas, IdeaPage};
use crate::state::AppState;
use crate::web::extract::ApiQuery;
use crate::web::{AppResult, Page};

#[derive(Template)]
#[template(path = "community/ideas.html")]
struct ListPage {
    page: Page,
    list: IdeaPage,
    sort: String,
    status: Option<IdeaStatus>,
    statuses: &'static [IdeaStatus],
}

pub(super) async fn all(
    State(state): State<AppState>,
    page: Page,
    ApiQuery(p): ApiQuery<IdeaParams>,
) -> AppResult<Html<String>> {
    let filter = p.filter()?;
    let list = ideas::list(&state, &filter, page.user.as_ref()).await?;
    let sort = if filter.most_supported { "support" } else { "new" }.to_owned();
    let page = page.titled("ideas-title");
    Ok(Html(ListPage { page, list, sort, status: filter.status, statuses: IdeaStatus::ALL }.render()?))
}
