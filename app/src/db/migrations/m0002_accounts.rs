//! Teachers' accounts, their profiles, sessions, password resets, rate-limit
//! counters and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("users")
                .col(big_pk_auto("id"))
                .col(string("name"))
                .col(string("name_key"))
                .col(string_null("phone"))
                .col(string_null("email"))
                .col(string("password_hash"))
                .col(string("role"))
                .col(string("lang"))
                .col(string_null("designation"))
                .col(big_integer_null("institution_id"))
                .col(big_integer_null("district_id"))
                .col(big_integer_null("upazila_id"))
                .col(string_null("level_code"))
                .col(text_null("bio"))
                .col(big_integer_null("photo_id"))
                .col(string("verification"))
                .col(text_null("verification_note"))
                .col(timestamp_with_time_zone_null("verified_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("users", "institution_id", "institutions"))
                .foreign_key(&mut fk("users", "district_id", "districts"))
                .foreign_key(&mut fk("users", "upazila_id", "upazilas"))
                .to_owned(),
        )
        .await?;
        index(m, "users", &["phone"], true).await?;
        index(m, "users", &["email"], true).await?;
        index(m, "users", &["verification"], false).await?;
        index(m, "users", &["district_id"], false).await?;

        m.create_table(
            Table::create()
                .table("user_classes")
                .col(big_integer("user_id"))
                .col(integer("class_number"))
                .primary_key(Index::create().col("user_id").col("class_number"))
                .foreign_key(&mut fk("user_classes", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("user_subjects")
                .col(big_integer("user_id"))
                .col(string("subject_code"))
                .primary_key(Index::create().col("user_id").col("subject_code"))
                .foreign_key(&mut fk("user_subjects", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("profile_photos")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(blob("jpeg"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("profile_photos", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "profile_photos", &["user_id"], false).await?;

        m.create_table(
            Table::create()
                .table("sessions")
                .col(big_pk_auto("id"))
                .col(string_uniq("token_hash"))
                .col(big_integer("user_id"))
                .col(string("kind"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .foreign_key(&mut fk("sessions", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "sessions", &["user_id"], false).await?;

        m.create_table(
            Table::create()
                .table("password_resets")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string("code_hash"))
                .col(string("channel"))
                .col(integer("failed_attempts"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .foreign_key(&mut fk("password_resets", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "password_resets", &["user_id"], false).await?;

        m.create_table(
            Table::create()
                .table("rate_limits")
                .col(string("bucket"))
                .col(big_integer("window_start"))
                .col(integer("hits"))
                .primary_key(Index::create().col("bucket").col("window_start"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("audit_log")
                .col(big_pk_auto("id"))
                .col(big_integer_null("actor_id"))
                .col(string("action"))
                .col(string("subject_type"))
                .col(big_integer("subject_id"))
                .col(text("detail"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        index(m, "audit_log", &["subject_type", "subject_id"], false).await?;

        m.create_table(
            Table::create().table("app_settings").col(string("key").primary_key()).col(text("value")).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "app_settings",
            "audit_log",
            "rate_limits",
            "password_resets",
            "sessions",
            "profile_photos",
            "user_subjects",
            "user_classes",
            "users",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
