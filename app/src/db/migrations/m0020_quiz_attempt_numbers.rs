//! A quiz attempt's number is unique within its enrolment and module: two
//! attempts sent at once can no longer both be "attempt 1" (and so skip
//! the wait after a failure or pass the attempts allowed). Attempts stored
//! twice under one number before this are numbered again in the order
//! they were made, so the index can be built.

use sea_orm_migration::prelude::*;

use super::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(
                "UPDATE quiz_attempts SET number = (SELECT COUNT(*) FROM quiz_attempts b \
                  WHERE b.enrolment_id = quiz_attempts.enrolment_id \
                    AND b.module_id = quiz_attempts.module_id AND b.id <= quiz_attempts.id)",
            )
            .await?;
        index(m, "quiz_attempts", &["enrolment_id", "module_id", "number"], true).await
    }
}
