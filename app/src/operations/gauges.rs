//! This portal's gauges, read from its own state at scrape time: the
//! database pool, the job queue by kind (one grouped query in the jobs
//! store), the search index's lag (index jobs waiting, and this node's own
//! index against the change log) and the uploads in progress. Nothing is
//! kept between scrapes, so portals side by side never mix their figures.

use std::fmt::Write;
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::{DatabaseBackend, DatabaseConnection};

use crate::jobs::{JobKind, JobStatus, QueueLine};
use crate::state::AppState;

/// A scrape waits at most this long for a database connection.
const WAIT_LIMIT: Duration = Duration::from_secs(2);

/// Appends this portal's gauges to `out`. A figure the database cannot give
/// now is left out (and logged); the rest are still written.
pub async fn write(state: &AppState, out: &mut String) {
    let mut text = Text(out);
    if let Some(pool) = pool(&state.db).await {
        pool.write(&mut text);
    }
    let (queue, uploads) = tokio::join!(crate::jobs::queue(&state.db), crate::uploads::store::in_progress(&state.db));
    match queue {
        Ok(lines) => write_queue(&mut text, &lines),
        Err(e) => tracing::warn!(error = %e, "metrics: the job queue could not be read"),
    }
    write_node_search(&mut text, crate::search::follow::lag(state));
    match uploads {
        Ok(n) => {
            text.head(
                "batayon_uploads_in_progress",
                "gauge",
                "Resumable uploads begun and not yet finished or expired.",
            );
            text.line("batayon_uploads_in_progress", &[], n as f64);
        }
        Err(e) => tracing::warn!(error = %e, "metrics: the uploads could not be counted"),
    }
}

/// The database pool now. sqlx tells how many connections are open and
/// idle but not how many tasks wait for one, so the scrape measures its own
/// wait: above zero, requests are queueing for the pool.
struct Pool {
    in_use: u32,
    idle: u32,
    max: u32,
    wait: Duration,
}

async fn pool(db: &DatabaseConnection) -> Option<Pool> {
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => Some(measure(db.get_sqlite_connection_pool()).await),
        DatabaseBackend::Postgres => Some(measure(db.get_postgres_connection_pool()).await),
        _ => None,
    }
}

async fn measure<D: sea_orm::sqlx::Database>(pool: &sea_orm::sqlx::Pool<D>) -> Pool {
    let size = pool.size();
    let idle = u32::try_from(pool.num_idle()).unwrap_or(u32::MAX).min(size);
    let started = Instant::now();
    let wait = match tokio::time::timeout(WAIT_LIMIT, pool.acquire()).await {
        Ok(Ok(connection)) => {
            drop(connection);
            started.elapsed()
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "metrics: no database connection");
            WAIT_LIMIT
        }
        Err(_) => WAIT_LIMIT,
    };
    Pool { in_use: size - idle, idle, max: pool.options().get_max_connections(), wait }
}

impl Pool {
    fn write(&self, text: &mut Text<'_>) {
        let name = "batayon_db_pool_connections";
        text.head(name, "gauge", "Open connections of this node's database pool, by state.");
        text.line(name, &[("state", "in_use")], f64::from(self.in_use));
        text.line(name, &[("state", "idle")], f64::from(self.idle));
        let name = "batayon_db_pool_max_connections";
        text.head(name, "gauge", "The most connections this node's database pool opens.");
        text.line(name, &[], f64::from(self.max));
        let name = "batayon_db_pool_wait_seconds";
        text.head(name, "gauge", "How long this scrape waited for a database connection (2 s when none came).");
        text.line(name, &[], self.wait.as_secs_f64());
    }
}

/// A figure of the queue for one kind.
type ByKind<'a> = dyn Fn(JobKind) -> f64 + 'a;

/// Every kind gets a line, zero when it has no jobs, so a quiet queue still
/// draws a line on the dashboard.
fn write_queue(text: &mut Text<'_>, lines: &[QueueLine]) {
    let now = Utc::now();
    let find = |kind: JobKind, status: JobStatus| lines.iter().find(|l| l.kind == kind && l.status == status);
    let age = |line: Option<&QueueLine>| {
        line.and_then(|l| l.oldest_due).map_or(0.0, |due| (now - due).num_milliseconds().max(0) as f64 / 1000.0)
    };
    let count = |line: Option<&QueueLine>| line.map_or(0.0, |l| l.jobs as f64);
    let waiting = |kind| count(find(kind, JobStatus::Queued));
    let running = |kind| count(find(kind, JobStatus::Running));
    let oldest = |kind| age(find(kind, JobStatus::Queued));
    let series: [(&str, &str, &ByKind); 3] = [
        ("batayon_jobs_waiting", "Background jobs due and not yet taken by a worker, by kind.", &waiting),
        ("batayon_jobs_running", "Background jobs a worker is doing now, by kind.", &running),
        (
            "batayon_jobs_oldest_waiting_seconds",
            "Since the longest-waiting job of a kind became due (0 when none waits).",
            &oldest,
        ),
    ];
    for (name, help, value) in series {
        text.head(name, "gauge", help);
        for &kind in JobKind::ALL {
            text.line(name, &[("kind", kind.as_str())], value(kind));
        }
    }
    // The search index follows the database through its index jobs: those
    // not yet taken are how far it lags behind.
    let search = find(JobKind::SearchIndex, JobStatus::Queued);
    text.head("batayon_search_index_lag_jobs", "gauge", "Changes not yet in the search index (index jobs waiting).");
    text.line("batayon_search_index_lag_jobs", &[], count(search));
    text.head("batayon_search_index_lag_seconds", "gauge", "Age of the oldest change not yet in the search index.");
    text.line("batayon_search_index_lag_seconds", &[], age(search));
}

/// This node's own index against the search change log (PostgreSQL mode;
/// all zero with SQLite, whose one index is fed by the index jobs above).
fn write_node_search(text: &mut Text<'_>, lag: crate::search::follow::Lag) {
    let series = [
        (
            "batayon_search_node_lag_changes",
            "Changes in the search log not yet in this node's own index.",
            lag.changes as f64,
        ),
        (
            "batayon_search_node_lag_seconds",
            "Age of the oldest change not yet in this node's own index.",
            lag.oldest_seconds,
        ),
        (
            "batayon_search_node_building",
            "1 while this node builds its index again (searches go to PostgreSQL meanwhile).",
            if lag.building { 1.0 } else { 0.0 },
        ),
    ];
    for (name, help, value) in series {
        text.head(name, "gauge", help);
        text.line(name, &[], value);
    }
}

/// Lines of the text format. Label values here are our own words, which
/// need no escaping.
struct Text<'a>(&'a mut String);

impl Text<'_> {
    fn head(&mut self, name: &str, kind: &str, help: &str) {
        let _ = writeln!(self.0, "# HELP {name} {help}\n# TYPE {name} {kind}");
    }

    fn line(&mut self, name: &str, labels: &[(&str, &str)], value: f64) {
        self.0.push_str(name);
        for (i, (key, value)) in labels.iter().enumerate() {
            let _ = write!(self.0, "{}{key}=\"{value}\"", if i == 0 { '{' } else { ',' });
        }
        if !labels.is_empty() {
            self.0.push('}');
        }
        let _ = writeln!(self.0, " {value}");
    }
}
