//! What an operator's Prometheus and load balancer see: `/metrics` counts
//! requests by route family and reads this portal's own queue, uploads and
//! pool; only this machine (or a scrape with the token) may read it;
//! `/readyz` fails when the database or the file store does.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use batayon::jobs::JobKind;
use batayon::storage::Storage;
use batayon::{AppState, Config};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

use crate::app::{Reply, TestApp};

const LOOPBACK: [u8; 4] = [127, 0, 0, 1];

fn get(path: &str) -> Request<Body> {
    Request::builder().uri(path).body(Body::empty()).unwrap()
}

async fn scrape(app: &TestApp) -> String {
    let r = app.send(get("/metrics"), LOOPBACK).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.header("content-type").unwrap().starts_with("text/plain; version=0.0.4"));
    r.text()
}

/// The value of the series `name` whose labels include all of `labels`.
fn value(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    text.lines().filter(|l| !l.starts_with('#')).find_map(|line| {
        let (series, number) = line.rsplit_once(' ')?;
        let (series_name, series_labels) = series.split_once('{').unwrap_or((series, ""));
        let wanted = labels.iter().all(|(k, v)| series_labels.contains(&format!("{k}=\"{v}\"")));
        (series_name == name && wanted).then(|| number.parse().ok()).flatten()
    })
}

#[tokio::test]
async fn metrics_count_a_request_under_its_route_family_never_its_path() {
    let app = TestApp::new().await;
    let chapter_2xx = [("family", "chapter"), ("status", "2xx")];
    let before = value(&scrape(&app).await, "batayon_http_requests_total", &chapter_2xx).unwrap();
    let r = app.api(Method::GET, "/curriculum", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app.api(Method::GET, "/contents/987654321", None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let text = scrape(&app).await;
    let after = value(&text, "batayon_http_requests_total", &chapter_2xx).unwrap();
    assert!(after >= before + 1.0, "the chapter page was counted: {before} → {after}");
    assert!(value(&text, "batayon_http_requests_total", &[("family", "content"), ("status", "4xx")]).unwrap() >= 1.0);
    let timed = [("family", "chapter"), ("le", "5")];
    assert!(value(&text, "batayon_http_request_duration_seconds_bucket", &timed).unwrap() >= 1.0);
    assert!(!text.contains("987654321"), "a raw path never becomes a label");
    for family in ["home", "content", "question", "post", "idea", "course", "quiz", "practice", "dashboard"] {
        assert!(value(&text, "batayon_http_requests_total", &[("family", family)]).is_some(), "{family}");
    }
    for series in [
        "batayon_db_pool_connections",
        "batayon_db_pool_max_connections",
        "batayon_db_pool_wait_seconds",
        "batayon_search_index_lag_jobs",
        "batayon_search_index_lag_seconds",
        "batayon_search_node_lag_changes",
        "batayon_search_node_lag_seconds",
        "batayon_search_node_building",
        "batayon_uploads_in_progress",
        "batayon_messages_sent_total",
        "batayon_messages_failed_total",
        "batayon_process_start_time_seconds",
        "batayon_build_info",
    ] {
        assert!(value(&text, series, &[]).is_some(), "{series} is scraped");
    }
    assert!(value(&text, "batayon_db_pool_connections", &[("state", "idle")]).unwrap() >= 0.0);
    assert!(value(&text, "batayon_db_pool_max_connections", &[]).unwrap() >= 1.0);
}

#[tokio::test]
async fn the_queue_and_uploads_are_this_portals_own() {
    let app = TestApp::new().await;
    let other = TestApp::new().await;
    let waiting = |text: &str| value(text, "batayon_jobs_waiting", &[("kind", "recognition.compute")]).unwrap();
    let (_, token) = app.teacher("মেট্রিক শিক্ষক", "01715550001").await;
    let text = scrape(&app).await;
    let before = waiting(&text);
    let lag_before = value(&text, "batayon_search_index_lag_jobs", &[]).unwrap();
    batayon::jobs::enqueue(app.db(), JobKind::RecognitionCompute, json!({"round": 1})).await.unwrap();
    batayon::jobs::search_later(app.db(), batayon::ids::ContentId(1)).await.unwrap();
    let r = app
        .send(
            Request::builder()
                .method(Method::POST)
                .uri("/api/v1/uploads")
                .header("authorization", format!("Bearer {token}"))
                .header("tus-resumable", "1.0.0")
                .header("upload-length", "10")
                .header("upload-metadata", "filename YS50eHQ=")
                .body(Body::empty())
                .unwrap(),
            [10, 0, 2, 1],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

    let text = scrape(&app).await;
    assert_eq!(waiting(&text), before + 1.0);
    let age = value(&text, "batayon_jobs_oldest_waiting_seconds", &[("kind", "recognition.compute")]).unwrap();
    assert!(age >= 1.0, "the job has waited a second: {age}");
    assert_eq!(value(&text, "batayon_jobs_running", &[("kind", "recognition.compute")]), Some(0.0));
    assert_eq!(value(&text, "batayon_search_index_lag_jobs", &[]).unwrap(), lag_before + 1.0);
    assert!(value(&text, "batayon_search_index_lag_seconds", &[]).unwrap() >= 1.0);
    assert_eq!(value(&text, "batayon_uploads_in_progress", &[]), Some(1.0));

    let elsewhere = scrape(&other).await;
    assert_eq!(value(&elsewhere, "batayon_uploads_in_progress", &[]), Some(0.0), "another portal's figures");
    assert_eq!(waiting(&elsewhere), 0.0);
}

#[tokio::test]
async fn messages_sent_and_failed_are_counted() {
    let sent = |text: &str| value(text, "batayon_messages_sent_total", &[("channel", "sms")]).unwrap();
    let failed = |text: &str| value(text, "batayon_messages_failed_total", &[("channel", "sms")]).unwrap();
    let app = TestApp::configured(|c| c.senders.sms_url = Some("http://127.0.0.1:1/sms".into())).await;
    let logged = TestApp::new().await;
    let before = scrape(&app).await;
    assert!(app.state.senders.send_sms("01715550002", "কোড ১২৩৪").await.is_err(), "no gateway listens there");
    logged.state.senders.send_sms("01715550003", "কোড ৫৬৭৮").await.unwrap();
    let after = scrape(&app).await;
    assert!(failed(&after) >= failed(&before) + 1.0);
    assert!(sent(&after) >= sent(&before) + 1.0);
}

#[tokio::test]
async fn only_this_machine_may_read_metrics_without_a_token() {
    let app = TestApp::new().await;
    let r = app.send(get("/metrics"), [10, 0, 0, 2]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!r.text().contains("batayon_"));
    assert_eq!(app.send(get("/metrics"), LOOPBACK).await.status, StatusCode::OK);

    // Behind a local proxy, the client it forwards for must be local too.
    let proxied = TestApp::configured(|c| c.behind_proxy = true).await;
    let forwarded = |client: &str| {
        Request::builder().uri("/metrics").header("x-forwarded-for", client).body(Body::empty()).unwrap()
    };
    assert_eq!(proxied.send(forwarded("203.0.113.9"), LOOPBACK).await.status, StatusCode::FORBIDDEN);
    assert_eq!(proxied.send(forwarded("127.0.0.1, 203.0.113.9"), LOOPBACK).await.status, StatusCode::FORBIDDEN);
    assert_eq!(proxied.send(forwarded("127.0.0.1"), LOOPBACK).await.status, StatusCode::OK);
    assert_eq!(proxied.send(get("/metrics"), LOOPBACK).await.status, StatusCode::OK);
}

#[tokio::test]
async fn with_a_token_metrics_want_it_from_everyone() {
    let app = TestApp::configured(|c| c.metrics_token = Some("scrape-secret-7".into())).await;
    let with = |token: &str| {
        Request::builder()
            .uri("/metrics")
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    let r = app.send(get("/metrics"), LOOPBACK).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.header("www-authenticate").as_deref(), Some("Bearer"));
    assert_eq!(app.send(with("scrape-secret-8"), LOOPBACK).await.status, StatusCode::UNAUTHORIZED);
    let r = app.send(with("scrape-secret-7"), [10, 9, 8, 7]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("batayon_http_requests_total"));
}

#[tokio::test]
async fn probes_are_outside_the_api_document_and_sessions() {
    let app = TestApp::new().await;
    let doc = app.api(Method::GET, "/api/v1/openapi.json", None, None).await.json();
    let paths = doc["paths"].as_object().unwrap();
    for probe in ["/metrics", "/readyz", "/healthz"] {
        assert!(!paths.contains_key(probe), "{probe} is not part of the API");
    }
    // A probe sets no cookie and looks up no session, even one presented.
    let r = app
        .send(
            Request::builder().uri("/readyz").header("cookie", "batayon_session=nonsense").body(Body::empty()).unwrap(),
            [10, 0, 0, 3],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.header("set-cookie").is_none());
    assert!(app.send(get("/metrics"), LOOPBACK).await.header("set-cookie").is_none());
}

/// A portal over a fresh database and the storage given.
async fn portal_with(storage: impl FnOnce(&std::path::Path) -> Storage) -> (axum::Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (_, db) = crate::app::fresh_database(dir.path(), crate::app::postgres_admin_url().is_some()).await;
    let state = AppState::new(db, Config::for_tests(&dir.path().join("uploads")), storage(dir.path()));
    (batayon::site::build(state), dir)
}

async fn readyz(router: &axum::Router) -> Reply {
    let response = router.clone().oneshot(get("/readyz")).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    Reply { status, headers, body }
}

#[tokio::test]
async fn readyz_answers_while_the_database_does() {
    let app = TestApp::new().await;
    let r = app.send(get("/readyz"), [10, 0, 0, 4]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.text(), "ready\n");
    app.db().clone().close().await.unwrap();
    let r = app.send(get("/readyz"), [10, 0, 0, 4]).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.text(), "database unavailable\n");
}

#[tokio::test]
async fn readyz_fails_when_the_s3_store_is_unreachable() {
    let (router, _dir) = portal_with(|dir| {
        let args = batayon::config::StorageArgs {
            s3_bucket: Some("nowhere".into()),
            s3_endpoint: Some("http://127.0.0.1:1".into()),
            s3_region: Some("us-east-1".into()),
            s3_access_key: Some("testing".into()),
            s3_secret_key: Some("testing".into()),
            ..Default::default()
        };
        Storage::from_args(&args, dir).unwrap()
    })
    .await;
    let started = std::time::Instant::now();
    let r = readyz(&router).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.text().starts_with("storage"), "{}", r.text());
    assert!(started.elapsed() < std::time::Duration::from_secs(4), "a probe answers within its limit");
}

#[tokio::test]
async fn readyz_fails_when_the_media_folder_is_broken() {
    let (router, dir) = portal_with(|dir| Storage::local(&dir.join("media")).unwrap()).await;
    assert_eq!(readyz(&router).await.status, StatusCode::OK);
    // The disk the media folder was on is gone, a plain file in its place.
    let media = dir.path().join("media");
    std::fs::remove_dir_all(&media).unwrap();
    std::fs::write(&media, b"not a folder").unwrap();
    let r = readyz(&router).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.text(), "storage unavailable\n");
    assert!(r.header("set-cookie").is_none());
}
