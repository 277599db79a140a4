//! The vocabulary in types: days become dates, and the audit log names its
//! subjects with the words of `items::ItemKind`.
//!
//! On PostgreSQL the nine day columns, written as `YYYY-MM-DD` text until
//! now, become `date` (the text converts as it is). SQLite keeps dates as
//! that same text, so there only the words change.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, column) of every day kept as text before.
const DAYS: [(&str, &str); 9] = [
    ("reputation_events", "day"),
    ("digest_subscriptions", "last_sent_day"),
    ("training_batches", "starts_on"),
    ("circle_meetings", "meets_on"),
    ("practice_logs", "planned_on"),
    ("practice_logs", "tried_on"),
    ("practice_observations", "observed_on"),
    ("recognition_rounds", "starts_on"),
    ("recognition_rounds", "ends_on"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() == DatabaseBackend::Postgres {
            for (table, column) in DAYS {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ALTER COLUMN {column} TYPE date USING {column}::date"
                ))
                .await?;
            }
        }
        // A content's comment was logged as 'comment' when deleted
        // ('comment.delete'); a community comment as 'discussion_comment'
        // when deleted and as 'comment' when moderated ('comment.hide' …).
        // Each gets its ItemKind word.
        for sql in [
            "UPDATE audit_log SET subject_type = 'content_comment' \
             WHERE subject_type = 'comment' AND action = 'comment.delete'",
            "UPDATE audit_log SET subject_type = 'comment' WHERE subject_type = 'discussion_comment'",
            "UPDATE audit_log SET subject_type = 'teacher' WHERE subject_type = 'user'",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
