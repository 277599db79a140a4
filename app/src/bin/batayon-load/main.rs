//! The load client of the national cluster: virtual teachers run journeys
//! through the portal's pages and forms, as phones do (sign in once with
//! the log-in form and keep her cookies; home, a chapter, a content, a
//! search; for a share of the steps a comment, a practice try planned and
//! logged, a quiz attempt), for a number of seconds at a given concurrency.
//! At the end it prints a table per step (requests, requests/s, p50/p95/p99,
//! errors by kind), reads every acknowledged write back ("writes
//! acknowledged N, found N, lost 0"), counts sessions lost, and exits
//! non-zero when a write is lost, a session dropped, or a request failed
//! that a node's kill does not excuse.
//!
//!     cargo run --release --bin batayon-load -- --base-url http://127.0.0.1:8080 \
//!         --accounts demo-accounts.csv --seconds 30 --concurrency 32 --json load.json
//!
//! Teachers: `--accounts FILE` (`phone,password` lines), or numbered ones
//! by `--phone-pattern` (default `+88019{i:08}`: batayon-generate's
//! registered teacher i−1, with its default password `national-teacher-1`)
//! from `--teachers-from` (default 1) for `--count` teachers. Each signs in
//! once, through the log-in form, the first time a worker takes her.
//! A caller that kills a node touches `--mark-file` right before the kill
//! (its time of change is taken as the moment): failures are then
//! split into before the kill, the `--grace-ms` the balancer takes to
//! notice, and after ("failed after the balancer noticed: K"). `--verify
//! REPORT.json` only reads back the writes an earlier run listed.
//! `--postgres URL` adds PostgreSQL's connections and slowest statements.
//!
//! All virtual teachers come from this machine's one address, so at most
//! `--sign-in-concurrency` (8) sign-ins are in flight at once: the portal
//! refuses a sign-in while 30 from one address are being checked. The
//! read-back starts 4 s after the run, once pages the portal keeps for 3 s
//! show the last writes. Exit status: 0 passed, 1 a check failed, 2 the
//! run could not be made (no portal, nothing to browse).

mod catalogue;
mod html;
mod http;
mod journey;
mod pg;
mod report;
mod stats;
mod teachers;
mod writes;

use std::collections::VecDeque;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::sync::Mutex;

use journey::{Journeys, Teacher};
use report::{Report, RunFacts};
use stats::{Clock, Stats};
use writes::Tally;

#[derive(Parser, Debug)]
#[command(name = "batayon-load", about = "Teacher journeys under load, with writes read back")]
struct Args {
    /// The portal (or its load balancer).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    base_url: String,
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Teachers acting at once (each one at a time, like one phone).
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// `phone,password` lines; else numbered teachers by --phone-pattern.
    #[arg(long)]
    accounts: Option<PathBuf>,
    /// A phone with `{i}` or `{i:08}` for the teacher's number.
    #[arg(long, default_value = "+88019{i:08}")]
    phone_pattern: String,
    /// The first teacher's number (or line of --accounts, from 1).
    #[arg(long, default_value_t = 1)]
    teachers_from: u64,
    /// How many teachers (default: 100 numbered, or every line of --accounts).
    #[arg(long)]
    count: Option<u64>,
    /// The password of numbered teachers (and of account lines without one);
    /// the default is batayon-generate's.
    #[arg(long, default_value = "national-teacher-1")]
    password: String,
    /// The share of journey steps that write (comment, practice try, quiz attempt).
    #[arg(long, default_value_t = 0.1)]
    write_share: f64,
    /// A teacher's pause between steps, in milliseconds (varied ±50 %).
    #[arg(long, default_value_t = 10)]
    think_ms: u64,
    /// A request taking longer fails as a timeout.
    #[arg(long, default_value_t = 10_000)]
    timeout_ms: u64,
    /// Write the report, with every failure's time and every write, here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// PostgreSQL to ask for its connections and slowest statements.
    #[arg(long)]
    postgres: Option<String>,
    /// When this file appears, a node was killed (its time of change is the moment).
    #[arg(long)]
    mark_file: Option<PathBuf>,
    /// How long after the kill the balancer may take to notice.
    #[arg(long, default_value_t = 3000)]
    grace_ms: u64,
    /// At most this long to read the writes back (later ones count as unchecked).
    #[arg(long, default_value_t = 120)]
    read_back_seconds: u64,
    /// Only read back the writes listed in this earlier JSON report.
    #[arg(long)]
    verify: Option<PathBuf>,
    /// Sign-ins in flight at once (the portal refuses a 31st from one address).
    #[arg(long, default_value_t = 8)]
    sign_in_concurrency: usize,
    /// Chapters to list contents of when discovering what to visit.
    #[arg(long, default_value_t = 40)]
    discover_chapters: usize,
    #[arg(long)]
    seed: Option<u64>,
}

impl Args {
    fn accounts(&self) -> anyhow::Result<Vec<teachers::Account>> {
        let accounts = match &self.accounts {
            Some(file) => {
                let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
                teachers::from_file(&text, self.teachers_from, self.count, &self.password)
            }
            None => {
                teachers::numbered(&self.phone_pattern, self.teachers_from, self.count.unwrap_or(100), &self.password)?
            }
        };
        anyhow::ensure!(!accounts.is_empty(), "no teachers to sign in");
        Ok(accounts)
    }

    /// The read-back, once pages kept by the portal show the last writes.
    async fn read_back(&self) -> Work {
        println!("reading the writes back in {} s (pages the portal keeps settle first)", writes::SETTLE.as_secs());
        tokio::time::sleep(writes::SETTLE).await;
        Work::ReadBack { until: Instant::now() + Duration::from_secs(self.read_back_seconds) }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let outcome = match &args.verify {
        Some(file) => verify_only(&args, file).await,
        None => run(&args).await,
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("batayon-load: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// What the workers do with each teacher they take.
#[derive(Clone, Copy)]
enum Work {
    /// Journey steps until the time is up, pausing `think_ms` between them.
    Journeys { until: Instant, think_ms: u64 },
    /// Read back her writes, once, until the time is up.
    ReadBack { until: Instant },
}

/// Runs `work` on the teachers, `concurrency` at a time (each teacher taken
/// by one worker at a time, like one phone); the workers' stats and the
/// writes read back.
async fn each_teacher(
    journeys: Arc<Journeys>,
    teachers: Vec<Teacher>,
    concurrency: usize,
    work: Work,
    seed: u64,
) -> (Vec<Teacher>, Stats, Tally) {
    let total = teachers.len();
    let queue = Arc::new(Mutex::new(teachers.into_iter().collect::<VecDeque<_>>()));
    let done = Arc::new(Mutex::new(Vec::with_capacity(total)));
    let mut handles = Vec::new();
    for w in 0..concurrency.min(total) {
        let (queue, done, j) = (queue.clone(), done.clone(), journeys.clone());
        handles.push(tokio::spawn(async move {
            let (mut stats, mut tally) = (Stats::default(), Tally::default());
            let mut rng = StdRng::seed_from_u64(seed ^ (w as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            loop {
                let Some(mut t) = queue.lock().await.pop_front() else { break };
                match work {
                    Work::Journeys { until, .. } if Instant::now() >= until => {
                        done.lock().await.push(t);
                        break;
                    }
                    Work::Journeys { think_ms, .. } => {
                        j.step(&mut t, &mut stats, &mut rng).await;
                        if think_ms > 0 {
                            let pause = rng.random_range(think_ms / 2..=think_ms + think_ms / 2);
                            tokio::time::sleep(Duration::from_millis(pause)).await;
                        }
                        queue.lock().await.push_back(t);
                    }
                    Work::ReadBack { until } => {
                        tally.merge(writes::check(&j, &mut t, &mut stats, until).await);
                        done.lock().await.push(t);
                    }
                }
            }
            (stats, tally)
        }));
    }
    let (mut stats, mut tally) = (Stats::default(), Tally::default());
    for h in handles {
        let (s, t) = h.await.expect("a worker panicked");
        stats.merge(s);
        tally.merge(t);
    }
    let mut teachers = std::mem::take(&mut *done.lock().await);
    teachers.extend(queue.lock().await.drain(..));
    (teachers, stats, tally)
}

async fn run(args: &Args) -> anyhow::Result<bool> {
    let accounts = args.accounts()?;
    let setup_clock = Clock::start();
    let http = http::Http::new(&args.base_url, Duration::from_millis(args.timeout_ms), setup_clock)?;
    let catalogue = catalogue::Catalogue::discover(&http, args.discover_chapters).await?;
    println!(
        "{}: {} chapters, {} contents, {} courses to visit; {} teachers, concurrency {}, {} s",
        args.base_url,
        catalogue.chapters.len(),
        catalogue.contents.len(),
        catalogue.courses.len(),
        accounts.len(),
        args.concurrency,
        args.seconds
    );
    if let Some(url) = &args.postgres
        && let Some(note) = pg::start(url).await
    {
        println!("{note}");
    }
    if let Some(mark) = &args.mark_file
        && mark.exists()
    {
        std::fs::remove_file(mark).with_context(|| format!("removing the old mark file {}", mark.display()))?;
        println!("removed the mark file left from before: {}", mark.display());
    }
    let clock = Clock::start();
    let kill = args.mark_file.clone().map(|m| report::watch_mark(m, clock));
    let mut http = http;
    http.clock = clock;
    let seed = args.seed.unwrap_or_else(rand::random);
    let run_id = format!("{:06x}", seed & 0xff_ffff);
    let journeys = Arc::new(Journeys {
        http,
        catalogue,
        write_share: args.write_share.clamp(0.0, 1.0),
        run: run_id,
        sign_ins: tokio::sync::Semaphore::new(args.sign_in_concurrency.max(1)),
    });
    let teachers: Vec<Teacher> = accounts.into_iter().enumerate().map(|(i, a)| Teacher::new(a, i)).collect();
    let count = teachers.len();
    let until = clock.start + Duration::from_secs(args.seconds);
    let work = Work::Journeys { until, think_ms: args.think_ms };
    let (teachers, stats, _) = each_teacher(journeys.clone(), teachers, args.concurrency, work, seed).await;
    let seconds = clock.start.elapsed().as_secs_f64();
    let gave_up = teachers.iter().filter(|t| t.gave_up()).count();
    let acknowledged: Vec<writes::Write> = teachers.iter().flat_map(|t| t.writes.clone()).collect();
    let writers: Vec<Teacher> = teachers.into_iter().filter(|t| !t.writes.is_empty()).collect();
    let (_, checks, tally) =
        each_teacher(journeys.clone(), writers, args.concurrency, args.read_back().await, seed).await;
    let facts = RunFacts {
        base_url: args.base_url.clone(),
        clock,
        seconds,
        concurrency: args.concurrency.min(count),
        teachers: count,
        write_share: args.write_share,
    };
    let kill_at = kill.and_then(|k| k.get().copied());
    let mut report = Report::new(facts, &stats, kill_at, args.grace_ms, tally);
    report.lost_sessions.extend(checks.lost_sessions.iter().cloned());
    report.checks_failed = checks.failures.len();
    report.acknowledged = acknowledged;
    report.print();
    if gave_up > 0 {
        println!("teachers who could not sign in (sat the run out): {gave_up}");
    }
    if let Some(url) = &args.postgres {
        let pg = pg::report(url).await?;
        pg.print();
        report.postgres = Some(serde_json::to_value(&pg)?);
    }
    if let Some(path) = &args.json {
        report.save(path)?;
        println!("report written to {}", path.display());
    }
    Ok(report.passed() && gave_up == 0)
}

/// Reads back the writes an earlier report lists, signing each teacher in anew.
async fn verify_only(args: &Args, file: &std::path::Path) -> anyhow::Result<bool> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let earlier: serde_json::Value = serde_json::from_str(&text)?;
    let listed: Vec<writes::Write> = serde_json::from_value(earlier["acknowledged"].clone())
        .context("the report lists no acknowledged writes (written by batayon-load --json)")?;
    let passwords = args.accounts.as_ref().map(|_| args.accounts()).transpose()?.unwrap_or_default();
    let mut teachers: Vec<Teacher> = Vec::new();
    for w in listed {
        if let Some(t) = teachers.iter_mut().find(|t| t.account.login == w.teacher()) {
            t.writes.push(w);
            continue;
        }
        let password =
            passwords.iter().find(|a| a.login == w.teacher()).map_or(args.password.clone(), |a| a.password.clone());
        let mut t = Teacher::new(teachers::Account { login: w.teacher().to_owned(), password }, teachers.len());
        t.writes.push(w);
        teachers.push(t);
    }
    let clock = Clock::start();
    let http = http::Http::new(&args.base_url, Duration::from_millis(args.timeout_ms), clock)?;
    let sign_ins = tokio::sync::Semaphore::new(args.sign_in_concurrency.max(1));
    let journeys =
        Arc::new(Journeys { http, catalogue: Default::default(), write_share: 0.0, run: String::new(), sign_ins });
    let (_, checks, tally) = each_teacher(journeys, teachers, args.concurrency, args.read_back().await, 0).await;
    report::print_writes(&tally);
    println!("re-reads that failed: {}", checks.failures.len());
    for f in checks.failures.iter().take(10) {
        println!("  {} {} ({}): {} {}", f.method, f.path, f.step, f.kind, f.detail);
    }
    if let Some(path) = &args.json {
        let report = serde_json::json!({ "writes": &tally, "failures": &checks.failures });
        std::fs::write(path, serde_json::to_vec_pretty(&report)?)?;
    }
    let w = &tally.all;
    Ok(w.lost == 0 && w.unchecked == 0)
}
