//! Questions and answers, their votes, comments and edit history, and the
//! reputation teachers earn from them (community).

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("questions")
                .col(big_pk_auto("id"))
                .col(big_integer("author_id"))
                .col(string("title"))
                .col(string("title_key"))
                .col(text("body"))
                .col(big_integer_null("subject_id"))
                .col(big_integer_null("chapter_id"))
                .col(integer_null("class_number"))
                .col(big_integer("score"))
                .col(big_integer("answer_count"))
                .col(big_integer_null("accepted_answer_id"))
                .col(big_integer_null("duplicate_of"))
                .col(boolean("hidden"))
                .col(timestamp_with_time_zone_null("deleted_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone("active_at"))
                .foreign_key(&mut fk("questions", "author_id", "users"))
                .foreign_key(&mut fk("questions", "subject_id", "subjects"))
                .foreign_key(&mut fk("questions", "chapter_id", "chapters"))
                .foreign_key(&mut fk("questions", "duplicate_of", "questions"))
                .to_owned(),
        )
        .await?;
        index(m, "questions", &["created_at"], false).await?;
        index(m, "questions", &["score"], false).await?;
        index(m, "questions", &["answer_count", "created_at"], false).await?;
        index(m, "questions", &["subject_id", "created_at"], false).await?;
        index(m, "questions", &["class_number", "created_at"], false).await?;
        index(m, "questions", &["author_id"], false).await?;

        m.create_table(
            Table::create()
                .table("question_tags")
                .col(big_integer("question_id"))
                .col(string("tag"))
                .primary_key(Index::create().col("question_id").col("tag"))
                .foreign_key(&mut fk("question_tags", "question_id", "questions"))
                .to_owned(),
        )
        .await?;
        index(m, "question_tags", &["tag"], false).await?;

        m.create_table(
            Table::create()
                .table("answers")
                .col(big_pk_auto("id"))
                .col(big_integer("question_id"))
                .col(big_integer("author_id"))
                .col(text("body"))
                .col(big_integer("score"))
                .col(boolean("hidden"))
                .col(timestamp_with_time_zone_null("deleted_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("answers", "question_id", "questions"))
                .foreign_key(&mut fk("answers", "author_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "answers", &["question_id", "score"], false).await?;
        index(m, "answers", &["author_id"], false).await?;

        // One vote per teacher and item; `item_kind` is question | answer | post.
        m.create_table(
            Table::create()
                .table("votes")
                .col(string("item_kind"))
                .col(big_integer("item_id"))
                .col(big_integer("user_id"))
                .col(integer("value"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("item_kind").col("item_id").col("user_id"))
                .foreign_key(&mut fk("votes", "user_id", "users"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("community_comments")
                .col(big_pk_auto("id"))
                .col(string("item_kind"))
                .col(big_integer("item_id"))
                .col(big_integer("author_id"))
                .col(text("body"))
                .col(boolean("hidden"))
                .col(timestamp_with_time_zone_null("deleted_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("community_comments", "author_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "community_comments", &["item_kind", "item_id", "created_at"], false).await?;

        // Every saved version of a question, answer or post, the first included.
        m.create_table(
            Table::create()
                .table("revisions")
                .col(big_pk_auto("id"))
                .col(string("item_kind"))
                .col(big_integer("item_id"))
                .col(big_integer("editor_id"))
                .col(string_null("title"))
                .col(text("body"))
                .col(string("note"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("revisions", "editor_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "revisions", &["item_kind", "item_id", "created_at"], false).await?;

        // The reputation ledger: every change of points, with why; a
        // withdrawn vote adds a reversing line rather than deleting one.
        m.create_table(
            Table::create()
                .table("reputation_events")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(integer("points"))
                .col(string("reason"))
                .col(string("item_kind"))
                .col(big_integer("item_id"))
                .col(big_integer_null("actor_id"))
                .col(string("day"))
                .col(boolean("capped"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("reputation_events", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "reputation_events", &["user_id", "created_at"], false).await?;
        index(m, "reputation_events", &["user_id", "day"], false).await?;
        index(m, "reputation_events", &["item_kind", "item_id", "actor_id"], false).await?;

        m.create_table(
            Table::create()
                .table("reputation_totals")
                .col(big_integer("user_id").primary_key())
                .col(big_integer("points"))
                .foreign_key(&mut fk("reputation_totals", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
