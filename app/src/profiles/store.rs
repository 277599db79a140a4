//! SQL of profiles: the classes and subjects a teacher teaches and profile
//! photos. The profile columns of `users` belong to accounts: its store
//! writes them for us and answers the questions asked of them (re-exported
//! here, where the rest of the portal looks for profile facts).

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::NotSet, DatabaseConnection, QueryOrder, Set, TransactionTrait};

use super::model::Verification;
use crate::accounts::model::UserId;
use crate::accounts::store as accounts;

pub use crate::accounts::store::{
    count_districts_reached, count_teachers, newest_verified, pending, verified_at, verified_teacher_ids,
};
use crate::ids::{DistrictId, InstitutionId, PhotoId, UpazilaId};

pub mod user_class {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "user_classes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: crate::ids::UserId,
        #[sea_orm(primary_key, auto_increment = false)]
        pub class_number: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod user_subject {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "user_subjects")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: crate::ids::UserId,
        #[sea_orm(primary_key, auto_increment = false)]
        pub subject_code: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod photo {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "profile_photos")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::ids::PhotoId,
        pub user_id: crate::ids::UserId,
        pub jpeg: Vec<u8>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A profile as it will be saved, already checked.
pub struct ProfileUpdate {
    pub designation: Option<String>,
    pub institution_id: Option<InstitutionId>,
    pub district_id: Option<DistrictId>,
    pub upazila_id: Option<UpazilaId>,
    pub level_code: Option<String>,
    pub classes: Vec<i32>,
    pub subjects: Vec<String>,
    pub bio: Option<String>,
    pub verification: Verification,
}

/// Saves the whole profile in one transaction.
pub async fn save(db: &DatabaseConnection, user: UserId, p: ProfileUpdate) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    let columns = accounts::ProfileColumns {
        designation: p.designation,
        institution_id: p.institution_id,
        district_id: p.district_id,
        upazila_id: p.upazila_id,
        level_code: p.level_code,
        bio: p.bio,
        verification: p.verification,
    };
    accounts::save_profile_columns(&txn, user, columns).await?;
    user_class::Entity::delete_many().filter(user_class::Column::UserId.eq(user.0)).exec(&txn).await?;
    user_subject::Entity::delete_many().filter(user_subject::Column::UserId.eq(user.0)).exec(&txn).await?;
    if !p.classes.is_empty() {
        user_class::Entity::insert_many(
            p.classes.iter().map(|c| user_class::ActiveModel { user_id: Set(user), class_number: Set(*c) }),
        )
        .exec_without_returning(&txn)
        .await?;
    }
    if !p.subjects.is_empty() {
        user_subject::Entity::insert_many(
            p.subjects.iter().map(|s| user_subject::ActiveModel { user_id: Set(user), subject_code: Set(s.clone()) }),
        )
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await
}

pub async fn classes_of(db: &DatabaseConnection, user: UserId) -> Result<Vec<i32>, DbErr> {
    Ok(user_class::Entity::find()
        .filter(user_class::Column::UserId.eq(user.0))
        .order_by_asc(user_class::Column::ClassNumber)
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.class_number)
        .collect())
}

pub async fn subjects_of(db: &DatabaseConnection, user: UserId) -> Result<Vec<String>, DbErr> {
    Ok(user_subject::Entity::find()
        .filter(user_subject::Column::UserId.eq(user.0))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.subject_code)
        .collect())
}

/// What a teacher teaches and where, as her own pages need it.
#[derive(Clone, Debug, Default)]
pub struct Teaching {
    /// Her classes, in order.
    pub classes: Vec<i32>,
    /// Her subjects' codes, in order.
    pub codes: Vec<String>,
    /// Her profile's district (from accounts' `teacher_cards` view).
    pub district_id: Option<DistrictId>,
}

/// Her classes, subjects and district in one query.
pub async fn teaching_of(db: &DatabaseConnection, user: UserId) -> Result<Teaching, DbErr> {
    let sql = "SELECT 0 AS part, CAST(class_number AS BIGINT) AS n, CAST(NULL AS TEXT) AS code FROM user_classes WHERE user_id = $1 \
               UNION ALL SELECT 1, CAST(NULL AS BIGINT), subject_code FROM user_subjects WHERE user_id = $1 \
               UNION ALL SELECT 2, district_id, CAST(NULL AS TEXT) FROM teacher_cards WHERE id = $1";
    let rows = db.query_all_raw(crate::db::numbered(db, sql, vec![user.0.into()])).await?;
    let mut t = Teaching::default();
    for r in rows {
        let n = r.try_get::<Option<i64>>("", "n")?;
        match r.try_get::<i32>("", "part")? {
            0 => t.classes.extend(n.map(|n| n as i32)),
            1 => t.codes.extend(r.try_get::<Option<String>>("", "code")?),
            _ => t.district_id = n.map(DistrictId),
        }
    }
    t.classes.sort_unstable();
    t.codes.sort();
    Ok(t)
}

/// Stores a new photo and points the profile at it; older photos go.
pub async fn replace_photo(db: &DatabaseConnection, user: UserId, jpeg: Vec<u8>) -> Result<PhotoId, DbErr> {
    let txn = db.begin().await?;
    let saved = photo::ActiveModel { id: NotSet, user_id: Set(user), jpeg: Set(jpeg), created_at: Set(Utc::now()) }
        .insert(&txn)
        .await?;
    accounts::set_photo(&txn, user, saved.id).await?;
    photo::Entity::delete_many()
        .filter(photo::Column::UserId.eq(user.0))
        .filter(photo::Column::Id.ne(saved.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(saved.id)
}

pub async fn photo(db: &DatabaseConnection, id: PhotoId) -> Result<Option<Vec<u8>>, DbErr> {
    Ok(photo::Entity::find_by_id(id).one(db).await?.map(|p| p.jpeg))
}
