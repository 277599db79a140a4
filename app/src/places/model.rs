//! Bangladesh's divisions, districts and upazilas.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A row of `data/places/districts.csv`.
#[derive(Deserialize)]
pub struct DistrictRow {
    pub division_en: String,
    pub division_bn: String,
    pub district_en: String,
    pub district_bn: String,
}

/// A row of `data/places/upazilas.csv`.
#[derive(Deserialize)]
pub struct UpazilaRow {
    pub district_en: String,
    pub name_en: String,
    pub name_bn: String,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Division {
    pub id: crate::ids::DivisionId,
    pub name_en: String,
    pub name_bn: String,
    pub districts: Vec<District>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct District {
    pub id: crate::ids::DistrictId,
    pub name_en: String,
    pub name_bn: String,
    pub upazilas: Vec<Upazila>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Upazila {
    pub id: crate::ids::UpazilaId,
    pub name_en: String,
    pub name_bn: String,
}

impl Upazila {
    pub fn name(&self, lang: &crate::web::Lang) -> &str {
        if *lang == crate::web::Lang::Bn { &self.name_bn } else { &self.name_en }
    }
}

impl District {
    pub fn name(&self, lang: &crate::web::Lang) -> &str {
        if *lang == crate::web::Lang::Bn { &self.name_bn } else { &self.name_en }
    }
}
