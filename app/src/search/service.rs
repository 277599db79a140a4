//! Searching: a query checked and analysed, handed to the engine, and the
//! matches dressed for people (snippets, class and subject names, counts
//! named in the asker's language).

use std::collections::HashMap;

use super::engine::{self, Found, RawFacets};
use super::entry::{self, CONTENT_TYPES, LANGUAGES, LICENCES, code_of, value_of};
use super::model::*;
use super::snippet;
use crate::curriculum::memory::Curriculum;
use crate::state::AppState;
use crate::web::{AppError, AppResult, FieldErrors, Lang};

/// Words beyond this many are ignored (a pasted paragraph is not a query).
const MAX_WORDS: usize = 12;
const SUGGESTIONS: usize = 8;

fn number(value: &Option<String>, field: &'static str, errors: &mut FieldErrors) -> Option<i64> {
    let v = value.as_deref().map(|v| bangla::to_ascii_digits(v).trim().to_owned()).filter(|v| !v.is_empty())?;
    match v.parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            errors.add(field, "field-number");
            None
        }
    }
}

fn one_of(value: &Option<String>, list: &[&str], field: &'static str, errors: &mut FieldErrors) -> Option<u64> {
    let v = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
    let code = code_of(list, v);
    if code.is_none() {
        errors.add(field, "field-choice");
    }
    code
}

impl SearchQuery {
    /// The query checked: unknown kinds, sorts or filter values are refused
    /// with the field named, never silently ignored.
    pub fn wanted(&self) -> AppResult<Wanted> {
        let mut errors = FieldErrors::default();
        let kind = match self.kind.as_deref().map(str::trim).filter(|k| !k.is_empty() && *k != "all") {
            Some(k) => {
                let parsed = entry::kind_named(k);
                if parsed.is_none() {
                    errors.add("kind", "field-choice");
                }
                parsed
            }
            None => None,
        };
        let sort = match self.sort.as_deref().map(str::trim).unwrap_or("") {
            "" | "relevance" => Sort::Relevance,
            "new" => Sort::Newest,
            "top" => Sort::TopRated,
            _ => {
                errors.add("sort", "field-choice");
                Sort::Relevance
            }
        };
        let page = number(&self.page, "page", &mut errors).unwrap_or(1) as u64;
        if page > MAX_PAGE {
            errors.add("page", "field-page-too-far");
        }
        let filters = Filters {
            kind,
            level_id: number(&self.level, "level", &mut errors),
            class: number(&self.class, "class", &mut errors),
            subject_id: number(&self.subject_id, "subject_id", &mut errors),
            chapter_id: number(&self.chapter_id, "chapter_id", &mut errors),
            content_type: one_of(&self.content_type, &CONTENT_TYPES, "content_type", &mut errors),
            language: one_of(&self.language, &LANGUAGES, "language", &mut errors),
            licence: one_of(&self.licence, &LICENCES, "licence", &mut errors),
            district_id: number(&self.district_id, "district_id", &mut errors),
        };
        errors.into_result()?;
        let mut words = bangla::analyse(&self.q);
        // ও, এবং, the: nothing to look for, and they match half the library.
        if words.iter().any(|w| !bangla::is_stopword(w)) {
            words.retain(|w| !bangla::is_stopword(w));
        }
        words.truncate(MAX_WORDS);
        Ok(Wanted { words, prefix: false, any: false, filters, sort, page, per_page: PER_PAGE })
    }
}

/// "৪র্থ শ্রেণি · গণিত" for a class and a subject.
fn context(curriculum: &Curriculum, lang: Lang, class: Option<i64>, subject: Option<i64>) -> String {
    let mut parts = Vec::new();
    for level in &curriculum.levels {
        for c in &level.classes {
            if Some(c.number as i64) == class && parts.is_empty() {
                parts.push(c.name(&lang).to_owned());
            }
            if let Some(s) = c.subjects.iter().find(|s| Some(s.id.0) == subject)
                && parts.len() < 2
            {
                if parts.is_empty() {
                    parts.push(c.name(&lang).to_owned());
                }
                parts.push(s.name(&lang).to_owned());
            }
        }
    }
    parts.join(" · ")
}

fn hit(f: Found, words: &[bangla::Word], curriculum: &Curriculum, lang: Lang) -> Hit {
    Hit {
        kind: f.item.kind,
        id: f.item.id,
        snippet: snippet::of(&f.body, words),
        title_marked: snippet::marked(&f.title, words),
        context: context(curriculum, lang, f.class, f.subject_id),
        url: entry::url(f.item),
        title: f.title,
        byline: f.byline,
        created_at: f.created_at,
        rating: (f.rating * 10.0).round() / 10.0,
    }
}

/// Counts, largest first, each named in `lang`.
fn facets(raw: &RawFacets, curriculum: &Curriculum, lang: Lang) -> Facets {
    let sorted = |map: &HashMap<u64, u64>, label: &dyn Fn(u64) -> Option<(String, String)>| {
        let mut out: Vec<FacetCount> = map
            .iter()
            .filter_map(|(v, n)| label(*v).map(|(value, label)| FacetCount { value, label, count: *n }))
            .collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
        out
    };
    let class_name = |n: u64| {
        curriculum
            .levels
            .iter()
            .flat_map(|l| &l.classes)
            .find(|c| c.number as u64 == n)
            .map(|c| (n.to_string(), c.name(&lang).to_owned()))
    };
    let subject_name = |id: u64| {
        curriculum
            .levels
            .iter()
            .flat_map(|l| &l.classes)
            .find_map(|c| c.subjects.iter().find(|s| s.id.0 as u64 == id).map(|s| (c, s)))
            .map(|(c, s)| (id.to_string(), format!("{} ({})", s.name(&lang), c.name(&lang))))
    };
    Facets {
        kind: sorted(&raw.kind, &|code| {
            entry::kind_of(code).map(|k| (k.as_str().to_owned(), lang.t(&format!("search-kind-{}", k.as_str()))))
        }),
        class: sorted(&raw.class, &class_name),
        subject: sorted(&raw.subject, &subject_name),
        content_type: sorted(&raw.content_type, &|code| {
            value_of(&CONTENT_TYPES, code).map(|t| (t.to_owned(), lang.t(&format!("kind-{t}"))))
        }),
        language: sorted(&raw.language, &|code| {
            value_of(&LANGUAGES, code).map(|l| (l.to_owned(), lang.t(&format!("search-language-{l}"))))
        }),
    }
}

pub async fn find(state: &AppState, q: &SearchQuery, lang: Lang) -> AppResult<SearchResults> {
    let wanted = q.wanted()?;
    let mut results =
        SearchResults { q: q.q.clone(), page: wanted.page, per_page: wanted.per_page, ..Default::default() };
    if wanted.words.is_empty() {
        return Ok(results);
    }
    let engine = engine::of(state).await.map_err(AppError::Internal)?;
    let matches = engine.search(state, &wanted).await.map_err(AppError::Internal)?;
    let curriculum = crate::curriculum::memory::current(state).await?;
    results.total = matches.total;
    results.approximate = matches.approximate;
    results.facets = facets(&matches.facets, &curriculum, lang);
    results.hits = matches.found.into_iter().map(|f| hit(f, &wanted.words, &curriculum, lang)).collect();
    Ok(results)
}

/// Titles beginning with what is typed, for the search box.
pub async fn suggest(state: &AppState, q: &str, kind: Option<&str>) -> AppResult<Vec<Suggestion>> {
    let query = SearchQuery { q: q.to_owned(), kind: kind.map(str::to_owned), ..Default::default() };
    let mut wanted = query.wanted()?;
    if wanted.words.is_empty() {
        return Ok(vec![]);
    }
    wanted.prefix = true;
    let engine = engine::of(state).await.map_err(AppError::Internal)?;
    let found = engine.suggest(state, &wanted, SUGGESTIONS).await.map_err(AppError::Internal)?;
    Ok(found
        .into_iter()
        .map(|f| Suggestion { kind: f.item.kind, id: f.item.id, url: entry::url(f.item), title: f.title })
        .collect())
}
