//! The header's bell counts a teacher's unread notifications on every
//! signed-in page (kept a few seconds): an index of unread rows only, so
//! the count reads her unread rows and not every notice she ever had.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // A partial index: the same words on SQLite and PostgreSQL.
        m.get_connection()
            .execute_unprepared("CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL")
            .await?;
        Ok(())
    }
}
