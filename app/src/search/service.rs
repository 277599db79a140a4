//! Matching every word of a query against titles, names and chapters.

use super::model::{Hit, SearchQuery};
use crate::profiles::store as profiles;
use crate::state::AppState;
use crate::web::AppResult;

const LIMIT: usize = 30;

pub async fn find(state: &AppState, q: &SearchQuery, lang: crate::web::Lang) -> AppResult<Vec<Hit>> {
    let words = bangla::words(&q.q);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let want = |k: &str| q.kind.as_deref().is_none_or(|w| w == k);
    let mut hits = Vec::new();
    if want("teacher") {
        let phrase = words.join(" ");
        for u in profiles::find_by_name(&state.db, &phrase, LIMIT as u64).await? {
            hits.push(Hit {
                kind: "teacher".into(),
                id: u.id.0,
                title: u.name,
                context: u.designation.unwrap_or_default(),
                url: format!("/teachers/{}", u.id),
            });
        }
    }
    if want("content") {
        for c in crate::content::store::find_by_title(&state.db, &words, LIMIT as u64).await? {
            hits.push(Hit {
                kind: "content".into(),
                id: c.id.0,
                title: c.title,
                context: lang.t(&format!("kind-{}", c.kind)),
                url: format!("/contents/{}", c.id),
            });
        }
    }
    if want("chapter") {
        'levels: for level in crate::curriculum::memory::current(state).await?.levels.clone() {
            for class in &level.classes {
                for subject in &class.subjects {
                    for chapter in &subject.chapters {
                        let haystack =
                            bangla::search_key(&format!("{} {} {}", chapter.name_bn, chapter.name_en, subject.name_bn));
                        if words.iter().all(|w| haystack.contains(w.as_str())) {
                            hits.push(Hit {
                                kind: "chapter".into(),
                                id: chapter.id.0,
                                title: chapter.name(&lang).to_owned(),
                                context: format!(
                                    "{} · {} · {}",
                                    level.name(&lang),
                                    class.name(&lang),
                                    subject.name(&lang)
                                ),
                                url: format!("/curriculum/classes/{}#subject-{}", class.id, subject.id),
                            });
                            if hits.len() >= 2 * LIMIT {
                                break 'levels;
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(hits)
}
