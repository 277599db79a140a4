use axum::http::{Method, StatusCode};
use sea_orm::EntityTrait;
use serde_json::json;

use crate::app::TestApp;
use batayon::accounts::entity::{session, user};

#[tokio::test]
async fn signing_up_on_the_page_logs_the_teacher_in_and_asks_for_the_profile() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    let r = phone.sign_up("রহিমা খাতুন", "০১৭১২৩৪৫৬৭৮").await;
    assert_eq!(r.location(), "/profile/edit?welcome=1");
    let profile = phone.get("/profile/edit?welcome=1").await;
    assert_eq!(profile.status, StatusCode::OK);
    assert!(profile.text().contains("স্বাগতম"), "welcome notice in Bangla");
    let stored = user::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].phone.as_deref(), Some("+8801712345678"), "Bangla digits stored normalised");
    assert!(stored[0].password_hash.starts_with("$argon2id$"), "Argon2id hash");
}

#[tokio::test]
async fn a_refused_sign_up_says_why_beside_each_field_and_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    let r = phone
        .submit(
            "/signup",
            &[("name", "আনোয়ার হোসেন"), ("phone", "12345"), ("email", "not-an-email"), ("password", "short")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text();
    assert!(html.contains("value=\"আনোয়ার হোসেন\""), "name kept");
    assert!(html.contains("value=\"12345\""), "phone kept");
    assert!(html.contains("সঠিক মোবাইল নম্বর লিখুন"), "phone message in Bangla");
    assert!(html.contains("সঠিক ই-মেইল ঠিকানা লিখুন"), "e-mail message");
    assert!(html.contains("পাসওয়ার্ড অন্তত ৮ অক্ষরের"), "password message");
    assert!(!html.contains("value=\"short\""), "the password is never sent back");
    assert!(user::Entity::find().all(app.db()).await.unwrap().is_empty());

    phone.get("/lang/en?next=/signup").await;
    let r = phone.submit("/signup", &[("name", "A"), ("phone", ""), ("email", ""), ("password", "longenough")]).await;
    assert!(r.text().contains("Give a mobile number or an e-mail"), "English page, English message");
}

#[tokio::test]
async fn api_sign_up_log_in_me_and_log_out() {
    let app = TestApp::new().await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/auth/register",
            Some(json!({"name": "Sumaiya Akter", "email": "Sumaiya@Example.ORG", "password": "porashona1"})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json()["user"]["email"], "sumaiya@example.org");
    assert_eq!(r.json()["user"]["role"], "teacher");

    let r = app
        .api(
            Method::POST,
            "/api/v1/auth/login",
            Some(json!({"login": "sumaiya@example.org", "password": "porashona1"})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("set-cookie").unwrap_or_default().contains("batayon_session="), "a session cookie too");
    let token = r.json()["token"].as_str().unwrap().to_owned();

    let me = app.api(Method::GET, "/api/v1/me", None, Some(&token)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["name"], "Sumaiya Akter");

    let stored: Vec<session::Model> = session::Entity::find().all(app.db()).await.unwrap();
    assert!(stored.iter().all(|s| s.token_hash != token), "only a hash of the token is stored");

    assert_eq!(app.api(Method::POST, "/api/v1/auth/logout", None, Some(&token)).await.status, StatusCode::NO_CONTENT);
    let after = app.api(Method::GET, "/api/v1/me", None, Some(&token)).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.header("content-type").as_deref(), Some("application/problem+json"));
    assert_eq!(after.json()["code"], "login_required");
}

#[tokio::test]
async fn the_same_phone_in_another_spelling_is_already_registered() {
    let app = TestApp::new().await;
    app.teacher("প্রথম জন", "01812345678").await;
    for spelling in ["+8801812345678", "০১৮১২-৩৪৫৬৭৮"] {
        let r = app
            .api(
                Method::POST,
                "/api/v1/auth/register",
                Some(json!({"name": "দ্বিতীয় জন", "phone": spelling, "password": "shikkhok123"})),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{spelling}");
        assert_eq!(r.json()["errors"][0]["field"], "phone");
    }
}

#[tokio::test]
async fn invalid_api_sign_up_is_422_with_each_field_named() {
    let app = TestApp::new().await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/auth/register",
            Some(json!({"name": "x", "phone": "0191", "password": "1234"})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.json();
    assert_eq!(body["code"], "validation_failed");
    assert_eq!(body["status"], 422);
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "phone", "password"]);
    assert!(body["errors"][0]["message"].as_str().unwrap().len() > 5, "a readable message");

    let r = app.api(Method::POST, "/api/v1/auth/register", Some(json!({"name": 5})), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "wrong shape");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_401() {
    let app = TestApp::new().await;
    app.teacher("শারমিন", "01912345678").await;
    let wrong = app
        .api(
            Method::POST,
            "/api/v1/auth/login",
            Some(json!({"login": "01912345678", "password": "wrong-password"})),
            None,
        )
        .await;
    let unknown = app
        .api(
            Method::POST,
            "/api/v1/auth/login",
            Some(json!({"login": "01512345678", "password": "wrong-password"})),
            None,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.text(), unknown.text(), "nothing tells which part was wrong");

    let mut phone = app.browser();
    let r = phone.submit("/login", &[("login", "01912345678"), ("password", "wrong-password")]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.text().contains("value=\"01912345678\""), "the login is kept");
}

#[tokio::test]
async fn log_in_attempts_on_one_account_are_limited_with_retry_after() {
    let app = TestApp::new().await;
    app.teacher("রফিকুল", "01612345678").await;
    let mut last = None;
    for _ in 0..11 {
        let r = app
            .api(
                Method::POST,
                "/api/v1/auth/login",
                Some(json!({"login": "01612345678", "password": "guess-guess"})),
                None,
            )
            .await;
        last = Some(r);
    }
    let r = last.unwrap();
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 900);
    assert_eq!(r.json()["code"], "rate_limited");
    // Even the right password waits: guessing cannot continue.
    let r = app
        .api(Method::POST, "/api/v1/auth/login", Some(json!({"login": "01612345678", "password": "shikkhok123"})), None)
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn sign_ups_from_one_address_are_limited() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    phone.addr = [10, 9, 9, 9];
    let mut statuses = Vec::new();
    for n in 0..11 {
        let number = format!("0171000{:04}", n);
        let r = phone.submit("/signup", &[("name", "শিক্ষক"), ("phone", &number), ("password", "shikkhok123")]).await;
        statuses.push(r.status);
    }
    assert!(statuses[..10].iter().all(|s| *s == StatusCode::SEE_OTHER), "{statuses:?}");
    assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn logging_out_on_the_page_ends_the_session() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    phone.sign_up("মাহমুদা", "01311111111").await;
    assert_eq!(phone.get("/profile/edit").await.status, StatusCode::OK);
    let r = phone.submit("/logout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = phone.get("/profile/edit").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login?next=/profile/edit");
    assert!(session::Entity::find().all(app.db()).await.unwrap().is_empty());
}

#[tokio::test]
async fn logging_in_on_the_page_returns_to_where_the_teacher_was_going() {
    let app = TestApp::new().await;
    app.teacher("জাহিদ", "01411111111").await;
    let mut phone = app.browser();
    let r = phone
        .submit("/login", &[("login", "+8801411111111"), ("password", "shikkhok123"), ("next", "/profile/edit")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/profile/edit");
    let r = phone
        .submit("/login", &[("login", "01411111111"), ("password", "shikkhok123"), ("next", "//evil.example/")])
        .await;
    assert_eq!(r.location(), "/", "no redirects off the site");
}

#[tokio::test]
async fn a_training_room_on_one_address_logs_in_all_day_and_only_wrong_passwords_count() {
    let app = TestApp::new().await;
    for n in 0..4 {
        app.teacher("প্রশিক্ষণার্থী", &format!("0161300000{n}")).await;
    }
    // Forty right log-ins from the room's one address (the limit is 30 tries).
    for round in 0..10 {
        for n in 0..4 {
            let mut phone = app.browser();
            phone.addr = [10, 20, 0, 1];
            let r = phone.submit("/login", &[("login", &format!("0161300000{n}")), ("password", "shikkhok123")]).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "round {round}, teacher {n}: {}", r.text());
        }
    }
    // Wrong passwords do count: past ten on one account the form says to wait.
    let mut guesser = app.browser();
    guesser.addr = [10, 20, 0, 2];
    let mut last = None;
    for _ in 0..11 {
        last = Some(guesser.submit("/login", &[("login", "01613000000"), ("password", "guess-guess")]).await);
    }
    let r = last.unwrap();
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.header("retry-after").is_some());
    let page = r.text();
    assert!(page.contains("name=\"password\""), "the form is still there: {page}");
    assert!(page.contains("সর্বোচ্চ ১৫"), "and it says how long to wait");
}
