//! A post as its reader sees it, its like button, and deleting it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::discussion::NoticeQuery;
use crate::ids::PostId;
use crate::posts::service::{self as posts, PostView};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::{AppResult, CurrentUser, Page};

#[derive(Template)]
#[template(path = "community/post.html")]
struct PostPageView {
    page: Page,
    post: PostView,
    is_author: bool,
    reported: bool,
}

impl PostPageView {
    fn markdown(&self, html: &str) -> askama::filters::Safe<String> {
        // Rendered by `markdown::to_html`, which sanitises.
        askama::filters::Safe(html.to_owned())
    }
}

pub(super) async fn one(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<PostId>,
    Query(n): Query<NoticeQuery>,
) -> AppResult<Html<String>> {
    let post = posts::view(&state, id, page.user.as_ref()).await?;
    let is_author = page.user.as_ref().is_some_and(|u| u.id == post.author.id);
    let mut page = page;
    page.title = post.title.clone();
    Ok(Html(PostPageView { page, post, is_author, reported: n.reported() }.render()?))
}

#[derive(Deserialize)]
pub(super) struct VoteForm {
    value: String,
}

pub(super) async fn vote(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PostId>,
    VerifiedForm(f): VerifiedForm<VoteForm>,
) -> AppResult<Response> {
    // Anything but a number is refused as out of range.
    posts::vote(&state, &user, id, f.value.trim().parse().unwrap_or(99)).await?;
    Ok(Redirect::to(&format!("/posts/{id}#likes")).into_response())
}

pub(super) async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PostId>,
    VerifiedForm(_): VerifiedForm<crate::web::extract::TokenOnlyForm>,
) -> AppResult<Response> {
    posts::delete(&state, &user, id).await?;
    Ok(Redirect::to("/my/posts").into_response())
}
