//! What PostgreSQL says about the run (`--postgres URL`): its connections
//! by state, and the ten statements slowest on average from
//! `pg_stat_statements` when the server preloads it (its counts are reset
//! as the run starts, so they are this run's).

use sea_orm::{ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, Statement};
use serde::Serialize;

const CONNECTIONS_SQL: &str = "SELECT coalesce(state, 'background') AS state, count(*) AS n \
  FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1 ORDER BY 2 DESC";
const SLOWEST_SQL: &str = "SELECT calls, mean_exec_time, total_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query \
  FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) \
  ORDER BY mean_exec_time DESC LIMIT 10";

#[derive(Serialize)]
pub struct Connections {
    pub state: String,
    pub count: i64,
}

#[derive(Serialize)]
pub struct Slow {
    pub calls: i64,
    pub mean_ms: f64,
    pub total_ms: f64,
    pub query: String,
}

#[derive(Serialize, Default)]
pub struct PgReport {
    pub connections: Vec<Connections>,
    pub slowest: Vec<Slow>,
    pub note: Option<String>,
}

fn sql(text: &str) -> Statement {
    Statement::from_string(DatabaseBackend::Postgres, text)
}

/// Makes the extension if it can and starts its counts afresh; a note when it cannot.
pub async fn start(url: &str) -> Option<String> {
    let db = match Database::connect(url).await {
        Ok(db) => db,
        Err(e) => return Some(format!("cannot connect to PostgreSQL: {e}")),
    };
    let note = match statements_ready(&db).await {
        Ok(()) => {
            db.execute_raw(sql("SELECT pg_stat_statements_reset()")).await.err().map(|e| format!("not reset: {e}"))
        }
        Err(note) => Some(note),
    };
    db.close().await.ok();
    note
}

async fn statements_ready(db: &DatabaseConnection) -> Result<(), String> {
    db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        .await
        .map_err(|e| format!("pg_stat_statements cannot be made here ({e}); slow statements skipped"))?;
    db.query_all_raw(sql("SELECT 1 FROM pg_stat_statements LIMIT 1"))
        .await
        .map_err(|_| "pg_stat_statements is not in shared_preload_libraries: slow statements skipped".to_owned())?;
    Ok(())
}

/// Connections now, and the slowest statements since [`start`].
pub async fn report(url: &str) -> anyhow::Result<PgReport> {
    let db = Database::connect(url).await?;
    let mut out = PgReport::default();
    for row in db.query_all_raw(sql(CONNECTIONS_SQL)).await? {
        out.connections.push(Connections { state: row.try_get("", "state")?, count: row.try_get("", "n")? });
    }
    match statements_ready(&db).await {
        Ok(()) => {
            for row in db.query_all_raw(sql(SLOWEST_SQL)).await? {
                out.slowest.push(Slow {
                    calls: row.try_get("", "calls")?,
                    mean_ms: row.try_get("", "mean_exec_time")?,
                    total_ms: row.try_get("", "total_exec_time")?,
                    query: row.try_get("", "query")?,
                });
            }
        }
        Err(note) => out.note = Some(note),
    }
    db.close().await.ok();
    Ok(out)
}

impl PgReport {
    pub fn print(&self) {
        let states: Vec<String> = self.connections.iter().map(|c| format!("{} {}", c.state, c.count)).collect();
        println!("\nPostgreSQL connections to this database: {}", states.join(", "));
        if let Some(note) = &self.note {
            println!("{note}");
        }
        if !self.slowest.is_empty() {
            println!("slowest statements by mean time:\n{:>8} {:>9} {:>10}  statement", "calls", "mean ms", "total ms");
        }
        for s in &self.slowest {
            println!("{:>8} {:>9.2} {:>10.1}  {}", s.calls, s.mean_ms, s.total_ms, s.query);
        }
    }
}
