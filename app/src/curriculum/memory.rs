//! The curriculum kept in memory: a few thousand rows that every browse,
//! share and content page reads and that change only when an operator
//! imports chapters. A node reloads it at most every [`REFRESH_SECS`]
//! seconds, and at once after an import on that node; an import on another
//! node shows here within those seconds.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::DbErr;

use super::model::{ChapterPlace, Level};
use crate::state::AppState;
use crate::web::kept::Reference;

pub const REFRESH_SECS: u64 = 60;

/// The tree and, for each chapter, its place in it.
pub struct Curriculum {
    pub levels: Vec<Level>,
    places: HashMap<crate::ids::ChapterId, ChapterPlace>,
}

impl Curriculum {
    fn build(levels: Vec<Level>) -> Self {
        let mut places = HashMap::new();
        for l in &levels {
            for c in &l.classes {
                for s in &c.subjects {
                    for ch in &s.chapters {
                        places.insert(
                            ch.id,
                            ChapterPlace {
                                level_id: l.id,
                                level_code: l.code.clone(),
                                level_bn: l.name_bn.clone(),
                                level_en: l.name_en.clone(),
                                class_id: c.id,
                                class_number: c.number,
                                class_bn: c.name_bn.clone(),
                                class_en: c.name_en.clone(),
                                subject_id: s.id,
                                subject_code: s.code.clone(),
                                subject_bn: s.name_bn.clone(),
                                subject_en: s.name_en.clone(),
                                chapter_id: ch.id,
                                chapter_number: ch.number,
                                chapter_bn: ch.name_bn.clone(),
                                chapter_en: ch.name_en.clone(),
                            },
                        );
                    }
                }
            }
        }
        Curriculum { levels, places }
    }

    /// Where a chapter sits (level, class, subject), if it exists.
    pub fn place(&self, chapter_id: crate::ids::ChapterId) -> Option<ChapterPlace> {
        self.places.get(&chapter_id).cloned()
    }
}

#[derive(Default)]
pub struct Cache(Reference<Curriculum>);

/// The curriculum, from memory or freshly loaded.
pub async fn current(state: &AppState) -> Result<Arc<Curriculum>, DbErr> {
    let load = async { Ok(Curriculum::build(super::store::tree(&state.db).await?)) };
    state.part::<Cache>().0.current(Duration::from_secs(REFRESH_SECS), load).await
}

/// Drops the copy in memory (after an import on this node).
pub fn forget(state: &AppState) {
    state.part::<Cache>().0.forget();
}
