//! tus 1.0.0 resumable uploads: interrupted, resumed, checked, finished
//! into a content whose file is byte for byte the one sent.

use axum::body::{Body, Bytes};
use axum::http::{Method, Request, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::app::{Reply, TestApp};
use crate::content::chapter;
use crate::fixtures;

async fn tus(app: &TestApp, method: Method, uri: &str, token: &str, headers: &[(&str, &str)], body: Body) -> Reply {
    tus_from(app, [10, 0, 2, 1], method, uri, token, headers, body).await
}

/// A tus request from the phone at `address` (other files' tests use their own).
pub(crate) async fn tus_from(
    app: &TestApp,
    address: [u8; 4],
    method: Method,
    uri: &str,
    token: &str,
    headers: &[(&str, &str)],
    body: Body,
) -> Reply {
    let mut b = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("tus-resumable", "1.0.0");
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    app.send(b.body(body).unwrap(), address).await
}

fn offset(r: &Reply) -> u64 {
    r.header("upload-offset").unwrap().parse().unwrap()
}

#[tokio::test]
async fn an_upload_cut_off_mid_patch_resumes_from_its_last_byte_and_yields_the_identical_file() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("চরের শিক্ষক", "01714440001").await;
    let file = fixtures::png(700, 500);
    let length = file.len().to_string();

    let r = tus(&app, Method::OPTIONS, "/api/v1/uploads", &token, &[], Body::empty()).await;
    assert_eq!(r.header("tus-version").as_deref(), Some("1.0.0"));
    assert!(r.header("tus-extension").unwrap().contains("checksum"));

    let meta = "filename Y2hhci5wbmc=";
    let r = tus(
        &app,
        Method::POST,
        "/api/v1/uploads",
        &token,
        &[("upload-length", &length), ("upload-metadata", meta)],
        Body::empty(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let location = r.location();
    let upload_id = location.rsplit('/').next().unwrap().to_owned();

    // The connection drops after 40,000 bytes of a PATCH.
    let first: Vec<u8> = file[..40_000].to_vec();
    let broken = futures_util::stream::iter(vec![
        Ok::<Bytes, std::io::Error>(Bytes::from(first)),
        Err(std::io::Error::other("connection reset")),
    ]);
    let octets = [("content-type", "application/offset+octet-stream"), ("upload-offset", "0")];
    tus(&app, Method::PATCH, &location, &token, &octets, Body::from_stream(broken)).await;

    let head = tus(&app, Method::HEAD, &location, &token, &[], Body::empty()).await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(offset(&head), 40_000, "what arrived before the drop was kept");
    assert_eq!(head.header("upload-length").unwrap(), length);

    let stale = tus(&app, Method::PATCH, &location, &token, &octets, Body::from(file[..10].to_vec())).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "a PATCH at the wrong offset is refused");

    let piece = &file[40_000..60_000];
    let wrong_sum = format!("sha1 {}", base64_of(&Sha256::digest(b"not this")[..20]));
    let at = [
        ("content-type", "application/offset+octet-stream"),
        ("upload-offset", "40000"),
        ("upload-checksum", wrong_sum.as_str()),
    ];
    let bad = tus(&app, Method::PATCH, &location, &token, &at, Body::from(piece.to_vec())).await;
    assert_eq!(bad.status.as_u16(), 460, "checksum mismatch");
    assert_eq!(
        offset(&tus(&app, Method::HEAD, &location, &token, &[], Body::empty()).await),
        40_000,
        "the bad chunk was dropped"
    );

    let good_sum = format!("sha256 {}", base64_of(&Sha256::digest(&file[40_000..])));
    let rest = [
        ("content-type", "application/offset+octet-stream"),
        ("upload-offset", "40000"),
        ("upload-checksum", good_sum.as_str()),
    ];
    let done = tus(&app, Method::PATCH, &location, &token, &rest, Body::from(file[40_000..].to_vec())).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.text());
    assert_eq!(offset(&done), file.len() as u64);

    let ch = chapter(&app, 5, "science", 1).await;
    let r = app
        .api(
            Method::POST,
            "/api/v1/contents",
            Some(json!({"title": "চরের ছবি", "chapter_id": ch, "upload_id": upload_id})),
            Some(&token),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap();
    let download = app.browser().get(&format!("/contents/{id}/file")).await;
    assert_eq!(Sha256::digest(&download.body), Sha256::digest(&file), "identical file");
    assert_eq!(
        tus(&app, Method::HEAD, &location, &token, &[], Body::empty()).await.status,
        StatusCode::NOT_FOUND,
        "the upload became the content"
    );
}

fn base64_of(bytes: &[u8]) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes)
}

#[tokio::test]
async fn uploads_are_private_limited_terminable_and_expire() {
    let app = TestApp::new().await;
    let (_, owner) = app.teacher("মালিক", "01714440002").await;
    let (_, other) = app.teacher("অন্য", "01714440003").await;
    let too_big = (600u64 * 1024 * 1024).to_string();
    let r = tus(&app, Method::POST, "/api/v1/uploads", &owner, &[("upload-length", &too_big)], Body::empty()).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = tus(&app, Method::POST, "/api/v1/uploads", &owner, &[], Body::empty()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "Upload-Length is required");
    let r = app
        .send(
            Request::builder()
                .method(Method::POST)
                .uri("/api/v1/uploads")
                .header("authorization", format!("Bearer {owner}"))
                .header("upload-length", "10")
                .body(Body::empty())
                .unwrap(),
            [10, 0, 2, 2],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "Tus-Resumable is required");
    assert_eq!(r.json()["code"], "tus_header");
    let old_client = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/uploads")
        .header("authorization", format!("Bearer {owner}"))
        .header("upload-length", "10")
        .header("tus-resumable", "0.2.2")
        .body(Body::empty())
        .unwrap();
    let r = app.send(old_client, [10, 0, 2, 2]).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "another version of tus");
    assert_eq!(r.header("tus-version").as_deref(), Some("1.0.0"));

    let r = tus(&app, Method::POST, "/api/v1/uploads", &owner, &[("upload-length", "100")], Body::empty()).await;
    let location = r.location();
    assert_eq!(
        tus(&app, Method::HEAD, &location, &other, &[], Body::empty()).await.status,
        StatusCode::NOT_FOUND,
        "another teacher's upload is invisible"
    );
    let octets = [("content-type", "application/offset+octet-stream"), ("upload-offset", "0")];
    assert_eq!(
        tus(&app, Method::PATCH, &location, &owner, &octets, Body::from(vec![1u8; 101])).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let r = app
        .api(
            Method::POST,
            "/api/v1/contents",
            Some(json!({"title": "অসমাপ্ত", "chapter_id": 1, "upload_id": location.rsplit('/').next().unwrap()})),
            Some(&owner),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "an unfinished upload cannot be shared");
    assert_eq!(tus(&app, Method::DELETE, &location, &owner, &[], Body::empty()).await.status, StatusCode::NO_CONTENT);
    assert_eq!(tus(&app, Method::HEAD, &location, &owner, &[], Body::empty()).await.status, StatusCode::NOT_FOUND);

    let r = tus(&app, Method::POST, "/api/v1/uploads", &owner, &[("upload-length", "100")], Body::empty()).await;
    let location = r.location();
    use sea_orm::EntityTrait;
    batayon::uploads::upload::Entity::update_many()
        .col_expr(
            batayon::uploads::upload::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::hours(1)),
        )
        .exec(app.db())
        .await
        .unwrap();
    assert_eq!(batayon::uploads::expire(&app.state).await.unwrap(), 1);
    assert_eq!(tus(&app, Method::HEAD, &location, &owner, &[], Body::empty()).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_teacher_may_have_five_uploads_open_and_two_gb_a_day_with_a_message_naming_the_limit() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("কোটার শিক্ষক", "01714440077").await;
    for _ in 0..5 {
        let r = tus(&app, Method::POST, "/api/v1/uploads", &token, &[("upload-length", "1000")], Body::empty()).await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let r = tus(&app, Method::POST, "/api/v1/uploads", &token, &[("upload-length", "1000")], Body::empty()).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.json()["code"], "quota_exceeded");
    assert!(r.json()["detail"].as_str().unwrap().contains('৫'), "names the limit: {}", r.text());

    let (_, other) = app.teacher("আরেকজন", "01714440078").await;
    let big = (450u64 * 1024 * 1024).to_string();
    for _ in 0..4 {
        let r = tus(&app, Method::POST, "/api/v1/uploads", &other, &[("upload-length", &big)], Body::empty()).await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let r = tus(&app, Method::POST, "/api/v1/uploads", &other, &[("upload-length", &big)], Body::empty()).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "1.8 GB announced today, 450 MB more would pass 2 GB");
    assert!(r.json()["detail"].as_str().unwrap().contains("২,০৪৮"), "counts grouped the Bangla way: {}", r.text());
}
