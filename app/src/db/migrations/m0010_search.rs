//! Search: in PostgreSQL mode, the entries and their tsvectors (written
//! out by our analyser, never parsed by PostgreSQL). SQLite mode keeps its
//! index in `DATA/index` (tantivy) and needs no table. Index jobs are
//! looked up by kind, status and payload.

use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

use super::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        index(m, "jobs", &["kind", "status"], false).await?;
        if m.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = m.get_connection();
        db.execute_unprepared(
            "CREATE TABLE search_entries (
                kind BIGINT NOT NULL,
                item_id BIGINT NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                byline TEXT NOT NULL,
                level_id BIGINT NOT NULL DEFAULT 0,
                class BIGINT NOT NULL DEFAULT 0,
                subject_id BIGINT NOT NULL DEFAULT 0,
                chapter_id BIGINT NOT NULL DEFAULT 0,
                content_type BIGINT NOT NULL DEFAULT 0,
                language BIGINT NOT NULL DEFAULT 0,
                licence BIGINT NOT NULL DEFAULT 0,
                district_id BIGINT NOT NULL DEFAULT 0,
                created_at TIMESTAMPTZ NOT NULL,
                rating DOUBLE PRECISION NOT NULL,
                quality DOUBLE PRECISION NOT NULL,
                terms TSVECTOR NOT NULL,
                title_terms TSVECTOR NOT NULL,
                PRIMARY KEY (kind, item_id)
            )",
        )
        .await?;
        db.execute_unprepared("CREATE INDEX search_entries_terms ON search_entries USING GIN (terms)").await?;
        db.execute_unprepared("CREATE INDEX search_entries_title_terms ON search_entries USING GIN (title_terms)")
            .await?;
        db.execute_unprepared("CREATE INDEX search_entries_created ON search_entries (created_at)").await?;
        Ok(())
    }
}
