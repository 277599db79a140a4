//! Places, the curriculum and institutions, with the reference data shipped
//! in `app/data/`.

use sea_orm_migration::{prelude::*, schema::*};

use super::helpers::{fk, index};

use super::reference_data;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("divisions")
                .col(big_pk_auto("id"))
                .col(string("name_en"))
                .col(string("name_bn"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("districts")
                .col(big_pk_auto("id"))
                .col(big_integer("division_id"))
                .col(string("name_en"))
                .col(string("name_bn"))
                .foreign_key(&mut fk("districts", "division_id", "divisions"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("upazilas")
                .col(big_pk_auto("id"))
                .col(big_integer("district_id"))
                .col(string("name_en"))
                .col(string("name_bn"))
                .foreign_key(&mut fk("upazilas", "district_id", "districts"))
                .to_owned(),
        )
        .await?;
        index(m, "upazilas", &["district_id"], false).await?;

        m.create_table(
            Table::create()
                .table("levels")
                .col(big_pk_auto("id"))
                .col(string_uniq("code"))
                .col(string("name_en"))
                .col(string("name_bn"))
                .col(integer("position"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("classes")
                .col(big_pk_auto("id"))
                .col(big_integer("level_id"))
                .col(integer("number"))
                .col(string("name_en"))
                .col(string("name_bn"))
                .foreign_key(&mut fk("classes", "level_id", "levels"))
                .to_owned(),
        )
        .await?;
        index(m, "classes", &["level_id", "number"], true).await?;
        m.create_table(
            Table::create()
                .table("subjects")
                .col(big_pk_auto("id"))
                .col(big_integer("class_id"))
                .col(string("code"))
                .col(string("name_en"))
                .col(string("name_bn"))
                .col(integer("position"))
                .foreign_key(&mut fk("subjects", "class_id", "classes"))
                .to_owned(),
        )
        .await?;
        index(m, "subjects", &["class_id", "code"], true).await?;
        m.create_table(
            Table::create()
                .table("chapters")
                .col(big_pk_auto("id"))
                .col(big_integer("subject_id"))
                .col(integer("number"))
                .col(string("name_en"))
                .col(string("name_bn"))
                .foreign_key(&mut fk("chapters", "subject_id", "subjects"))
                .to_owned(),
        )
        .await?;
        index(m, "chapters", &["subject_id", "number"], true).await?;

        m.create_table(
            Table::create()
                .table("institutions")
                .col(big_pk_auto("id"))
                .col(big_integer_uniq("eiin"))
                .col(string("name"))
                .col(string("name_key"))
                .col(big_integer("district_id"))
                .col(big_integer_null("upazila_id"))
                .col(string("level_code"))
                .foreign_key(&mut fk("institutions", "district_id", "districts"))
                .foreign_key(&mut fk("institutions", "upazila_id", "upazilas"))
                .to_owned(),
        )
        .await?;
        index(m, "institutions", &["name_key"], false).await?;
        index(m, "institutions", &["upazila_id"], false).await?;

        reference_data::load_places(m).await?;
        reference_data::load_curriculum(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["institutions", "chapters", "subjects", "classes", "levels", "upazilas", "districts", "divisions"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
