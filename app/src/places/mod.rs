//! Places of Bangladesh: 8 divisions, 64 districts and their upazilas,
//! shipped in `data/places/` and loaded by the first migration.

pub mod memory;
pub mod model;
pub mod store;

use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;
use crate::web::AppResult;

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(places))
}

/// Divisions → districts → upazilas, with ids and Bangla and English names.
#[utoipa::path(get, path = "/api/v1/places", tag = "reference", responses((status = 200, body = Vec<model::Division>)))]
async fn places(State(state): State<AppState>) -> AppResult<Json<Vec<model::Division>>> {
    Ok(Json(memory::current(&state).await?.divisions.clone()))
}
