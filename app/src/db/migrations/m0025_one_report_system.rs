//! One report system for every kind of item: the reports on contents move
//! into `item_reports` (kind `content`), which gains the decision's note
//! that only they kept, and `reports` goes.
//!
//! Each moved report keeps its reporter, reason, detail, status, decider,
//! note and dates; it gets a new id after the table's own (the two tables
//! numbered independently, so the old numbers would collide), in the order
//! it was filed. The open-report index (m0023) already covers the kind, so
//! one open report per teacher and content still holds.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table("item_reports").add_column(ColumnDef::new("decision_note").text().null()).to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO item_reports \
                 (item_kind, item_id, reporter_id, reason, detail, status, decided_by, decision_note, decided_at, created_at) \
                 SELECT 'content', content_id, reporter_id, reason, detail, status, decided_by, decision_note, decided_at, \
                 created_at FROM reports ORDER BY id",
            )
            .await?;
        m.drop_table(Table::drop().table("reports").to_owned()).await
    }
}
