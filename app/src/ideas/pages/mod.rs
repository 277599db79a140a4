//! The ideas pages: the list, the form, an idea with its support button
//! and, for an officer of its place, the response form. Comments under
//! ideas are discussion's (`discussion::pages`).

mod list;
mod one;
mod submit;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ideas", get(list::all))
        .route("/ideas/new", get(submit::form).post(submit::submit))
        .route("/ideas/{id}", get(one::page))
        .route("/ideas/{id}/support", post(one::support))
        .route("/ideas/{id}/status", post(one::set_status))
}
