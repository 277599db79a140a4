//! Blended courses on a phone: courses of modules (videos, audio, readings
//! and "try this in class" tasks, reusing the library's light renditions)
//! with a quiz each; enrolment, progress that resumes where the teacher
//! stopped, quizzes that work without JavaScript and can be sent later
//! from a phone that lost its connection, and completion certificates
//! anyone can check from their code or QR. Course authors build courses
//! in versions: teachers keep the version they started.

pub mod api;
mod author_pages;
pub mod authoring;
pub mod catalogue;
pub mod certificates;
pub mod entity;
mod facts;
mod forms;
pub mod model;
pub mod next;
pub mod offline;
pub mod pack;
mod pages;
mod pass_photo;
pub mod quiz;
mod report_pages;
pub mod reports;
pub(crate) mod search_facts;
pub mod store;
pub mod study;
pub mod training;
mod training_api;
mod training_pages;
pub mod words;

/// The learning API: courses, quizzes, certificates, training.
pub fn api() -> utoipa_axum::router::OpenApiRouter<crate::state::AppState> {
    api::api().merge(training_api::api())
}

pub fn router() -> axum::Router<crate::state::AppState> {
    pages::router()
        .merge(pack::router())
        .merge(offline::router())
        .merge(author_pages::router())
        .merge(training_pages::router())
        .merge(report_pages::router())
}
