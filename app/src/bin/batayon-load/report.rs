//! The report: a table per journey step (requests, requests/s, p50/p95/p99,
//! errors by kind), the failures split around a node's kill (the moment a
//! caller touched the mark file, plus a grace period for the balancer to
//! notice), sessions lost, writes read back; printed and written as JSON.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::stats::{self, Clock, Failure, LostSession, Stats, StepFigures};
use crate::writes::{Tally, Write};

/// When the caller says a node was killed: the mark file's time of
/// change (or when it was seen), in milliseconds since the run started.
pub fn watch_mark(path: PathBuf, clock: Clock) -> Arc<OnceLock<u64>> {
    let mark = Arc::new(OnceLock::new());
    let seen = mark.clone();
    tokio::spawn(async move {
        loop {
            if let Ok(meta) = tokio::fs::metadata(&path).await {
                let now = clock.at_ms(Instant::now());
                let changed = meta.modified().map(stats::unix_ms).unwrap_or(0);
                let at = changed.checked_sub(clock.start_unix_ms).filter(|at| *at <= now).unwrap_or(now);
                seen.set(at).ok();
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    mark
}

/// Failures before the kill, in the grace period, and after the balancer noticed.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct KillSplit {
    pub at_ms: u64,
    pub unix_ms: u64,
    pub grace_ms: u64,
    pub failed_before: usize,
    pub failed_during_grace: usize,
    pub failed_after_noticed: usize,
}

pub fn split(failures: &[Failure], at_ms: u64, grace_ms: u64, clock: &Clock) -> KillSplit {
    let before = failures.iter().filter(|f| f.at_ms < at_ms).count();
    let after = failures.iter().filter(|f| f.at_ms > at_ms + grace_ms).count();
    KillSplit {
        at_ms,
        unix_ms: clock.unix_of(at_ms),
        grace_ms,
        failed_before: before,
        failed_during_grace: failures.len() - before - after,
        failed_after_noticed: after,
    }
}

/// Everything the run found, as the JSON file holds it.
#[derive(Serialize)]
pub struct Report {
    pub base_url: String,
    pub started_unix_ms: u64,
    pub seconds: f64,
    pub concurrency: usize,
    pub teachers: usize,
    pub write_share_asked: f64,
    /// Of all requests, the share that were writes (sign-ins included).
    pub write_share_of_requests: f64,
    pub steps: Vec<StepFigures>,
    pub total: StepFigures,
    pub quiz_pages_without_an_attempt: u64,
    pub kill: Option<KillSplit>,
    /// Failures the kill does not excuse (all of them when there was no kill).
    pub failures_counted: usize,
    pub failures: Vec<Failure>,
    pub lost_sessions: Vec<LostSession>,
    pub writes: Tally,
    /// Every acknowledged write (what `--verify` reads back later).
    pub acknowledged: Vec<Write>,
    pub checks_failed: usize,
    pub postgres: Option<serde_json::Value>,
}

impl Report {
    pub fn new(run: RunFacts, stats: &Stats, kill_at: Option<u64>, grace_ms: u64, writes: Tally) -> Report {
        let (steps, total) = stats::table(stats, run.seconds);
        let writes_sent: usize = stats.times.iter().filter(|(s, _)| s.is_write()).map(|(_, t)| t.len()).sum();
        let kill = kill_at.map(|at| split(&stats.failures, at, grace_ms, &run.clock));
        let failures_counted = kill.as_ref().map_or(stats.failures.len(), |k| k.failed_before + k.failed_after_noticed);
        Report {
            base_url: run.base_url,
            started_unix_ms: run.clock.start_unix_ms,
            seconds: run.seconds,
            concurrency: run.concurrency,
            teachers: run.teachers,
            write_share_asked: run.write_share,
            write_share_of_requests: writes_sent as f64 / stats.requests().max(1) as f64,
            steps,
            total,
            quiz_pages_without_an_attempt: stats.quizzes_closed,
            kill,
            failures_counted,
            failures: stats.failures.clone(),
            lost_sessions: stats.lost_sessions.clone(),
            writes,
            acknowledged: Vec::new(),
            checks_failed: 0,
            postgres: None,
        }
    }

    /// Nothing lost, no session dropped, no failure but those the kill excuses.
    pub fn passed(&self) -> bool {
        let w = &self.writes.all;
        w.lost == 0 && w.unchecked == 0 && self.lost_sessions.is_empty() && self.failures_counted == 0
    }

    pub fn print(&self) {
        println!(
            "\n{:<22} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8}  errors",
            "step", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"
        );
        for row in self.steps.iter().chain(std::iter::once(&self.total)) {
            let kinds: Vec<String> = row.errors_by_kind.iter().map(|(k, n)| format!("{k}: {n}")).collect();
            let errors =
                if kinds.is_empty() { "0".to_owned() } else { format!("{} ({})", row.errors, kinds.join(", ")) };
            println!(
                "{:<22} {:>9} {:>9.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1}  {errors}",
                row.step, row.requests, row.per_second, row.p50_ms, row.p95_ms, row.p99_ms, row.max_ms
            );
        }
        println!(
            "\n{:.1} s, {} teachers, concurrency {}; writes {:.1} % of requests (asked {:.0} % of steps); quiz pages with no attempt open: {}",
            self.seconds,
            self.teachers,
            self.concurrency,
            self.write_share_of_requests * 100.0,
            self.write_share_asked * 100.0,
            self.quiz_pages_without_an_attempt
        );
        self.print_outcome();
    }

    fn print_outcome(&self) {
        for f in self.failures.iter().take(10) {
            println!("  failed at {} ms: {} {} ({}): {} {}", f.at_ms, f.method, f.path, f.step, f.kind, f.detail);
        }
        if self.failures.len() > 10 {
            println!("  … and {} more failures (all in the JSON report)", self.failures.len() - 10);
        }
        match &self.kill {
            Some(k) => println!(
                "node killed at {} ms (mark file); failed before: {}, in the {} ms grace: {}; failed after the balancer noticed: {}",
                k.at_ms, k.failed_before, k.grace_ms, k.failed_during_grace, k.failed_after_noticed
            ),
            None => println!("no kill marked; failed requests: {}", self.failures.len()),
        }
        println!("sessions lost: {}", self.lost_sessions.len());
        print_writes(&self.writes);
        println!("{}", if self.passed() { "PASSED" } else { "FAILED" });
    }

    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        std::fs::write(path, serde_json::to_vec_pretty(self)?)?;
        Ok(())
    }
}

/// The writes read back, by kind, then the line callers look for.
pub fn print_writes(tally: &Tally) {
    for (kind, c) in &tally.by_kind {
        println!(
            "  {kind}: acknowledged {}, found {}, lost {}, unchecked {}",
            c.acknowledged, c.found, c.lost, c.unchecked
        );
    }
    for lost in &tally.lost_writes {
        println!("  lost: {}", serde_json::to_string(lost).unwrap_or_default());
    }
    let w = &tally.all;
    println!("writes acknowledged {}, found {}, lost {}", w.acknowledged, w.found, w.lost);
    if w.unchecked > 0 {
        println!("writes that could not be read back (portal not answering): {}", w.unchecked);
    }
}

/// The run's settings and length, for the report.
pub struct RunFacts {
    pub base_url: String,
    pub clock: Clock,
    pub seconds: f64,
    pub concurrency: usize,
    pub teachers: usize,
    pub write_share: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(at_ms: u64) -> Failure {
        Failure {
            step: "home /",
            kind: "status 502".into(),
            at_ms,
            unix_ms: 0,
            sent_ms: at_ms,
            method: "GET",
            path: "/".into(),
            detail: String::new(),
        }
    }

    #[test]
    fn failures_split_around_the_kill_and_its_grace() {
        let clock = Clock::start();
        let failures: Vec<Failure> =
            [100, 5_000, 5_100, 7_999, 8_000, 8_001, 20_000].into_iter().map(failure).collect();
        let k = split(&failures, 5_000, 3_000, &clock);
        assert_eq!((k.failed_before, k.failed_during_grace, k.failed_after_noticed), (1, 4, 2));
        assert_eq!(k.unix_ms, clock.start_unix_ms + 5_000);
    }
}
