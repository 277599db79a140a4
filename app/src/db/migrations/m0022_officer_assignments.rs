//! Officers' places: the district, upazila or nation an administrator
//! assigned an education officer to oversee. Her reach comes from here,
//! never from the place her own profile names; no row, no reach.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("officer_assignments")
                // One place per officer: assigning again replaces it.
                .col(big_integer("officer_id").primary_key())
                // nation | district | upazila
                .col(string("scope"))
                .col(big_integer_null("district_id"))
                .col(big_integer_null("upazila_id"))
                // None when made from the command line by an operator.
                .col(big_integer_null("assigned_by"))
                .col(timestamp_with_time_zone("assigned_at"))
                .foreign_key(&mut fk("officer_assignments", "officer_id", "users"))
                .foreign_key(&mut fk("officer_assignments", "district_id", "districts"))
                .foreign_key(&mut fk("officer_assignments", "upazila_id", "upazilas"))
                .to_owned(),
        )
        .await
    }
}
