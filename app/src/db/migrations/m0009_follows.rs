//! Who follows which teachers, tags and subjects, and who wants the daily
//! e-mail digest.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("follows")
                .col(big_integer("user_id"))
                .col(string("target_kind"))
                .col(string("target_key"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("user_id").col("target_kind").col("target_key"))
                .foreign_key(&mut fk("follows", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "follows", &["target_kind", "target_key"], false).await?;
        m.create_table(
            Table::create()
                .table("digest_subscriptions")
                .col(big_integer("user_id").primary_key())
                .col(string_null("last_sent_day"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("digest_subscriptions", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
