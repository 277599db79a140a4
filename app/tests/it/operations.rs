//! What an operator does: the first administrator from the command line,
//! the demo data set, and what teachers see when the database is down.

use std::io::Write;
use std::process::{Command, Stdio};

use axum::http::{Method, StatusCode};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

use crate::app::TestApp;

#[tokio::test]
async fn the_first_administrator_is_made_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (database_url, db) = crate::app::fresh_database(dir.path(), crate::app::postgres_admin_url().is_some()).await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_batayon"))
        .args([
            "user",
            "add",
            "--name",
            "প্রশাসক",
            "--email",
            "admin@batayon.test",
            "--role",
            "admin",
            "--database-url",
            &database_url,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"a-very-long-secret\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("role admin"));

    let app = TestApp::with_database(db).await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/auth/login",
            Some(json!({"login": "admin@batayon.test", "password": "a-very-long-secret"})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["user"]["role"], "admin");
    let log = batayon::audit::recent(app.db(), 5).await.unwrap();
    assert_eq!(log[0].action, "user.create");

    let again = Command::new(env!("CARGO_BIN_EXE_batayon"))
        .args([
            "user",
            "add",
            "--name",
            "x",
            "--email",
            "admin@batayon.test",
            "--role",
            "emperor",
            "--database-url",
            &database_url,
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("unknown role"));
}

#[tokio::test]
async fn the_demo_data_loads_once() {
    let app = TestApp::new().await;
    batayon::demo::load(&app.state).await.unwrap();
    let users = batayon::accounts::entity::user::Entity::find().count(app.db()).await.unwrap();
    assert!(users >= 80);
    batayon::demo::load(&app.state).await.unwrap();
    assert_eq!(
        batayon::accounts::entity::user::Entity::find().count(app.db()).await.unwrap(),
        users,
        "a second start adds nothing"
    );

    let queue = app
        .api(
            Method::POST,
            "/api/v1/auth/login",
            Some(json!({"login": "01700000001", "password": batayon::demo::DEMO_PASSWORD})),
            None,
        )
        .await;
    let token = queue.json()["token"].as_str().unwrap().to_owned();
    let waiting = app.api(Method::GET, "/api/v1/moderation/verifications", None, Some(&token)).await.json();
    assert!(!waiting.as_array().unwrap().is_empty(), "the moderator has teachers to verify");
    let home = app.browser().get("/").await.text();
    assert!(home.contains("নতুন যাচাইকৃত শিক্ষক"), "verified demo teachers on the home page");
    // The demo officers oversee the upazilas they were assigned.
    for officer in ["01700000004", "01700000006"] {
        let login = json!({"login": officer, "password": batayon::demo::DEMO_PASSWORD});
        let r = app.api(Method::POST, "/api/v1/auth/login", Some(login), None).await;
        let token = r.json()["token"].as_str().unwrap().to_owned();
        let board = app.api(Method::GET, "/api/v1/practice/dashboard", None, Some(&token)).await;
        assert_eq!((board.status, board.json()["scope"].clone()), (StatusCode::OK, json!("upazila")), "{officer}");
    }
    // Past weeks' winners, with their contents, and ambassadors.
    let week = app.api(Method::GET, "/api/v1/recognition?period=week", None, None).await;
    assert_eq!(week.status, StatusCode::OK, "{}", week.text());
    let winners = week.json()["winners"].as_array().unwrap().clone();
    for category in ["content", "creator", "answerer", "performer", "leader"] {
        assert!(
            winners.iter().any(|w| w["category"] == category && w["district_id"].is_null()),
            "a national {category} winner"
        );
    }
    assert!(home.contains("id=\"recognition\""), "the week's winners on the home page");
    let rounds = batayon::recognition::store::rounds(app.db(), true, 20).await.unwrap();
    assert_eq!(rounds.len(), 6, "four weeks and two fortnights published");
    let ambassadors = app.browser().get("/ambassadors").await.text();
    assert!(ambassadors.contains("/ambassadors/"), "ambassadors listed");
    use batayon::credentials::entity::credential;
    use sea_orm::{ColumnTrait, QueryFilter};
    let badge = batayon::credentials::store::achievements(app.db())
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.rule == batayon::credentials::model::AchievementRule::Recognition)
        .unwrap();
    let earned = credential::Entity::find()
        .filter(credential::Column::AchievementId.eq(badge.id))
        .count(app.db())
        .await
        .unwrap();
    assert!(earned >= 5, "the winners hold the recognition badge ({earned})");
}

#[tokio::test]
async fn when_the_database_is_gone_teachers_get_a_friendly_500_and_health_says_so() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    phone.get("/").await;
    app.db().clone().close().await.unwrap();
    let r = phone.get("/contents").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(r.text().contains("আমাদের দিক থেকে সমস্যা হয়েছে"), "{}", r.text());
    assert!(!r.text().contains("database"), "no internals shown");
    let r = app.api(Method::GET, "/healthz", None, None).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn administrators_give_roles_and_the_change_is_audited() {
    use batayon::accounts::model::Role;
    let app = TestApp::new().await;
    let (admin_id, admin) = app.with_role("প্রশাসক", "01750505050", Role::Admin).await;
    let (teacher, teacher_token) = app.teacher("হবু মডারেটর", "01751515151").await;

    let path = format!("/api/v1/users/{teacher}/role");
    let r = app.api(Method::PUT, &path, Some(json!({"role": "moderator"})), Some(&teacher_token)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a teacher cannot promote themself");
    let r = app.api(Method::PUT, &path, Some(json!({"role": "moderator"})), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let queue = app.api(Method::GET, "/api/v1/moderation/verifications", None, Some(&teacher_token)).await;
    assert_eq!(queue.status, StatusCode::OK, "the new moderator sees the queue");
    let log =
        batayon::audit::for_subject(app.db(), batayon::items::ItemRef::new(batayon::items::ItemKind::Teacher, teacher))
            .await
            .unwrap();
    assert_eq!(log[0].action, "user.role");
    assert_eq!(log[0].actor_id, Some(batayon::ids::UserId(admin_id)));

    let own = app
        .api(Method::PUT, &format!("/api/v1/users/{admin_id}/role"), Some(json!({"role": "teacher"})), Some(&admin))
        .await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST, "the administrator cannot demote themself");

    let mut desk = app.browser();
    desk.submit("/login", &[("login", "01750505050"), ("password", "shikkhok123")]).await;
    let page = desk.get("/admin/users?q=%E0%A6%B9%E0%A6%AC%E0%A7%81").await; // হবু
    assert!(page.text().contains("হবু মডারেটর"));
    let r = desk.submit(&format!("/admin/users/{teacher}/role"), &[("role", "officer")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let me = app.api(Method::GET, "/api/v1/me", None, Some(&teacher_token)).await.json();
    assert_eq!(me["role"], "officer");
}

#[tokio::test]
async fn a_long_job_that_keeps_its_heartbeat_is_not_claimed_twice() {
    use batayon::jobs::{self, job};
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    let app = TestApp::new().await;
    jobs::enqueue(app.db(), jobs::JobKind::MediaProcess, serde_json::json!({"blob_id": 1})).await.unwrap();
    let taken = jobs::claim(app.db()).await.unwrap().expect("the job is taken");
    // Ten minutes into a transcode, its worker marked it alive a minute ago.
    let mut row: job::ActiveModel = job::Entity::find_by_id(taken.id).one(app.db()).await.unwrap().unwrap().into();
    row.locked_at = Set(Some(chrono::Utc::now() - chrono::Duration::minutes(10)));
    row.update(app.db()).await.unwrap();
    jobs::heartbeat(app.db(), taken.id).await.unwrap();
    assert!(jobs::claim(app.db()).await.unwrap().is_none(), "a live job stays with its worker");
    // A worker that died stops beating: the job is taken again.
    let mut row: job::ActiveModel = job::Entity::find_by_id(taken.id).one(app.db()).await.unwrap().unwrap().into();
    row.locked_at = Set(Some(chrono::Utc::now() - chrono::Duration::minutes(10)));
    row.update(app.db()).await.unwrap();
    assert_eq!(jobs::claim(app.db()).await.unwrap().map(|j| j.id), Some(taken.id));
}
