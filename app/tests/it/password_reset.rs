use std::sync::{Arc, Mutex};

use axum::http::{Method, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::app::TestApp;
use batayon::Config;

/// The six-digit code in the last SMS the log sender kept.
fn last_sms_code(app: &TestApp) -> String {
    let sent = app.state.senders.outbox();
    let text = &sent.last().expect("a message was sent").text;
    let ascii = bangla::to_ascii_digits(text);
    ascii
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a six-digit code")
        .to_owned()
}

#[tokio::test]
async fn a_forgotten_password_is_reset_with_the_sms_code_once() {
    let app = TestApp::new().await;
    let (_, old_token) = app.teacher("তানজিলা", "01711112222").await;
    let mut phone = app.browser();
    let r = phone
        .submit("/password/forgot", &[("login", "01711112222")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("কোড বা লিংক পাঠানো হয়েছে"));
    let sent = app.state.senders.outbox();
    assert_eq!(sent.last().unwrap().to, "+8801711112222");
    let code = last_sms_code(&app);

    let r = phone
        .submit(
            "/password/reset",
            &[
                ("login", "01711112222"),
                ("code", &code),
                ("password", "notun-pass-1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), "/login?reset=1");

    assert_eq!(
        app.api(Method::GET, "/api/v1/me", None, Some(&old_token))
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "old sessions end"
    );
    let login = |password: &'static str| {
        app.api(
            Method::POST,
            "/api/v1/auth/login",
            Some(json!({"login": "01711112222", "password": password})),
            None,
        )
    };
    assert_eq!(login("shikkhok123").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(login("notun-pass-1").await.status, StatusCode::OK);

    let again = phone
        .submit(
            "/password/reset",
            &[
                ("login", "01711112222"),
                ("code", &code),
                ("password", "another-pass"),
            ],
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a used code cannot be replayed"
    );
    assert!(again.text().contains("কোডটি ভুল, ব্যবহৃত বা মেয়াদোত্তীর্ণ"));
}

#[tokio::test]
async fn guessing_the_code_stops_after_five_tries() {
    let app = TestApp::new().await;
    app.teacher("সাইফুল", "01722223333").await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/auth/password-reset",
            Some(json!({"login": "01722223333"})),
            None,
        )
        .await;
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
        "the right code no longer works after five wrong ones"
    );
}

#[tokio::test]
async fn an_unknown_account_gets_the_same_answer_and_no_message() {
    let app = TestApp::new().await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/auth/password-reset",
            Some(json!({"login": "01799998888"})),
            None,
        )
        .await;
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
    phone
        .submit("/password/forgot", &[("login", "NUSRAT@school.edu.bd")])
        .await;
    let mail = app.state.senders.outbox().pop().expect("an e-mail");
    assert_eq!(mail.to, "nusrat@school.edu.bd");
    let link = mail
        .text
        .split_whitespace()
        .find(|w| w.starts_with("http"))
        .expect("a link")
        .to_owned();
    let path = link.trim_start_matches("http://127.0.0.1:8080");
    let form = phone.get(path).await;
    assert_eq!(form.status, StatusCode::OK);
    let code = path.split("code=").nth(1).unwrap();
    assert!(form.text().contains(code), "the code is filled in");
    let r = phone
        .submit(
            "/password/reset",
            &[
                ("login", "nusrat@school.edu.bd"),
                ("code", code),
                ("password", "notun-pass-1"),
            ],
        )
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
        post(
            move |headers: axum::http::HeaderMap, Json(body): Json<Value>| {
                let store = store.clone();
                async move {
                    let auth = headers
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    store.lock().unwrap().push((auth, body));
                    "queued"
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, gateway).await.unwrap() });

    let mut config = Config::for_tests();
    config.senders.sms_url = Some(format!("http://{addr}/send"));
    config.senders.sms_token = Some("gateway-secret".into());
    let app = TestApp::with_config(config).await;
    app.teacher("বিপ্লব", "01733334444").await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/auth/password-reset",
            Some(json!({"login": "01733334444"})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0.as_deref(), Some("Bearer gateway-secret"));
    assert_eq!(got[0].1["to"], "+8801733334444");
    assert!(
        bangla::to_ascii_digits(got[0].1["message"].as_str().unwrap())
            .chars()
            .filter(char::is_ascii_digit)
            .count()
            >= 6
    );
    assert!(
        app.state.senders.outbox().is_empty(),
        "nothing went to the log"
    );
}
