//! Microcredentials: issuing institutions with their public keys (the
//! private halves live outside the database) and the people who act for
//! them, achievements with their award rules, credentials as issued
//! (the signed document is kept byte for byte), and pathways of badges.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("issuers")
                .col(big_pk_auto("id"))
                .col(string("short_name"))
                .col(string("name"))
                .col(string("name_en"))
                .col(text("description"))
                .col(string("website"))
                .col(string("email"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("issuer_keys")
                .col(big_pk_auto("id"))
                .col(big_integer("issuer_id"))
                .col(integer("number"))
                .col(string("public_multibase"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("retired_at"))
                .foreign_key(&mut fk("issuer_keys", "issuer_id", "issuers"))
                .to_owned(),
        )
        .await?;
        index(m, "issuer_keys", &["issuer_id", "number"], true).await?;
        m.create_table(
            Table::create()
                .table("issuer_members")
                .col(big_integer("issuer_id"))
                .col(big_integer("user_id"))
                .primary_key(Index::create().col("issuer_id").col("user_id"))
                .foreign_key(&mut fk("issuer_members", "issuer_id", "issuers"))
                .foreign_key(&mut fk("issuer_members", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("achievements")
                .col(big_pk_auto("id"))
                .col(big_integer("issuer_id"))
                .col(big_integer_null("endorser_id"))
                .col(string("name"))
                .col(text("description"))
                .col(text("criteria"))
                .col(string("competency"))
                .col(string("tags"))
                .col(string("rule"))
                .col(big_integer_null("course_id"))
                .col(integer_null("practice_count"))
                .col(integer_null("valid_days"))
                .col(text_null("endorsement"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("achievements", "issuer_id", "issuers"))
                .foreign_key(&mut fk("achievements", "endorser_id", "issuers"))
                .foreign_key(&mut fk("achievements", "course_id", "courses"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("credentials")
                .col(big_pk_auto("id"))
                .col(string("public_id"))
                .col(big_integer("achievement_id"))
                .col(big_integer("recipient_id"))
                .col(big_integer("issuer_id"))
                .col(integer("key_number"))
                .col(big_integer("status_index"))
                .col(text("document"))
                .col(text("compact"))
                .col(text("evidence_note"))
                .col(big_integer_null("awarded_by"))
                .col(boolean("public"))
                .col(timestamp_with_time_zone("issued_at"))
                .col(timestamp_with_time_zone_null("expires_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .col(text_null("revoked_reason"))
                .foreign_key(&mut fk("credentials", "achievement_id", "achievements"))
                .foreign_key(&mut fk("credentials", "recipient_id", "users"))
                .foreign_key(&mut fk("credentials", "issuer_id", "issuers"))
                .foreign_key(&mut fk("credentials", "awarded_by", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "credentials", &["public_id"], true).await?;
        // A badge is earned once; rules that run again find it already there.
        index(m, "credentials", &["achievement_id", "recipient_id"], true).await?;
        // A credential's status bit is its id, unique by construction.
        index(m, "credentials", &["issuer_id", "status_index"], false).await?;
        index(m, "credentials", &["recipient_id"], false).await?;
        m.create_table(
            Table::create()
                .table("pathways")
                .col(big_pk_auto("id"))
                .col(string("name"))
                .col(text("description"))
                .col(integer("required"))
                .col(string("reward"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("pathway_steps")
                .col(big_integer("pathway_id"))
                .col(big_integer("achievement_id"))
                .primary_key(Index::create().col("pathway_id").col("achievement_id"))
                .foreign_key(&mut fk("pathway_steps", "pathway_id", "pathways"))
                .foreign_key(&mut fk("pathway_steps", "achievement_id", "achievements"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
