//! Face-to-face training batches (after a course) and events (the annual
//! conference, divisional seminars): trainers, members with a place or on
//! the waiting list and a pass code for their QR, attendance per day.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("training_batches")
                .col(big_pk_auto("id"))
                .col(string("kind"))
                .col(big_integer_null("course_id"))
                .col(string("title"))
                .col(string("venue"))
                .col(big_integer_null("district_id"))
                .col(string("starts_on"))
                .col(integer("days"))
                .col(integer("capacity"))
                .col(string("status"))
                .col(big_integer("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("training_batches", "course_id", "courses"))
                .foreign_key(&mut fk("training_batches", "district_id", "districts"))
                .foreign_key(&mut fk("training_batches", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "training_batches", &["status", "starts_on"], false).await?;
        m.create_table(
            Table::create()
                .table("batch_trainers")
                .col(big_integer("batch_id"))
                .col(big_integer("user_id"))
                .primary_key(Index::create().col("batch_id").col("user_id"))
                .foreign_key(&mut fk("batch_trainers", "batch_id", "training_batches"))
                .foreign_key(&mut fk("batch_trainers", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("batch_members")
                .col(big_integer("batch_id"))
                .col(big_integer("user_id"))
                .col(string("status"))
                .col(string("pass_code"))
                .col(timestamp_with_time_zone("joined_at"))
                .col(timestamp_with_time_zone_null("completed_at"))
                .primary_key(Index::create().col("batch_id").col("user_id"))
                .foreign_key(&mut fk("batch_members", "batch_id", "training_batches"))
                .foreign_key(&mut fk("batch_members", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "batch_members", &["pass_code"], true).await?;
        index(m, "batch_members", &["user_id"], false).await?;
        m.create_table(
            Table::create()
                .table("batch_attendance")
                .col(big_integer("batch_id"))
                .col(big_integer("user_id"))
                .col(integer("day"))
                .col(big_integer("marked_by"))
                .col(timestamp_with_time_zone("marked_at"))
                .primary_key(Index::create().col("batch_id").col("user_id").col("day"))
                .foreign_key(&mut fk("batch_attendance", "batch_id", "training_batches"))
                .foreign_key(&mut fk("batch_attendance", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
