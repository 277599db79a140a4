//! The page benchmark of DESIGN §4. Fills a fresh SQLite database with
//! 100,000 contents, starts the real `batayon serve`, and loads a content
//! page and a chapter page with `wrk` at 64 connections, beside nginx
//! serving the very same HTML as static files on the same machine. Prints
//! requests/s, p50/p99 latency, the ratio to nginx, start-up time and the
//! server's memory once idle.
//!
//!     cargo run --release --bin batayon-bench   (needs Debian's wrk and nginx)
//!
//! BENCH_CONTENTS (default 100000), BENCH_SECONDS (default 10) and
//! BENCH_CONNECTIONS (default 64) change the run.

use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use batayon::accounts::entity::user;
use batayon::content::entity::content;
use batayon::media::entity::blob;
use chrono::Utc;
use sea_orm::{ActiveValue::NotSet, EntityTrait, Set, TransactionTrait};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Teachers, files and contents straight into the database, in batches.
async fn fill(db: &sea_orm::DatabaseConnection, contents: u64) -> anyhow::Result<(i64, i64)> {
    fill_people_and_files(db).await?;
    let chapters = fill_contents(db, contents).await?;
    let sample = (contents / 2) as i64;
    community(db).await?;
    let cookie = batayon::accounts::model::SessionKind::Cookie;
    let token = batayon::accounts::store::create_session(db, batayon::accounts::model::UserId(1), cookie).await?;
    SESSION.set(token).ok();
    let chapter = chapters[(contents / 2) as usize % chapters.len()];
    Ok((sample, chapter.0))
}

/// Fifty verified authors and a thousand stored PDFs.
async fn fill_people_and_files(db: &sea_orm::DatabaseConnection) -> anyhow::Result<()> {
    let now = Utc::now();
    let hash = batayon::accounts::password::hash_now("bench-password").map_err(|e| anyhow::anyhow!("{e}"))?;
    let authors: Vec<user::ActiveModel> = (0..50)
        .map(|i| user::ActiveModel {
            id: NotSet,
            name: Set(format!("শিক্ষক {i}")),
            name_key: Set(format!("শিক্ষক {i}")),
            phone: Set(Some(format!("+88017{:08}", 20_000_000 + i))),
            email: Set(None),
            password_hash: Set(hash.clone()),
            role: Set(batayon::web::Role::Teacher),
            lang: Set("bn".into()),
            designation: Set(Some("সহকারী শিক্ষক".into())),
            institution_id: Set(None),
            district_id: Set(None),
            upazila_id: Set(None),
            level_code: Set(Some("primary".into())),
            bio: Set(None),
            photo_id: Set(None),
            verification: Set(batayon::accounts::model::Verification::Verified),
            verification_note: Set(None),
            verified_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect();
    user::Entity::insert_many(authors).exec_without_returning(db).await?;
    let blobs: Vec<blob::ActiveModel> = (0..1000)
        .map(|i| blob::ActiveModel {
            id: NotSet,
            sha256: Set(format!("{i:064x}")),
            size_bytes: Set(200_000 + i * 1000),
            mime: Set("application/pdf".into()),
            kind: Set(batayon::media::MediaKind::Pdf),
            storage_key: Set(format!("blobs/bench/{i}.pdf")),
            duration_secs: Set(None),
            page_count: Set(Some(4)),
            created_at: Set(now),
        })
        .collect();
    blob::Entity::insert_many(blobs).exec_without_returning(db).await?;
    Ok(())
}

/// `contents` worksheets spread over every chapter; the chapters.
async fn fill_contents(
    db: &sea_orm::DatabaseConnection,
    contents: u64,
) -> anyhow::Result<Vec<batayon::ids::ChapterId>> {
    let now = Utc::now();
    let chapters: Vec<batayon::ids::ChapterId> = batayon::curriculum::store::tree(db)
        .await?
        .iter()
        .flat_map(|l| &l.classes)
        .flat_map(|c| &c.subjects)
        .flat_map(|s| s.chapters.iter().map(|c| c.id))
        .collect();
    let mut done = 0u64;
    while done < contents {
        let txn = db.begin().await?;
        let batch: Vec<content::ActiveModel> = (done..(done + 1000).min(contents))
            .map(|n| {
                let title = format!("অধ্যায়ের কার্যপত্র নম্বর {n}");
                content::ActiveModel {
                    id: NotSet,
                    author_id: Set(batayon::ids::UserId(1 + (n % 50) as i64)),
                    chapter_id: Set(chapters[n as usize % chapters.len()]),
                    title_key: Set(bangla::search_key(&title)),
                    title: Set(title),
                    description: Set("দলে বসে করার কার্যপত্র; শেষে তিনটি প্রশ্ন আছে।".into()),
                    language: Set("bn".into()),
                    licence: Set("CC-BY-4.0".into()),
                    kind: Set(batayon::media::MediaKind::Pdf),
                    blob_id: Set(Some(batayon::ids::BlobId(1 + (n % 1000) as i64))),
                    external_url: Set(None),
                    original_name: Set(Some("worksheet.pdf".into())),
                    hidden: Set(false),
                    deleted_at: Set(None),
                    views: Set((n % 977) as i64),
                    downloads: Set((n % 311) as i64),
                    rating_sum: Set((n % 5 * 4) as i64),
                    rating_count: Set((n % 5) as i64),
                    created_at: Set(now - chrono::Duration::seconds(n as i64)),
                    updated_at: Set(now),
                }
            })
            .collect();
        content::Entity::insert_many(batch).exec_without_returning(&txn).await?;
        txn.commit().await?;
        done = (done + 1000).min(contents);
    }
    Ok(chapters)
}

/// A question with six answers and comments, a published post and an
/// idea, as the community pages are measured on (ids 1 each).
async fn community(db: &sea_orm::DatabaseConnection) -> anyhow::Result<()> {
    use batayon::ideas::store as ideas;
    use batayon::ids::UserId;
    use batayon::posts::store as posts;
    use batayon::questions::store::questions;
    let body = "ল্যাপটপ থেকে প্রজেক্টরে ছবি আসে না। HDMI তার বদলে দেখেছি, **Windows + P** চেপেছি, তবুও নীল পর্দা।\n\n- প্রজেক্টর: পুরনো মডেল\n- ল্যাপটপ: সরকারি বিতরণের";
    let q = questions::insert(
        db,
        questions::NewQuestion {
            author: UserId(2),
            title: "ল্যাপটপ থেকে প্রজেক্টরে ছবি আসছে না, কী করব?",
            body,
            subject_id: None,
            chapter_id: None,
            class_number: Some(4),
            tags: &["প্রজেক্টর".to_owned(), "আইসিটি".to_owned()],
        },
    )
    .await?;
    for i in 0..6 {
        let a = questions::insert_answer(
            db,
            q.id,
            UserId(3 + i),
            &format!("{body}\n\nউত্তর {i}: প্রজেক্টরের রিমোটে *Source* চেপে HDMI বেছে নিন।"),
        )
        .await?;
        batayon::discussion::store::insert(db, a.id.into(), UserId(2), "ধন্যবাদ, চেষ্টা করে দেখছি।").await?;
    }
    let text = posts::PostText {
        title: "বর্ষার দিনে অর্ধেক ক্লাস, পুরো আনন্দ",
        body,
        category: batayon::posts::PostCategory::ClassroomStories,
        tags: &[],
    };
    let p = posts::insert(db, UserId(4), text).await?;
    posts::publish(db, p.id).await?;
    let idea = ideas::NewIdea {
        author: UserId(5),
        kind: batayon::ideas::IdeaKind::Suggestion,
        title: "বর্ষায় চরের শিক্ষকদের প্রশিক্ষণ অনলাইনে হোক",
        body,
        scope: batayon::ideas::IdeaScope::National,
        district_id: None,
        upazila_id: None,
    };
    ideas::insert(db, idea).await?;
    Ok(())
}

/// A signed-in teacher's session, to measure pages as they are rendered
/// (signed-in pages are never served from the anonymous page cache).
static SESSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();

struct Load {
    requests_per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
}

/// Compressed size in KB, as the page budget counts it.
fn gzip_kb(bytes: &[u8]) -> f64 {
    use std::io::Write;
    let mut child = Command::new("gzip").arg("-9c").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("gzip");
    child.stdin.take().expect("stdin").write_all(bytes).expect("gzip input");
    let out = child.wait_with_output().expect("gzip output");
    out.stdout.len() as f64 / 1024.0
}

fn millis(text: &str) -> Option<f64> {
    let text = text.trim();
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (text, 1.0)
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}

fn wrk(url: &str, seconds: u64, connections: u64, cookie: Option<&str>) -> anyhow::Result<Load> {
    let mut command = Command::new("wrk");
    if let Some(c) = cookie {
        command.args(["-H", &format!("Cookie: {c}")]);
    }
    let out = command
        .args(["-t2", &format!("-c{connections}"), &format!("-d{seconds}s"), "--latency", url])
        .output()
        .map_err(|e| anyhow::anyhow!("cannot run wrk (apt-get install wrk): {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let field =
        |prefix: &str| text.lines().find_map(|l| l.trim().strip_prefix(prefix).map(str::trim).map(str::to_owned));
    let requests_per_second = field("Requests/sec:").and_then(|v| v.parse().ok()).unwrap_or(0.0);
    let p50_ms = field("50%").and_then(|v| millis(&v)).unwrap_or(f64::NAN);
    let p99_ms = field("99%").and_then(|v| millis(&v)).unwrap_or(f64::NAN);
    if text.contains("Non-2xx") {
        anyhow::bail!("{url} answered errors under load:\n{text}");
    }
    Ok(Load { requests_per_second, p50_ms, p99_ms })
}

fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Kills the child process when the benchmark ends, however it ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn run() -> anyhow::Result<()> {
    let contents = env_number("BENCH_CONTENTS", 100_000);
    let seconds = env_number("BENCH_SECONDS", 10);
    let connections = env_number("BENCH_CONNECTIONS", 64);
    let dir = tempfile::Builder::new().prefix("batayon-bench-").tempdir()?;
    let data = dir.path();
    let db = batayon::db::connect(&batayon::config::sqlite_url(&data.join("batayon.db"))).await?;
    batayon::db::migrate(&db).await?;
    let started = Instant::now();
    let (content_id, chapter_id) = fill(&db, contents).await?;
    println!("filled {contents} contents in {:.1} s", started.elapsed().as_secs_f64());
    db.close().await?;
    let (cold, warm) = queries_of_content_page(data, content_id).await?;

    let started = Instant::now();
    let (server, base) = start_server(data).await?;
    let startup = started.elapsed();
    let client = reqwest::Client::new();

    let pages = [
        ("content page", format!("/contents/{content_id}")),
        ("chapter page", format!("/curriculum/chapters/{chapter_id}")),
        ("question page", "/questions/1".to_owned()),
        ("post page", "/posts/1".to_owned()),
        ("idea page", "/ideas/1".to_owned()),
    ];
    let www = data.join("www");
    std::fs::create_dir_all(&www)?;
    println!("\npage weight, gzip -9 (budget: 30 KB with its CSS):");
    let css_href = client.get(format!("{base}/")).send().await?.text().await?;
    let css_href = css_href.split("rel=\"stylesheet\" href=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("");
    let css_bytes = client.get(format!("{base}{css_href}")).send().await?.bytes().await?;
    for (i, (name, path)) in pages.iter().enumerate() {
        let html = client.get(format!("{base}{path}")).send().await?.error_for_status()?.bytes().await?;
        std::fs::write(www.join(format!("page{i}.html")), &html)?;
        println!("  {name}: {:.1} KB + CSS {:.1} KB", gzip_kb(&html), gzip_kb(&css_bytes));
    }
    let (_nginx, nginx_port) = start_nginx(data, &www).await?;

    println!(
        "\n{contents} contents, SQLite, {connections} connections, {seconds} s per run, wrk and the server on the same machine\n"
    );
    println!("| page | Batayon req/s | p50 ms | p99 ms | nginx static req/s | ratio |");
    println!("|---|---|---|---|---|---|");
    let cookie = SESSION.get().map(|t| format!("batayon_session={t}"));
    for (i, (name, path)) in pages.iter().enumerate() {
        let theirs = wrk(&format!("http://127.0.0.1:{nginx_port}/page{i}.html"), seconds, connections, None)?;
        for (who, cookie) in [("anonymous", None), ("signed in", cookie.as_deref())] {
            let ours = wrk(&format!("{base}{path}"), seconds, connections, cookie)?;
            println!(
                "| {name}, {who} | {:.0} | {:.2} | {:.2} | {:.0} | {:.0} % |",
                ours.requests_per_second,
                ours.p50_ms,
                ours.p99_ms,
                theirs.requests_per_second,
                100.0 * ours.requests_per_second / theirs.requests_per_second.max(1.0)
            );
        }
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    println!(
        "\nqueries for a signed-in content page: {cold} with nothing kept (no session, no page parts; \
         the curriculum in memory as after start-up), {warm} when warm"
    );
    println!("start-up to /healthz 200: {} ms", startup.as_millis());
    println!("server memory, idle after the load: {:.0} MB RSS", rss_mb(server.0.id()));
    Ok(())
}

/// The release server on a free port over `data`, answering /healthz.
async fn start_server(data: &std::path::Path) -> anyhow::Result<(Child, String)> {
    let server_exe = std::env::current_exe()?.with_file_name("batayon");
    let port = free_port()?;
    let started = Instant::now();
    let server = Child(
        Command::new(&server_exe)
            .args([
                "serve",
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--data",
                data.to_str().unwrap_or("."),
                "--no-worker",
            ])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| anyhow::anyhow!("cannot start {}: {e} (build it with --release too)", server_exe.display()))?,
    );
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    loop {
        if client.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        anyhow::ensure!(started.elapsed() < Duration::from_secs(60), "the server did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok((server, base))
}

/// nginx serving the same pages as static files: what a page could cost at best.
async fn start_nginx(data: &std::path::Path, www: &std::path::Path) -> anyhow::Result<(Child, u16)> {
    let nginx_port = free_port()?;
    let conf = data.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "user root; worker_processes 2; daemon off; pid {dir}/nginx.pid; error_log {dir}/nginx-error.log;\n\
             events {{ worker_connections 4096; }}\n\
             http {{ access_log off; server {{ listen 127.0.0.1:{nginx_port}; root {www}; default_type text/html; }} }}\n",
            dir = data.display(),
            www = www.display()
        ),
    )?;
    let nginx = Child(
        Command::new("nginx")
            .args(["-c", conf.to_str().unwrap_or("nginx.conf"), "-p", data.to_str().unwrap_or(".")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| anyhow::anyhow!("cannot start nginx (apt-get install nginx-light): {e}"))?,
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    Ok((nginx, nginx_port))
}

/// Counts the statements one signed-in content page costs, through the
/// real router in this process: first with nothing kept, then again.
async fn queries_of_content_page(data: &std::path::Path, content_id: i64) -> anyhow::Result<(usize, usize)> {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tower::ServiceExt;
    let mut db = batayon::db::connect(&batayon::config::sqlite_url(&data.join("batayon.db"))).await?;
    let count = Arc::new(AtomicUsize::new(0));
    let counting = count.clone();
    db.set_metric_callback(move |_| {
        counting.fetch_add(1, Ordering::SeqCst);
    });
    let storage = batayon::storage::Storage::local(&data.join("media"))?;
    let state = batayon::AppState::new(db, batayon::Config::for_tests(&data.join("uploads")), storage);
    batayon::curriculum::memory::current(&state).await?;
    let router = batayon::site::build(state.clone());
    let cookie = format!("batayon_session={}", SESSION.get().map(String::as_str).unwrap_or(""));
    let mut counts = Vec::new();
    for _ in 0..2 {
        count.store(0, Ordering::SeqCst);
        let request = axum::http::Request::builder()
            .uri(format!("/contents/{content_id}"))
            .header("cookie", &cookie)
            .body(axum::body::Body::empty())?;
        let response = router.clone().oneshot(request).await?;
        anyhow::ensure!(response.status().is_success(), "content page answered {}", response.status());
        counts.push(count.load(Ordering::SeqCst));
    }
    state.db.clone().close().await?;
    Ok((counts[0], counts[1]))
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
