//! The real binary, killed with SIGKILL right after answering a sign-up,
//! loses nothing: the account works after a restart.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The server process; killed (SIGKILL) and reaped when dropped.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

pub async fn start(data: &std::path::Path, database_url: &str, port: u16) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_batayon"))
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--data",
            data.to_str().unwrap(),
            "--database-url",
            database_url,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the batayon binary starts");
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    let client = reqwest::Client::new();
    while Instant::now() < deadline {
        if let Ok(r) = client.get(format!("http://127.0.0.1:{port}/healthz")).send().await
            && r.status().is_success()
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not become healthy");
}

#[tokio::test]
async fn a_sign_up_survives_kill_9_right_after_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let (database_url, db) = crate::app::fresh_database(dir.path(), crate::app::postgres_admin_url().is_some()).await;
    db.close().await.ok();
    let port = free_port();
    let server = start(dir.path(), &database_url, port).await;
    let client = reqwest::Client::new();
    let r = client
        .post(format!("http://127.0.0.1:{port}/api/v1/auth/register"))
        .json(&json!({"name": "ঝড়ের রাতের শিক্ষক", "phone": "01731313131", "password": "shikkhok123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    drop(server); // SIGKILL: no shutdown, no flush

    let port = free_port();
    let _server = start(dir.path(), &database_url, port).await;
    let r = client
        .post(format!("http://127.0.0.1:{port}/api/v1/auth/login"))
        .json(&json!({"login": "01731313131", "password": "shikkhok123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "the account was committed before the answer");
}
