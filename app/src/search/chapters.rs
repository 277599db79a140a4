//! Which chapter a new content is about, from its title and description:
//! the chapters whose names (and whose class and subject names) the text
//! mentions, and the chapters of the library's contents that read most
//! like it. Shown while a teacher shares, so she rarely has to scroll
//! through a hundred chapters.

use std::collections::HashMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::engine;
use super::model::{Filters, Sort, Wanted};
use super::names::NameWords;
use crate::curriculum::memory::Curriculum;
use crate::items::ItemKind;
use crate::state::AppState;
use crate::web::{AppError, AppResult, Lang};

/// Words of the text looked at (a long description says no more than this).
const MAX_WORDS: usize = 40;
/// Similar contents asked of the index.
const NEIGHBOURS: u64 = 30;
/// Chapters offered.
const OFFERED: usize = 3;

#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct ChapterSuggestion {
    pub chapter_id: i64,
    /// The chapter's name, then its class and subject, in the asker's language.
    pub name: String,
    pub place: String,
    /// How strongly the text points to it (for ordering; not a probability).
    pub score: f64,
}

/// How many of `names`' words `text` holds, as a share of `names`' words.
fn share_of(names: &NameWords, text: &[bangla::Word], name: &str) -> f64 {
    let words = names.words(name);
    if words.is_empty() {
        return 0.0;
    }
    let met = words.iter().filter(|w| text.iter().any(|t| engine::meets(t, w))).count();
    met as f64 / words.len() as f64
}

/// What a teacher teaches, from her profile: class numbers and subject codes.
#[derive(Default, Clone, Debug)]
pub struct Teaches {
    pub classes: Vec<i32>,
    pub subjects: Vec<String>,
}

impl Teaches {
    pub async fn of(state: &AppState, who: crate::ids::UserId) -> AppResult<Teaches> {
        Ok(Teaches {
            classes: crate::profiles::store::classes_of(&state.db, who).await?,
            subjects: crate::profiles::store::subjects_of(&state.db, who).await?,
        })
    }
}

/// The chapters `text` most likely belongs to, best first; a content's
/// own entry (`except`) does not vote for itself. Among chapters the text
/// points to, those of the classes and subjects the sharer teaches come
/// first when the text alone cannot tell (ভগ্নাংশ is in classes 3, 4 and 5).
pub async fn suggest(
    state: &AppState,
    text: &str,
    except: Option<i64>,
    teaches: &Teaches,
    lang: Lang,
) -> AppResult<Vec<ChapterSuggestion>> {
    let mut words = bangla::analyse(text);
    words.dedup_by(|a, b| a.query == b.query);
    words.truncate(MAX_WORDS);
    if words.is_empty() {
        return Ok(vec![]);
    }
    let curriculum = crate::curriculum::memory::current(state).await?;
    let mut scores = named(&curriculum, &NameWords::of(state), &words);
    filed_alike(state, words, except, &mut scores).await?;
    prefer_taught(&curriculum, teaches, &mut scores);
    Ok(offered(&curriculum, scores, lang))
}

/// Chapters by what the text names: a chapter (most), its subject and its class.
fn named(curriculum: &Curriculum, names: &NameWords, words: &[bangla::Word]) -> HashMap<i64, f64> {
    let mut scores: HashMap<i64, f64> = HashMap::new();
    let share = |bn: &str, en: &str| share_of(names, words, bn).max(share_of(names, words, en));
    for level in &curriculum.levels {
        for class in &level.classes {
            let class_named = share(&class.name_bn, &class.name_en);
            for subject in &class.subjects {
                let subject_named = share(&subject.name_bn, &subject.name_en);
                for chapter in &subject.chapters {
                    let named = share(&chapter.name_bn, &chapter.name_en);
                    if named > 0.0 {
                        let score = 2.0 * named + 0.6 * subject_named + 0.4 * class_named;
                        *scores.entry(chapter.id.0).or_default() += score;
                    }
                }
            }
        }
    }
    scores
}

/// Adds the chapters the library's contents that read like the text are
/// filed under, each by how alike it reads (the best counts 1).
async fn filed_alike(
    state: &AppState,
    words: Vec<bangla::Word>,
    except: Option<i64>,
    scores: &mut HashMap<i64, f64>,
) -> AppResult<()> {
    let wanted = Wanted {
        words,
        any: true,
        filters: Filters { kind: Some(ItemKind::Content), ..Default::default() },
        sort: Sort::Relevance,
        page: 1,
        per_page: NEIGHBOURS,
        ..Default::default()
    };
    let engine = engine::of(state).await.map_err(AppError::Internal)?;
    let matches = engine.search(state, &wanted).await.map_err(AppError::Internal)?;
    let neighbours: Vec<_> = matches.found.into_iter().filter(|f| Some(f.item.id) != except).collect();
    let best = neighbours.iter().map(|f| f.score).fold(0.0_f64, f64::max);
    if best > 0.0 {
        for f in &neighbours {
            if let Some(ch) = f.chapter_id {
                *scores.entry(ch).or_default() += f.score / best;
            }
        }
    }
    Ok(())
}

/// Lifts the chapters of the classes and subjects the sharer teaches.
fn prefer_taught(curriculum: &Curriculum, teaches: &Teaches, scores: &mut HashMap<i64, f64>) {
    for (id, score) in scores.iter_mut() {
        if let Some(place) = curriculum.place(crate::ids::ChapterId(*id)) {
            if teaches.classes.contains(&place.class_number) {
                *score += 0.3;
            }
            if teaches.subjects.contains(&place.subject_code) {
                *score += 0.2;
            }
        }
    }
}

/// The best few, named in `lang`.
fn offered(curriculum: &Curriculum, scores: HashMap<i64, f64>, lang: Lang) -> Vec<ChapterSuggestion> {
    let mut ranked: Vec<(i64, f64)> = scores.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .filter_map(|(id, score)| {
            let place = curriculum.place(crate::ids::ChapterId(id))?;
            let (class, subject) = match lang {
                Lang::Bn => (place.class_bn.clone(), place.subject_bn.clone()),
                Lang::En => (place.class_en.clone(), place.subject_en.clone()),
            };
            let chapter = curriculum
                .levels
                .iter()
                .flat_map(|l| &l.classes)
                .flat_map(|c| &c.subjects)
                .flat_map(|s| &s.chapters)
                .find(|c| c.id.0 == id)?;
            Some(ChapterSuggestion {
                chapter_id: id,
                name: chapter.name(&lang).to_owned(),
                place: format!("{class} · {subject}"),
                score: (score * 100.0).round() / 100.0,
            })
        })
        .take(OFFERED)
        .collect()
}
