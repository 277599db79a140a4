//! Multi-row `INSERT … ON CONFLICT DO NOTHING` in big batches: one thread
//! writes the statements while the database runs the previous one, so the
//! two cores work at once. Every key is a function of a row's index, so a
//! second run inserts nothing and a larger run tops up.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// Rows per statement (a few hundred kilobytes of SQL).
const BATCH_ROWS: usize = 2000;

/// What one table's load did.
pub struct Loaded {
    pub table: &'static str,
    pub inserted: u64,
    pub seconds: f64,
}

/// Inserts the rows `row(i, out)` pushes for every `i` in `from..to` into
/// `table (cols)`; rows whose key is already there are skipped. Prints the
/// table's progress line.
pub async fn insert<F>(
    db: &DatabaseConnection,
    table: &'static str,
    cols: &'static str,
    range: std::ops::Range<i64>,
    mut row: F,
) -> anyhow::Result<Loaded>
where
    F: FnMut(i64, &mut Vec<String>) + Send + 'static,
{
    let started = Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<String>(3);
    let head = format!("INSERT INTO {table} ({cols}) VALUES ");
    let writer = std::thread::spawn(move || {
        let mut rows = Vec::with_capacity(BATCH_ROWS + 16);
        for i in range {
            row(i, &mut rows);
            if rows.len() >= BATCH_ROWS && tx.blocking_send(statement(&head, &mut rows)).is_err() {
                return;
            }
        }
        if !rows.is_empty() {
            let _ = tx.blocking_send(statement(&head, &mut rows));
        }
    });
    let mut inserted = 0;
    while let Some(sql) = rx.recv().await {
        inserted += db.execute_unprepared(&sql).await?.rows_affected();
    }
    writer.join().map_err(|_| anyhow::anyhow!("the row writer for {table} panicked"))?;
    let seconds = started.elapsed().as_secs_f64();
    println!("{table:<22} {inserted:>10} rows  {seconds:>7.1} s");
    Ok(Loaded { table, inserted, seconds })
}

fn statement(head: &str, rows: &mut Vec<String>) -> String {
    let mut sql = String::with_capacity(head.len() + rows.iter().map(|r| r.len() + 1).sum::<usize>() + 32);
    sql.push_str(head);
    for (k, r) in rows.drain(..).enumerate() {
        if k > 0 {
            sql.push(',');
        }
        sql.push_str(&r);
    }
    sql.push_str(" ON CONFLICT DO NOTHING");
    sql
}

/// A text value, quoted (our own words; quotes doubled all the same).
pub fn text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A moment, as both databases read it back into `DateTime<Utc>`.
pub fn at(t: DateTime<Utc>) -> String {
    t.format("'%Y-%m-%dT%H:%M:%S+00:00'").to_string()
}

pub fn day(d: NaiveDate) -> String {
    d.format("'%Y-%m-%d'").to_string()
}

pub fn truth(b: bool) -> &'static str {
    if b { "TRUE" } else { "FALSE" }
}

pub fn maybe(v: Option<i64>) -> String {
    v.map_or_else(|| "NULL".to_owned(), |v| v.to_string())
}

/// splitmix64: a well-spread number from an index (the same everywhere).
pub fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

static SEED: AtomicU64 = AtomicU64::new(1);

/// The run's `--seed`, mixed into every `pick`.
pub fn set_seed(seed: u64) {
    SEED.store(seed, Ordering::Relaxed);
}

/// `mix` of an index, a salt and the seed, below `n`.
pub fn pick(i: i64, salt: u64, n: usize) -> usize {
    let seed = SEED.load(Ordering::Relaxed).wrapping_mul(0x5851_F42D_4C95_7F2D);
    let x = (i as u64).wrapping_mul(31).wrapping_add(salt.wrapping_mul(0x1000_0001)) ^ seed;
    (mix(x) % n.max(1) as u64) as usize
}
