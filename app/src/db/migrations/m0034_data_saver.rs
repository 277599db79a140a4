//! Data-saver mode: a teacher's own choice, kept on her account so it
//! follows her to another phone (NULL: she has not chosen, so the browser's
//! `Save-Data` decides), and the size of a practice entry's photo and voice
//! note, so a saver page can say what opening them costs.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one new column per statement.
        m.alter_table(Table::alter().table("users").add_column(boolean_null("data_saver")).to_owned()).await?;
        for column in ["photo_bytes", "voice_bytes"] {
            m.alter_table(Table::alter().table("practice_logs").add_column(big_integer_null(column)).to_owned())
                .await?;
        }
        Ok(())
    }
}
