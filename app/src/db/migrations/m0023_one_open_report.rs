//! One open report per teacher and item, held by the database: a partial
//! unique index, so parallel "report" taps file one report, not several.
//! Duplicates already stored (only ever the same teacher's same report)
//! are folded into the first.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            "DELETE FROM reports WHERE status = 'open' AND id NOT IN \
             (SELECT MIN(id) FROM reports WHERE status = 'open' GROUP BY content_id, reporter_id)",
            "CREATE UNIQUE INDEX reports_one_open ON reports (content_id, reporter_id) WHERE status = 'open'",
            "DELETE FROM item_reports WHERE status = 'open' AND id NOT IN \
             (SELECT MIN(id) FROM item_reports WHERE status = 'open' GROUP BY item_kind, item_id, reporter_id)",
            "CREATE UNIQUE INDEX item_reports_one_open ON item_reports (item_kind, item_id, reporter_id) \
             WHERE status = 'open'",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
