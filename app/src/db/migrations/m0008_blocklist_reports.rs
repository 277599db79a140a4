//! Words moderators block from teachers' writing, and reports about
//! questions, answers, posts, ideas and comments (contents keep theirs).

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("blocked_words")
                .col(string("word").primary_key())
                .col(big_integer("added_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("blocked_words", "added_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("item_reports")
                .col(big_pk_auto("id"))
                .col(string("item_kind"))
                .col(big_integer("item_id"))
                .col(big_integer("reporter_id"))
                .col(string("reason"))
                .col(text("detail"))
                .col(string("status"))
                .col(big_integer_null("decided_by"))
                .col(timestamp_with_time_zone_null("decided_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("item_reports", "reporter_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "item_reports", &["status", "created_at"], false).await?;
        index(m, "item_reports", &["item_kind", "item_id", "reporter_id"], false).await?;
        Ok(())
    }
}
