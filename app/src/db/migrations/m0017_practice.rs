//! Practice: teachers' planned and logged tries of activities in class,
//! notes and observations on them, reminders sent, and learning circles
//! with their members, meetings, agendas and who came.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("circles")
                .col(big_pk_auto("id"))
                .col(string("kind"))
                .col(string("name"))
                .col(big_integer("lead_id"))
                .col(big_integer_null("institution_id"))
                .col(big_integer_null("district_id"))
                .col(big_integer_null("upazila_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("circles", "lead_id", "users"))
                .foreign_key(&mut fk("circles", "institution_id", "institutions"))
                .to_owned(),
        )
        .await?;
        index(m, "circles", &["institution_id"], false).await?;
        m.create_table(
            Table::create()
                .table("circle_members")
                .col(big_integer("circle_id"))
                .col(big_integer("user_id"))
                .col(boolean("sees_journal"))
                .col(timestamp_with_time_zone("joined_at"))
                .primary_key(Index::create().col("circle_id").col("user_id"))
                .foreign_key(&mut fk("circle_members", "circle_id", "circles"))
                .foreign_key(&mut fk("circle_members", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "circle_members", &["user_id"], false).await?;
        m.create_table(
            Table::create()
                .table("circle_meetings")
                .col(big_pk_auto("id"))
                .col(big_integer("circle_id"))
                .col(string("meets_on"))
                .col(string("place"))
                .col(string("status"))
                .col(text("shared"))
                .col(big_integer("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("held_at"))
                .foreign_key(&mut fk("circle_meetings", "circle_id", "circles"))
                .foreign_key(&mut fk("circle_meetings", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "circle_meetings", &["circle_id", "meets_on"], false).await?;
        m.create_table(
            Table::create()
                .table("meeting_agenda")
                .col(big_integer("meeting_id"))
                .col(integer("position"))
                .col(string("title"))
                .col(big_integer_null("activity_id"))
                .col(big_integer_null("content_id"))
                .primary_key(Index::create().col("meeting_id").col("position"))
                .foreign_key(&mut fk("meeting_agenda", "meeting_id", "circle_meetings"))
                .foreign_key(&mut fk("meeting_agenda", "activity_id", "course_activities"))
                .foreign_key(&mut fk("meeting_agenda", "content_id", "contents"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("practice_logs")
                .col(big_pk_auto("id"))
                .col(big_integer("teacher_id"))
                .col(string("status"))
                .col(string("title"))
                .col(big_integer_null("activity_id"))
                .col(big_integer_null("content_id"))
                .col(big_integer_null("meeting_id"))
                .col(integer_null("class_number"))
                .col(string("planned_on"))
                .col(string_null("tried_on"))
                .col(text("what_done"))
                .col(text("response"))
                .col(text("reflection"))
                .col(text("change_next"))
                .col(string_null("photo_key"))
                .col(string_null("voice_key"))
                .col(double_null("voice_secs"))
                .col(boolean("shared"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("practice_logs", "teacher_id", "users"))
                .foreign_key(&mut fk("practice_logs", "activity_id", "course_activities"))
                .foreign_key(&mut fk("practice_logs", "content_id", "contents"))
                .foreign_key(&mut fk("practice_logs", "meeting_id", "circle_meetings"))
                .to_owned(),
        )
        .await?;
        index(m, "practice_logs", &["teacher_id", "planned_on"], false).await?;
        index(m, "practice_logs", &["status", "tried_on"], false).await?;
        index(m, "practice_logs", &["shared", "tried_on"], false).await?;
        m.create_table(
            Table::create()
                .table("meeting_people")
                .col(big_integer("meeting_id"))
                .col(big_integer("user_id"))
                .col(boolean("came"))
                .col(text("will_try"))
                .col(big_integer_null("log_id"))
                .primary_key(Index::create().col("meeting_id").col("user_id"))
                .foreign_key(&mut fk("meeting_people", "meeting_id", "circle_meetings"))
                .foreign_key(&mut fk("meeting_people", "user_id", "users"))
                .foreign_key(&mut fk("meeting_people", "log_id", "practice_logs"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("practice_notes")
                .col(big_pk_auto("id"))
                .col(big_integer("log_id"))
                .col(big_integer("author_id"))
                .col(string("kind"))
                .col(text("body"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("practice_notes", "log_id", "practice_logs"))
                .foreign_key(&mut fk("practice_notes", "author_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "practice_notes", &["log_id"], false).await?;
        m.create_table(
            Table::create()
                .table("practice_observations")
                .col(big_pk_auto("id"))
                .col(big_integer("log_id"))
                .col(big_integer("observer_id"))
                .col(string("observed_on"))
                .col(string("checks"))
                .col(text("note"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("practice_observations", "log_id", "practice_logs"))
                .foreign_key(&mut fk("practice_observations", "observer_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "practice_observations", &["log_id"], false).await?;
        index(m, "practice_observations", &["observed_on"], false).await?;
        m.create_table(
            Table::create()
                .table("practice_reminders")
                .col(big_integer("teacher_id"))
                .col(big_integer("activity_id"))
                .col(timestamp_with_time_zone("sent_at"))
                .primary_key(Index::create().col("teacher_id").col("activity_id"))
                .foreign_key(&mut fk("practice_reminders", "teacher_id", "users"))
                .foreign_key(&mut fk("practice_reminders", "activity_id", "course_activities"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
