//! `batayon-load`, the load client of the national cluster, against the
//! real server with the demo's data (SQLite, or PostgreSQL with
//! BATAYON_TEST_POSTGRES): a few seconds of the demo teachers' journeys
//! end with no failed request, every acknowledged write read back and
//! every session kept; and the client says so when that is not true: a
//! comment gone after it was acknowledged is "lost 1", sessions ended
//! mid-run are counted, and a server killed mid-run (the mark file
//! touched) leaves failures after the balancer's grace.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use sea_orm::ConnectionTrait;
use serde_json::Value;

use crate::durability::{Server, free_port};

/// The demo's teachers as `phone,password` lines (demo/mod.rs: the first
/// has a fixed number, teacher n the phone `+88017` and 10,000,000 + 7919 n).
fn demo_accounts(dir: &Path) -> PathBuf {
    let mut lines = vec!["+8801700000002,batayon-demo".to_owned()];
    lines.extend((1..80).map(|n| format!("+88017{:08},batayon-demo", 10_000_000 + n * 7919)));
    let path = dir.join("accounts.csv");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

struct Portal {
    server: Server,
    port: u16,
    database_url: String,
    dir: tempfile::TempDir,
}

/// `batayon serve --demo` over a fresh database, once it answers.
async fn demo_portal() -> Portal {
    let dir = tempfile::tempdir().unwrap();
    let (database_url, db) = crate::app::fresh_database(dir.path(), crate::app::postgres_admin_url().is_some()).await;
    db.close().await.ok();
    let port = free_port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_batayon"))
        .args(["serve", "--demo", "--addr", &format!("127.0.0.1:{port}"), "--data"])
        .arg(dir.path())
        .args(["--database-url", &database_url])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the batayon binary starts");
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(240);
    let client = reqwest::Client::new();
    while Instant::now() < deadline {
        if let Ok(r) = client.get(format!("http://127.0.0.1:{port}/healthz")).send().await
            && r.status().is_success()
        {
            return Portal { server, port, database_url, dir };
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the demo portal did not become healthy");
}

struct Run {
    code: i32,
    stdout: String,
    report: Value,
}

impl Portal {
    fn json(&self, name: &str) -> PathBuf {
        self.dir.path().join(format!("{name}.json"))
    }

    /// Starts the load client with eight of the demo's teachers, small and quick.
    fn start_load(&self, name: &str, extra: &[&str]) -> tokio::process::Child {
        tokio::process::Command::new(env!("CARGO_BIN_EXE_batayon-load"))
            .args(["--base-url", &format!("http://127.0.0.1:{}", self.port), "--accounts"])
            .arg(demo_accounts(self.dir.path()))
            .args(["--count", "8", "--concurrency", "4", "--write-share", "0.3", "--discover-chapters", "10", "--json"])
            .arg(self.json(name))
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("the batayon-load binary starts")
    }

    async fn finish(&self, name: &str, child: tokio::process::Child) -> Run {
        let out = tokio::time::timeout(Duration::from_secs(240), child.wait_with_output())
            .await
            .expect("the load client finishes")
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let report = std::fs::read(self.json(name)).ok().and_then(|b| serde_json::from_slice(&b).ok());
        let report = report.unwrap_or_else(|| panic!("no report from {name}:\n{stdout}\n{stderr}"));
        Run { code: out.status.code().unwrap_or(-1), stdout, report }
    }

    async fn load(&self, name: &str, extra: &[&str]) -> Run {
        let child = self.start_load(name, extra);
        self.finish(name, child).await
    }

    /// Runs a statement on the portal's database; the rows it changed.
    async fn sql(&self, statement: &str) -> u64 {
        let db = batayon::db::connect(&self.database_url).await.unwrap();
        let changed = db.execute_unprepared(statement).await.unwrap().rows_affected();
        db.close().await.ok();
        changed
    }
}

fn number(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// A calm run: every step taken, nothing failed, lost or signed out.
fn assert_calm(run: &Run) {
    let r = &run.report;
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(number(&r["total"]["errors"]), 0, "{}", run.stdout);
    assert!(r["lost_sessions"].as_array().unwrap().is_empty());
    let steps: Vec<&str> = r["steps"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap()).collect();
    for step in ["sign in (POST)", "home /", "chapter", "content", "search", "quiz attempt (POST)", "comment (POST)"] {
        assert!(steps.contains(&step), "no {step} in {steps:?}");
    }
    assert!(steps.contains(&"practice log (POST)"), "no practice log in {steps:?}");
    let w = &r["writes"];
    let acknowledged = number(&w["acknowledged"]);
    assert!(acknowledged > 0);
    assert_eq!(number(&w["found"]), acknowledged);
    for kind in ["comment", "practice try", "quiz attempt"] {
        assert!(number(&w["by_kind"][kind]["found"]) > 0, "no {kind} read back: {}", run.stdout);
    }
    let line = format!("writes acknowledged {acknowledged}, found {acknowledged}, lost 0");
    assert!(run.stdout.contains(&line), "{}", run.stdout);
    assert!(run.stdout.contains("sessions lost: 0"));
}

#[tokio::test]
async fn journeys_lose_nothing_and_the_client_notices_what_is_lost() {
    let portal = demo_portal().await;
    let calm = portal.load("calm", &["--seconds", "4"]).await;
    assert_calm(&calm);

    // A comment gone after the portal acknowledged it is a lost write.
    let acknowledged = calm.report["acknowledged"].as_array().unwrap();
    let comment = acknowledged.iter().find(|w| w["kind"] == "comment").expect("a comment was written");
    let id = number(&comment["comment_id"]);
    let changed = portal.sql(&format!("UPDATE comments SET deleted_at = created_at WHERE id = {id}")).await;
    assert_eq!(changed, 1, "comment {id} soft-deleted");
    let calm_json = portal.json("calm");
    let again = portal.load("again", &["--verify", calm_json.to_str().unwrap()]).await;
    assert_eq!(again.code, 1, "{}", again.stdout);
    let n = acknowledged.len();
    assert!(again.stdout.contains(&format!("writes acknowledged {n}, found {}, lost 1", n - 1)), "{}", again.stdout);

    // Sessions ended while teachers browse are sessions lost.
    let child = portal.start_load("signed-out", &["--seconds", "4"]);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(portal.sql("DELETE FROM sessions").await > 0);
    let run = portal.finish("signed-out", child).await;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let lost = run.report["lost_sessions"].as_array().unwrap().len();
    assert!(lost > 0, "{}", run.stdout);
    assert!(run.stdout.contains(&format!("sessions lost: {lost}")));
}

#[tokio::test]
async fn a_server_killed_mid_run_leaves_failures_after_the_grace() {
    let mut portal = demo_portal().await;
    let mark = portal.dir.path().join("killed");
    let mark_arg = mark.to_str().unwrap().to_owned();
    let args = ["--seconds", "5", "--mark-file", &mark_arg, "--grace-ms", "500", "--read-back-seconds", "2"];
    let child = portal.start_load("killed", &args);
    tokio::time::sleep(Duration::from_secs(2)).await;
    // As a caller does: the mark first, then the kill.
    std::fs::write(&mark, b"").unwrap();
    portal.server.0.kill().unwrap();
    portal.server.0.wait().unwrap();
    let run = portal.finish("killed", child).await;
    assert_eq!(run.code, 1, "{}", run.stdout);
    let kill = &run.report["kill"];
    assert!((500..5_000).contains(&number(&kill["at_ms"])), "{kill}");
    assert_eq!(number(&kill["failed_before"]), 0, "{}", run.stdout);
    let after = number(&kill["failed_after_noticed"]);
    assert!(after > 0, "{}", run.stdout);
    assert!(run.stdout.contains(&format!("failed after the balancer noticed: {after}")));
    assert!(number(&run.report["total"]["errors_by_kind"]["connection"]) > 0, "{}", run.stdout);
    assert!(run.report["failures"].as_array().unwrap().iter().all(|f| number(&f["unix_ms"]) > 0));
}
