//! Recognition: every week and fortnight the portal names the best
//! contents and content creators, the most helpful answerers, the best
//! online performers, innovative teachers (nominated by peers, confirmed by
//! moderators) and heads of schools that lead, nationally and in each
//! district. Scores are computed by a job from stored facts
//! (`docs/recognition.md` says how), moderators review and publish, and
//! every award keeps the numbers behind it. Also ICT4E district
//! ambassadors. Owns `recognition_rounds`, `recognition_candidates`,
//! `recognition_awards`, `recognition_nominations` and `ambassadors`.

mod api;
pub mod category;
pub mod entity;
pub mod marks;
pub mod model;
mod pages;
pub mod people;
mod people_pages;
pub mod period;
mod review;
pub mod rings;
pub mod rounds;
pub mod scoring;
pub mod sources;
pub mod store;
pub mod views;

pub use api::api;

pub fn router() -> axum::Router<crate::state::AppState> {
    pages::router().merge(review::router()).merge(people_pages::router())
}
