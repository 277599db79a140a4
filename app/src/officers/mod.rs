//! Education officers' places: the district, upazila or nation an
//! administrator assigned each officer to oversee (dashboards, course
//! reports, answering ideas). Her reach comes from here, never from the
//! place her own profile names, and an officer with no assignment has none.
//! Owns `officer_assignments`; every assignment is in the audit log.

mod api;
pub mod entity;
pub mod model;
mod pages;
mod service;
mod store;

pub use api::api;
pub use model::{OfficerPlace, PlaceInput, Reach, Scope};
pub use pages::router;
pub use service::{assign, assign_by_operator, place_of, reach, reach_if_any, withdraw};
