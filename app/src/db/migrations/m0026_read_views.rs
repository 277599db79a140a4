//! Read-only views that let a feature's one-query pages show another
//! feature's facts without naming its tables: `teacher_cards` (accounts: a
//! teacher as a line of a list shows her) and `stored_files`,
//! `file_renditions` (media: a stored file and its lighter versions). The
//! owner keeps a view's columns stable; what lies behind them is its own.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            "CREATE VIEW teacher_cards AS \
             SELECT id, name, designation, (verification = 'verified') AS verified, photo_id, district_id \
               FROM users",
            "CREATE VIEW stored_files AS \
             SELECT id, mime, size_bytes, duration_secs, page_count FROM blobs",
            "CREATE VIEW file_renditions AS \
             SELECT id, blob_id, kind, mime, size_bytes FROM renditions",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
