//! SMS for basic phones: the replies a gateway posts (each once, by the
//! gateway's message id), numbers that texted STOP, one quiz taken by SMS
//! per number, messages and segments counted per day, and the short number
//! a credential is checked with by text.

use sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("sms_received")
                .col(pk_auto("id").big_integer())
                // The gateway's own id: a reply posted twice (a retry, a replay) is one.
                .col(string_len("gateway_id", 100).unique_key())
                .col(string_len("phone", 20))
                .col(text("body"))
                .col(timestamp_with_time_zone("received_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("sms_opt_outs")
                .col(string_len("phone", 20).primary_key())
                .col(timestamp_with_time_zone("since"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("sms_quizzes")
                // One quiz at a time per number.
                .col(string_len("phone", 20).primary_key())
                .col(big_integer("user_id"))
                .col(big_integer("module_id"))
                // The questions and their choices in the order she is asked them.
                .col(text("questions"))
                // Her answers so far, as the web form would send them.
                .col(text("answers"))
                // How many questions she has answered: an answer counts only
                // for the question at this position, so a reply sent twice
                // or two replies at once move it on once.
                .col(integer("position"))
                .col(timestamp_with_time_zone("started_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("sms_quizzes", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("sms_days")
                // The Asia/Dhaka day.
                .col(date("day"))
                .col(string_len("direction", 8))
                .col(big_integer("messages"))
                .col(big_integer("segments"))
                .primary_key(Index::create().col("day").col("direction"))
                .to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table("credentials").add_column(integer("check_number").default(0)).to_owned())
            .await?;
        // Six random digits for each credential issued before.
        let fill = match m.get_database_backend() {
            DatabaseBackend::Postgres => "UPDATE credentials SET check_number = floor(random() * 1000000)::int",
            _ => "UPDATE credentials SET check_number = abs(random()) % 1000000",
        };
        m.get_connection().execute_unprepared(fill).await?;
        Ok(())
    }
}
