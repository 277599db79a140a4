use std::sync::{Arc, Mutex};

use axum::http::{Method, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::app::TestApp;

/// The six-digit code in the last SMS the log sender kept.
fn last_sms_code(app: &TestApp) -> String {
    let sent = app.state.senders.outbox();
    let text = &sent.last().expect("a message was sent").text;
    let ascii = bangla::to_ascii_digits(text);
    ascii.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).expect("a six-digit code").to_owned()
}

#[tokio::test]
async fn a_forgotten_password_is_reset_with_the_sms_code_once() {
    let app = TestApp::new().await;
    let (_, old_token) = app.teacher("তানজিলা", "01711112222").await;
    let mut phone = app.browser();
    let r = phone.submit("/password/forgot", &[("login", "01711112222")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("কোড বা লিংক পাঠানো হয়েছে"));
    let sent = app.state.senders.outbox();
    assert_eq!(sent.last().unwrap().to, "+8801711112222");
    let code = last_sms_code(&app);

    let r = phone
        .submit("/password/reset", &[("login", "01711112222"), ("code", &code), ("password", "notun-pass-1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), "/login?reset=1");

    assert_eq!(
        app.api(Method::GET, "/api/v1/me", None, Some(&old_token)).await.status,
        StatusCode::UNAUTHORIZED,
        "old sessions end"
    );
    let login = |password: &'static str| {
        app.api(Method::POST, "/api/v1/auth/login", Some(json!({"login": "01711112222", "password": password})), None)
    };
    assert_eq!(login("shikkhok123").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(login("notun-pass-1").await.status, StatusCode::OK);

    let again = phone
        .submit("/password/reset", &[("login", "01711112222"), ("code", &code), ("password", "another-pass")])
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "a used code cannot be replayed");
    assert!(again.text().contains("কোডটি ভুল, ব্যবহৃত বা মেয়াদোত্তীর্ণ"));
}

#[tokio::test]
async fn guessing_the_code_stops_after_five_tries() {
    let app = TestApp::new().await;
    app.teacher("সাইফুল", "01722223333").await;
    let r = app.api(Method::POST, "/api/v1/auth/password-reset", Some(json!({"login": "01722223333"})), None).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let code = last_sms_code(&app);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let r = app
            .api(
                Method::POST,
                "/api/v1/auth/password-reset/confirm",
                Some(json!({"login": "01722223333", "code": wrong, "password": "notun-pass-1"})),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["errors"][0]["field"], "code");
    }
    let r = app
        .api(
            Method::POST,
            "/api/v1/auth/password-reset/confirm",
            Some(json!({"login": "01722223333", "code": code, "password": "notun-pass-1"})),
            None,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the right code no longer works after five wrong ones: {}",
        r.text()
    );
}

#[tokio::test]
async fn an_unknown_account_gets_the_same_answer_and_no_message() {
    let app = TestApp::new().await;
    let r = app.api(Method::POST, "/api/v1/auth/password-reset", Some(json!({"login": "01799998888"})), None).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert!(app.state.senders.outbox().is_empty());
}

#[tokio::test]
async fn an_email_account_gets_a_link_that_opens_the_filled_in_form() {
    let app = TestApp::new().await;
    app.api(
        Method::POST,
        "/api/v1/auth/register",
        Some(json!({"name": "Nusrat", "email": "nusrat@school.edu.bd", "password": "shikkhok123"})),
        None,
    )
    .await;
    let mut phone = app.browser();
    phone.submit("/password/forgot", &[("login", "NUSRAT@school.edu.bd")]).await;
    let mail = app.state.senders.outbox().pop().expect("an e-mail");
    assert_eq!(mail.to, "nusrat@school.edu.bd");
    let link = mail.text.split_whitespace().find(|w| w.starts_with("http")).expect("a link").to_owned();
    let path = link.trim_start_matches("http://127.0.0.1:8080");
    let form = phone.get(path).await;
    assert_eq!(form.status, StatusCode::OK);
    let code = path.split("code=").nth(1).unwrap();
    assert!(form.text().contains(code), "the code is filled in");
    let r = phone
        .submit("/password/reset", &[("login", "nusrat@school.edu.bd"), ("code", code), ("password", "notun-pass-1")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

/// What the SMS gateway started by the test received: the Authorization header and the body.
type Inbox = Arc<Mutex<Vec<(Option<String>, Value)>>>;

#[tokio::test]
async fn an_http_sms_gateway_receives_the_code() {
    let received: Inbox = Arc::default();
    let store = received.clone();
    let gateway = Router::new().route(
        "/send",
        post(move |headers: axum::http::HeaderMap, Json(body): Json<Value>| {
            let store = store.clone();
            async move {
                let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
                store.lock().unwrap().push((auth, body));
                "queued"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, gateway).await.unwrap() });

    let app = TestApp::configured(|config| {
        config.senders.sms_url = Some(format!("http://{addr}/send"));
        config.senders.sms_token = Some("gateway-secret".into());
    })
    .await;
    app.teacher("বিপ্লব", "01733334444").await;
    let r = app.api(Method::POST, "/api/v1/auth/password-reset", Some(json!({"login": "01733334444"})), None).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0.as_deref(), Some("Bearer gateway-secret"));
    assert_eq!(got[0].1["to"], "+8801733334444");
    assert!(
        bangla::to_ascii_digits(got[0].1["message"].as_str().unwrap()).chars().filter(char::is_ascii_digit).count()
            >= 6
    );
    assert!(app.state.senders.outbox().is_empty(), "nothing went to the log");
}

/// A minimal SMTP server that accepts one message and hands its text over.
async fn smtp_receiver() -> (std::net::SocketAddr, tokio::sync::oneshot::Receiver<String>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 test.local ESMTP\r\n").await.unwrap();
        let mut message = String::new();
        let mut in_data = false;
        while let Ok(Some(line)) = lines.next_line().await {
            if in_data {
                if line == "." {
                    in_data = false;
                    write.write_all(b"250 queued\r\n").await.unwrap();
                } else {
                    message.push_str(&line);
                    message.push('\n');
                }
                continue;
            }
            let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" | "HELO" => b"250-test.local\r\n250 8BITMIME\r\n",
                "DATA" => {
                    in_data = true;
                    b"354 go on\r\n"
                }
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await.unwrap();
                    break;
                }
                _ => b"250 OK\r\n",
            };
            write.write_all(reply).await.unwrap();
        }
        tx.send(message).ok();
    });
    (addr, rx)
}

#[tokio::test]
async fn the_reset_link_is_sent_through_an_smtp_server() {
    let (addr, received) = smtp_receiver().await;
    let app = TestApp::configured(|config| {
        config.senders.smtp_url = Some(format!("smtp://{addr}"));
        config.senders.mail_from = "Batayon <no-reply@batayon.test>".into();
    })
    .await;
    app.api(
        Method::POST,
        "/api/v1/auth/register",
        Some(json!({"name": "Taslima", "email": "taslima@school.edu.bd", "password": "shikkhok123"})),
        None,
    )
    .await;
    let r = app
        .api(Method::POST, "/api/v1/auth/password-reset", Some(json!({"login": "taslima@school.edu.bd"})), None)
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text());
    let message = tokio::time::timeout(std::time::Duration::from_secs(10), received).await.unwrap().unwrap();
    assert!(message.contains("To: taslima@school.edu.bd"), "{message}");
    // The Bangla body travels base64-encoded.
    let (head, body) = message.split_once("\n\n").expect("headers, then the body");
    assert!(head.contains("Content-Transfer-Encoding: base64"), "{head}");
    let joined: String = body.split_whitespace().collect();
    let decoded = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, joined).unwrap();
    let text = String::from_utf8(decoded).unwrap();
    assert!(text.contains("/password/reset?login=taslima%40school.edu.bd&code="), "{text}");
    assert!(text.contains("Taslima"));
    assert!(app.state.senders.outbox().is_empty(), "nothing went to the log");
}

#[tokio::test]
async fn an_expired_code_does_not_work() {
    use sea_orm::EntityTrait;
    use sea_orm::sea_query::Expr;
    let app = TestApp::new().await;
    app.teacher("মনিরুজ্জামান", "01744445555").await;
    app.api(Method::POST, "/api/v1/auth/password-reset", Some(json!({"login": "01744445555"})), None).await;
    let code = last_sms_code(&app);
    batayon::accounts::entity::password_reset::Entity::update_many()
        .col_expr(
            batayon::accounts::entity::password_reset::Column::ExpiresAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .exec(app.db())
        .await
        .unwrap();
    let r = app
        .api(
            Method::POST,
            "/api/v1/auth/password-reset/confirm",
            Some(json!({"login": "01744445555", "code": code, "password": "notun-pass-1"})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}
