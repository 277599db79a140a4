//! `batayon-generate` at a small size, on the test's database (SQLite, or
//! PostgreSQL with BATAYON_TEST_POSTGRES): its teachers log in with the
//! documented phone and password, a content's page shows the counters its
//! ratings imply, a second run adds nothing, and officers reach only what
//! their assignment rows give them.

use axum::http::{Method, StatusCode};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::json;

use crate::app::{TestApp, fresh_database, postgres_admin_url};

const BASE: i64 = 1_000_000_000;
const TABLES: [&str; 14] = [
    "institutions",
    "users",
    "user_classes",
    "user_subjects",
    "officer_assignments",
    "blobs",
    "contents",
    "ratings",
    "comments",
    "answers",
    "votes",
    "reputation_events",
    "quiz_attempts",
    "credentials",
];

fn generate(data: &std::path::Path, url: &str, extra: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_batayon-generate"))
        .args(["--data", data.to_str().expect("path"), "--database-url", url, "--teachers", "300"])
        .args(extra)
        .output()
        .expect("batayon-generate runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    text
}

async fn number(db: &DatabaseConnection, sql: &str) -> i64 {
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect("query");
    row.expect("a row").try_get_by_index::<i64>(0).expect("a number")
}

async fn counts(db: &DatabaseConnection) -> Vec<i64> {
    let mut all = Vec::new();
    for t in TABLES {
        all.push(number(db, &format!("SELECT COUNT(*) FROM {t}")).await);
    }
    all
}

async fn log_in(app: &TestApp, phone: &str, password: &str) -> (StatusCode, serde_json::Value) {
    let r =
        app.api(Method::POST, "/api/v1/auth/login", Some(json!({"login": phone, "password": password})), None).await;
    (r.status, r.json())
}

#[tokio::test]
async fn generated_teachers_log_in_counters_are_true_a_second_run_adds_nothing_and_officers_reach_their_rows() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (url, db) = fresh_database(dir.path(), postgres_admin_url().is_some()).await;
    let data = dir.path().join("data");
    let first = generate(&data, &url, &[]);
    assert!(first.contains("+88019"), "the phone formula is printed: {first}");
    let before = counts(&db).await;
    assert!(before.iter().all(|n| *n > 0), "every table has rows: {before:?}");

    // Twice: the marker stops it at once; forced, every key is already there.
    assert!(generate(&data, &url, &[]).contains("nothing to add"));
    generate(&data, &url, &["--force"]);
    assert_eq!(counts(&db).await, before, "a second run adds no rows");

    let app = TestApp::with_database(db.clone()).await;
    // Registered teacher n = 6 (phone +88019 and 7 in eight digits), and the head of institution 0.
    let (status, me) = log_in(&app, "+8801900000007", "national-teacher-1").await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["user"]["id"].as_i64(), Some(BASE + 6), "{me}");
    let (status, head) = log_in(&app, "01900000001", "national-teacher-1").await;
    assert_eq!((status, head["user"]["role"].clone()), (StatusCode::OK, json!("head_teacher")), "{head}");
    assert_eq!(log_in(&app, "+8801900000007", "wrong-password-1").await.0, StatusCode::UNAUTHORIZED);
    let token = me["token"].as_str().expect("token").to_owned();

    // A content rated by several teachers shows exactly what its ratings add up to.
    let content = number(
        &db,
        &format!("SELECT content_id FROM ratings WHERE content_id >= {BASE} GROUP BY content_id ORDER BY COUNT(*) DESC, content_id LIMIT 1"),
    )
    .await;
    let count = number(&db, &format!("SELECT COUNT(*) FROM ratings WHERE content_id = {content}")).await;
    let stars = number(&db, &format!("SELECT SUM(stars) FROM ratings WHERE content_id = {content}")).await;
    let fetched = number(&db, &format!("SELECT COUNT(*) FROM content_downloads WHERE content_id = {content}")).await;
    let r = app.api(Method::GET, &format!("/api/v1/contents/{content}"), None, Some(&token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(v["rating"]["count"].as_i64(), Some(count), "{v}");
    let average = v["rating"]["average"].as_f64().expect("average");
    assert!((average - stars as f64 / count as f64).abs() < 0.05, "{average} vs {stars}/{count}");
    assert_eq!(v["downloads"].as_i64(), Some(fetched), "{v}");
    assert_eq!(app.browser().get(&format!("/contents/{content}")).await.status, StatusCode::OK);

    // District officer 0 (+88018 and 1): her reach is her assignment row's district …
    let officer = BASE + 800_000_000;
    let assigned =
        number(&db, &format!("SELECT district_id FROM officer_assignments WHERE officer_id = {officer}")).await;
    let (status, o) = log_in(&app, "+8801800000001", "national-teacher-1").await;
    assert_eq!(status, StatusCode::OK, "{o}");
    let officer_token = o["token"].as_str().expect("token").to_owned();
    let r = app.api(Method::GET, "/api/v1/practice/dashboard", None, Some(&officer_token)).await;
    assert_eq!((r.status, r.json()["scope_id"].as_i64()), (StatusCode::OK, Some(assigned)), "{}", r.text());
    // … and without the row her profile's district gives her nothing.
    db.execute_unprepared(&format!("DELETE FROM officer_assignments WHERE officer_id = {officer}"))
        .await
        .expect("delete");
    let r = app.api(Method::GET, "/api/v1/practice/dashboard", None, Some(&officer_token)).await;
    assert_eq!((r.status, r.json()["code"].clone()), (StatusCode::FORBIDDEN, json!("no_assignment")), "{}", r.text());
}
