//! The question pages: lists, asking (similar questions first), a question
//! with its answers, votes and accept as plain forms, edits and history,
//! and a teacher's reputation. Everything works without JavaScript.
//! Comments on questions and answers are discussion's (`discussion::pages`).

mod ask;
mod edit_answer;
mod history;
mod list;
mod reputation;
mod thread;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/questions", get(list::all))
        .route("/questions/ask", get(ask::form).post(ask::ask))
        .route("/questions/{id}", get(thread::page))
        .route("/questions/{id}/answers", post(thread::answer))
        .route("/questions/{id}/vote", post(thread::vote_question))
        .route("/questions/{id}/edit", get(ask::edit_form).post(ask::edit))
        .route("/questions/{id}/revisions", get(history::question))
        .route("/questions/{id}/duplicate", post(thread::duplicate))
        .route("/answers/{id}", get(thread::answer_link))
        .route("/answers/{id}/vote", post(thread::vote_answer))
        .route("/answers/{id}/accept", post(thread::accept))
        .route("/answers/{id}/edit", get(edit_answer::form).post(edit_answer::save))
        .route("/answers/{id}/revisions", get(history::answer))
        .route("/teachers/{id}/reputation", get(reputation::page))
}
