//! Schools, madrasahs and colleges, known by their EIIN (the education
//! board's institution number): imported from CSV, chosen on profiles.

pub mod import;
pub mod store;

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ids::{DistrictId, InstitutionId, UpazilaId};
use crate::state::AppState;
use crate::web::AppResult;
use crate::web::extract::ApiQuery;

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(find))
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Institution {
    pub id: InstitutionId,
    pub eiin: i64,
    pub name: String,
    pub district_id: DistrictId,
    pub upazila_id: Option<UpazilaId>,
    pub level: String,
}

impl From<store::institution::Model> for Institution {
    fn from(m: store::institution::Model) -> Self {
        Institution {
            id: m.id,
            eiin: m.eiin,
            name: m.name,
            district_id: m.district_id,
            upazila_id: m.upazila_id,
            level: m.level_code,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FindQuery {
    /// EIIN, or part of the name (Bangla or English); nothing found when empty.
    #[serde(default)]
    pub q: Option<String>,
    pub district_id: Option<DistrictId>,
    pub upazila_id: Option<UpazilaId>,
}

/// Institutions by EIIN or name, at most 20.
#[utoipa::path(get, path = "/api/v1/institutions", tag = "reference", params(FindQuery), responses((status = 200, body = Vec<Institution>)))]
async fn find(State(state): State<AppState>, ApiQuery(q): ApiQuery<FindQuery>) -> AppResult<Json<Vec<Institution>>> {
    let found = store::search(&state.db, q.q.as_deref().unwrap_or(""), q.district_id, q.upazila_id, 20).await?;
    Ok(Json(found.into_iter().map(Institution::from).collect()))
}
