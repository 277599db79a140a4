//! The home page lists the newest verified teachers. At 900,000 accounts
//! the ordering by verification time read every verified row (630 ms on
//! PostgreSQL, every few seconds on each node); an index on (verification,
//! verified_at) lets it read the newest few from the end.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX IF NOT EXISTS ix_users_verification_verified_at ON users (verification, verified_at)",
            )
            .await?;
        Ok(())
    }
}
