//! Blog posts and opinions, with their tags and pictures.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("posts")
                .col(big_pk_auto("id"))
                .col(big_integer("author_id"))
                .col(string("title"))
                .col(string("title_key"))
                .col(text("body"))
                .col(string("category"))
                .col(string("status"))
                .col(big_integer("score"))
                .col(boolean("hidden"))
                .col(timestamp_with_time_zone_null("deleted_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("published_at"))
                .foreign_key(&mut fk("posts", "author_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "posts", &["status", "published_at"], false).await?;
        index(m, "posts", &["category", "published_at"], false).await?;
        index(m, "posts", &["author_id", "updated_at"], false).await?;
        m.create_table(
            Table::create()
                .table("post_tags")
                .col(big_integer("post_id"))
                .col(string("tag"))
                .primary_key(Index::create().col("post_id").col("tag"))
                .foreign_key(&mut fk("post_tags", "post_id", "posts"))
                .to_owned(),
        )
        .await?;
        index(m, "post_tags", &["tag"], false).await?;
        m.create_table(
            Table::create()
                .table("post_pictures")
                .col(big_integer("post_id"))
                .col(big_integer("blob_id"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("post_id").col("blob_id"))
                .foreign_key(&mut fk("post_pictures", "post_id", "posts"))
                .foreign_key(&mut fk("post_pictures", "blob_id", "blobs"))
                .to_owned(),
        )
        .await?;
        index(m, "post_pictures", &["blob_id"], false).await?;
        Ok(())
    }
}
