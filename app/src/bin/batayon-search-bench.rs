//! The search benchmark of issue 9 / DESIGN §4: generates Bangla and
//! English documents (1,000,000 by default), indexes them in the embedded
//! engine (tantivy in a data folder) and, when BENCH_POSTGRES names an
//! empty PostgreSQL database, in PostgreSQL too (full-text search, then a
//! node's own index following the change log: its build time from the
//! database and how soon a change reaches another node); prints indexing
//! throughput, index size, the real server's start-up time to /healthz
//! with the index present, and p50/p95/p99 of a fixed query mix (single
//! words, phrases, Banglish, prefix suggestions, filtered) through the
//! same service the API uses.
//!
//!     cargo run --release --bin batayon-search-bench
//!
//! BENCH_DOCS (default 1000000), BENCH_QUERIES (default 400 per kind),
//! BENCH_POSTGRES (postgres://… of an empty database), BENCH_PG_QUERIES
//! (per kind for PostgreSQL's full-text search; default as BENCH_QUERIES,
//! 0 to skip it).

use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use batayon::items::{ItemKind, ItemRef};
use batayon::search::entry::Entry;
use batayon::search::model::SearchQuery;
use batayon::state::AppState;
use chrono::Utc;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A small fast generator with a fixed seed: the same documents every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, words: &'a [String]) -> &'a str {
        &words[self.below(words.len())]
    }
}

const BANGLA_COMMON: &str = "শিক্ষক শিক্ষার্থী শিশু ক্লাস শ্রেণি পাঠ বই খাতা অনুশীলনী প্রশ্ন উত্তর উদাহরণ কাজ দল খেলা গল্প ছবি \
    ভিডিও স্কুল বিদ্যালয় অভিভাবক পরীক্ষা মূল্যায়ন প্রশিক্ষণ উপজেলা জেলা গ্রাম শহর বাড়ি সময় দিন সপ্তাহ মাস বছর \
    সহজ কঠিন নতুন পুরোনো ভালো মজার শেখা শেখানো বোঝা লেখা পড়া বলা শোনা দেখা করা হয় আছে নেই এবং ও কিন্তু তবে \
    আমাদের তাদের শিক্ষকদের শিশুদের ক্লাসে বইয়ের পাঠের কাজের গল্পের বাংলাদেশের গ্রামের স্কুলের";
const ENGLISH_COMMON: &str = "teacher student class lesson book worksheet exercise question answer example group game story \
    picture video school parent exam assessment training simple easy new good learning teaching reading writing \
    activity practice classroom children numbers fractions science english grammar map history";

fn vocabulary() -> (Vec<String>, Vec<String>) {
    let csv = include_str!("../../data/curriculum/chapters.csv");
    let (mut bn, mut en): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for line in csv.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        if let (Some(name_en), Some(name_bn)) = (fields.get(4), fields.last()) {
            bn.extend(name_bn.trim_matches('"').split_whitespace().map(str::to_owned));
            en.extend(name_en.trim_matches('"').split_whitespace().map(|w| w.to_lowercase()));
        }
    }
    bn.extend(BANGLA_COMMON.split_whitespace().map(str::to_owned));
    en.extend(ENGLISH_COMMON.split_whitespace().map(str::to_owned));
    (bn, en)
}

fn document(i: u64, dice: &mut Dice, bn: &[String], en: &[String]) -> Entry {
    let english = dice.below(5) == 0;
    let words = if english { en } else { bn };
    let phrase = |dice: &mut Dice, n: usize| (0..n).map(|_| dice.pick(words)).collect::<Vec<_>>().join(" ");
    let title_len = 3 + dice.below(6);
    let body_len = 15 + dice.below(30);
    let kind = [
        ItemKind::Content,
        ItemKind::Content,
        ItemKind::Content,
        ItemKind::Post,
        ItemKind::Question,
        ItemKind::Idea,
        ItemKind::Teacher,
    ][dice.below(7)];
    let class = 1 + dice.below(10) as i64;
    Entry {
        item: ItemRef::new(kind, i as i64 + 1),
        title: phrase(dice, title_len),
        body: phrase(dice, body_len),
        byline: "শিক্ষক".into(),
        level_id: Some(if class <= 5 { 1 } else { 2 }),
        class: (kind != ItemKind::Teacher).then_some(class),
        subject_id: Some(1 + dice.below(60) as i64),
        chapter_id: Some(1 + dice.below(190) as i64),
        content_type: (kind == ItemKind::Content)
            .then(|| ["video", "pdf", "slides", "audio", "image"][dice.below(5)].to_owned()),
        language: Some(if english { "en" } else { "bn" }.to_owned()),
        licence: Some("CC-BY-4.0".into()),
        district_id: Some(1 + dice.below(64) as i64),
        created_at: Utc::now() - chrono::Duration::minutes(dice.below(500_000) as i64),
        rating: (dice.below(50) as f64) / 10.0,
        quality: (dice.below(30) as f64) / 10.0,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn folder_size(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => folder_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// The fixed query mix: (name, query, suggest?).
fn mix(per_kind: u64, bn: &[String], en: &[String]) -> Vec<(&'static str, SearchQuery, bool)> {
    let mut dice = Dice(0x5eed_1234_abcd);
    let banglish =
        ["gonit", "bhognangsho", "shikkhok", "bangla", "bigyan", "itihas", "porikkha", "golpo", "chobi", "sreni"];
    let mut out = Vec::new();
    for _ in 0..per_kind {
        let q = |q: String| SearchQuery { q, ..Default::default() };
        out.push(("single word", q(dice.pick(bn).to_owned()), false));
        out.push(("phrase (2–3 words)", q(format!("{} {}", dice.pick(bn), dice.pick(bn))), false));
        out.push(("English", q(format!("{} {}", dice.pick(en), dice.pick(en))), false));
        out.push(("Banglish", q(banglish[dice.below(banglish.len())].to_owned()), false));
        let word = dice.pick(bn);
        let prefix: String = word.chars().take(2.max(word.chars().count() / 2)).collect();
        out.push(("prefix (suggest)", q(prefix), true));
        let mut filtered = q(dice.pick(bn).to_owned());
        filtered.kind = Some(ItemKind::Content.to_string());
        filtered.class = Some((1 + dice.below(10)).to_string());
        out.push(("filtered (kind, class)", filtered, false));
    }
    out
}

async fn measure(state: &AppState, queries: &[(&'static str, SearchQuery, bool)]) -> anyhow::Result<()> {
    // Warm: one pass unmeasured (the "warm" of the budget).
    for (_, q, suggest) in queries.iter().take(60) {
        if *suggest {
            batayon::search::service::suggest(state, &q.q, None).await?;
        } else {
            batayon::search::service::find(state, q, batayon::web::Lang::Bn).await?;
        }
    }
    let mut by_kind: std::collections::BTreeMap<&str, Vec<Duration>> = Default::default();
    let mut all = Vec::new();
    for (name, q, suggest) in queries {
        let started = Instant::now();
        if *suggest {
            batayon::search::service::suggest(state, &q.q, None).await?;
        } else {
            batayon::search::service::find(state, q, batayon::web::Lang::Bn).await?;
        }
        let took = started.elapsed();
        by_kind.entry(name).or_default().push(took);
        all.push(took);
    }
    println!("| queries | n | p50 ms | p95 ms | p99 ms |");
    println!("|---|---|---|---|---|");
    for (name, mut times) in by_kind {
        times.sort();
        println!(
            "| {name} | {} | {:.2} | {:.2} | {:.2} |",
            times.len(),
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            percentile(&times, 0.99)
        );
    }
    all.sort();
    println!(
        "| **all** | {} | {:.2} | {:.2} | {:.2} |",
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.95),
        percentile(&all, 0.99)
    );
    Ok(())
}

async fn fill(state: &AppState, docs: u64, bn: &[String], en: &[String]) -> anyhow::Result<Duration> {
    let engine = batayon::search::engine::of(state).await?;
    let mut dice = Dice(0x0000_ddba_11c0_ffee);
    let started = Instant::now();
    let batch = 20_000;
    let mut i = 0;
    while i < docs {
        let n = batch.min(docs - i);
        let entries: Vec<Entry> = (i..i + n).map(|k| document(k, &mut dice, bn, en)).collect();
        engine.add_new(state, entries).await?;
        i += n;
        eprint!("\r  indexed {i}/{docs}");
    }
    eprintln!();
    Ok(started.elapsed())
}

/// On the demo library: for each content, the chapter suggested from its
/// title and description (its own entry not voting) against the chapter
/// it is filed under.
async fn chapter_accuracy() -> anyhow::Result<()> {
    use sea_orm::EntityTrait;
    let data = tempfile::Builder::new().prefix("batayon-chapter-bench-").tempdir()?;
    let db_url = format!("sqlite://{}?mode=rwc", data.path().join("batayon.db").display());
    let db = batayon::db::connect(&db_url).await?;
    batayon::db::migrate(&db).await?;
    let mut config = batayon::config::Config::for_tests(&data.path().join("uploads"));
    config.index_dir = data.path().join("index");
    let state = AppState::new(db, config, batayon::storage::Storage::local(&data.path().join("media"))?);
    batayon::demo::load(&state).await?;
    batayon::search::indexer::rebuild(&state, &|_, _| {}).await?;
    let contents = batayon::content::entity::content::Entity::find().all(&state.db).await?;
    let (mut first, mut top3) = (0, 0);
    for c in &contents {
        let text = format!("{} {}", c.title, c.description);
        let teaches = batayon::search::chapters::Teaches::of(&state, c.author_id).await?;
        let offered =
            batayon::search::chapters::suggest(&state, &text, Some(c.id.0), &teaches, batayon::web::Lang::Bn).await?;
        if offered.first().is_some_and(|s| s.chapter_id == c.chapter_id.0) {
            first += 1;
        }
        if offered.iter().any(|s| s.chapter_id == c.chapter_id.0) {
            top3 += 1;
        }
    }
    let n = contents.len().max(1) as f64;
    println!(
        "\n## Chapter suggested while sharing, on the demo library ({} contents)\n\nfirst suggestion right: {first} ({:.0} %); right one among the three offered: {top3} ({:.0} %)",
        contents.len(),
        first as f64 * 100.0 / n,
        top3 as f64 * 100.0 / n
    );
    Ok(())
}

async fn run() -> anyhow::Result<()> {
    let docs = env_number("BENCH_DOCS", 1_000_000);
    let per_kind = env_number("BENCH_QUERIES", 400);
    let (bn, en) = vocabulary();
    if std::env::var("BENCH_ONLY").as_deref() == Ok("postgres") {
        let data = tempfile::Builder::new().prefix("batayon-search-bench-").tempdir()?;
        return postgres(&data, docs, per_kind, &bn, &en).await;
    }
    chapter_accuracy().await?;
    let queries = mix(per_kind, &bn, &en);

    // Embedded: a data folder like the portal's, SQLite and DATA/index.
    let data = tempfile::Builder::new().prefix("batayon-search-bench-").tempdir()?;
    let db_url = format!("sqlite://{}?mode=rwc", data.path().join("batayon.db").display());
    let db = batayon::db::connect(&db_url).await?;
    batayon::db::migrate(&db).await?;
    let mut config = batayon::config::Config::for_tests(&data.path().join("uploads"));
    config.index_dir = data.path().join("index");
    let state = AppState::new(db, config, batayon::storage::Storage::local(&data.path().join("media"))?);
    println!("\n## Embedded (tantivy, DATA/index), {docs} documents (4 in 5 Bangla)\n");
    let took = fill(&state, docs, &bn, &en).await?;
    println!("indexing: {:.0} documents/s ({:.1} s)", docs as f64 / took.as_secs_f64(), took.as_secs_f64());
    println!("index size: {:.0} MB", folder_size(&data.path().join("index")) as f64 / 1_048_576.0);
    measure(&state, &queries).await?;
    drop(state);

    // The real server over that data folder: the index is present, so it
    // opens it (no rebuild) and /healthz answers at once.
    let exe = std::env::current_exe()?.with_file_name("batayon");
    if exe.exists() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let started = Instant::now();
        let mut child = Command::new(&exe)
            .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--data", &data.path().to_string_lossy()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let client = reqwest::Client::new();
        let ready = loop {
            if client
                .get(format!("http://127.0.0.1:{port}/healthz"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                break started.elapsed();
            }
            if started.elapsed() > Duration::from_secs(30) {
                anyhow::bail!("the server did not start");
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        };
        let first = Instant::now();
        let r = client.get(format!("http://127.0.0.1:{port}/api/v1/search?q=gonit")).send().await?;
        let first_search = first.elapsed();
        println!(
            "start-up to /healthz 200 with the index present: {} ms; first search after start: {} ms ({})",
            ready.as_millis(),
            first_search.as_millis(),
            r.status()
        );
        let _ = child.kill();
        let _ = child.wait();
    } else {
        println!("start-up: build the server too (cargo build --release --bin batayon)");
    }

    postgres(&data, docs, per_kind, &bn, &en).await
}

/// The same on PostgreSQL when BENCH_POSTGRES names a database; a table
/// already holding `docs` entries (an earlier run's) is measured as it is.
/// First full-text search over `search_entries` (what a node answers with
/// while its own index is built; BENCH_PG_QUERIES per kind), then a node's
/// own index: the time to build it from the database, the same query mix
/// through it, and how soon a change written by one node is found on
/// another.
async fn postgres(
    data: &tempfile::TempDir,
    docs: u64,
    per_kind: u64,
    bn: &[String],
    en: &[String],
) -> anyhow::Result<()> {
    use sea_orm::ConnectionTrait;
    let Ok(url) = std::env::var("BENCH_POSTGRES") else {
        println!("\nPostgreSQL: set BENCH_POSTGRES=postgres://… (an empty database) to measure it too");
        return Ok(());
    };
    println!("\n## PostgreSQL, {docs} documents\n");
    let db = batayon::db::connect(&url).await?;
    batayon::db::migrate(&db).await?;
    let node = |name: &str| {
        let mut config = batayon::config::Config::for_tests(&data.path().join("uploads"));
        config.index_dir = data.path().join(name);
        let media = batayon::storage::Storage::local(&data.path().join("media"));
        media.map(|m| AppState::new(db.clone(), config, m))
    };
    let state = node("node-a")?;
    if batayon::search::postgres::len(&state.db).await? >= docs {
        println!("(the table already holds {docs} entries from an earlier run: measured as it is)");
    } else {
        let took = fill_shared(&state, docs, bn, en).await?;
        println!(
            "writing search_entries: {:.0} documents/s ({:.1} s)",
            docs as f64 / took.as_secs_f64(),
            took.as_secs_f64()
        );
    }
    let row = state
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT pg_total_relation_size('search_entries') AS n",
        ))
        .await?;
    let bytes: i64 = row.map(|r| r.try_get("", "n")).transpose()?.unwrap_or(0);
    println!("table and indexes: {:.0} MB", bytes as f64 / 1_048_576.0);
    state.db.execute_unprepared("ANALYZE search_entries").await?;
    let fewer = env_number("BENCH_PG_QUERIES", per_kind);
    if fewer > 0 {
        println!("\n### Full-text search in PostgreSQL (a node whose own index is not built yet)\n");
        measure(&state, &mix(fewer, bn, en)).await?;
    }

    println!("\n### Each node's own index, following the change log\n");
    let started = Instant::now();
    batayon::search::follow::catch_up(&state).await?;
    let took = started.elapsed();
    let entries = batayon::search::engine::of(&state).await?.entries(&state).await?;
    let segments = batayon::search::engine::of(&state).await?.segments();
    println!(
        "a node built its index from the database: {entries} entries in {:.1} s, {segments} segment(s)",
        took.as_secs_f64()
    );
    println!("index size: {:.0} MB\n", folder_size(&data.path().join("node-a")) as f64 / 1_048_576.0);
    measure(&state, &mix(per_kind, bn, en)).await?;
    propagation(&state, node("node-b")?, docs).await
}

/// search_entries filled as the indexing loop would, without the log (a
/// node with no index builds from the table).
async fn fill_shared(state: &AppState, docs: u64, bn: &[String], en: &[String]) -> anyhow::Result<Duration> {
    let mut dice = Dice(0x0000_ddba_11c0_ffee);
    let started = Instant::now();
    let mut i = 0;
    while i < docs {
        let n = 20_000.min(docs - i);
        let entries: Vec<Entry> = (i..i + n).map(|k| document(k, &mut dice, bn, en)).collect();
        batayon::search::postgres::apply(&state.db, &entries, &[]).await?;
        i += n;
        eprint!("\r  written {i}/{docs}");
    }
    eprintln!();
    Ok(started.elapsed())
}

/// Node A writes a change (entry and log row, one transaction, as the
/// indexing loop does); node B, following the log on its own, finds it.
async fn propagation(a: &AppState, b: AppState, docs: u64) -> anyhow::Result<()> {
    use batayon::search::changes::{self, Op};
    use sea_orm::TransactionTrait;
    let started = Instant::now();
    batayon::search::follow::catch_up(&b).await?;
    println!("\nsecond node built its index in {:.1} s", started.elapsed().as_secs_f64());
    let follower = tokio::spawn(batayon::search::follow::run(b.clone()));
    let mut times = Vec::new();
    for n in 0..20u64 {
        let word = format!("bench{n}x{}", Utc::now().timestamp_millis());
        let mut entry =
            document(docs + n, &mut Dice(0x1234_5678 + n), std::slice::from_ref(&word), std::slice::from_ref(&word));
        entry.item = ItemRef::new(ItemKind::Post, 1_000_000_000 + n as i64);
        let started = Instant::now();
        let txn = a.db.begin().await?;
        batayon::search::postgres::apply(&txn, &[entry.clone()], &[]).await?;
        changes::record(&txn, &[(Some(entry.item), Op::Upsert)]).await?;
        txn.commit().await?;
        let q = SearchQuery { q: word, ..Default::default() };
        loop {
            if batayon::search::service::find(&b, &q, batayon::web::Lang::Bn).await?.total > 0 {
                break;
            }
            if started.elapsed() > Duration::from_secs(30) {
                anyhow::bail!("a change was not found on the other node within 30 s");
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        times.push(started.elapsed());
    }
    follower.abort();
    times.sort();
    println!(
        "a change written on one node found on another (polling every {} ms): p50 {:.0} ms, max {:.0} ms over {}",
        batayon::search::follow::POLL.as_millis(),
        percentile(&times, 0.5),
        percentile(&times, 1.0),
        times.len()
    );
    let lag = batayon::search::follow::lag(&b);
    println!("lag after: {} changes, oldest {:.1} s", lag.changes, lag.oldest_seconds);
    Ok(())
}

fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    match runtime.block_on(run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("search benchmark failed: {e:#}");
            ExitCode::FAILURE
        }
    }
}
