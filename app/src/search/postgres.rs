//! The scale engine: PostgreSQL full-text search over the analyser's
//! words. PostgreSQL neither folds nor stems Bangla, so nothing of its own
//! parsing is used: the tsvector and tsquery are written out from the
//! analyser's output, lexeme by lexeme. Title words weigh A, body words B,
//! their sound keys C and D (ts_rank's weights 1, 0.4, 0.2, 0.1).

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement, Value};

use super::engine::{Found, Matches, QUALITY_WEIGHT, RawFacets, is_latin};
use super::entry::{CONTENT_TYPES, Entry, Kind, LANGUAGES, LICENCES, code_of};
use super::model::{Filters, Sort, Wanted};

/// PostgreSQL keeps at most 256 positions per lexeme and positions below 16384.
const MAX_POSITIONS: usize = 200;
const MAX_POSITION: usize = 16_383;

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
    Some(parts.join(" & "))
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
        eq("kind", f.kind.map(|k| k.code() as i64));
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

pub async fn apply(db: &DatabaseConnection, entries: &[Entry], gone: &[(Kind, i64)]) -> anyhow::Result<()> {
    for (kind, id) in gone {
        db.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "DELETE FROM search_entries WHERE kind = $1 AND item_id = $2",
            [(kind.code() as i64).into(), (*id).into()],
        ))
        .await?;
    }
    for e in entries {
        let (terms, title_terms) = tsvector(&e.title, &e.body);
        let code = |list: &[&str], v: &Option<String>| v.as_deref().and_then(|v| code_of(list, v)).unwrap_or(0) as i64;
        let values: Vec<Value> = vec![
            (e.kind.code() as i64).into(),
            e.id.into(),
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
        db.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "INSERT INTO search_entries (kind, item_id, title, body, byline, level_id, class, subject_id, chapter_id, \
             content_type, language, licence, district_id, created_at, rating, quality, terms, title_terms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::tsvector, $18::tsvector) \
             ON CONFLICT (kind, item_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body, byline = EXCLUDED.byline, \
             level_id = EXCLUDED.level_id, class = EXCLUDED.class, subject_id = EXCLUDED.subject_id, chapter_id = EXCLUDED.chapter_id, \
             content_type = EXCLUDED.content_type, language = EXCLUDED.language, licence = EXCLUDED.licence, \
             district_id = EXCLUDED.district_id, created_at = EXCLUDED.created_at, rating = EXCLUDED.rating, \
             quality = EXCLUDED.quality, terms = EXCLUDED.terms, title_terms = EXCLUDED.title_terms",
            values,
        ))
        .await?;
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
        kind: Kind::from_code(kind as u64).unwrap_or(Kind::Content),
        id: row.try_get("", "item_id")?,
        title: row.try_get("", "title")?,
        body: row.try_get("", "body")?,
        byline: row.try_get("", "byline")?,
        class: Some(class).filter(|c| *c > 0),
        subject_id: Some(subject).filter(|c| *c > 0),
        created_at: row.try_get("", "created_at")?,
        rating: row.try_get("", "rating")?,
    })
}

const COLUMNS: &str = "kind, item_id, title, body, byline, class, subject_id, created_at, rating";

pub async fn search(db: &DatabaseConnection, wanted: &Wanted) -> anyhow::Result<Matches> {
    let tsq = tsquery(wanted, true);
    let mut sql = Sql { text: String::new(), values: vec![] };
    let rank = match &tsq {
        Some(q) => {
            let p = sql.bind(q.clone());
            format!("ts_rank(terms, {p}::tsquery) * (1 + {QUALITY_WEIGHT} * quality)")
        }
        None => "quality".to_owned(),
    };
    let filter = conditions(&mut sql, tsq.as_deref(), "terms", &wanted.filters, true);
    let order = match wanted.sort {
        Sort::Relevance => "score DESC, kind, item_id",
        Sort::Newest => "created_at DESC, kind, item_id",
        Sort::TopRated => "rating DESC, kind, item_id",
    };
    let limit = sql.bind(wanted.per_page as i64);
    let offset = sql.bind(((wanted.page.max(1) - 1) * wanted.per_page) as i64);
    sql.text = format!(
        "SELECT {COLUMNS}, {rank} AS score FROM search_entries WHERE {filter} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
    );
    let rows = db.query_all_raw(statement(sql)).await?;
    let found = rows.iter().map(found).collect::<anyhow::Result<Vec<_>>>()?;

    let mut count = Sql { text: String::new(), values: vec![] };
    let filter = conditions(&mut count, tsq.as_deref(), "terms", &wanted.filters, true);
    count.text = format!("SELECT count(*) AS n FROM search_entries WHERE {filter}");
    let total: i64 = db.query_one_raw(statement(count)).await?.map(|r| r.try_get("", "n")).transpose()?.unwrap_or(0);

    Ok(Matches { total: total as u64, found, facets: facets(db, tsq.as_deref(), &wanted.filters).await? })
}

/// Counts by kind over every kind, and by class, subject, content type and
/// language over the kind asked for (as the embedded engine counts).
async fn facets(db: &DatabaseConnection, tsq: Option<&str>, filters: &Filters) -> anyhow::Result<RawFacets> {
    let mut out = RawFacets::default();
    let mut sql = Sql { text: String::new(), values: vec![] };
    let filter = conditions(&mut sql, tsq, "terms", filters, false);
    sql.text = format!("SELECT kind, count(*) AS n FROM search_entries WHERE {filter} GROUP BY kind");
    for row in db.query_all_raw(statement(sql)).await? {
        let (k, n): (i64, i64) = (row.try_get("", "kind")?, row.try_get("", "n")?);
        out.kind.insert(k as u64, n as u64);
    }
    let mut sql = Sql { text: String::new(), values: vec![] };
    let filter = conditions(&mut sql, tsq, "terms", filters, true);
    sql.text = format!(
        "SELECT class, subject_id, content_type, language, GROUPING(class, subject_id, content_type, language) AS g, \
         count(*) AS n FROM search_entries WHERE {filter} \
         GROUP BY GROUPING SETS ((class), (subject_id), (content_type), (language))"
    );
    for row in db.query_all_raw(statement(sql)).await? {
        let g: i32 = row.try_get("", "g")?;
        let n = row.try_get::<i64>("", "n")? as u64;
        let (map, column) = match g {
            7 => (&mut out.class, "class"),
            11 => (&mut out.subject, "subject_id"),
            13 => (&mut out.content_type, "content_type"),
            _ => (&mut out.language, "language"),
        };
        let v: i64 = row.try_get("", column)?;
        if v > 0 {
            map.insert(v as u64, n);
        }
    }
    Ok(out)
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
