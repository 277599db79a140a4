//! Blended courses: a course has versions (enrolled teachers keep the
//! version they started), a version has modules of activities and a quiz
//! each; enrolments, progress per activity (video position included),
//! quiz attempts (once per idempotency key) and certificates (the record a
//! signed credential will later be made from).

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("courses")
                .col(big_pk_auto("id"))
                .col(big_integer("author_id"))
                .col(string("title"))
                .col(text("summary"))
                .col(integer_null("class_number"))
                .col(string_null("subject_code"))
                .col(string("status"))
                .col(big_integer_null("published_version_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("courses", "author_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "courses", &["status", "updated_at"], false).await?;
        m.create_table(
            Table::create()
                .table("course_versions")
                .col(big_pk_auto("id"))
                .col(big_integer("course_id"))
                .col(integer("number"))
                .col(string("status"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("published_at"))
                .foreign_key(&mut fk("course_versions", "course_id", "courses"))
                .to_owned(),
        )
        .await?;
        index(m, "course_versions", &["course_id", "number"], true).await?;
        m.create_table(
            Table::create()
                .table("course_modules")
                .col(big_pk_auto("id"))
                .col(big_integer("version_id"))
                .col(integer("position"))
                .col(string("title"))
                .col(text("summary"))
                .col(integer("pass_percent"))
                .col(integer("max_attempts"))
                .col(integer("wait_minutes"))
                .foreign_key(&mut fk("course_modules", "version_id", "course_versions"))
                .to_owned(),
        )
        .await?;
        index(m, "course_modules", &["version_id", "position"], false).await?;
        m.create_table(
            Table::create()
                .table("course_activities")
                .col(big_pk_auto("id"))
                .col(big_integer("module_id"))
                .col(integer("position"))
                .col(string("kind"))
                .col(string("title"))
                .col(text("body"))
                .col(big_integer_null("content_id"))
                .col(integer("minutes"))
                .foreign_key(&mut fk("course_activities", "module_id", "course_modules"))
                .foreign_key(&mut fk("course_activities", "content_id", "contents"))
                .to_owned(),
        )
        .await?;
        index(m, "course_activities", &["module_id", "position"], false).await?;
        m.create_table(
            Table::create()
                .table("quiz_questions")
                .col(big_pk_auto("id"))
                .col(big_integer("module_id"))
                .col(integer("position"))
                .col(string("kind"))
                .col(text("prompt"))
                .col(text("explanation"))
                .col(double_null("number_answer"))
                .col(double("tolerance"))
                .foreign_key(&mut fk("quiz_questions", "module_id", "course_modules"))
                .to_owned(),
        )
        .await?;
        index(m, "quiz_questions", &["module_id", "position"], false).await?;
        m.create_table(
            Table::create()
                .table("quiz_options")
                .col(big_pk_auto("id"))
                .col(big_integer("question_id"))
                .col(integer("position"))
                .col(text("body"))
                .col(boolean("correct"))
                .foreign_key(&mut fk("quiz_options", "question_id", "quiz_questions"))
                .to_owned(),
        )
        .await?;
        index(m, "quiz_options", &["question_id", "position"], false).await?;
        m.create_table(
            Table::create()
                .table("enrolments")
                .col(big_pk_auto("id"))
                .col(big_integer("course_id"))
                .col(big_integer("version_id"))
                .col(big_integer("user_id"))
                .col(timestamp_with_time_zone("enrolled_at"))
                .col(timestamp_with_time_zone_null("completed_at"))
                .foreign_key(&mut fk("enrolments", "course_id", "courses"))
                .foreign_key(&mut fk("enrolments", "version_id", "course_versions"))
                .foreign_key(&mut fk("enrolments", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "enrolments", &["course_id", "user_id"], true).await?;
        index(m, "enrolments", &["user_id"], false).await?;
        m.create_table(
            Table::create()
                .table("activity_progress")
                .col(big_integer("enrolment_id"))
                .col(big_integer("activity_id"))
                .col(double("position_secs"))
                .col(timestamp_with_time_zone_null("done_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(Index::create().col("enrolment_id").col("activity_id"))
                .foreign_key(&mut fk("activity_progress", "enrolment_id", "enrolments"))
                .foreign_key(&mut fk("activity_progress", "activity_id", "course_activities"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("quiz_attempts")
                .col(big_pk_auto("id"))
                .col(big_integer("enrolment_id"))
                .col(big_integer("module_id"))
                .col(big_integer("user_id"))
                .col(integer("number"))
                .col(string("idempotency_key"))
                .col(json_binary("answers"))
                .col(integer("score_percent"))
                .col(boolean("passed"))
                .col(timestamp_with_time_zone("submitted_at"))
                .foreign_key(&mut fk("quiz_attempts", "enrolment_id", "enrolments"))
                .foreign_key(&mut fk("quiz_attempts", "module_id", "course_modules"))
                .foreign_key(&mut fk("quiz_attempts", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "quiz_attempts", &["user_id", "idempotency_key"], true).await?;
        index(m, "quiz_attempts", &["enrolment_id", "module_id"], false).await?;
        m.create_table(
            Table::create()
                .table("certificates")
                .col(big_pk_auto("id"))
                .col(string("code"))
                .col(big_integer("enrolment_id"))
                .col(big_integer("user_id"))
                .col(big_integer("course_id"))
                .col(big_integer("version_id"))
                .col(string("learner_name"))
                .col(string("course_title"))
                .col(timestamp_with_time_zone("issued_at"))
                .foreign_key(&mut fk("certificates", "enrolment_id", "enrolments"))
                .foreign_key(&mut fk("certificates", "user_id", "users"))
                .foreign_key(&mut fk("certificates", "course_id", "courses"))
                .to_owned(),
        )
        .await?;
        index(m, "certificates", &["code"], true).await?;
        index(m, "certificates", &["enrolment_id"], true).await?;
        Ok(())
    }
}
