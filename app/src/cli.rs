//! The command line (DESIGN §3): `serve`, `migrate`, `worker`, `backup`,
//! `restore`, `user add`, `import`.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use crate::accounts::model::{Registration, Role};
use crate::config::{Config, DataArgs, ServeArgs, StorageArgs};
use crate::state::AppState;
use crate::storage::Storage;
use crate::web::Lang;

#[derive(Parser)]
#[command(name = "batayon", version, about = "Batayon, the national teachers' portal of Bangladesh")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Write logs as one JSON object per line.
    #[arg(long, env = "BATAYON_LOG_JSON", global = true)]
    log_json: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Run the portal (migrations run first).
    Serve(Box<ServeArgs>),
    /// Bring the database schema and reference data up to date.
    Migrate(DataArgs),
    /// Run background jobs only (thumbnails, renditions), for extra machines.
    Worker {
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Copy the database and every stored file into DIR, while serving.
    Backup {
        dir: PathBuf,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Restore a backup from DIR into an empty data folder (or database).
    Restore {
        dir: PathBuf,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Rebuild the search index from the database, with a progress bar.
    /// With SQLite, stop the portal first (it holds the index); with
    /// PostgreSQL it may keep serving.
    Reindex(DataArgs),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Import reference data from CSV files.
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, required_unless_present = "email")]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// teacher, head_teacher, moderator, officer, course_author or admin
        #[arg(long, default_value = "teacher")]
        role: String,
        /// An officer's district to oversee (English or Bangla name); without
        /// it (and without --nation) she has no reach until an administrator assigns one
        #[arg(long, conflicts_with = "nation")]
        district: Option<String>,
        /// An officer's upazila in --district to oversee
        #[arg(long, requires = "district")]
        upazila: Option<String>,
        /// An officer who oversees the whole country
        #[arg(long)]
        nation: bool,
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Institutions: eiin,name,district,upazila,level
    Institutions {
        file: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Chapters: level,class,subject,number,name_en,name_bn
    Chapters {
        file: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime =
        match tokio::runtime::Builder::new_multi_thread().enable_all().thread_stack_size(8 * 1024 * 1024).build() {
            Ok(r) => r,
            Err(e) => {
                eprintln!("cannot start: {e}");
                return ExitCode::FAILURE;
            }
        };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// An officer's place from `--district`, `--upazila` and `--nation` (none when none is given).
async fn officer_place(
    db: &sea_orm::DatabaseConnection,
    district: Option<&str>,
    upazila: Option<&str>,
    nation: bool,
) -> anyhow::Result<Option<crate::officers::PlaceInput>> {
    use crate::officers::{PlaceInput, Scope};
    if nation {
        return Ok(Some(PlaceInput { scope: Scope::Nation, district_id: None, upazila_id: None }));
    }
    let Some(name) = district else { return Ok(None) };
    let d = crate::places::store::district_by_name(db, name)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no district named '{name}'"))?;
    let u = match upazila {
        Some(name) => Some(
            crate::places::store::upazila_by_name(db, d.id, name)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no upazila named '{name}' in {}", d.name_en))?
                .id,
        ),
        None => None,
    };
    let scope = if u.is_some() { Scope::Upazila } else { Scope::District };
    Ok(Some(PlaceInput { scope, district_id: Some(d.id), upazila_id: u }))
}

async fn open(data: &DataArgs) -> anyhow::Result<sea_orm::DatabaseConnection> {
    std::fs::create_dir_all(&data.data)?;
    let db = crate::db::connect(&data.database_url()).await?;
    crate::db::migrate(&db).await?;
    Ok(db)
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve(*args).await,
        Command::Migrate(data) => {
            open(&data).await?;
            println!("database is up to date");
            Ok(())
        }
        Command::Worker { data, storage } => worker(data, storage).await,
        Command::Reindex(data) => reindex(data).await,
        Command::User(add) => add_user(add).await,
        Command::Backup { dir, data, storage } => backup(dir, data, storage).await,
        Command::Restore { dir, data, storage } => restore(dir, data, storage).await,
        Command::Import(ImportCommand::Institutions { file, data }) => {
            let db = open(&data).await?;
            crate::institutions::import::institutions(&db, &file).await?.print("institutions");
            Ok(())
        }
        Command::Import(ImportCommand::Chapters { file, data }) => {
            let db = open(&data).await?;
            crate::curriculum::import::chapters(&db, &file).await?.print("chapters");
            Ok(())
        }
    }
}

/// `batayon worker`: background jobs until stopped.
async fn worker(data: DataArgs, storage: StorageArgs) -> anyhow::Result<()> {
    let db = open(&data).await?;
    let store = Storage::from_args(&storage, &data.data)?;
    let mut config = Config::for_tests(&data.data.join("uploads"));
    config.upload_limits = storage.limits();
    let state = AppState::new(db, config, store);
    tracing::info!(storage = %state.storage.description, "worker started");
    // With PostgreSQL any node may index; with SQLite the portal does.
    if state.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        tokio::spawn(crate::search::indexer::publish(state.clone()));
    }
    tokio::select! {
        _ = crate::worker::run(state) => {},
        _ = shutdown_signal() => {},
    }
    Ok(())
}

/// `batayon user add`: an account made by the operator (the password on stdin).
async fn add_user(command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add { name, phone, email, role, district, upazila, nation, data } = command;
    let role = Role::parse(&role).ok_or_else(|| anyhow::anyhow!("unknown role '{role}'"))?;
    if (district.is_some() || nation) && role != Role::Officer {
        anyhow::bail!("--district, --upazila and --nation are for --role officer");
    }
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password)?;
    let registration =
        Registration { name, phone, email, password: password.trim_end_matches(['\r', '\n']).to_owned() };
    let valid = registration.validate().map_err(|errors| {
        let list: Vec<String> = errors.0.iter().map(|e| format!("{}: {}", e.field, Lang::En.t(e.key))).collect();
        anyhow::anyhow!("{}", list.join("; "))
    })?;
    let db = open(&data).await?;
    // The place is found before the account is made: a misspelt district makes nothing.
    let place = officer_place(&db, district.as_deref(), upazila.as_deref(), nation).await?;
    let hash = crate::accounts::password::hash_now(&valid.password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let user = crate::accounts::store::create_user(&db, &valid, hash, role, Lang::Bn.code())
        .await
        .map_err(|e| anyhow::anyhow!("cannot create the account: {e} (is the phone or e-mail already registered?)"))?;
    let detail = serde_json::json!({ "role": role.as_str() });
    crate::audit::record(&db, None, "user.create", user.id, detail).await?;
    println!("created account {} ({}) with role {}", user.id, user.name, role.as_str());
    if let Some(place) = place {
        crate::officers::assign_by_operator(&db, user.id, &place)
            .await
            .map_err(|e| anyhow::anyhow!("cannot assign the officer's place: {e}"))?;
        println!("assigned the officer's place ({})", place.scope.as_str());
    }
    Ok(())
}

/// `batayon backup`: the database and every stored file into a folder.
async fn backup(dir: PathBuf, data: DataArgs, storage: StorageArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&data.data)?;
    let store = Storage::from_args(&storage, &data.data)?;
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let m = crate::backup::backup(&data.database_url(), &store, &dir, progress).await?;
    println!(
        "backed up the {} database and {} files ({} MB) into {}",
        m.database,
        m.objects,
        m.bytes >> 20,
        dir.display()
    );
    Ok(())
}

/// `batayon restore`: a backup folder back into an empty portal.
async fn restore(dir: PathBuf, data: DataArgs, storage: StorageArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&data.data)?;
    let store = Storage::from_args(&storage, &data.data)?;
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let m = crate::backup::restore(&data.database_url(), &store, &dir, progress).await?;
    let taken = m.created_at.format("%Y-%m-%d %H:%M UTC");
    println!("restored the {} backup of {} ({} files)", m.database, taken, m.objects);
    Ok(())
}

/// `batayon reindex`: everything from the database into the index, a bar
/// on the terminal while it goes.
async fn reindex(data: DataArgs) -> anyhow::Result<()> {
    use std::io::Write;
    let db = open(&data).await?;
    let store = Storage::from_args(&StorageArgs::default(), &data.data)?;
    let state = AppState::new(db, Config::for_tests(&data.data.join("uploads")), store);
    crate::search::engine::of(&state).await.map_err(|e| {
        anyhow::anyhow!("{e:#}\n(is the portal running? With SQLite it holds the index: stop it first, or delete DATA/index and it rebuilds at start)")
    })?;
    let started = std::time::Instant::now();
    let bar = |done: u64, total: u64| {
        let width: u64 = 40;
        let filled = (done * width).checked_div(total).unwrap_or(width).min(width);
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        let (full, empty) = ("#".repeat(filled as usize), " ".repeat((width - filled) as usize));
        eprint!("\r[{full}{empty}] {percent:>3} %  {done}/{total}");
        let _ = std::io::stderr().flush();
    };
    let entries = crate::search::indexer::rebuild(&state, &bar).await?;
    eprintln!();
    println!("search index rebuilt: {entries} entries in {:.1} s", started.elapsed().as_secs_f32());
    Ok(())
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let db = open(&args.data).await?;
    let storage = Storage::from_args(&args.storage, &args.data.data)?;
    let state = AppState::new(db, Config::from_serve(&args), storage);
    if args.demo {
        crate::demo::load(&state).await?;
        // The demo writes straight to the tables: index it all once, in the background.
        crate::search::engine::MadeAnew::set(&state);
    }
    // Reference data every browse page reads, in memory before the first visitor.
    crate::curriculum::memory::current(&state).await?;
    if !args.no_worker {
        tokio::spawn(crate::worker::run(state.clone()));
    }
    // The index follows changes; with SQLite this process holds its one writer.
    tokio::spawn(crate::search::indexer::run(state.clone()));
    let pruning = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3600));
        let mut hours = 0u64;
        loop {
            every.tick().await;
            // At start and once a day: files a crash left behind.
            if hours.is_multiple_of(24) {
                match crate::media::ingest::sweep(&pruning, Duration::from_secs(86_400)).await {
                    Ok(n) if n > 0 => tracing::info!(removed = n, "removed files no record points to"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "sweeping unreferenced files failed"),
                }
            }
            // At start: texts read before near-copies were looked for.
            if hours == 0 {
                match crate::media::likeness::sign_missing(&pruning.db).await {
                    Ok(n) if n > 0 => tracing::info!(signed = n, "texts signed for near-copies"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "signing texts for near-copies failed"),
                }
            }
            hours += 1;
            if let Err(e) = crate::accounts::store::prune_expired(&pruning.db).await {
                tracing::warn!(error = %e, "pruning expired sessions failed");
            }
            if let Err(e) = crate::web::ratelimit::prune(&pruning.db).await {
                tracing::warn!(error = %e, "pruning rate-limit windows failed");
            }
            if let Err(e) = crate::uploads::expire(&pruning).await {
                tracing::warn!(error = %e, "removing abandoned uploads failed");
            }
            if let Err(e) = crate::content::views::prune(&pruning.db).await {
                tracing::warn!(error = %e, "pruning page viewers failed");
            }
            if let Err(e) = crate::web::replay::prune(&pruning.db).await {
                tracing::warn!(error = %e, "pruning the keys of replayed forms failed");
            }
            if let Err(e) = crate::sms::prune(&pruning.db).await {
                tracing::warn!(error = %e, "pruning SMS replies and left quizzes failed");
            }
        }
    });
    let counting = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(crate::content::views::FLUSH_EVERY_SECS));
        loop {
            every.tick().await;
            if let Err(e) = crate::content::views::counter(&counting).flush(&counting.db).await {
                tracing::warn!(error = %e, "writing page views failed");
            }
        }
    });
    let app = crate::site::build(state.clone());
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    tracing::info!(addr = %args.addr, storage = %state.storage.description, "Batayon is serving");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    crate::content::views::counter(&state).flush(&state.db).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Waits for ctrl-c or SIGTERM; in-flight requests then finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
