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

/// Signs up and logs in through the real server; the bearer token.
async fn teacher_token(port: u16, phone: &str) -> String {
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let r = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"name": "দূরের শিক্ষক", "phone": phone, "password": "shikkhok123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let r = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"login": phone, "password": "shikkhok123"}))
        .send()
        .await
        .unwrap();
    r.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_owned()
}

/// The resident memory of a process, in bytes.
pub fn rss_of(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb = status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next());
    kb.and_then(|k| k.parse::<u64>().ok()).unwrap_or(0) * 1024
}

/// The byte at `i` of the test upload: a pattern that shows misplaced pieces.
fn pattern(i: u64) -> u8 {
    (i % 251) as u8
}

#[tokio::test]
async fn a_kill_9_during_a_tus_patch_loses_at_most_the_last_8_mb() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let (database_url, db) = crate::app::fresh_database(dir.path(), crate::app::postgres_admin_url().is_some()).await;
    db.close().await.ok();
    let port = free_port();
    let server = start(dir.path(), &database_url, port).await;
    let token = teacher_token(port, "01741414141").await;
    let client = reqwest::Client::new();
    let length: u64 = 64 * 1024 * 1024;
    let r = client
        .post(format!("http://127.0.0.1:{port}/api/v1/uploads"))
        .bearer_auth(&token)
        .header("tus-resumable", "1.0.0")
        .header("upload-length", length.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let location = r.headers()["location"].to_str().unwrap().to_owned();

    // One PATCH for the whole file; 40 MB go out, then the server is killed.
    let mut socket = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let head = format!(
        "PATCH {location} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nTus-Resumable: 1.0.0\r\n\
         Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: {length}\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let sent: u64 = 40 * 1024 * 1024;
    for i in 0..sent / (1024 * 1024) {
        let start = i * 1024 * 1024;
        let bytes: Vec<u8> = (start..start + 1024 * 1024).map(pattern).collect();
        socket.write_all(&bytes).await.unwrap();
    }
    // Let the server read what the socket holds, then kill it mid-PATCH.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    drop(server);
    let mut rest = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(2), socket.read_to_end(&mut rest)).await;

    let port = free_port();
    let _server = start(dir.path(), &database_url, port).await;
    let r = client
        .head(format!("http://127.0.0.1:{port}{location}"))
        .bearer_auth(&token)
        .header("tus-resumable", "1.0.0")
        .send()
        .await
        .unwrap();
    let offset: u64 = r.headers()["upload-offset"].to_str().unwrap().parse().unwrap();
    eprintln!("tus after kill -9: {} MB sent, {} MB kept", sent >> 20, offset >> 20);
    assert!(offset >= sent - 8 * 1024 * 1024 - 1024 * 1024, "kept {offset} of {sent} bytes");
    assert!(offset <= sent);

    // Resume from there to the end: the file is whole and in order.
    let rest: Vec<u8> = (offset..length).map(pattern).collect();
    let r = client
        .patch(format!("http://127.0.0.1:{port}{location}"))
        .bearer_auth(&token)
        .header("tus-resumable", "1.0.0")
        .header("upload-offset", offset.to_string())
        .header("content-type", "application/offset+octet-stream")
        .body(rest)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(r.headers()["upload-offset"].to_str().unwrap(), length.to_string());
    let id = location.rsplit('/').next().unwrap();
    let stored = std::fs::read(dir.path().join("uploads").join("tus").join(id)).unwrap();
    assert_eq!(stored.len() as u64, length);
    assert!(stored.iter().enumerate().all(|(i, b)| *b == pattern(i as u64)), "every byte where it belongs");
}

#[tokio::test]
async fn four_concurrent_1_gb_bodies_leave_memory_near_idle() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let (database_url, db) = crate::app::fresh_database(dir.path(), crate::app::postgres_admin_url().is_some()).await;
    db.close().await.ok();
    let port = free_port();
    let server = start(dir.path(), &database_url, port).await;
    let token = teacher_token(port, "01742424242").await;
    let pid = server.0.id();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle = rss_of(pid);

    // Two JSON bodies and two multipart text fields, chunked, 1 GB each.
    let send = |multipart: bool| {
        let token = token.clone();
        async move {
            let mut socket = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
            let content_type = if multipart { "multipart/form-data; boundary=b" } else { "application/json" };
            let head = format!(
                "POST /api/v1/contents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
                 Content-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
            );
            socket.write_all(head.as_bytes()).await.unwrap();
            let first: &[u8] = if multipart {
                b"--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
            } else {
                b"{\"title\": \""
            };
            let mut chunk = format!("{:x}\r\n", first.len()).into_bytes();
            chunk.extend_from_slice(first);
            chunk.extend_from_slice(b"\r\n");
            socket.write_all(&chunk).await.unwrap();
            let body = vec![b'a'; 1024 * 1024];
            let mut frame = format!("{:x}\r\n", body.len()).into_bytes();
            frame.extend_from_slice(&body);
            frame.extend_from_slice(b"\r\n");
            let mut written = 0u64;
            while written < 1024 * 1024 * 1024 {
                if socket.write_all(&frame).await.is_err() {
                    break;
                }
                written += body.len() as u64;
            }
            let mut answer = Vec::new();
            let _ = tokio::time::timeout(Duration::from_secs(5), socket.read_to_end(&mut answer)).await;
            (written, String::from_utf8_lossy(&answer).lines().next().unwrap_or("").to_owned())
        }
    };
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(idle));
    let watching = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                peak.fetch_max(rss_of(pid), std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let answers = futures_util::future::join_all([send(false), send(true), send(false), send(true)]).await;
    watching.abort();
    let peak = peak.load(std::sync::atomic::Ordering::Relaxed);
    eprintln!(
        "4 × 1 GB bodies: idle RSS {} MB, peak {} MB (+{} MB); sent before refusal: {:?}",
        idle >> 20,
        peak >> 20,
        peak.saturating_sub(idle) >> 20,
        answers.iter().map(|(w, _)| w >> 20).collect::<Vec<_>>()
    );
    for (_, status) in &answers {
        assert!(status.contains("413"), "refused as too large: {status:?}");
    }
    assert!(peak.saturating_sub(idle) <= 20 * 1024 * 1024, "RSS grew by {} bytes", peak - idle);
}
