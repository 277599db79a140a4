//! `batayon-generate`: fills a database (PostgreSQL at national size;
//! SQLite works the same way at small sizes) with a national data set
//! scaled from one number, the teachers:
//!
//!     batayon-generate --database-url postgres://…/batayon --teachers 900000 [--seed 1] [--reindex]
//!
//! At 900,000 teachers: 607,500 registered teachers (the rest are only
//! counted by their institutions), 120,000 institutions across the real
//! districts and upazilas, 700,000 contents on the real chapters sharing
//! 3,600 files by hash, about 1.4 M ratings and 0.6 M comments, 100,000
//! questions with 250,000 answers and their votes, enrolments and passed
//! quiz modules on the published courses, practice logs and signed badges.
//!
//! Log-ins for a load client: registered teacher `n` (0 ≤ n < 27·teachers/40)
//! has the phone `+88019` followed by `n + 1` in eight digits
//! (`+8801900000001`, `+8801900000002`, …); officer `k` has `+88018` and
//! `k + 1` in eight digits (district officers k = 0–63, upazila officers
//! k = 1000, 1001, …). All share one password (`--password`, by default
//! `national-teacher-1`), hashed once with the app's Argon2id function.
//! Every teacher is verified, with an institution, district, upazila,
//! classes and subjects; each institution's first teacher is its head.
//!
//! Files: `blobs` rows only (sha256 of `batayon-national-file-K`); the
//! objects are not written to storage, so their downloads answer "not
//! found" — pages, lists, search and counters do not need them.
//!
//! Rows carry keys made from their index (ids from 1,000,000,000 up) and go
//! in with `ON CONFLICT DO NOTHING`: a second run adds nothing (and, once a
//! run has finished, stops at its marker at once); a larger `--teachers`
//! tops up, as long as the same seed is used and, on SQLite, the portal
//! has not written rows of its own in between (its ids continue after ours).
//! `--data` must be the portal's data folder: badges are signed with the
//! issuers' keys kept there.

mod learning;
mod library;
mod people;
mod questions;
mod sql;
mod world;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use batayon::config::{Config, DataArgs, StorageArgs};
use batayon::db::settings;
use batayon::state::AppState;
use batayon::storage::Storage;
use clap::Parser;
use sea_orm::{ConnectionTrait, DatabaseBackend};

use crate::sql::Loaded;
use crate::world::{Sizes, World};

const MARKER: &str = "national.generated";

#[derive(Parser)]
#[command(name = "batayon-generate", about = "Fill a database with a national-size data set")]
struct Args {
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    storage: StorageArgs,
    /// Teachers in the country; every other figure is scaled from it.
    #[arg(long, default_value_t = 900_000)]
    teachers: i64,
    /// Varies the data drawn for the same keys (keep it for top-ups).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Every generated account's password.
    #[arg(long, default_value = "national-teacher-1")]
    password: String,
    /// The portal's public address (named in signed badges).
    #[arg(long, env = "BATAYON_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    public_url: String,
    /// Rebuild the search index afterwards (timed on its own).
    #[arg(long)]
    reindex: bool,
    /// Go through every table even when a finished run's marker says done.
    #[arg(long)]
    force: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build();
    let result = runtime.map_err(anyhow::Error::from).and_then(|r| r.block_on(run(args)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("batayon-generate failed: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn open(args: &Args) -> anyhow::Result<AppState> {
    std::fs::create_dir_all(&args.data.data)?;
    let db = batayon::db::connect(&args.data.database_url()).await?;
    batayon::db::migrate(&db).await?;
    let storage = Storage::from_args(&args.storage, &args.data.data)?;
    let mut config = Config::for_tests(&args.data.data.join("uploads"));
    config.public_url = args.public_url.trim_end_matches('/').to_owned();
    config.keys_dir = args.data.keys_dir();
    Ok(AppState::new(db, config, storage))
}

async fn run(args: Args) -> anyhow::Result<()> {
    let started = Instant::now();
    let sizes = Sizes::of(args.teachers);
    sizes.check()?;
    sql::set_seed(args.seed);
    let state = open(&args).await?;
    let db = &state.db;
    let wanted = format!("{} {}", args.teachers, args.seed);
    if !args.force && done_before(db, args.teachers, args.seed).await? {
        println!("already generated ({wanted}): nothing to add ({:.1} s)", started.elapsed().as_secs_f64());
        if args.reindex {
            reindex(&state).await?;
        }
        return Ok(());
    }
    sizes.print();
    println!(
        "log-ins: registered teacher n → +88019 then n+1 in 8 digits (+8801900000001 …), password '{}'",
        args.password
    );
    if learning::courses(db).await?.is_empty() {
        // No course yet: the demo's, made through the learning folder's functions.
        let t = Instant::now();
        batayon::demo::load(&state).await?;
        println!("{:<22} {:>10}       {:>7.1} s", "demo (courses, badges)", "", t.elapsed().as_secs_f64());
    }
    let world = Arc::new(world::load(&state, &args.password).await?);
    let loaded = generate(&state, &world, sizes).await?;
    let analyse = Instant::now();
    if db.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_unprepared("ANALYZE").await?;
    }
    let analysed = analyse.elapsed().as_secs_f64();
    settings::set(db, MARKER, &wanted).await?;
    summary(&state, &loaded, analysed, started).await?;
    if args.reindex {
        reindex(&state).await?;
    }
    Ok(())
}

/// True when a finished run of at least this size and the same seed is recorded.
async fn done_before(db: &sea_orm::DatabaseConnection, teachers: i64, seed: u64) -> anyhow::Result<bool> {
    let Some(v) = settings::get(db, MARKER).await? else { return Ok(false) };
    let mut parts = v.split(' ').map(|p| p.parse::<i64>().unwrap_or(-1));
    Ok(parts.next().unwrap_or(-1) >= teachers && parts.next() == Some(seed as i64))
}

async fn generate(state: &AppState, w: &Arc<World>, s: Sizes) -> anyhow::Result<Vec<Loaded>> {
    let db = &state.db;
    let mut loaded = vec![people::institutions(db, w, s).await?, people::teachers(db, w, s).await?];
    loaded.extend(people::classes_and_subjects(db, w, s).await?);
    loaded.extend(people::officers(state, w, s).await?);
    loaded.push(library::blobs(db, w, s).await?);
    loaded.push(library::contents(db, w, s).await?);
    loaded.extend(library::ratings(db, w, s).await?);
    loaded.extend(library::comments_and_downloads(db, w, s).await?);
    loaded.extend(questions::questions(db, w, s).await?);
    loaded.extend(questions::votes(db, w, s).await?);
    loaded.push(questions::totals(db).await?);
    let courses = Arc::new(learning::courses(db).await?);
    loaded.extend(learning::enrolments(db, w, s, courses).await?);
    loaded.push(learning::practice_logs(db, w, s).await?);
    loaded.push(learning::credentials(state, s).await?);
    Ok(loaded)
}

async fn summary(state: &AppState, loaded: &[Loaded], analysed: f64, started: Instant) -> anyhow::Result<()> {
    let rows: u64 = loaded.iter().map(|l| l.inserted).sum();
    let seconds: f64 = loaded.iter().map(|l| l.seconds).sum();
    let size = database_size(&state.db).await?;
    println!("summary:");
    for l in loaded {
        println!("  {:<22} {:>10} rows  {:>7.1} s", l.table, l.inserted, l.seconds);
    }
    println!("{:<22} {:>10}       {analysed:>7.1} s", "analyze", "");
    println!(
        "total: {rows} rows inserted in {seconds:.1} s of loading, {:.1} s in all; database {} MB",
        started.elapsed().as_secs_f64(),
        size >> 20
    );
    Ok(())
}

async fn database_size(db: &sea_orm::DatabaseConnection) -> anyhow::Result<i64> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => "SELECT pg_database_size(current_database()) AS n",
        _ => "SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()",
    };
    let row = db.query_one_raw(sea_orm::Statement::from_string(backend, sql)).await?;
    Ok(row.map(|r| r.try_get::<i64>("", "n")).transpose()?.unwrap_or(0))
}

async fn reindex(state: &AppState) -> anyhow::Result<()> {
    let t = Instant::now();
    batayon::search::engine::of(state).await?;
    let entries = batayon::search::indexer::rebuild(state, &|_, _| {}).await?;
    println!("search index rebuilt: {entries} entries in {:.1} s", t.elapsed().as_secs_f64());
    Ok(())
}
