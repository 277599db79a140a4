//! The content library: stored files (blobs) and their derived renditions,
//! contents tied to chapters, tags, ratings, comments, reports,
//! notifications, background jobs and resumable uploads.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("blobs")
                .col(big_pk_auto("id"))
                .col(string_uniq("sha256"))
                .col(big_integer("size_bytes"))
                .col(string("mime"))
                .col(string("kind"))
                .col(string("storage_key"))
                .col(double_null("duration_secs"))
                .col(integer_null("page_count"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("renditions")
                .col(big_pk_auto("id"))
                .col(big_integer("blob_id"))
                .col(string("kind"))
                .col(string("mime"))
                .col(string("storage_key"))
                .col(big_integer("size_bytes"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("renditions", "blob_id", "blobs"))
                .to_owned(),
        )
        .await?;
        index(m, "renditions", &["blob_id", "kind"], true).await?;

        m.create_table(
            Table::create()
                .table("contents")
                .col(big_pk_auto("id"))
                .col(big_integer("author_id"))
                .col(big_integer("chapter_id"))
                .col(string("title"))
                .col(string("title_key"))
                .col(text("description"))
                .col(string("language"))
                .col(string("licence"))
                .col(string("kind"))
                .col(big_integer_null("blob_id"))
                .col(string_null("external_url"))
                .col(string_null("original_name"))
                .col(boolean("hidden"))
                .col(timestamp_with_time_zone_null("deleted_at"))
                .col(big_integer("views"))
                .col(big_integer("downloads"))
                .col(big_integer("rating_sum"))
                .col(big_integer("rating_count"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("contents", "author_id", "users"))
                .foreign_key(&mut fk("contents", "chapter_id", "chapters"))
                .foreign_key(&mut fk("contents", "blob_id", "blobs"))
                .to_owned(),
        )
        .await?;
        index(m, "contents", &["chapter_id", "created_at"], false).await?;
        index(m, "contents", &["author_id"], false).await?;
        index(m, "contents", &["blob_id"], false).await?;
        index(m, "contents", &["created_at"], false).await?;
        index(m, "contents", &["downloads"], false).await?;

        m.create_table(
            Table::create()
                .table("content_tags")
                .col(big_integer("content_id"))
                .col(string("tag"))
                .primary_key(Index::create().col("content_id").col("tag"))
                .foreign_key(&mut fk("content_tags", "content_id", "contents"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("ratings")
                .col(big_integer("content_id"))
                .col(big_integer("user_id"))
                .col(integer("stars"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(Index::create().col("content_id").col("user_id"))
                .foreign_key(&mut fk("ratings", "content_id", "contents"))
                .foreign_key(&mut fk("ratings", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("comments")
                .col(big_pk_auto("id"))
                .col(big_integer("content_id"))
                .col(big_integer("author_id"))
                .col(big_integer_null("parent_id"))
                .col(text("body"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("edited_at"))
                .col(timestamp_with_time_zone_null("deleted_at"))
                .foreign_key(&mut fk("comments", "content_id", "contents"))
                .foreign_key(&mut fk("comments", "author_id", "users"))
                .foreign_key(&mut fk("comments", "parent_id", "comments"))
                .to_owned(),
        )
        .await?;
        index(m, "comments", &["content_id", "created_at"], false).await?;

        m.create_table(
            Table::create()
                .table("reports")
                .col(big_pk_auto("id"))
                .col(big_integer("content_id"))
                .col(big_integer("reporter_id"))
                .col(string("reason"))
                .col(text("detail"))
                .col(string("status"))
                .col(big_integer_null("decided_by"))
                .col(text_null("decision_note"))
                .col(timestamp_with_time_zone_null("decided_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("reports", "content_id", "contents"))
                .foreign_key(&mut fk("reports", "reporter_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "reports", &["status", "created_at"], false).await?;

        m.create_table(
            Table::create()
                .table("notifications")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string("kind"))
                .col(text("detail"))
                .col(string("link"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("read_at"))
                .foreign_key(&mut fk("notifications", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "notifications", &["user_id", "created_at"], false).await?;

        m.create_table(
            Table::create()
                .table("jobs")
                .col(big_pk_auto("id"))
                .col(string("kind"))
                .col(text("payload"))
                .col(string("status"))
                .col(integer("attempts"))
                .col(integer("max_attempts"))
                .col(timestamp_with_time_zone("run_after"))
                .col(timestamp_with_time_zone_null("locked_at"))
                .col(text_null("last_error"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("finished_at"))
                .to_owned(),
        )
        .await?;
        index(m, "jobs", &["status", "run_after"], false).await?;

        m.create_table(
            Table::create()
                .table("uploads")
                .col(string("id").primary_key())
                .col(big_integer("user_id"))
                .col(big_integer("length"))
                .col(big_integer("received_bytes"))
                .col(text("metadata"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("completed_at"))
                .foreign_key(&mut fk("uploads", "user_id", "users"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "uploads",
            "jobs",
            "notifications",
            "reports",
            "comments",
            "ratings",
            "content_tags",
            "contents",
            "renditions",
            "blobs",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
