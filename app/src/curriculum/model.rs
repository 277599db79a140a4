//! The textbook curriculum: levels → classes → subjects → chapters.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ids::{ChapterId, ClassId, LevelId, SubjectId};
use crate::web::Lang;

/// Reads a whole CSV text of shipped reference data.
pub fn read_csv<T: DeserializeOwned>(text: &str) -> Result<Vec<T>, csv::Error> {
    csv::Reader::from_reader(text.as_bytes()).deserialize().collect()
}

#[derive(Deserialize)]
pub struct LevelRow {
    pub code: String,
    pub name_en: String,
    pub name_bn: String,
}

#[derive(Deserialize)]
pub struct ClassRow {
    pub level: String,
    pub number: i32,
    pub name_en: String,
    pub name_bn: String,
}

#[derive(Deserialize)]
pub struct SubjectRow {
    pub level: String,
    pub class: i32,
    pub code: String,
    pub name_en: String,
    pub name_bn: String,
}

/// A row of a chapters CSV (the shipped one, or one given to
/// `batayon import chapters`).
#[derive(Deserialize, Debug)]
pub struct ChapterRow {
    pub level: String,
    pub class: i32,
    pub subject: String,
    pub number: i32,
    pub name_en: String,
    pub name_bn: String,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Level {
    pub id: LevelId,
    pub code: String,
    pub name_en: String,
    pub name_bn: String,
    pub classes: Vec<Class>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Class {
    pub id: ClassId,
    pub number: i32,
    pub name_en: String,
    pub name_bn: String,
    pub subjects: Vec<Subject>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Subject {
    pub id: SubjectId,
    pub code: String,
    pub name_en: String,
    pub name_bn: String,
    pub chapters: Vec<Chapter>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Chapter {
    pub id: ChapterId,
    pub number: i32,
    pub name_en: String,
    pub name_bn: String,
}

macro_rules! named {
    ($($t:ty),*) => {$(
        impl $t {
            pub fn name(&self, lang: &Lang) -> &str {
                if *lang == Lang::Bn { &self.name_bn } else { &self.name_en }
            }
        }
    )*};
}
named!(Level, Class, Subject, Chapter);

/// Where a chapter sits: level › class › subject › chapter, in both languages.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ChapterPlace {
    pub level_id: LevelId,
    pub level_code: String,
    pub level_bn: String,
    pub level_en: String,
    pub class_id: ClassId,
    pub class_number: i32,
    pub class_bn: String,
    pub class_en: String,
    pub subject_id: SubjectId,
    pub subject_code: String,
    pub subject_bn: String,
    pub subject_en: String,
    pub chapter_id: ChapterId,
    pub chapter_number: i32,
    pub chapter_bn: String,
    pub chapter_en: String,
}

impl ChapterPlace {
    pub fn level(&self, lang: &Lang) -> &str {
        if *lang == Lang::Bn { &self.level_bn } else { &self.level_en }
    }
    pub fn class(&self, lang: &Lang) -> &str {
        if *lang == Lang::Bn { &self.class_bn } else { &self.class_en }
    }
    pub fn subject(&self, lang: &Lang) -> &str {
        if *lang == Lang::Bn { &self.subject_bn } else { &self.subject_en }
    }
    pub fn chapter(&self, lang: &Lang) -> &str {
        if *lang == Lang::Bn { &self.chapter_bn } else { &self.chapter_en }
    }
}
