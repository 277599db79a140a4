//! The page benchmark of DESIGN §4, for every page family. Loads the demo
//! (so every family has real things to show) and 100,000 more contents
//! into a fresh SQLite database, starts the real release `batayon serve`,
//! and loads each family's page with `wrk` at 64 connections — signed out
//! where the page is public and signed in as the person who uses it (a
//! practising teacher, her head teacher, the upazila officer) — beside
//! nginx serving the very same HTML as a static file on the same machine.
//! Prints per family: requests/s, p50/p99, the ratio to nginx, the
//! statements a request costs (cold and warm), page weight; then the same
//! signed-in pages with the server pinned to one core and to two, and
//! start-up and idle memory.
//!
//!     cargo build --release --bins -p batayon && ./target/release/batayon-bench
//!
//! Needs Debian's wrk and nginx. BENCH_CONTENTS (default 100000),
//! BENCH_SECONDS (default 5), BENCH_CONNECTIONS (default 64),
//! BENCH_SECONDS=0 (only count statements), BENCH_ONLY (families whose name contains it), BENCH_CORES=0 (skip the
//! pinned runs) change the run.

mod fill;
mod queries;
mod tools;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use fill::{Fixture, Who};
use tools::{env_number, gzip_kb, rss_mb, start_nginx, start_server, wrk};

/// A page family: its name, address, and who opens it signed in.
struct Family {
    name: &'static str,
    path: String,
    /// Also measured signed out (a public page).
    public: bool,
    who: Who,
}

fn families(f: &Fixture) -> Vec<Family> {
    use Who::*;
    let page = |name, path: String, public, who| Family { name, path, public, who };
    vec![
        page("home", "/".into(), true, Teacher),
        page("feed", "/feed".into(), false, Teacher),
        page("content, another's", format!("/contents/{}", f.others_content.0), true, Teacher),
        page("content, her own", format!("/contents/{}", f.own_content.0), false, Teacher),
        page("chapter", format!("/curriculum/chapters/{}", f.chapter.0), true, Teacher),
        page("question", format!("/questions/{}", f.question), true, Teacher),
        page("post", format!("/posts/{}", f.post), true, Teacher),
        page("idea", format!("/ideas/{}", f.idea), true, Teacher),
        page("course", format!("/courses/{}", f.course), true, Teacher),
        page("module activity", format!("/learn/activities/{}", f.video_activity), false, Teacher),
        page("quiz", format!("/learn/quizzes/{}", f.quiz_module), false, Teacher),
        page("practice journal", "/practice".into(), false, Teacher),
        page("practice entry", format!("/practice/logs/{}", f.practice_log), false, Teacher),
        page("school board", "/practice/school".into(), false, HeadTeacher),
        page("practice dashboard", "/practice/dashboard".into(), false, Officer),
        page("course report", format!("/learn/reports/courses/{}", f.course), false, Officer),
        page("recognition", "/recognition".into(), true, Teacher),
        page("leaderboard", "/recognition/leaderboards".into(), true, Teacher),
        page("verify", format!("/verify/{}", f.credential), true, Teacher),
        page("backpack", "/backpack".into(), false, Teacher),
        page("search", "/search?q=gonit".into(), true, Teacher),
        page("profile", format!("/teachers/{}", f.teacher.0), true, Teacher),
        page("notifications", "/notifications".into(), false, Teacher),
        page("sms costs", "/admin/sms".into(), false, Admin),
        page("offline shelf", "/offline".into(), true, Teacher),
        page("chapter pack (kept PDF)", format!("/curriculum/chapters/{}/pack.pdf", f.chapter.0), true, Teacher),
        page("module pack (kept PDF)", format!("/learn/modules/{}/pack.pdf", f.quiz_module), false, Teacher),
    ]
}

/// One row to measure: a family's page signed out or signed in.
struct Row<'a> {
    family: &'a Family,
    cookie: Option<String>,
}

impl Row<'_> {
    fn label(&self) -> String {
        let who = match (self.cookie.is_some(), self.family.who) {
            (false, _) => "signed out",
            (true, Who::HeadTeacher) => "head teacher",
            (true, Who::Officer) => "officer",
            (true, Who::Admin) => "administrator",
            _ => "teacher",
        };
        format!("{}, {who}", self.family.name)
    }
}

async fn run() -> anyhow::Result<()> {
    let contents = env_number("BENCH_CONTENTS", 100_000);
    let seconds = env_number("BENCH_SECONDS", 5);
    let connections = env_number("BENCH_CONNECTIONS", 64);
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let dir = tempfile::Builder::new().prefix("batayon-bench-").tempdir()?;
    let data = dir.path();
    let started = Instant::now();
    let fixture = fill::fill(data, contents).await?;
    println!("the demo and {contents} contents, indexed, in {:.0} s", started.elapsed().as_secs_f64());
    let families: Vec<Family> = families(&fixture).into_iter().filter(|f| f.name.contains(only.as_str())).collect();
    let mut rows = Vec::new();
    for family in &families {
        if family.public {
            rows.push(Row { family, cookie: None });
        }
        rows.push(Row { family, cookie: Some(fixture.cookie(family.who)) });
    }
    let asked: Vec<(String, Option<String>)> = rows.iter().map(|r| (r.family.path.clone(), r.cookie.clone())).collect();
    let statements = queries::count(data, &asked).await?;
    if seconds == 0 {
        println!("\n| page | statements cold / warm |\n|---|---|");
        for (row, (cold, warm)) in rows.iter().zip(&statements) {
            println!("| {} | {cold} / {warm} |", row.label());
        }
        return Ok(());
    }

    let started = Instant::now();
    let (server, base) = start_server(data, None).await?;
    let startup = started.elapsed();
    let www = data.join("www");
    std::fs::create_dir_all(&www)?;
    let weights = save_pages(&base, &rows, &www).await?;
    let (_nginx, nginx_port) = start_nginx(data, &www).await?;

    println!(
        "\n{contents} contents + the demo, SQLite, {connections} connections, {seconds} s per run, wrk and the server on the same 2-core machine"
    );
    println!("budgets: signed out ≥ 65 % of nginx; signed in ≥ 10 % (content ≥ 25 %); p99 ≤ 50 ms\n");
    println!("| page | req/s | p50 ms | p99 ms | nginx req/s | ratio | statements cold / warm | KB gzip |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut over = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let theirs = wrk(&format!("http://127.0.0.1:{nginx_port}/page{i}.html"), seconds, connections, None)?;
        let ours = wrk(&format!("{base}{}", row.family.path), seconds, connections, row.cookie.as_deref())?;
        let ratio = 100.0 * ours.requests_per_second / theirs.requests_per_second.max(1.0);
        let floor = match (row.cookie.is_some(), row.family.name.starts_with("content")) {
            (false, _) => 65.0,
            (true, true) => 25.0,
            (true, false) => 10.0,
        };
        if ratio < floor || ours.p99_ms > 50.0 {
            over.push(row.label());
        }
        println!(
            "| {} | {:.0} | {:.2} | {:.2} | {:.0} | {:.0} % | {} / {} | {:.1} |",
            row.label(),
            ours.requests_per_second,
            ours.p50_ms,
            ours.p99_ms,
            theirs.requests_per_second,
            ratio,
            statements[i].0,
            statements[i].1,
            weights[i]
        );
    }
    println!("\nover budget: {}", if over.is_empty() { "none".to_owned() } else { over.join("; ") });
    tokio::time::sleep(Duration::from_secs(3)).await;
    println!("start-up to /healthz 200: {} ms", startup.as_millis());
    println!("server memory, idle after the load: {:.0} MB RSS", rss_mb(server.0.id()));
    drop(server);
    if env_number("BENCH_CORES", 1) != 0 {
        scaling(data, &rows, seconds, connections).await?;
    }
    Ok(())
}

/// Each page fetched once, saved for nginx; its weight with the stylesheet.
async fn save_pages(base: &str, rows: &[Row<'_>], www: &std::path::Path) -> anyhow::Result<Vec<f64>> {
    let client = reqwest::Client::new();
    let home = client.get(format!("{base}/")).send().await?.text().await?;
    let css = home.split("rel=\"stylesheet\" href=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("");
    let css = client.get(format!("{base}{css}")).send().await?.bytes().await?;
    let css_kb = gzip_kb(&css);
    let mut weights = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let mut request = client.get(format!("{base}{}", row.family.path));
        if let Some(c) = &row.cookie {
            request = request.header("cookie", c);
        }
        let html = request.send().await?.error_for_status()?.bytes().await?;
        std::fs::write(www.join(format!("page{i}.html")), &html)?;
        weights.push(gzip_kb(&html) + css_kb);
    }
    Ok(weights)
}

/// The signed-in pages with the server pinned to one core, then two: how
/// throughput grows with cores (on this 2-core machine wrk shares them).
async fn scaling(data: &std::path::Path, rows: &[Row<'_>], seconds: u64, connections: u64) -> anyhow::Result<()> {
    let signed_in: Vec<&Row> = rows.iter().filter(|r| r.cookie.is_some()).collect();
    let mut by_cores: Vec<Vec<f64>> = Vec::new();
    for cores in ["0", "0,1"] {
        let (server, base) = start_server(data, Some(cores)).await?;
        let mut measured = Vec::new();
        for row in &signed_in {
            let load = wrk(&format!("{base}{}", row.family.path), seconds, connections, row.cookie.as_deref())?;
            measured.push(load.requests_per_second);
        }
        by_cores.push(measured);
        drop(server);
    }
    println!("\nthe server pinned with taskset (wrk unpinned, sharing the cores): signed-in req/s");
    println!("| page | 1 core | 2 cores | 2 ÷ 1 |");
    println!("|---|---|---|---|");
    for (i, row) in signed_in.iter().enumerate() {
        let (one, two) = (by_cores[0][i], by_cores[1][i]);
        println!("| {} | {one:.0} | {two:.0} | {:.2} |", row.label(), two / one.max(1.0));
    }
    Ok(())
}

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("benchmark failed: {e:#}");
            ExitCode::FAILURE
        }
    }
}
