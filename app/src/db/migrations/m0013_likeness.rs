//! Near-copies: a MinHash signature of each stored document's words and
//! its band keys, so files with nearly the same text are found by an
//! index lookup rather than by comparing every pair.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("blob_likeness")
                .col(big_integer("blob_id").primary_key())
                .col(blob("signature"))
                .col(integer("shingles"))
                .foreign_key(&mut fk("blob_likeness", "blob_id", "blobs"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("blob_bands")
                .col(big_integer("band_key"))
                .col(big_integer("blob_id"))
                .primary_key(Index::create().col("band_key").col("blob_id"))
                .foreign_key(&mut fk("blob_bands", "blob_id", "blobs"))
                .to_owned(),
        )
        .await?;
        index(m, "blob_bands", &["blob_id"], false).await?;
        Ok(())
    }
}
