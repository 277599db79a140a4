//! Awards earned once per item (an accepted answer's points, to the helper
//! and to the asker) carry a key in the ledger, unique while the award
//! stands: the database, not a read before the write, keeps a doubled
//! "accept" from paying twice. Taking the award back clears its key, so a
//! re-accepted answer earns again; every other line keeps it null.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("reputation_events").add_column(string_null("award_key")).to_owned())
            .await?;
        index(m, "reputation_events", &["award_key"], true).await
    }
}
