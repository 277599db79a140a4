//! The chapters of the secondary textbooks (classes 6–10), added to the
//! shipped `chapters.csv` after databases were made from it: a subject
//! still without chapters gets the shipped ones (a subject whose operator
//! imported chapters keeps hers alone; none was shipped before). A database
//! made after the rows were shipped has them from m0001, and gets nothing.

use std::collections::{HashMap, HashSet};

use sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::prelude::*;

use crate::curriculum::model::{ChapterRow, read_csv};

const CHAPTERS: &str = include_str!("../../../data/curriculum/chapters.csv");

#[derive(DeriveMigrationName)]
pub struct Migration;

fn bad(e: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(format!("shipped chapters are broken: {e}"))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let sql = "SELECT s.id AS id, l.code || '/' || CAST(c.number AS TEXT) || '/' || s.code AS k \
                   FROM subjects s JOIN classes c ON c.id = s.class_id JOIN levels l ON l.id = c.level_id";
        let mut subjects = HashMap::new();
        for row in db.query_all_raw(Statement::from_string(backend, sql)).await? {
            subjects.insert(row.try_get::<String>("", "k")?, row.try_get::<i64>("", "id")?);
        }
        let mut present = HashSet::new();
        let sql = "SELECT subject_id, number FROM chapters";
        for row in db.query_all_raw(Statement::from_string(backend, sql)).await? {
            present.insert((row.try_get::<i64>("", "subject_id")?, row.try_get::<i32>("", "number")?));
        }
        // A subject with chapters of its own (an operator imported them)
        // keeps them alone: the shipped book is not mixed into hers.
        let has_chapters: HashSet<i64> = present.iter().map(|(subject, _)| *subject).collect();
        let chapters: Vec<ChapterRow> = read_csv(CHAPTERS).map_err(bad)?;
        let mut missing = Vec::new();
        for ch in &chapters {
            let key = format!("{}/{}/{}", ch.level, ch.class, ch.subject);
            // A subject an administrator removed is not brought back.
            let Some(subject) = subjects.get(&key).copied().filter(|s| !has_chapters.contains(s)) else { continue };
            if present.insert((subject, ch.number)) {
                missing.push(vec![
                    subject.into(),
                    ch.number.into(),
                    ch.name_en.as_str().into(),
                    ch.name_bn.as_str().into(),
                ]);
            }
        }
        // SQLite limits the parameters of one statement.
        for chunk in missing.chunks(200) {
            let mut q = Query::insert();
            q.into_table(Alias::new("chapters"))
                .columns(["subject_id", "number", "name_en", "name_bn"].map(Alias::new));
            for row in chunk {
                q.values(row.clone()).map_err(bad)?;
            }
            m.exec_stmt(q.to_owned()).await?;
        }
        Ok(())
    }
}
