//! Reminders by SMS for teachers who chose them: who chose (kept by
//! notifications), and when a batch's members were reminded of its first
//! day (each once, by a conditional update of this column).

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("sms_reminder_choices")
                .col(big_integer("user_id").primary_key())
                .col(timestamp_with_time_zone("chosen_at"))
                .foreign_key(&mut fk("sms_reminder_choices", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table("batch_members").add_column(timestamp_with_time_zone_null("reminded_at")).to_owned(),
        )
        .await?;
        Ok(())
    }
}
