//! A node in a cluster (`--node-name`): its name starts every upload id, so
//! the load balancer can send an upload's pieces to the node holding the
//! partial file, and every answer names the node. Without a name nothing
//! changes.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::app::{Reply, TestApp};
use crate::content::chapter;
use crate::fixtures;

async fn tus(app: &TestApp, method: Method, uri: &str, token: &str, headers: &[(&str, &str)], body: Body) -> Reply {
    crate::uploads::tus_from(app, [10, 0, 3, 1], method, uri, token, headers, body).await
}

/// Starts a tus upload of `length` bytes; its Location.
async fn start_upload(app: &TestApp, token: &str, length: usize) -> String {
    let length = length.to_string();
    let headers = [("upload-length", length.as_str()), ("upload-metadata", "filename bm9kZS5wbmc=")];
    let r = tus(app, Method::POST, "/api/v1/uploads", token, &headers, Body::empty()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.location()
}

#[tokio::test]
async fn a_named_node_puts_its_name_in_upload_ids_and_the_upload_still_becomes_the_content() {
    let app = TestApp::configured(|c| c.node_name = Some("n2".into())).await;
    let (_, token) = app.teacher("দ্বিতীয় নোডের শিক্ষক", "01714450001").await;
    let file = fixtures::png(300, 200);
    let location = start_upload(&app, &token, file.len()).await;
    let id = location.rsplit('/').next().unwrap().to_owned();
    assert!(id.starts_with("n2_"), "the node's name starts the id: {id}");
    assert!(id.len() >= "n2_".len() + 43, "the rest is still 32 random bytes: {id}");

    // Several pieces, as a phone on a poor connection sends them.
    let mut at = 0;
    for piece in file.chunks(file.len() / 3 + 1) {
        let offset = at.to_string();
        let headers = [("content-type", "application/offset+octet-stream"), ("upload-offset", offset.as_str())];
        let r = tus(&app, Method::PATCH, &location, &token, &headers, Body::from(piece.to_vec())).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
        assert_eq!(r.header("x-batayon-node").as_deref(), Some("n2"), "the answer names its node");
        at += piece.len();
    }
    let head = tus(&app, Method::HEAD, &location, &token, &[], Body::empty()).await;
    assert_eq!(head.header("upload-offset"), Some(file.len().to_string()));

    let ch = chapter(&app, 4, "science", 1).await;
    let body = json!({"title": "নোডের ছবি", "chapter_id": ch, "upload_id": id});
    let r = app.api(Method::POST, "/api/v1/contents", Some(body), Some(&token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let content = r.json()["id"].as_i64().unwrap();
    let download = app.browser().get(&format!("/contents/{content}/file")).await;
    assert_eq!(Sha256::digest(&download.body), Sha256::digest(&file), "the identical file");
    let health = app.browser().get("/healthz").await;
    assert_eq!(health.header("x-batayon-node").as_deref(), Some("n2"), "every answer names its node");
}

/// A second node beside `app`: the same database and store, its own work
/// folder and name.
fn second_node(app: &TestApp, work: &std::path::Path, name: &str) -> axum::Router {
    let mut config = batayon::Config::for_tests(work);
    config.node_name = Some(name.into());
    let state = batayon::AppState::new(app.db().clone(), config, app.state.storage.clone());
    batayon::site::build(state)
}

async fn call(node: &axum::Router, request: Request<Body>) -> (StatusCode, serde_json::Value, Option<String>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut request = request;
    let from = std::net::SocketAddr::from(([10, 0, 3, 2], 40000));
    request.extensions_mut().insert(axum::extract::ConnectInfo(from));
    let response = node.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let node_name = response.headers().get("x-batayon-node").map(|v| v.to_str().unwrap().to_owned());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap_or_default(), node_name)
}

#[tokio::test]
async fn an_upload_finished_on_one_node_becomes_a_content_through_the_other() {
    let app = TestApp::configured(|c| c.node_name = Some("n1".into())).await;
    let work = tempfile::tempdir().unwrap();
    let n2 = second_node(&app, work.path(), "n2");
    let (_, token) = app.teacher("দুই নোডের শিক্ষক", "01714450003").await;
    let file = fixtures::png(200, 120);
    let location = start_upload(&app, &token, file.len()).await;
    let id = location.rsplit('/').next().unwrap().to_owned();
    let headers = [("content-type", "application/offset+octet-stream"), ("upload-offset", "0")];
    let r = tus(&app, Method::PATCH, &location, &token, &headers, Body::from(file.clone())).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let shared = format!("uploads/{id}");
    assert!(app.state.storage.exists(&shared).await.unwrap(), "the finished file waits in the shared store");
    assert!(!app.state.config.work_dir.join("tus").join(&id).exists(), "and not on the node's disk");

    let ch = chapter(&app, 4, "science", 2).await;
    let body = json!({"title": "অন্য নোডে শেষ", "chapter_id": ch, "upload_id": id});
    let request = Request::post("/api/v1/contents")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let (status, created, node) = call(&n2, request).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(node.as_deref(), Some("n2"), "the other node made the content");
    let download = app.browser().get(&format!("/contents/{}/file", created["id"])).await;
    assert_eq!(Sha256::digest(&download.body), Sha256::digest(&file), "the identical file");
    assert!(!app.state.storage.exists(&shared).await.unwrap(), "the shared copy is gone once it is a content");
}

#[tokio::test]
async fn an_unnamed_node_makes_plain_ids_and_names_no_node() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("একক শিক্ষক", "01714450002").await;
    let location = start_upload(&app, &token, 10).await;
    let id = location.rsplit('/').next().unwrap();
    assert_eq!(id.len(), 43, "32 random bytes and nothing else: {id}");
    let health = app.browser().get("/healthz").await;
    assert_eq!(health.header("x-batayon-node"), None);
}

#[test]
fn a_node_name_that_cannot_go_into_an_upload_id_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["n_1", "", "abcdefghijklmnopq", "নোড"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_batayon"))
            .args(["serve", "--addr", "127.0.0.1:1", "--node-name", bad])
            .arg("--data")
            .arg(dir.path())
            .env_remove("BATAYON_DATABASE_URL")
            .output()
            .expect("batayon runs");
        assert_eq!(out.status.code(), Some(2), "{bad:?} is refused by the command line");
        assert!(String::from_utf8_lossy(&out.stderr).contains("letters and digits"), "{bad:?}");
    }
}
