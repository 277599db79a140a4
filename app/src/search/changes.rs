//! The change log of PostgreSQL mode (`search_changes`): which entries of
//! `search_entries` changed, in order, for every node's own index to
//! follow. Written only by the indexing loop, in the transaction that
//! writes the entries.
//!
//! Sequence numbers are taken before commit, so two writers could commit
//! 8 after 9, and a reader that saw 9 would never go back for 8. Writers
//! therefore take one transaction-scoped advisory lock just before they
//! insert and keep it until commit: numbers are handed out and made
//! visible strictly in order, so "every row after the last one applied"
//! never skips one. The lock is held for one INSERT and the commit (a
//! millisecond, by the indexing loops only, never by a teacher's request),
//! so serialising costs nothing worth counting. A number given to a
//! transaction that rolled back is simply never seen.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement, Value};

use super::entry;
use crate::items::ItemRef;

/// The advisory lock key of the log's writers ("search" in ASCII).
const LOCK: i64 = 0x7365_6172_6368;
/// Rows written by one INSERT (3 values each).
const ROWS_PER_INSERT: usize = 1_000;

/// What happened to an entry, or to all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// Written or rewritten: read it again from `search_entries`.
    Upsert,
    /// No longer to be found.
    Delete,
    /// `search_entries` was refilled from scratch (`batayon reindex`):
    /// every node builds its index again.
    Rebuild,
}

impl Op {
    fn code(self) -> i16 {
        match self {
            Op::Upsert => 1,
            Op::Delete => 2,
            Op::Rebuild => 3,
        }
    }

    fn of(code: i16) -> Option<Op> {
        [Op::Upsert, Op::Delete, Op::Rebuild].into_iter().find(|o| o.code() == code)
    }
}

/// One row of the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub seq: i64,
    /// None for [`Op::Rebuild`].
    pub item: Option<ItemRef>,
    pub op: Op,
    pub at: DateTime<Utc>,
}

fn statement(sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(DatabaseBackend::Postgres, sql, values)
}

/// Appends `changes` in order. Call last in the transaction that wrote the
/// entries, just before it commits (the lock is held until then).
pub async fn record(txn: &impl ConnectionTrait, changes: &[(Option<ItemRef>, Op)]) -> Result<(), DbErr> {
    if changes.is_empty() {
        return Ok(());
    }
    txn.execute_raw(statement("SELECT pg_advisory_xact_lock($1)", vec![LOCK.into()])).await?;
    for chunk in changes.chunks(ROWS_PER_INSERT) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 3);
        let mut rows = Vec::with_capacity(chunk.len());
        for (item, op) in chunk {
            let n = values.len();
            rows.push(format!("(${}, ${}, ${})", n + 1, n + 2, n + 3));
            values.push(item.map_or(0, |i| entry::code(i.kind) as i64).into());
            values.push(item.map_or(0, |i| i.id).into());
            values.push(op.code().into());
        }
        let sql = format!("INSERT INTO search_changes (kind, item_id, op) VALUES {}", rows.join(", "));
        txn.execute_raw(statement(&sql, values)).await?;
    }
    Ok(())
}

/// Up to `limit` changes after `seq`, in order.
pub async fn after(db: &impl ConnectionTrait, seq: i64, limit: u64) -> Result<Vec<Change>, DbErr> {
    let rows = db
        .query_all_raw(statement(
            "SELECT seq, kind, item_id, op, at FROM search_changes WHERE seq > $1 ORDER BY seq LIMIT $2",
            vec![seq.into(), (limit as i64).into()],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let kind: i64 = r.try_get("", "kind")?;
        let op = Op::of(r.try_get("", "op")?).unwrap_or(Op::Upsert);
        let item = entry::kind_of(kind as u64).map(|k| ItemRef::new(k, r.try_get("", "item_id").unwrap_or(0)));
        // A row of a kind this version does not know: read as a rebuild, the safe side.
        let op = if item.is_none() { Op::Rebuild } else { op };
        out.push(Change { seq: r.try_get("", "seq")?, item, op, at: r.try_get("", "at")? });
    }
    Ok(out)
}

/// The two ends of the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ends {
    /// The newest number written (the newest pruned when the log is empty).
    pub head: i64,
    /// The newest number pruned: an index that has not applied it must be
    /// rebuilt, the rows it lacks are gone.
    pub floor: i64,
}

pub async fn ends(db: &impl ConnectionTrait) -> Result<Ends, DbErr> {
    let row = db
        .query_one_raw(statement(
            "SELECT (SELECT seq FROM search_changes_pruned) AS floor, \
             (SELECT max(seq) FROM search_changes) AS head",
            vec![],
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("no answer".into()))?;
    let floor: Option<i64> = row.try_get("", "floor")?;
    let head: Option<i64> = row.try_get("", "head")?;
    let floor = floor.unwrap_or(0);
    Ok(Ends { head: head.unwrap_or(floor).max(floor), floor })
}

/// Takes out the changes written before `before` (every node has had
/// them long since), raising the floor to the newest taken; how many.
pub async fn prune(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let row = db
        .query_one_raw(statement(
            "WITH gone AS (DELETE FROM search_changes WHERE at < $1 RETURNING seq), \
             raised AS (UPDATE search_changes_pruned SET seq = GREATEST(seq, (SELECT max(seq) FROM gone)) \
                        WHERE EXISTS (SELECT 1 FROM gone)) \
             SELECT count(*) AS n FROM gone",
            vec![before.into()],
        ))
        .await?;
    Ok(row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0) as u64)
}
