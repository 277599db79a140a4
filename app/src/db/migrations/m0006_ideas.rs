//! Ideas, suggestions and concerns addressed to the education authorities,
//! the teachers who support them and the officers' public responses.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("ideas")
                .col(big_pk_auto("id"))
                .col(big_integer("author_id"))
                .col(string("kind"))
                .col(string("title"))
                .col(text("body"))
                .col(string("scope"))
                .col(big_integer_null("district_id"))
                .col(big_integer_null("upazila_id"))
                .col(string("status"))
                .col(text_null("response"))
                .col(big_integer_null("responder_id"))
                .col(timestamp_with_time_zone_null("responded_at"))
                .col(big_integer("support_count"))
                .col(boolean("hidden"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("ideas", "author_id", "users"))
                .foreign_key(&mut fk("ideas", "district_id", "districts"))
                .foreign_key(&mut fk("ideas", "upazila_id", "upazilas"))
                .to_owned(),
        )
        .await?;
        index(m, "ideas", &["support_count", "created_at"], false).await?;
        index(m, "ideas", &["status", "created_at"], false).await?;
        index(m, "ideas", &["district_id", "created_at"], false).await?;
        index(m, "ideas", &["created_at"], false).await?;
        m.create_table(
            Table::create()
                .table("idea_supports")
                .col(big_integer("idea_id"))
                .col(big_integer("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("idea_id").col("user_id"))
                .foreign_key(&mut fk("idea_supports", "idea_id", "ideas"))
                .foreign_key(&mut fk("idea_supports", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
