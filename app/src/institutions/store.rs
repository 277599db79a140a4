//! SQL of institutions.

use crate::ids::{DistrictId, InstitutionId, UpazilaId};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::NotSet, DatabaseConnection, IntoActiveModel, QueryOrder, QuerySelect, Set, TryIntoModel};

pub mod institution {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "institutions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::ids::InstitutionId,
        pub eiin: i64,
        pub name: String,
        /// `bangla::search_key(name)`
        pub name_key: String,
        pub district_id: crate::ids::DistrictId,
        pub upazila_id: Option<crate::ids::UpazilaId>,
        pub level_code: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub struct NewInstitution {
    pub eiin: i64,
    pub name: String,
    pub district_id: DistrictId,
    pub upazila_id: Option<UpazilaId>,
    pub level_code: String,
}

/// Adds an institution, or updates the one with the same EIIN.
pub async fn upsert(db: &DatabaseConnection, new: NewInstitution) -> Result<institution::Model, DbErr> {
    let existing = institution::Entity::find().filter(institution::Column::Eiin.eq(new.eiin)).one(db).await?;
    let mut model = match existing {
        Some(m) => m.into_active_model(),
        None => institution::ActiveModel { id: NotSet, eiin: Set(new.eiin), ..Default::default() },
    };
    let name = bangla::normalize(&new.name);
    model.name_key = Set(bangla::search_key(&name));
    model.name = Set(name);
    model.district_id = Set(new.district_id);
    model.upazila_id = Set(new.upazila_id);
    model.level_code = Set(new.level_code);
    model.save(db).await?.try_into_model()
}

pub async fn by_eiin(db: &DatabaseConnection, eiin: i64) -> Result<Option<institution::Model>, DbErr> {
    institution::Entity::find().filter(institution::Column::Eiin.eq(eiin)).one(db).await
}

pub async fn by_id(db: &DatabaseConnection, id: InstitutionId) -> Result<Option<institution::Model>, DbErr> {
    institution::Entity::find_by_id(id).one(db).await
}

/// By EIIN when the text is a number, else by name fragment; optionally
/// only in one district or upazila.
pub async fn search(
    db: &DatabaseConnection,
    text: &str,
    district_id: Option<DistrictId>,
    upazila_id: Option<UpazilaId>,
    limit: u64,
) -> Result<Vec<institution::Model>, DbErr> {
    let key = bangla::search_key(text);
    if key.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = institution::Entity::find();
    if let Ok(eiin) = key.parse::<i64>() {
        q = q.filter(institution::Column::Eiin.eq(eiin));
    } else {
        q = q.filter(institution::Column::NameKey.contains(&key));
    }
    if let Some(d) = district_id {
        q = q.filter(institution::Column::DistrictId.eq(d));
    }
    if let Some(u) = upazila_id {
        q = q.filter(institution::Column::UpazilaId.eq(u));
    }
    q.order_by_asc(institution::Column::Name).limit(limit).all(db).await
}

/// Institutions of an upazila, for the profile form's suggestions.
pub async fn in_upazila(db: &DatabaseConnection, upazila_id: UpazilaId) -> Result<Vec<institution::Model>, DbErr> {
    institution::Entity::find()
        .filter(institution::Column::UpazilaId.eq(upazila_id))
        .order_by_asc(institution::Column::Name)
        .limit(300)
        .all(db)
        .await
}

/// Names of the institutions among `ids` (lists and the search index).
pub async fn names_of(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = InstitutionId>,
) -> Result<std::collections::HashMap<InstitutionId, String>, DbErr> {
    let mut ids: Vec<InstitutionId> = ids.collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows = institution::Entity::find().filter(institution::Column::Id.is_in(ids)).all(db).await?;
    Ok(rows.into_iter().map(|r| (r.id, r.name)).collect())
}
