//! The blog pages: the list, a post, and the writing form. Without
//! JavaScript the form has "save draft", "preview" and "publish" buttons;
//! with it, `post.js` also saves the draft a few seconds after each change.
//! Comments under posts are discussion's (`discussion::pages`).

mod list;
mod read;
mod write;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/posts", get(list::all))
        .route("/posts/new", get(write::new_form).post(write::create))
        .route("/posts/{id}", get(read::one))
        .route("/posts/{id}/edit", get(write::edit_form).post(write::save))
        .route("/posts/{id}/pictures", post(super::pictures::add).layer(DefaultBodyLimit::disable()))
        .route("/posts/{id}/vote", post(read::vote))
        .route("/posts/{id}/delete", post(read::delete))
        .route("/my/posts", get(list::mine))
        .route("/pictures/{blob}", get(super::pictures::show))
}
