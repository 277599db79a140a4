//! The words inside stored documents (for search and near-duplicates).

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("blob_texts")
                .col(big_integer("blob_id").primary_key())
                .col(text("text"))
                .col(timestamp_with_time_zone("extracted_at"))
                .foreign_key(&mut fk("blob_texts", "blob_id", "blobs"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
