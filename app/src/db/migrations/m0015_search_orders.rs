//! PostgreSQL search: indexes to walk matches of a very common word in
//! quality or rating order and stop after a few thousand (created_at has
//! one already), and on the filter columns. SQLite mode keeps its index in
//! tantivy.

use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = m.get_connection();
        db.execute_unprepared("CREATE INDEX IF NOT EXISTS search_entries_quality ON search_entries (quality DESC)")
            .await?;
        db.execute_unprepared("CREATE INDEX IF NOT EXISTS search_entries_rating ON search_entries (rating DESC)")
            .await?;
        Ok(())
    }
}
