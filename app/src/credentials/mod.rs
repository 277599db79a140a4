//! Verifiable microcredentials: Open Badges 3.0 credentials signed by
//! issuing institutions (NAEM, DPE, PTIs) with Ed25519 keys kept outside
//! the database, earned by finishing courses and practising with the head
//! teacher's support or awarded by hand with evidence, endorsed by a
//! second institution, revocable through a status list, and checkable by
//! anyone, online or offline from the QR code of a printed card. Builds
//! on learning and practice; neither knows about it.

pub mod access;
mod api;
mod backpack;
pub mod badges;
pub mod card;
pub mod competencies;
pub mod document;
pub mod entity;
pub mod image;
pub mod issuing;
mod kept;
pub mod keystore;
mod manage;
pub mod model;
pub mod pages;
mod pathways;
pub mod rules;
pub mod store;
pub mod verification;

pub fn api() -> utoipa_axum::router::OpenApiRouter<crate::state::AppState> {
    api::api()
}

pub fn router() -> axum::Router<crate::state::AppState> {
    pages::router().merge(manage::router()).merge(backpack::router()).merge(card::router()).merge(pathways::router())
}
