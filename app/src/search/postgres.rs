//! The shared store of PostgreSQL mode: `search_entries`, every entry as
//! the indexing loop built it (each node's own index is filled from here,
//! see `search::follow`), with PostgreSQL full-text search over the
//! analyser's words for a node whose index is still being built.
//! PostgreSQL neither folds nor stems Bangla, so nothing of its own
//! parsing is used: the tsvector and tsquery are written out from the
//! analyser's output, lexeme by lexeme. Title words weigh A, body words B,
//! their sound keys C and D (ts_rank's weights 1, 0.4, 0.2, 0.1).

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement, Value};

use super::engine::{Found, Matches, QUALITY_WEIGHT, RawFacets, is_latin};
use super::entry::{self, CONTENT_TYPES, Entry, LANGUAGES, LICENCES, code_of};
use super::model::{Filters, Sort, Wanted};
use crate::items::{ItemKind, ItemRef};

/// PostgreSQL keeps at most 256 positions per lexeme and positions below 16384.
const MAX_POSITIONS: usize = 200;
const MAX_POSITION: usize = 16_383;
/// Entries written by one INSERT (18 values each, well under PostgreSQL's 65,535).
const ROWS_PER_INSERT: usize = 200;
/// Entries ranked for a very common word (see `common_search`).
const CANDIDATES: i64 = 2_000;

/// A lexeme quoted for tsvector and tsquery input.
fn quoted(lexeme: &str) -> String {
    format!("'{}'", lexeme.replace('\\', "\\\\").replace('\'', "''"))
}

/// The tsvector of an entry, written out: `'গণিত':1A,7B 'GNT':1C …`.
fn tsvector(title: &str, body: &str) -> (String, String) {
    let mut lexemes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut title_lexemes: BTreeMap<String, ()> = BTreeMap::new();
    let title_words = bangla::analyse(title);
    let offset = title_words.len();
    let mut add = |lexeme: &str, position: usize, weight: char| {
        let at = lexemes.entry(lexeme.to_owned()).or_default();
        if at.len() < MAX_POSITIONS {
            at.push(format!("{}{weight}", position.clamp(1, MAX_POSITION)));
        }
    };
    for (i, w) in title_words.iter().enumerate() {
        for f in &w.forms {
            add(f, i + 1, 'A');
            title_lexemes.insert(f.clone(), ());
        }
        for s in &w.sounds {
            add(s, i + 1, 'C');
            title_lexemes.insert(s.clone(), ());
        }
    }
    for (i, w) in bangla::analyse(body).iter().enumerate() {
        for f in &w.forms {
            add(f, offset + i + 1, 'B');
        }
        for s in &w.sounds {
            add(s, offset + i + 1, 'D');
        }
    }
    let all = lexemes.iter().map(|(l, at)| format!("{}:{}", quoted(l), at.join(","))).collect::<Vec<_>>().join(" ");
    let titles = title_lexemes.keys().map(|l| quoted(l)).collect::<Vec<_>>().join(" ");
    (all, titles)
}

/// The tsquery of the words: each must match, by any of its forms (or by
/// sound when typed in Latin letters); the last as a prefix when asked.
fn tsquery(wanted: &Wanted, sounds_too: bool) -> Option<String> {
    let last = wanted.words.len().checked_sub(1)?;
    let parts: Vec<String> = wanted
        .words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let suffix = if wanted.prefix && i == last { ":*" } else { "" };
            let mut any: Vec<String> = w.query.iter().map(|q| format!("{}{suffix}", quoted(q))).collect();
            if sounds_too && is_latin(w) {
                any.extend(w.sounds.iter().map(|s| format!("{}{suffix}", quoted(s))));
            }
            format!("({})", any.join(" | "))
        })
        .collect();
    Some(parts.join(if wanted.any { " | " } else { " & " }))
}

struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn bind(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        format!("${}", self.values.len())
    }
}

/// The WHERE clause for a text query and the filters.
fn conditions(sql: &mut Sql, tsq: Option<&str>, column: &str, f: &Filters, with_kind: bool) -> String {
    let mut parts = vec!["TRUE".to_owned()];
    if let Some(q) = tsq {
        let p = sql.bind(q.to_owned());
        parts.push(format!("{column} @@ {p}::tsquery"));
    }
    let mut eq = |col: &str, v: Option<i64>| {
        if let Some(v) = v {
            let p = sql.bind(v);
            parts.push(format!("{col} = {p}"));
        }
    };
    if with_kind {
        eq("kind", f.kind.map(|k| entry::code(k) as i64));
    }
    eq("level_id", f.level_id);
    eq("class", f.class);
    eq("subject_id", f.subject_id);
    eq("chapter_id", f.chapter_id);
    eq("content_type", f.content_type.map(|v| v as i64));
    eq("language", f.language.map(|v| v as i64));
    eq("licence", f.licence.map(|v| v as i64));
    eq("district_id", f.district_id);
    parts.join(" AND ")
}

fn statement(sql: Sql) -> Statement {
    Statement::from_sql_and_values(DatabaseBackend::Postgres, sql.text, sql.values)
}

pub async fn apply(db: &impl ConnectionTrait, entries: &[Entry], gone: &[ItemRef]) -> anyhow::Result<()> {
    for item in gone {
        db.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "DELETE FROM search_entries WHERE kind = $1 AND item_id = $2",
            [(entry::code(item.kind) as i64).into(), item.id.into()],
        ))
        .await?;
    }
    // Many rows per statement: a rebuild of a million entries is bound by round trips.
    for chunk in entries.chunks(ROWS_PER_INSERT) {
        let mut sql = Sql { text: String::new(), values: Vec::with_capacity(chunk.len() * 18) };
        let mut rows = Vec::with_capacity(chunk.len());
        for e in chunk {
            let (terms, title_terms) = tsvector(&e.title, &e.body);
            let code =
                |list: &[&str], v: &Option<String>| v.as_deref().and_then(|v| code_of(list, v)).unwrap_or(0) as i64;
            let values: [Value; 18] = [
                (entry::code(e.item.kind) as i64).into(),
                e.item.id.into(),
                e.title.clone().into(),
                e.body.clone().into(),
                e.byline.clone().into(),
                e.level_id.unwrap_or(0).into(),
                e.class.unwrap_or(0).into(),
                e.subject_id.unwrap_or(0).into(),
                e.chapter_id.unwrap_or(0).into(),
                code(&CONTENT_TYPES, &e.content_type).into(),
                code(&LANGUAGES, &e.language).into(),
                code(&LICENCES, &e.licence).into(),
                e.district_id.unwrap_or(0).into(),
                e.created_at.into(),
                e.rating.into(),
                e.quality.into(),
                terms.into(),
                title_terms.into(),
            ];
            let mut params: Vec<String> = values.into_iter().map(|v| sql.bind(v)).collect();
            params[16].push_str("::tsvector");
            params[17].push_str("::tsvector");
            rows.push(format!("({})", params.join(", ")));
        }
        sql.text = format!(
            "INSERT INTO search_entries (kind, item_id, title, body, byline, level_id, class, subject_id, chapter_id, \
             content_type, language, licence, district_id, created_at, rating, quality, terms, title_terms) \
             VALUES {} \
             ON CONFLICT (kind, item_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body, byline = EXCLUDED.byline, \
             level_id = EXCLUDED.level_id, class = EXCLUDED.class, subject_id = EXCLUDED.subject_id, chapter_id = EXCLUDED.chapter_id, \
             content_type = EXCLUDED.content_type, language = EXCLUDED.language, licence = EXCLUDED.licence, \
             district_id = EXCLUDED.district_id, created_at = EXCLUDED.created_at, rating = EXCLUDED.rating, \
             quality = EXCLUDED.quality, terms = EXCLUDED.terms, title_terms = EXCLUDED.title_terms",
            rows.join(", ")
        );
        db.execute_raw(statement(sql)).await?;
    }
    Ok(())
}

pub async fn clear(db: &DatabaseConnection) -> anyhow::Result<()> {
    db.execute_unprepared("DELETE FROM search_entries").await?;
    Ok(())
}

pub async fn len(db: &DatabaseConnection) -> anyhow::Result<u64> {
    let row = db
        .query_one_raw(Statement::from_string(DatabaseBackend::Postgres, "SELECT count(*) AS n FROM search_entries"))
        .await?;
    Ok(row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0) as u64)
}

fn found(row: &sea_orm::QueryResult) -> anyhow::Result<Found> {
    let kind: i64 = row.try_get("", "kind")?;
    let class: i64 = row.try_get("", "class")?;
    let subject: i64 = row.try_get("", "subject_id")?;
    Ok(Found {
        item: ItemRef::new(entry::kind_of(kind as u64).unwrap_or(ItemKind::Content), row.try_get("", "item_id")?),
        title: row.try_get("", "title")?,
        body: row.try_get("", "body")?,
        byline: row.try_get("", "byline")?,
        class: Some(class).filter(|c| *c > 0),
        subject_id: Some(subject).filter(|c| *c > 0),
        chapter_id: Some(row.try_get::<i64>("", "chapter_id")?).filter(|c| *c > 0),
        created_at: row.try_get("", "created_at")?,
        score: 0.0,
        rating: row.try_get("", "rating")?,
    })
}

const COLUMNS: &str = "kind, item_id, title, body, byline, class, subject_id, chapter_id, created_at, rating";

/// The planner's estimate of how many entries match (no rows are read).
async fn estimate(db: &DatabaseConnection, filter: &str, values: &[Value]) -> anyhow::Result<f64> {
    let sql = format!("EXPLAIN (FORMAT JSON) SELECT 1 FROM search_entries WHERE {filter}");
    let row = db
        .query_one_raw(Statement::from_sql_and_values(DatabaseBackend::Postgres, sql, values.to_vec()))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no plan"))?;
    let plan: serde_json::Value = row.try_get_by_index(0)?;
    Ok(plan[0]["Plan"]["Plan Rows"].as_f64().unwrap_or(0.0))
}

pub async fn search(db: &DatabaseConnection, wanted: &Wanted, common_matches: u64) -> anyhow::Result<Matches> {
    let tsq = tsquery(wanted, true);
    // A word in a third of all entries would make PostgreSQL read and rank
    // every one of them (a second at a million). Past `common_matches`
    // (by the planner's statistics) the best are ranked among the
    // highest-quality candidates — or the newest, or the best rated, when
    // that is the order asked — and the total and counts are estimates.
    let common = match &tsq {
        Some(_) => {
            // The words alone decide: with filters, PostgreSQL still visits
            // every entry holding the words to test the filters.
            let mut probe = Sql { text: String::new(), values: vec![] };
            let filter = conditions(&mut probe, tsq.as_deref(), "terms", &Filters::default(), false);
            estimate(db, &filter, &probe.values).await? > common_matches as f64
        }
        None => false,
    };
    if common {
        return common_search(db, wanted, tsq.as_deref().unwrap_or_default()).await;
    }
    let mut sql = Sql { text: String::new(), values: vec![] };
    let rank = match &tsq {
        Some(q) => {
            let p = sql.bind(q.clone());
            format!("ts_rank(terms, {p}::tsquery) * (1 + {QUALITY_WEIGHT} * quality)")
        }
        None => "quality".to_owned(),
    };
    // The matches once (their tsvectors read once), every kind: the page,
    // the total and the counts all come from them in one statement.
    let filter = conditions(&mut sql, tsq.as_deref(), "terms", &wanted.filters, false);
    let of_kind = match wanted.filters.kind {
        Some(k) => format!("kind = {}", entry::code(k)),
        None => "TRUE".to_owned(),
    };
    let order = order_of(wanted.sort);
    let limit = sql.bind(wanted.per_page as i64);
    let offset = sql.bind(((wanted.page.max(1) - 1) * wanted.per_page) as i64);
    sql.text = format!(
        "WITH m AS MATERIALIZED (SELECT kind, item_id, class, subject_id, content_type, language, created_at, rating, \
         {rank} AS score FROM search_entries WHERE {filter}), \
         k AS (SELECT * FROM m WHERE {of_kind}) \
         SELECT {PAGE_AND_COUNTS}, (SELECT count(*) FROM k) AS total",
        PAGE_AND_COUNTS = page_and_counts(order, &limit, &offset),
    );
    let (total, found_page, facets) = read_answer(db, sql).await?;
    Ok(Matches { total, approximate: false, found: rows_of(db, wanted, found_page).await?, facets })
}

fn order_of(sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance => "score DESC, kind, item_id",
        Sort::Newest => "created_at DESC, kind, item_id",
        Sort::TopRated => "rating DESC, kind, item_id",
    }
}

/// The page and the counts per kind and facet, from `m` (all kinds) and `k`
/// (the kind asked for).
fn page_and_counts(order: &str, limit: &str, offset: &str) -> String {
    format!(
        "(SELECT json_agg(json_build_array(kind, item_id, score)) FROM (SELECT kind, item_id, score FROM k ORDER BY {order} LIMIT {limit} OFFSET {offset}) p) AS page, \
         (SELECT json_agg(json_build_array(kind, n)) FROM (SELECT kind, count(*) AS n FROM m GROUP BY kind) c) AS kinds, \
         (SELECT json_agg(json_build_array(g, class, subject_id, content_type, language, n)) FROM \
           (SELECT GROUPING(class, subject_id, content_type, language) AS g, class, subject_id, content_type, language, count(*) AS n \
            FROM k GROUP BY GROUPING SETS ((class), (subject_id), (content_type), (language))) f) AS facets"
    )
}

/// Very common words: the best among [`CANDIDATES`] entries taken in the
/// order that fits (quality for relevance, else the order asked) from an
/// index; the total is the planner's estimate and each count the
/// candidates' share of it, per kind from its own estimate.
async fn common_search(db: &DatabaseConnection, wanted: &Wanted, tsq: &str) -> anyhow::Result<Matches> {
    let mut sql = Sql { text: String::new(), values: vec![] };
    let p = sql.bind(tsq.to_owned());
    let rank = format!("ts_rank(terms, {p}::tsquery) * (1 + {QUALITY_WEIGHT} * quality)");
    let filter = conditions(&mut sql, Some(tsq), "terms", &wanted.filters, true);
    let walk = match wanted.sort {
        Sort::Relevance => "quality DESC",
        Sort::Newest => "created_at DESC",
        Sort::TopRated => "rating DESC",
    };
    let order = order_of(wanted.sort);
    let limit = sql.bind(wanted.per_page as i64);
    let offset = sql.bind(((wanted.page.max(1) - 1) * wanted.per_page) as i64);
    sql.text = format!(
        "WITH m AS MATERIALIZED (SELECT kind, item_id, class, subject_id, content_type, language, created_at, rating, \
         {rank} AS score FROM search_entries WHERE {filter} ORDER BY {walk} LIMIT {CANDIDATES}), \
         k AS (SELECT * FROM m) \
         SELECT {PAGE_AND_COUNTS}, (SELECT count(*) FROM m) AS total",
        PAGE_AND_COUNTS = page_and_counts(order, &limit, &offset),
    );
    let (candidates, page, mut facets) = read_answer(db, sql).await?;

    let mut probe = Sql { text: String::new(), values: vec![] };
    let filter = conditions(&mut probe, Some(tsq), "terms", &wanted.filters, true);
    let total = estimate(db, &filter, &probe.values).await?.max(candidates as f64);
    let share = if candidates > 0 { total / candidates as f64 } else { 0.0 };
    for counts in [&mut facets.class, &mut facets.subject, &mut facets.content_type, &mut facets.language] {
        for n in counts.values_mut() {
            *n = about(*n as f64 * share);
        }
    }
    // Each kind's count from its own estimate (the other kinds too, as tabs).
    facets.kind.clear();
    for kind in entry::KINDS {
        let mut probe = Sql { text: String::new(), values: vec![] };
        let f = Filters { kind: Some(kind), ..wanted.filters.clone() };
        let filter = conditions(&mut probe, Some(tsq), "terms", &f, true);
        let n = about(estimate(db, &filter, &probe.values).await?);
        if n > 0 {
            facets.kind.insert(entry::code(kind), n);
        }
    }
    Ok(Matches { total: about(total), approximate: true, found: rows_of(db, wanted, page).await?, facets })
}

/// An estimate rounded to two significant figures (12,345 → 12,000).
fn about(n: f64) -> u64 {
    if n < 100.0 {
        return n.round() as u64;
    }
    let scale = 10f64.powi(n.log10().floor() as i32 - 1);
    ((n / scale).round() * scale) as u64
}

type Answer = (u64, Vec<(i64, i64, f64)>, RawFacets);

async fn read_answer(db: &DatabaseConnection, sql: Sql) -> anyhow::Result<Answer> {
    let row = db.query_one_raw(statement(sql)).await?.ok_or_else(|| anyhow::anyhow!("no answer"))?;
    // Grouping sets leave the other columns NULL: read them as 0.
    let json = |col: &str| -> anyhow::Result<Vec<Vec<i64>>> {
        let v: Option<serde_json::Value> = row.try_get("", col)?;
        let rows: Vec<Vec<Option<i64>>> = v.map(serde_json::from_value).transpose()?.unwrap_or_default();
        Ok(rows.into_iter().map(|r| r.into_iter().map(|x| x.unwrap_or(0)).collect()).collect())
    };
    let page: Vec<(i64, i64, f64)> = {
        let v: Option<serde_json::Value> = row.try_get("", "page")?;
        v.map(serde_json::from_value).transpose()?.unwrap_or_default()
    };
    let total: i64 = row.try_get("", "total")?;
    let mut facets = RawFacets::default();
    for k in json("kinds")? {
        facets.kind.insert(k[0] as u64, k[1] as u64);
    }
    for f in json("facets")? {
        let (map, value) = match f[0] {
            7 => (&mut facets.class, f[1]),
            11 => (&mut facets.subject, f[2]),
            13 => (&mut facets.content_type, f[3]),
            _ => (&mut facets.language, f[4]),
        };
        if value > 0 {
            map.insert(value as u64, f[5] as u64);
        }
    }
    Ok((total as u64, page, facets))
}

/// The page's rows, in the page's order.
async fn rows_of(db: &DatabaseConnection, wanted: &Wanted, page: Vec<(i64, i64, f64)>) -> anyhow::Result<Vec<Found>> {
    let mut found = Vec::with_capacity(page.len());
    if !page.is_empty() {
        let mut sql = Sql { text: String::new(), values: vec![] };
        let pairs: Vec<String> = page.iter().map(|p| format!("({}, {})", sql.bind(p.0), sql.bind(p.1))).collect();
        sql.text = format!("SELECT {COLUMNS} FROM search_entries WHERE (kind, item_id) IN ({})", pairs.join(", "));
        let rows = db.query_all_raw(statement(sql)).await?;
        let mut by_key = std::collections::HashMap::new();
        for r in &rows {
            let f = self::found(r)?;
            by_key.insert((entry::code(f.item.kind) as i64, f.item.id), f);
        }
        found = page
            .iter()
            .filter_map(|p| {
                let mut f = by_key.remove(&(p.0, p.1))?;
                f.score = if wanted.sort == Sort::Relevance { p.2 } else { 0.0 };
                Some(f)
            })
            .collect();
    }
    Ok(found)
}

pub async fn suggest(db: &DatabaseConnection, wanted: &Wanted, limit: usize) -> anyhow::Result<Vec<Found>> {
    let Some(tsq) = tsquery(wanted, true) else { return Ok(vec![]) };
    let mut sql = Sql { text: String::new(), values: vec![] };
    let p = sql.bind(tsq.clone());
    let rank = format!("ts_rank(title_terms, {p}::tsquery) * (1 + quality)");
    let filter = conditions(&mut sql, Some(&tsq), "title_terms", &wanted.filters, true);
    let limit = sql.bind(limit as i64);
    sql.text = format!(
        "SELECT {COLUMNS}, {rank} AS score FROM search_entries WHERE {filter} ORDER BY score DESC, kind, item_id LIMIT {limit}"
    );
    db.query_all_raw(statement(sql)).await?.iter().map(found).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexemes_are_written_out_with_weights_and_quotes_doubled() {
        let (all, titles) = tsvector("গণিতের খেলা", "teacher's গণিত");
        assert!(all.contains("'গনিত':1A,4B"), "folded and stemmed: {all}");
        assert!(all.contains("'teacher''s'"), "{all}");
        assert!(titles.contains("'গনিত'") && !titles.contains("teacher"), "{titles}");
    }
}
