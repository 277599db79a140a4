//! Numbers that texted STOP: no reminder or notice goes to them until they
//! text START. What she asks for herself (a password-reset code, the
//! answer to her own text) still goes.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{PaginatorTrait, Set};

mod opt_out {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sms_opt_outs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub phone: String,
        pub since: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub async fn stopped(db: &impl ConnectionTrait, phone: &str) -> Result<bool, DbErr> {
    Ok(opt_out::Entity::find_by_id(phone.to_owned()).one(db).await?.is_some())
}

pub async fn stop(db: &impl ConnectionTrait, phone: &str) -> Result<(), DbErr> {
    let row = opt_out::ActiveModel { phone: Set(phone.to_owned()), since: Set(Utc::now()) };
    opt_out::Entity::insert(row)
        .on_conflict(OnConflict::column(opt_out::Column::Phone).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn start(db: &impl ConnectionTrait, phone: &str) -> Result<(), DbErr> {
    opt_out::Entity::delete_by_id(phone.to_owned()).exec(db).await?;
    Ok(())
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    opt_out::Entity::find().count(db).await
}
