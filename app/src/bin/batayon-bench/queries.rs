//! Statements one page costs, counted through the real router in this
//! process: first with nothing kept (no session, no page parts, the
//! curriculum in memory as after start-up), then again, warm.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tower::ServiceExt;

/// (cold, warm) statements for each `(path, cookie)`, in order.
pub async fn count(data: &std::path::Path, pages: &[(String, Option<String>)]) -> anyhow::Result<Vec<(usize, usize)>> {
    let mut counts = Vec::new();
    for (i, (path, cookie)) in pages.iter().enumerate() {
        // Each page its own copy of the index and keys: an app state lives on
        // in its background tasks, and the index has one writer.
        let own = data.join("counting").join(i.to_string());
        for dir in ["index", "keys"] {
            copy_dir(&data.join(dir), &own.join(dir))?;
        }
        counts.push(one(data, &own, path, cookie.as_deref()).await?);
    }
    Ok(counts)
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    if !from.exists() {
        return Ok(());
    }
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_file() && !entry.file_name().to_string_lossy().contains("lock") {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

async fn one(
    data: &std::path::Path,
    own: &std::path::Path,
    path: &str,
    cookie: Option<&str>,
) -> anyhow::Result<(usize, usize)> {
    let mut db = batayon::db::connect(&batayon::config::sqlite_url(&data.join("batayon.db"))).await?;
    let count = Arc::new(AtomicUsize::new(0));
    let counting = count.clone();
    // BENCH_SHOW_SQL=1 prints each statement (to see what a page asks).
    let show = std::env::var_os("BENCH_SHOW_SQL").is_some();
    db.set_metric_callback(move |info| {
        counting.fetch_add(1, Ordering::SeqCst);
        if show {
            let sql = info.statement.sql.replace('\n', " ");
            println!("    {:.2} ms  {}", info.elapsed.as_secs_f64() * 1000.0, &sql[..sql.len().min(160)]);
        }
    });
    let storage = batayon::storage::Storage::local(&data.join("media"))?;
    let state = batayon::AppState::new(db, batayon::Config::for_tests(&own.join("uploads")), storage);
    batayon::curriculum::memory::current(&state).await?;
    batayon::search::engine::of(&state).await?;
    let router = batayon::site::build(state.clone());
    let mut counts = [0; 2];
    for round in &mut counts {
        count.store(0, Ordering::SeqCst);
        let mut request = axum::http::Request::builder().uri(path);
        if let Some(c) = cookie {
            request = request.header("cookie", c);
        }
        let response = router.clone().oneshot(request.body(axum::body::Body::empty())?).await?;
        anyhow::ensure!(response.status().is_success(), "{path} answered {}", response.status());
        *round = count.load(Ordering::SeqCst);
        if show {
            println!("  ^ {path} ({} statements)", *round);
        }
    }
    state.db.clone().close().await?;
    Ok((counts[0], counts[1]))
}
