//! SQL of the curriculum.

use std::collections::HashMap;

use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::NotSet, DatabaseConnection, IntoActiveModel, QueryOrder, Set};

use super::model::{Chapter, ChapterRow, Class, Level, Subject};
use crate::ids::{ChapterId, ClassId, LevelId, SubjectId};

pub mod level {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "levels")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::ids::LevelId,
        pub code: String,
        pub name_en: String,
        pub name_bn: String,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod class {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "classes")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::ids::ClassId,
        pub level_id: crate::ids::LevelId,
        pub number: i32,
        pub name_en: String,
        pub name_bn: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod subject {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "subjects")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::ids::SubjectId,
        pub class_id: crate::ids::ClassId,
        pub code: String,
        pub name_en: String,
        pub name_bn: String,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod chapter {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "chapters")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: crate::ids::ChapterId,
        pub subject_id: crate::ids::SubjectId,
        pub number: i32,
        pub name_en: String,
        pub name_bn: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The whole curriculum as a tree, in the shipped order.
pub async fn tree(db: &DatabaseConnection) -> Result<Vec<Level>, DbErr> {
    let levels = level::Entity::find().order_by_asc(level::Column::Position).all(db).await?;
    let classes = class::Entity::find().order_by_asc(class::Column::Number).all(db).await?;
    let subjects = subject::Entity::find().order_by_asc(subject::Column::Position).all(db).await?;
    let chapters = chapter::Entity::find().order_by_asc(chapter::Column::Number).all(db).await?;

    let mut by_subject: HashMap<SubjectId, Vec<Chapter>> = HashMap::new();
    for c in chapters {
        by_subject.entry(c.subject_id).or_default().push(Chapter {
            id: c.id,
            number: c.number,
            name_en: c.name_en,
            name_bn: c.name_bn,
        });
    }
    let mut by_class: HashMap<ClassId, Vec<Subject>> = HashMap::new();
    for s in subjects {
        by_class.entry(s.class_id).or_default().push(Subject {
            id: s.id,
            chapters: by_subject.remove(&s.id).unwrap_or_default(),
            code: s.code,
            name_en: s.name_en,
            name_bn: s.name_bn,
        });
    }
    let mut by_level: HashMap<LevelId, Vec<Class>> = HashMap::new();
    for c in classes {
        by_level.entry(c.level_id).or_default().push(Class {
            id: c.id,
            number: c.number,
            subjects: by_class.remove(&c.id).unwrap_or_default(),
            name_en: c.name_en,
            name_bn: c.name_bn,
        });
    }
    Ok(levels
        .into_iter()
        .map(|l| Level {
            id: l.id,
            classes: by_level.remove(&l.id).unwrap_or_default(),
            code: l.code,
            name_en: l.name_en,
            name_bn: l.name_bn,
        })
        .collect())
}

pub async fn levels(db: &DatabaseConnection) -> Result<Vec<level::Model>, DbErr> {
    level::Entity::find().order_by_asc(level::Column::Position).all(db).await
}

/// Subjects offered anywhere, one per code (for "subjects I teach").
pub async fn subject_codes(db: &DatabaseConnection) -> Result<Vec<subject::Model>, DbErr> {
    let mut seen = std::collections::HashSet::new();
    Ok(subject::Entity::find()
        .order_by_asc(subject::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .filter(|s| seen.insert(s.code.clone()))
        .collect())
}

/// The subject a chapter row belongs to, found by level code, class number
/// and subject code.
pub async fn find_subject(
    db: &DatabaseConnection,
    level_code: &str,
    class_number: i32,
    subject_code: &str,
) -> Result<Option<subject::Model>, DbErr> {
    let Some(level) = level::Entity::find().filter(level::Column::Code.eq(level_code)).one(db).await? else {
        return Ok(None);
    };
    let Some(class) = class::Entity::find()
        .filter(class::Column::LevelId.eq(level.id))
        .filter(class::Column::Number.eq(class_number))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    subject::Entity::find()
        .filter(subject::Column::ClassId.eq(class.id))
        .filter(subject::Column::Code.eq(subject_code))
        .one(db)
        .await
}

/// Adds a chapter, or renames the one with the same number.
pub async fn upsert_chapter(db: &DatabaseConnection, subject_id: SubjectId, row: &ChapterRow) -> Result<(), DbErr> {
    let existing = chapter::Entity::find()
        .filter(chapter::Column::SubjectId.eq(subject_id))
        .filter(chapter::Column::Number.eq(row.number))
        .one(db)
        .await?;
    let mut model = match existing {
        Some(c) => c.into_active_model(),
        None => chapter::ActiveModel {
            id: NotSet,
            subject_id: Set(subject_id),
            number: Set(row.number),
            ..Default::default()
        },
    };
    model.name_en = Set(bangla::normalize(&row.name_en));
    model.name_bn = Set(bangla::normalize(&row.name_bn));
    model.save(db).await?;
    Ok(())
}

pub async fn class(db: &DatabaseConnection, id: ClassId) -> Result<Option<class::Model>, DbErr> {
    class::Entity::find_by_id(id).one(db).await
}

/// Ids of the chapters of a subject, or of every subject of a class number.
pub async fn chapter_ids(
    db: &DatabaseConnection,
    subject_id: Option<SubjectId>,
    class_number: Option<i32>,
) -> Result<Vec<ChapterId>, DbErr> {
    let mut subjects = subject::Entity::find();
    if let Some(s) = subject_id {
        subjects = subjects.filter(subject::Column::Id.eq(s));
    }
    if let Some(n) = class_number {
        let classes: Vec<ClassId> = class::Entity::find()
            .filter(class::Column::Number.eq(n))
            .all(db)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        subjects = subjects.filter(subject::Column::ClassId.is_in(classes));
    }
    let subject_ids: Vec<SubjectId> = subjects.all(db).await?.into_iter().map(|s| s.id).collect();
    Ok(chapter::Entity::find()
        .filter(chapter::Column::SubjectId.is_in(subject_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}
