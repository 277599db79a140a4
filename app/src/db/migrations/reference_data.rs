//! Loads the reference data shipped in `app/data/` (places of Bangladesh and
//! the curriculum) inside the first migration, so every database starts with
//! the same lists.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::prelude::*;

use crate::curriculum::model::{ChapterRow, ClassRow, LevelRow, SubjectRow, read_csv};
use crate::places::model::{DistrictRow, UpazilaRow};

const DISTRICTS: &str = include_str!("../../../data/places/districts.csv");
const UPAZILAS: &str = include_str!("../../../data/places/upazilas.csv");
const LEVELS: &str = include_str!("../../../data/curriculum/levels.csv");
const CLASSES: &str = include_str!("../../../data/curriculum/classes.csv");
const SUBJECTS: &str = include_str!("../../../data/curriculum/subjects.csv");
const CHAPTERS: &str = include_str!("../../../data/curriculum/chapters.csv");

fn bad(e: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(format!("shipped reference data is broken: {e}"))
}

/// Inserts rows in chunks (SQLite limits bound parameters per statement).
async fn insert(m: &SchemaManager<'_>, table: &str, cols: &[&str], rows: Vec<Vec<SimpleExpr>>) -> Result<(), DbErr> {
    for chunk in rows.chunks(200) {
        let mut q = Query::insert();
        q.into_table(Alias::new(table)).columns(cols.iter().map(|c| Alias::new(*c)));
        for row in chunk {
            q.values(row.clone()).map_err(bad)?;
        }
        m.exec_stmt(q.to_owned()).await?;
    }
    Ok(())
}

/// `key column → id` for a table just filled, so children can point at it.
async fn ids(m: &SchemaManager<'_>, sql: &str) -> Result<HashMap<String, i64>, DbErr> {
    let db = m.get_connection();
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await?;
    let mut map = HashMap::new();
    for row in rows {
        map.insert(row.try_get::<String>("", "k")?, row.try_get::<i64>("", "id")?);
    }
    Ok(map)
}

pub async fn load_places(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let districts: Vec<DistrictRow> = read_csv(DISTRICTS).map_err(bad)?;
    let upazilas: Vec<UpazilaRow> = read_csv(UPAZILAS).map_err(bad)?;

    let mut divisions: Vec<(String, String)> = Vec::new();
    for d in &districts {
        if !divisions.iter().any(|(en, _)| *en == d.division_en) {
            divisions.push((d.division_en.clone(), d.division_bn.clone()));
        }
    }
    let rows = divisions.iter().map(|(en, bn)| vec![en.into(), bn.into()]).collect();
    insert(m, "divisions", &["name_en", "name_bn"], rows).await?;
    let division_ids = ids(m, "SELECT id, name_en AS k FROM divisions").await?;

    let rows = districts
        .iter()
        .map(|d| {
            vec![division_ids[&d.division_en].into(), d.district_en.as_str().into(), d.district_bn.as_str().into()]
        })
        .collect();
    insert(m, "districts", &["division_id", "name_en", "name_bn"], rows).await?;
    let district_ids = ids(m, "SELECT id, name_en AS k FROM districts").await?;

    let mut rows = Vec::with_capacity(upazilas.len());
    for u in &upazilas {
        let district =
            district_ids.get(&u.district_en).ok_or_else(|| bad(format!("unknown district {}", u.district_en)))?;
        rows.push(vec![(*district).into(), u.name_en.as_str().into(), u.name_bn.as_str().into()]);
    }
    insert(m, "upazilas", &["district_id", "name_en", "name_bn"], rows).await
}

pub async fn load_curriculum(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let levels: Vec<LevelRow> = read_csv(LEVELS).map_err(bad)?;
    let classes: Vec<ClassRow> = read_csv(CLASSES).map_err(bad)?;
    let subjects: Vec<SubjectRow> = read_csv(SUBJECTS).map_err(bad)?;
    let chapters: Vec<ChapterRow> = read_csv(CHAPTERS).map_err(bad)?;

    let rows = levels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![l.code.as_str().into(), l.name_en.as_str().into(), l.name_bn.as_str().into(), (i as i32).into()]
        })
        .collect();
    insert(m, "levels", &["code", "name_en", "name_bn", "position"], rows).await?;
    let level_ids = ids(m, "SELECT id, code AS k FROM levels").await?;

    let mut rows = Vec::new();
    for c in &classes {
        let level = level_ids.get(&c.level).ok_or_else(|| bad(format!("unknown level {}", c.level)))?;
        rows.push(vec![(*level).into(), c.number.into(), c.name_en.as_str().into(), c.name_bn.as_str().into()]);
    }
    insert(m, "classes", &["level_id", "number", "name_en", "name_bn"], rows).await?;
    let class_ids = ids(
        m,
        "SELECT c.id, l.code || '/' || CAST(c.number AS TEXT) AS k FROM classes c JOIN levels l ON l.id = c.level_id",
    )
    .await?;

    let mut rows = Vec::new();
    for (i, s) in subjects.iter().enumerate() {
        let key = format!("{}/{}", s.level, s.class);
        let class = class_ids.get(&key).ok_or_else(|| bad(format!("unknown class {key}")))?;
        rows.push(vec![
            (*class).into(),
            s.code.as_str().into(),
            s.name_en.as_str().into(),
            s.name_bn.as_str().into(),
            (i as i32).into(),
        ]);
    }
    insert(m, "subjects", &["class_id", "code", "name_en", "name_bn", "position"], rows).await?;
    let subject_ids = ids(
        m,
        "SELECT s.id, l.code || '/' || CAST(c.number AS TEXT) || '/' || s.code AS k \
         FROM subjects s JOIN classes c ON c.id = s.class_id JOIN levels l ON l.id = c.level_id",
    )
    .await?;

    let mut rows = Vec::new();
    for ch in &chapters {
        let key = format!("{}/{}/{}", ch.level, ch.class, ch.subject);
        let subject = subject_ids.get(&key).ok_or_else(|| bad(format!("unknown subject {key}")))?;
        rows.push(vec![(*subject).into(), ch.number.into(), ch.name_en.as_str().into(), ch.name_bn.as_str().into()]);
    }
    insert(m, "chapters", &["subject_id", "number", "name_en", "name_bn"], rows).await
}
