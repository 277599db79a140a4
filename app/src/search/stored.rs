//! Entries read back from `search_entries` (PostgreSQL mode), where the
//! indexing loop wrote them once from the features' rows: a node's own
//! index is built and kept up from here, one table, keyed reads, rather
//! than every node asking every feature again.

use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, QueryResult, Statement, Value};

use super::entry::{self, CONTENT_TYPES, Entry, LANGUAGES, LICENCES, value_of};
use crate::items::ItemRef;

const COLUMNS: &str = "kind, item_id, title, body, byline, level_id, class, subject_id, chapter_id, content_type, \
                       language, licence, district_id, created_at, rating, quality";

fn entry_of(r: &QueryResult) -> Result<Option<Entry>, DbErr> {
    let kind: i64 = r.try_get("", "kind")?;
    let Some(kind) = entry::kind_of(kind as u64) else { return Ok(None) };
    let some = |col: &str| -> Result<Option<i64>, DbErr> { Ok(Some(r.try_get::<i64>("", col)?).filter(|v| *v > 0)) };
    let word = |list: &[&str], col: &str| -> Result<Option<String>, DbErr> {
        Ok(value_of(list, r.try_get::<i64>("", col)?.max(0) as u64).map(str::to_owned))
    };
    Ok(Some(Entry {
        item: ItemRef::new(kind, r.try_get("", "item_id")?),
        title: r.try_get("", "title")?,
        body: r.try_get("", "body")?,
        byline: r.try_get("", "byline")?,
        level_id: some("level_id")?,
        class: some("class")?,
        subject_id: some("subject_id")?,
        chapter_id: some("chapter_id")?,
        content_type: word(&CONTENT_TYPES, "content_type")?,
        language: word(&LANGUAGES, "language")?,
        licence: word(&LICENCES, "licence")?,
        district_id: some("district_id")?,
        created_at: r.try_get("", "created_at")?,
        rating: r.try_get("", "rating")?,
        quality: r.try_get("", "quality")?,
    }))
}

async fn read(db: &impl ConnectionTrait, sql: String, values: Vec<Value>) -> Result<Vec<Entry>, DbErr> {
    let rows = db.query_all_raw(Statement::from_sql_and_values(DatabaseBackend::Postgres, sql, values)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.extend(entry_of(r)?);
    }
    Ok(out)
}

/// The stored entries of `items` (those still there).
pub async fn of(db: &impl ConnectionTrait, items: &[ItemRef]) -> Result<Vec<Entry>, DbErr> {
    if items.is_empty() {
        return Ok(vec![]);
    }
    let mut values: Vec<Value> = Vec::with_capacity(items.len() * 2);
    let mut pairs = Vec::with_capacity(items.len());
    for i in items {
        pairs.push(format!("(${}, ${})", values.len() + 1, values.len() + 2));
        values.push((entry::code(i.kind) as i64).into());
        values.push(i.id.into());
    }
    let sql = format!("SELECT {COLUMNS} FROM search_entries WHERE (kind, item_id) IN ({})", pairs.join(", "));
    read(db, sql, values).await
}

/// Up to `limit` entries after the one of `after` (kind code, id), in key
/// order: a rebuild walks the table with them.
pub async fn after(db: &impl ConnectionTrait, after: (i64, i64), limit: u64) -> Result<Vec<Entry>, DbErr> {
    let sql = format!(
        "SELECT {COLUMNS} FROM search_entries WHERE (kind, item_id) > ($1, $2) ORDER BY kind, item_id LIMIT $3"
    );
    read(db, sql, vec![after.0.into(), after.1.into(), (limit as i64).into()]).await
}
