//! The outside review of issue 26's kept pages: a content hidden (through
//! the API or the moderators' desk) or deleted leaves the kept count of the
//! week's popular contents at once,
//! and many first visits to the home page at the same moment count the
//! portal's figures (a read of every account) once, not once each.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode};
use serde_json::json;
use tower::ServiceExt;

use crate::app::TestApp;
use crate::content::{chapter, shared_pdf};
use crate::fixtures;
use batayon::accounts::model::Role;

/// The text of the page's section with this id ("" when there is none).
fn section(html: &str, id: &str) -> String {
    let Some(start) = html.find(&format!("id=\"{id}\"")) else { return String::new() };
    let rest = &html[start..];
    rest[..rest.find("</section>").unwrap_or(rest.len())].to_owned()
}

async fn popular_seen_by(app: &TestApp, token: &str) -> String {
    let r = app.api(Method::GET, "/", None, Some(token)).await;
    assert_eq!(r.status, StatusCode::OK);
    section(&r.text(), "popular")
}

#[tokio::test]
async fn a_content_hidden_or_deleted_leaves_the_week_s_popular_list_at_once() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("রহিমা খাতুন", "01726000001").await;
    let fractions = chapter(&app, 4, "math", 7).await;
    let hidden = shared_pdf(&app, &author, fractions, "ভগ্নাংশের কার্যপত্র").await;
    let deleted = shared_pdf(&app, &author, fractions, "ভগ্নাংশের খেলা").await;
    let judged = shared_pdf(&app, &author, fractions, "ভগ্নাংশের গান").await;
    let kept = shared_pdf(&app, &author, fractions, "ভগ্নাংশের ছবি").await;
    let (_, reader) = app.teacher("বিমল দাস", "01726000002").await;
    for id in [hidden, deleted, judged, kept] {
        let r = app.api(Method::GET, &format!("/api/v1/contents/{id}/file"), None, Some(&reader)).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let (_, viewer) = app.teacher("দর্শক শিক্ষক", "01726000003").await;
    let before = popular_seen_by(&app, &viewer).await;
    for id in [hidden, deleted, judged, kept] {
        assert!(before.contains(&format!("/contents/{id}\"")), "{id} popular: {before}");
    }

    let (_, moderator) = app.with_role("নাসরিন সুলতানা", "01726000004", Role::Moderator).await;
    let path = format!("/api/v1/contents/{hidden}");
    let r = app.api(Method::PATCH, &path, Some(json!({"hidden": true, "reason": "ভুল তথ্য"})), Some(&moderator)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let path = format!("/api/v1/contents/{deleted}");
    assert!(app.api(Method::DELETE, &path, None, Some(&author)).await.status.is_success());
    let mut desk = fixtures::signed_in(&app, "01726000004", 26, 4).await;
    let hide = [("action", "hide"), ("reason", "বিজ্ঞাপন"), ("back", "/moderation/reports")];
    assert_eq!(desk.submit(&format!("/contents/{judged}/moderate"), &hide).await.status, StatusCode::SEE_OTHER);

    let after = popular_seen_by(&app, &viewer).await;
    assert!(!after.contains(&format!("/contents/{hidden}\"")), "a hidden content still advertised: {after}");
    assert!(!after.contains(&format!("/contents/{deleted}\"")), "a deleted content still advertised: {after}");
    assert!(
        !after.contains(&format!("/contents/{judged}\"")),
        "a content hidden at the desk still advertised: {after}"
    );
    assert!(after.contains(&format!("/contents/{kept}\"")), "the others stay: {after}");
}

/// A portal like `TestApp`'s whose database reports every statement's text.
async fn watched_portal() -> (axum::Router, Arc<Mutex<Vec<String>>>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let postgres = crate::app::postgres_admin_url().is_some();
    let (_, mut db) = crate::app::fresh_database(dir.path(), postgres).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    db.set_metric_callback(move |info| log.lock().unwrap().push(info.statement.sql.clone()));
    let config = batayon::Config::for_tests(&dir.path().join("uploads"));
    let state = batayon::AppState::new(db, config, crate::app::test_storage(dir.path()));
    (batayon::site::build(state), seen, dir)
}

#[tokio::test]
async fn many_first_visits_to_the_home_page_at_once_count_the_portal_once() {
    let (router, seen, _dir) = watched_portal().await;
    let visit = |n: u8| {
        let router = router.clone();
        async move {
            let mut request = Request::builder().uri("/").body(Body::empty()).unwrap();
            request.extensions_mut().insert(ConnectInfo(SocketAddr::from(([10, 2, 0, n], 40000))));
            router.oneshot(request).await.unwrap().status()
        }
    };
    let answers = futures_util::future::join_all((1..=8).map(visit)).await;
    assert!(answers.iter().all(|s| *s == StatusCode::OK), "{answers:?}");
    let counted = seen.lock().unwrap().iter().filter(|sql| sql.contains("RECURSIVE reached")).count();
    assert_eq!(counted, 1, "each of the first visits counted every account again");
}
