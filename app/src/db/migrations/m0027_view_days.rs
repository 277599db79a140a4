//! Who viewed a content on which day: a reload, or the same phone coming
//! back the same day, is one view. The primary key makes that hold under
//! parallel requests; rows older than two days are pruned.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("content_view_days")
                .col(big_integer("content_id"))
                // "t<teacher id>" when signed in, else a hash of address and browser.
                .col(string_len("viewer", 40))
                // The Asia/Dhaka day of the view.
                .col(date("day"))
                .primary_key(Index::create().col("content_id").col("viewer").col("day"))
                .to_owned(),
        )
        .await
    }
}
