//! Follows, the personal feed, @mentions and the daily e-mail digest,
//! delivered to a real SMTP server (Python's aiosmtpd, which the test
//! script installs; `BATAYON_TEST_PYTHON` names the interpreter that has it).

use std::net::TcpStream;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use base64::Engine;
use serde_json::json;

use crate::app::TestApp;

async fn ask(app: &TestApp, token: &str, title: &str, tags: &[&str]) -> i64 {
    let body = json!({"title": title, "body": "ক্লাসে এটা নিয়ে সমস্যায় পড়েছি, কেউ কি সমাধান জানেন?", "tags": tags});
    let r = app.api(Method::POST, "/api/v1/questions", Some(body), Some(token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_i64().unwrap()
}

async fn follow(app: &TestApp, token: &str, kind: &str, key: &str, on: bool) -> crate::app::Reply {
    let change = json!({"kind": kind, "key": key, "following": on});
    app.api(Method::PUT, "/api/v1/me/follows", Some(change), Some(token)).await
}

#[tokio::test]
async fn the_feed_shows_what_one_follows_and_not_ones_own() {
    let app = TestApp::new().await;
    let (reader, reader_token) = app.teacher("পাঠক", "01710000601").await;
    let (colleague, colleague_token) = app.teacher("সহকর্মী", "01710000602").await;
    let (_, stranger_token) = app.teacher("অচেনা", "01710000603").await;
    assert_eq!(follow(&app, &reader_token, "teacher", &colleague.to_string(), true).await.status, StatusCode::OK);
    let r = follow(&app, &reader_token, "tag", "#প্রজেক্টর", true).await;
    assert_eq!(r.json()["key"], "প্রজেক্টর", "a tag is followed in its stored form");
    assert_eq!(follow(&app, &reader_token, "teacher", &reader.to_string(), true).await.status, StatusCode::FORBIDDEN);
    assert_eq!(follow(&app, &reader_token, "teacher", "999999", true).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    let by_colleague = ask(&app, &colleague_token, "বোর্ডে লেখা পেছনের বেঞ্চ থেকে দেখা যায় না", &[]).await;
    let tagged = ask(&app, &stranger_token, "প্রজেক্টরের আলো খুব কম কেন", &["প্রজেক্টর"]).await;
    let unrelated = ask(&app, &stranger_token, "খেলার মাঠে শিশুদের নিরাপত্তা কীভাবে দেখব", &["খেলা"]).await;
    ask(&app, &reader_token, "আমার নিজের প্রশ্ন, ফিডে আসবে না", &["প্রজেক্টর"]).await;

    let feed = app.api(Method::GET, "/api/v1/me/feed", None, Some(&reader_token)).await.json();
    let links: Vec<&str> = feed.as_array().unwrap().iter().map(|i| i["link"].as_str().unwrap()).collect();
    assert_eq!(links, [format!("/questions/{tagged}"), format!("/questions/{by_colleague}")], "{feed}");
    assert!(!links.contains(&format!("/questions/{unrelated}").as_str()));

    // The home page shows it; stopping a follow takes it out.
    let mut b = app.browser();
    b.submit("/login", &[("login", "01710000601"), ("password", "shikkhok123")]).await;
    assert!(b.get("/").await.text().contains(&format!("/questions/{by_colleague}")));
    follow(&app, &reader_token, "teacher", &colleague.to_string(), false).await;
    let feed = app.api(Method::GET, "/api/v1/me/feed", None, Some(&reader_token)).await.json();
    assert_eq!(feed.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn mentions_tell_the_teachers_of_the_thread() {
    let app = TestApp::new().await;
    let (_, asker) = app.teacher("রুমানা আক্তার", "01710000611").await;
    let (_, helper) = app.teacher("সাইফুল ইসলাম", "01710000612").await;
    let q = ask(&app, &asker, "অনলাইন ক্লাসে শিশুরা মাইক বন্ধ রাখে না", &[]).await;
    let body = json!({"body": "সবাইকে শুরুতেই মিউট করে দিন। @রুমানা আপা, জুমে এটা সেটিংসে আছে।"});
    let r = app.api(Method::POST, &format!("/api/v1/questions/{q}/answers"), Some(body), Some(&helper)).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let n = app.api(Method::GET, "/api/v1/notifications", None, Some(&asker)).await.json();
    let kinds: Vec<&str> =
        n["items"].as_array().map(|a| a.iter().filter_map(|i| i["kind"].as_str()).collect()).unwrap_or_default();
    assert!(kinds.contains(&"notify-mention") || n.to_string().contains("notify-mention"), "{n}");
}

/// aiosmtpd writing every message it receives into a Maildir.
struct MailServer {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl MailServer {
    fn start() -> MailServer {
        let python = std::env::var("BATAYON_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("mail");
        let child = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start aiosmtpd with {python} ({e}); run scripts/test, which installs it")
            });
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "aiosmtpd did not start (is it installed for {python}?)"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        MailServer { child, port, dir }
    }

    /// Every message received, headers and decoded body.
    fn messages(&self) -> Vec<String> {
        let new = self.dir.path().join("mail").join("new");
        let Ok(entries) = std::fs::read_dir(new) else { return Vec::new() };
        entries
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .map(|raw| {
                let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
                let body = if head.to_lowercase().contains("content-transfer-encoding: base64") {
                    let joined: String = body.lines().collect();
                    String::from_utf8(base64::engine::general_purpose::STANDARD.decode(joined.trim()).unwrap()).unwrap()
                } else {
                    body.to_owned()
                };
                format!("{head}\n\n{body}")
            })
            .collect()
    }
}

impl Drop for MailServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn the_daily_digest_reaches_a_real_smtp_server_once_a_day() {
    let mail = MailServer::start();
    let app = TestApp::configured(|c| c.senders.smtp_url = Some(format!("smtp://127.0.0.1:{}", mail.port))).await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/auth/register",
            Some(json!({"name": "ডাইজেস্ট পাঠিকা", "email": "reader@school.example.bd", "password": "shikkhok123"})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let token = app
        .api(
            Method::POST,
            "/api/v1/auth/login",
            Some(json!({"login": "reader@school.example.bd", "password": "shikkhok123"})),
            None,
        )
        .await
        .json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (colleague, colleague_token) = app.teacher("সহকর্মী", "01710000621").await;
    follow(&app, &token, "teacher", &colleague.to_string(), true).await;
    let r = app.api(Method::PUT, "/api/v1/me/digest", Some(json!({"subscribed": true})), Some(&token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // A phone-only account cannot subscribe: there is nowhere to send it.
    let r = app.api(Method::PUT, "/api/v1/me/digest", Some(json!({"subscribed": true})), Some(&colleague_token)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    let q = ask(&app, &colleague_token, "পরীক্ষার খাতা দেখার সময় কীভাবে বাঁচাব", &[]).await;
    assert_eq!(batayon::feed::digest::send_due(&app.state).await.unwrap(), 1);
    assert_eq!(batayon::feed::digest::send_due(&app.state).await.unwrap(), 0, "once a day");
    let got = mail.messages();
    assert_eq!(got.len(), 1, "one e-mail reached the SMTP server");
    assert!(got[0].contains("reader@school.example.bd"));
    assert!(got[0].contains(&format!("/questions/{q}")) && got[0].contains("পরীক্ষার খাতা দেখার সময়"), "{}", got[0]);
}
