//! Search in PostgreSQL mode: every serving node keeps its own tantivy
//! index on local disk, fed in order from this change log (written in the
//! same transaction as `search_entries`, under one lock, so a sequence
//! number is seen only after every smaller one). `search_changes_pruned`
//! holds the newest number pruned: a node whose index is older rebuilds.
//! SQLite mode has one index in `DATA/index` and leaves both empty (they
//! exist there too, so the two schemas stay alike).

use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let seq = match m.get_database_backend() {
            DatabaseBackend::Postgres => "BIGSERIAL PRIMARY KEY",
            _ => "INTEGER PRIMARY KEY AUTOINCREMENT",
        };
        let db = m.get_connection();
        db.execute_unprepared(&format!(
            "CREATE TABLE search_changes (
                seq {seq},
                kind BIGINT NOT NULL,
                item_id BIGINT NOT NULL,
                op SMALLINT NOT NULL,
                at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
            )"
        ))
        .await?;
        db.execute_unprepared("CREATE INDEX search_changes_at ON search_changes (at)").await?;
        db.execute_unprepared(
            "CREATE TABLE search_changes_pruned (
                one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
                seq BIGINT NOT NULL
            )",
        )
        .await?;
        db.execute_unprepared("INSERT INTO search_changes_pruned (one, seq) VALUES (TRUE, 0)").await?;
        Ok(())
    }
}
