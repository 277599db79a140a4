//! Who downloaded what, once per teacher and content, with the teacher's
//! district at the time: what teachers like her use (recommendations) and
//! what is popular this week in a district. Anonymous downloads only count.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("content_downloads")
                .col(big_integer("content_id"))
                .col(big_integer("user_id"))
                .col(big_integer_null("district_id"))
                .col(timestamp_with_time_zone("downloaded_at"))
                .primary_key(Index::create().col("content_id").col("user_id"))
                .foreign_key(&mut fk("content_downloads", "content_id", "contents"))
                .foreign_key(&mut fk("content_downloads", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "content_downloads", &["user_id"], false).await?;
        index(m, "content_downloads", &["district_id", "downloaded_at"], false).await?;
        index(m, "content_downloads", &["downloaded_at"], false).await?;
        index(m, "ratings", &["user_id"], false).await?;
        Ok(())
    }
}
