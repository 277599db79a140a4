//! Recognition: rounds (a week or a fortnight, computed by a job, reviewed
//! and published by moderators), their ranked candidates with the numbers
//! behind each score, published awards (one per round, category and
//! place), rating rings found, peers' nominations of innovative teachers,
//! and ICT4E district ambassadors.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("recognition_rounds")
                .col(big_pk_auto("id"))
                .col(string("period"))
                .col(string("starts_on"))
                .col(string("ends_on"))
                .col(string("status"))
                .col(timestamp_with_time_zone_null("computed_at"))
                .col(timestamp_with_time_zone_null("published_at"))
                .col(big_integer_null("published_by"))
                .col(text("rings"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        // One round per period: the second worker to create it is refused.
        index(m, "recognition_rounds", &["period", "starts_on"], true).await?;
        m.create_table(
            Table::create()
                .table("recognition_candidates")
                .col(big_pk_auto("id"))
                .col(big_integer("round_id"))
                .col(string("category"))
                .col(big_integer_null("district_id"))
                .col(integer("rank"))
                .col(big_integer("user_id"))
                .col(big_integer_null("content_id"))
                .col(big_integer_null("institution_id"))
                .col(string("title"))
                .col(string("link"))
                .col(double("score"))
                .col(text("breakdown"))
                .col(text_null("withheld"))
                .foreign_key(&mut fk("recognition_candidates", "round_id", "recognition_rounds"))
                .foreign_key(&mut fk("recognition_candidates", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "recognition_candidates", &["round_id", "category", "district_id", "rank"], false).await?;
        m.create_table(
            Table::create()
                .table("recognition_awards")
                .col(big_pk_auto("id"))
                .col(big_integer("round_id"))
                .col(big_integer("candidate_id"))
                .col(string("category"))
                .col(string("place"))
                .col(big_integer_null("district_id"))
                .col(big_integer("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("recognition_awards", "round_id", "recognition_rounds"))
                .foreign_key(&mut fk("recognition_awards", "candidate_id", "recognition_candidates"))
                .foreign_key(&mut fk("recognition_awards", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        // Publishing twice cannot make a second winner of the same thing.
        index(m, "recognition_awards", &["round_id", "category", "place"], true).await?;
        index(m, "recognition_awards", &["user_id"], false).await?;
        index(m, "recognition_awards", &["created_at"], false).await?;
        m.create_table(
            Table::create()
                .table("recognition_nominations")
                .col(big_pk_auto("id"))
                .col(big_integer("nominee_id"))
                .col(big_integer("nominator_id"))
                .col(string("week_of"))
                .col(text("reason"))
                .col(string("status"))
                .col(big_integer_null("decided_by"))
                .col(timestamp_with_time_zone_null("decided_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("recognition_nominations", "nominee_id", "users"))
                .foreign_key(&mut fk("recognition_nominations", "nominator_id", "users"))
                .to_owned(),
        )
        .await?;
        // One nomination of a colleague per week from each teacher.
        index(m, "recognition_nominations", &["nominee_id", "nominator_id", "week_of"], true).await?;
        index(m, "recognition_nominations", &["status", "created_at"], false).await?;
        m.create_table(
            Table::create()
                .table("ambassadors")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(big_integer("district_id"))
                .col(big_integer("appointed_by"))
                .col(timestamp_with_time_zone("appointed_at"))
                .col(timestamp_with_time_zone_null("ended_at"))
                .foreign_key(&mut fk("ambassadors", "user_id", "users"))
                .foreign_key(&mut fk("ambassadors", "district_id", "districts"))
                .to_owned(),
        )
        .await?;
        index(m, "ambassadors", &["district_id"], false).await?;
        index(m, "ambassadors", &["user_id"], false).await?;
        // A round reads one period of other features' rows by time: these
        // keep each of its grouped queries to the period's rows.
        index(m, "ratings", &["updated_at"], false).await?;
        index(m, "comments", &["created_at"], false).await?;
        index(m, "votes", &["item_kind", "created_at"], false).await?;
        index(m, "answers", &["created_at"], false).await?;
        index(m, "community_comments", &["created_at"], false).await?;
        index(m, "practice_notes", &["created_at"], false).await?;
        index(m, "practice_observations", &["created_at"], false).await?;
        index(m, "activity_progress", &["done_at"], false).await?;
        Ok(())
    }
}
