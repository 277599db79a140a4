//! Forms a phone sent from its outbox, each under the key the phone gave
//! it: a form sent again (its answer lost on a weak connection) is done
//! once, and the second sending gets the first one's answer.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("replayed_forms")
                .col(big_integer("user_id"))
                .col(string_len("key", 64))
                // What was sent under it (method and path): the key names one sending.
                .col(text("request"))
                // None while the first sending is being acted on.
                .col(integer_null("status"))
                .col(text_null("location"))
                // A small answer's body, for an API client that sends again.
                .col(text_null("content_type"))
                .col(binary_null("body"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("user_id").col("key"))
                .foreign_key(&mut fk("replayed_forms", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "replayed_forms", &["created_at"], false).await?;
        Ok(())
    }
}
