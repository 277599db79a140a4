//! SQL of places.

use std::collections::HashMap;

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseConnection, QueryOrder};

use super::model::{District, Division, Upazila};
use crate::ids::{DistrictId, UpazilaId};

macro_rules! place_entity {
    ($module:ident, $table:literal, $id:ident, $($parent:ident: $parent_id:ident),*) => {
        pub mod $module {
            use sea_orm::entity::prelude::*;

            #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
            #[sea_orm(table_name = $table)]
            pub struct Model {
                #[sea_orm(primary_key)]
                pub id: crate::ids::$id,
                $(pub $parent: crate::ids::$parent_id,)*
                pub name_en: String,
                pub name_bn: String,
            }

            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}

            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}

place_entity!(division, "divisions", DivisionId,);
place_entity!(district, "districts", DistrictId, division_id: DivisionId);
place_entity!(upazila, "upazilas", UpazilaId, district_id: DistrictId);

/// The whole tree, divisions → districts → upazilas, in Bangla name order
/// of the shipped lists.
pub async fn tree(db: &DatabaseConnection) -> Result<Vec<Division>, DbErr> {
    let divisions = division::Entity::find().order_by_asc(division::Column::Id).all(db).await?;
    let districts = district::Entity::find().order_by_asc(district::Column::Id).all(db).await?;
    let upazilas = upazila::Entity::find().order_by_asc(upazila::Column::Id).all(db).await?;
    let mut by_district: HashMap<DistrictId, Vec<Upazila>> = HashMap::new();
    for u in upazilas {
        by_district.entry(u.district_id).or_default().push(Upazila {
            id: u.id,
            name_en: u.name_en,
            name_bn: u.name_bn,
        });
    }
    let mut by_division: HashMap<crate::ids::DivisionId, Vec<District>> = HashMap::new();
    for d in districts {
        by_division.entry(d.division_id).or_default().push(District {
            id: d.id,
            upazilas: by_district.remove(&d.id).unwrap_or_default(),
            name_en: d.name_en,
            name_bn: d.name_bn,
        });
    }
    Ok(divisions
        .into_iter()
        .map(|v| Division {
            id: v.id,
            districts: by_division.remove(&v.id).unwrap_or_default(),
            name_en: v.name_en,
            name_bn: v.name_bn,
        })
        .collect())
}

/// All districts with their upazilas, flattened out of the tree.
pub async fn districts(db: &DatabaseConnection) -> Result<Vec<District>, DbErr> {
    Ok(tree(db).await?.into_iter().flat_map(|d| d.districts).collect())
}

/// The districts among `ids`, in one query (names for lists of people and awards).
pub async fn districts_by_id(db: &DatabaseConnection, ids: &[DistrictId]) -> Result<Vec<district::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    district::Entity::find().filter(district::Column::Id.is_in(ids.iter().copied())).all(db).await
}

pub async fn district(db: &DatabaseConnection, id: DistrictId) -> Result<Option<district::Model>, DbErr> {
    district::Entity::find_by_id(id).one(db).await
}

pub async fn upazila(db: &DatabaseConnection, id: UpazilaId) -> Result<Option<upazila::Model>, DbErr> {
    upazila::Entity::find_by_id(id).one(db).await
}

/// Finds a district by its English or Bangla name, however it is spelled
/// in case, digits or joiners.
pub async fn district_by_name(db: &DatabaseConnection, name: &str) -> Result<Option<district::Model>, DbErr> {
    let key = bangla::search_key(name);
    Ok(district::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .find(|d| bangla::search_key(&d.name_en) == key || bangla::search_key(&d.name_bn) == key))
}

pub async fn upazila_by_name(
    db: &DatabaseConnection,
    district_id: DistrictId,
    name: &str,
) -> Result<Option<upazila::Model>, DbErr> {
    let key = bangla::search_key(name);
    Ok(upazila::Entity::find()
        .filter(upazila::Column::DistrictId.eq(district_id))
        .all(db)
        .await?
        .into_iter()
        .find(|u| bangla::search_key(&u.name_en) == key || bangla::search_key(&u.name_bn) == key))
}

/// Every district and upazila in memory, for matching many names at once
/// (the institution import) without a query per row.
pub struct PlaceIndex(Vec<District>);

impl PlaceIndex {
    pub async fn load(db: &DatabaseConnection) -> Result<PlaceIndex, DbErr> {
        Ok(PlaceIndex(districts(db).await?))
    }

    pub fn district(&self, name: &str) -> Option<&District> {
        let key = bangla::search_key(name);
        self.0.iter().find(|d| bangla::search_key(&d.name_en) == key || bangla::search_key(&d.name_bn) == key)
    }

    pub fn upazila<'a>(&self, district: &'a District, name: &str) -> Option<&'a Upazila> {
        let key = bangla::search_key(name);
        district
            .upazilas
            .iter()
            .find(|u| bangla::search_key(&u.name_en) == key || bangla::search_key(&u.name_bn) == key)
    }
}
