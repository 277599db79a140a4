//! `batayon backup DIR` and `batayon restore DIR`: the database and every
//! stored file it points to, consistent while the portal keeps serving.
//!
//! The database is copied first, as one snapshot: SQLite's `VACUUM INTO`
//! (a transaction of its own, so writers carry on), or `pg_dump` for
//! PostgreSQL (one repeatable-read snapshot; it must be installed, e.g.
//! Debian's `postgresql-client`). Then every object that snapshot refers to
//! is copied: objects are written before the row that points to them
//! commits and are never changed afterwards (they are named by their hash),
//! so each one the snapshot names is there, whole.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use crate::storage::Storage;

const MANIFEST: &str = "backup.json";
const SQLITE_FILE: &str = "batayon.db";
const POSTGRES_FILE: &str = "database.dump";

/// What a backup folder holds, written last: a folder without it is not a
/// finished backup.
#[derive(Serialize, Deserialize, Debug)]
pub struct Manifest {
    pub format: u32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// `sqlite` or `postgres`: a backup is restored into the same kind.
    pub database: String,
    pub objects: u64,
    pub bytes: u64,
}

fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// Backs up the database at `url` and the files in `storage` into `dir`
/// (created; it must be empty).
pub async fn backup(url: &str, storage: &Storage, dir: &Path, progress: bool) -> anyhow::Result<Manifest> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    if std::fs::read_dir(dir)?.next().is_some() {
        bail!("{} is not empty: back up into a new folder", dir.display());
    }
    let (kind, keys) = if is_sqlite(url) {
        let snapshot = dir.join(SQLITE_FILE);
        let db = crate::db::connect(url).await?;
        crate::db::sqlite_snapshot(&db, &snapshot).await.context("SQLite snapshot")?;
        db.close().await.ok();
        sync_file(&snapshot)?;
        // The files this very snapshot refers to.
        let copy = crate::db::connect(&crate::config::sqlite_url(&snapshot)).await?;
        let keys = stored_files(&copy).await?;
        copy.close().await.ok();
        ("sqlite", keys)
    } else {
        let dump = dir.join(POSTGRES_FILE);
        let status = std::process::Command::new("pg_dump")
            .args(["--format=custom", "--no-owner", "--file"])
            .arg(&dump)
            .arg(url)
            .status()
            .context("cannot run pg_dump: install the PostgreSQL client (Debian: postgresql-client)")?;
        if !status.success() {
            bail!("pg_dump failed ({status})");
        }
        sync_file(&dump)?;
        // Read after the dump: every object it names is among these.
        let db = crate::db::connect(url).await?;
        let keys = stored_files(&db).await?;
        db.close().await.ok();
        ("postgres", keys)
    };
    let mut keys: Vec<String> = keys.into_iter().collect();
    keys.sort();
    let bar = bar(keys.len() as u64, progress, "files");
    let mut bytes = 0;
    for key in &keys {
        let path = dir.join("media").join(key);
        std::fs::create_dir_all(path.parent().expect("a key has a folder"))?;
        storage.fetch_to(key, &path).await.with_context(|| format!("cannot copy {key}"))?;
        sync_file(&path)?;
        bytes += std::fs::metadata(&path)?.len();
        bar.inc(1);
    }
    bar.finish_and_clear();
    let manifest = Manifest {
        format: 1,
        created_at: chrono::Utc::now(),
        database: kind.into(),
        objects: keys.len() as u64,
        bytes,
    };
    let temp = dir.join(format!("{MANIFEST}.part"));
    std::fs::write(&temp, serde_json::to_vec_pretty(&manifest)?)?;
    crate::storage::durable_rename(&temp, &dir.join(MANIFEST))?;
    Ok(manifest)
}

/// Restores a backup from `dir` into an empty database at `url` (for
/// SQLite: a file that does not exist yet) and into `storage`.
pub async fn restore(url: &str, storage: &Storage, dir: &Path, progress: bool) -> anyhow::Result<Manifest> {
    for name in [MANIFEST, SQLITE_FILE, POSTGRES_FILE, "media"] {
        if std::fs::symlink_metadata(dir.join(name)).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!("{name} in {} is a link: this is not a backup Batayon wrote", dir.display());
        }
    }
    // Every file is looked at before anything is restored.
    let media = dir.join("media");
    let files = files_under(&media)?;
    let manifest: Manifest = serde_json::from_slice(
        &std::fs::read(dir.join(MANIFEST)).with_context(|| format!("{} holds no finished backup", dir.display()))?,
    )?;
    match (manifest.database.as_str(), is_sqlite(url)) {
        ("sqlite", true) => {
            let target = sqlite_path(url)?;
            if target.exists() {
                bail!("{} already exists: restore into an empty data folder", target.display());
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let temp = target.with_extension("restoring");
            std::fs::copy(dir.join(SQLITE_FILE), &temp)?;
            crate::storage::durable_rename(&temp, &target)?;
        }
        ("postgres", false) => {
            let db = crate::db::connect(url).await?;
            if crate::db::has_tables(&db).await? {
                bail!("the database already has tables: restore into an empty database");
            }
            db.close().await.ok();
            let status = std::process::Command::new("pg_restore")
                .args(["--no-owner", "--exit-on-error", "--dbname"])
                .arg(url)
                .arg(dir.join(POSTGRES_FILE))
                .status()
                .context("cannot run pg_restore: install the PostgreSQL client (Debian: postgresql-client)")?;
            if !status.success() {
                bail!("pg_restore failed ({status})");
            }
        }
        (kind, _) => bail!("this is a {kind} backup: restore it into a {kind} database"),
    }
    // A backup made by an older version gets this version's migrations.
    let db = crate::db::connect(url).await?;
    crate::db::migrate(&db).await?;
    db.close().await.ok();

    let bar = bar(files.len() as u64, progress, "files");
    for path in &files {
        let key = path.strip_prefix(&media)?.to_str().context("file name is not UTF-8")?.replace('\\', "/");
        storage.put_file(&key, path).await.with_context(|| format!("cannot restore {key}"))?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(manifest)
}

/// Every file the database points to, asked of each feature that stores
/// files: media (contents' blobs and their renditions, post pictures) and
/// practice (journal photos and voice notes). A feature that starts keeping
/// files must be named here; the backup test checks each kind.
async fn stored_files(db: &sea_orm::DatabaseConnection) -> anyhow::Result<std::collections::HashSet<String>> {
    let mut keys = crate::media::store::all_storage_keys(db).await?;
    keys.extend(crate::practice::store::storage_keys(db).await?);
    Ok(keys)
}

fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" {
        bail!("cannot restore into {url}");
    }
    Ok(PathBuf::from(path))
}

fn files_under(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            // A backup we wrote holds folders and plain files only; a link
            // would make restore read whatever it points to (keys, /etc).
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                out.push(entry.path());
            } else {
                bail!("{} is not a plain file: this is not a backup Batayon wrote", entry.path().display());
            }
        }
    }
    out.sort();
    Ok(out)
}

fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::File::open(path)?.sync_all()
}

fn bar(total: u64, visible: bool, what: &str) -> indicatif::ProgressBar {
    if !visible {
        return indicatif::ProgressBar::hidden();
    }
    let bar = crate::importing::progress(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!("{{bar:40}} {{pos}}/{{len}} {what} ({{eta}} left)"))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}
