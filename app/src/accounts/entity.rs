//! Tables owned by accounts: users (whose profile columns the profiles
//! feature fills in), sessions and password resets.

pub mod user {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::ids::UserId,
        pub name: String,
        /// `bangla::search_key(name)`, for finding teachers by name.
        pub name_key: String,
        pub phone: Option<String>,
        pub email: Option<String>,
        pub password_hash: String,
        pub role: crate::web::Role,
        pub lang: String,
        /// Data-saver mode as she chose it; `None` until she chooses (the
        /// browser's `Save-Data` decides).
        pub data_saver: Option<bool>,
        pub designation: Option<String>,
        pub institution_id: Option<crate::ids::InstitutionId>,
        pub district_id: Option<crate::ids::DistrictId>,
        pub upazila_id: Option<crate::ids::UpazilaId>,
        pub level_code: Option<String>,
        pub bio: Option<String>,
        pub photo_id: Option<crate::ids::PhotoId>,
        pub verification: crate::accounts::model::Verification,
        pub verification_note: Option<String>,
        pub verified_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod session {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sessions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::ids::SessionId,
        /// SHA-256 of the token: a leaked database does not leak sessions.
        pub token_hash: String,
        pub user_id: crate::ids::UserId,
        pub kind: crate::accounts::model::SessionKind,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod password_reset {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "password_resets")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::ids::ResetId,
        pub user_id: crate::ids::UserId,
        pub code_hash: String,
        pub channel: crate::accounts::model::ResetChannel,
        pub failed_attempts: i32,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub used_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
