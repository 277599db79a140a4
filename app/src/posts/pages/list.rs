//! The list of published posts, and a teacher's own (drafts included).

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use crate::posts::api::PostParams;
use crate::posts::model::PostCategory;
use crate::posts::service::{self as posts, PostPage};
use crate::posts::store::PostFilter;
use crate::state::AppState;
use crate::web::extract::ApiQuery;
use crate::web::{AppResult, CurrentUser, Page};

#[derive(Template)]
#[template(path = "community/posts.html")]
struct ListPage {
    page: Page,
    list: PostPage,
    category: Option<PostCategory>,
    categories: &'static [PostCategory],
    mine: bool,
}

pub(super) async fn all(
    State(state): State<AppState>,
    page: Page,
    ApiQuery(p): ApiQuery<PostParams>,
) -> AppResult<Html<String>> {
    let f = p.filter()?;
    let list = posts::list(&state, &f).await?;
    let page = page.titled("posts-title");
    Ok(Html(ListPage { page, list, category: f.category, categories: PostCategory::ALL, mine: false }.render()?))
}

pub(super) async fn mine(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    ApiQuery(p): ApiQuery<PostParams>,
) -> AppResult<Html<String>> {
    let f = PostFilter { mine: Some(user.id), ..p.filter()? };
    let list = posts::list(&state, &f).await?;
    let page = page.titled("my-posts-title");
    Ok(Html(ListPage { page, list, category: None, categories: PostCategory::ALL, mine: true }.render()?))
}
