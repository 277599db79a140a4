//! The portal as an app a phone keeps: its manifest and icons, the site's
//! one service worker, the offline shelf, what a module takes to keep, and
//! sign-out telling the browser to forget what it kept.

use axum::http::{Method, StatusCode};

use crate::app::TestApp;

#[tokio::test]
async fn the_app_has_a_manifest_icons_and_one_worker_for_the_whole_site() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    let home = phone.get("/").await.text();
    assert!(home.contains(r#"<link rel="manifest" href="/manifest.webmanifest">"#));
    let manifest = phone.get("/manifest.webmanifest").await;
    assert_eq!(manifest.header("content-type").as_deref(), Some("application/manifest+json"));
    let m = manifest.json();
    assert_eq!(m["name"], "বাতায়ন");
    assert_eq!(m["start_url"], "/");
    assert_eq!(m["display"], "standalone");
    for icon in m["icons"].as_array().unwrap().iter().filter(|i| i["type"] == "image/png") {
        let r = phone.get(icon["src"].as_str().unwrap()).await;
        assert_eq!(r.status, StatusCode::OK);
        let img = image::load_from_memory(&r.body).unwrap();
        assert_eq!(format!("{}x{}", img.width(), img.height()), icon["sizes"].as_str().unwrap());
    }
    assert_eq!(phone.get("/icons/64.png").await.status, StatusCode::NOT_FOUND);

    let sw = phone.get("/sw.js").await;
    assert_eq!(sw.status, StatusCode::OK);
    let sw = sw.text();
    let assets = batayon::web::assets::Assets::build();
    for kept in ["/offline", "/verify", "/verify/keys.json", assets.css_href.as_str(), assets.verify_js_href.as_str()] {
        assert!(sw.contains(&format!("'{kept}'")), "the shell keeps {kept}");
    }
    assert!(!sw.contains("__"), "every placeholder filled");
    assert!(sw.contains("অফলাইন — এই পাতাটি DATE তারিখে রাখা"), "the offline line in Bangla");
    // The verifier's old worker now only steps aside.
    assert!(phone.get("/verify/sw.js").await.text().contains("unregister"));

    let shelf = phone.get("/offline").await;
    assert_eq!(shelf.status, StatusCode::OK);
    assert!(shelf.text().contains(r#"id="offline-shelf""#) && shelf.text().contains("data-budget=\"200\""));
}

#[tokio::test]
async fn signing_out_tells_the_browser_to_forget_what_it_kept() {
    let app = TestApp::new().await;
    app.teacher("নাসিমা আক্তার", "01712370001").await;
    let mut her = crate::fixtures::signed_in(&app, "01712370001", 37, 1).await;
    let page = her.get("/").await.text();
    assert!(page.contains(r#"<meta name="batayon-user""#), "the page says whose it is (site.js clears on a change)");
    let r = her.submit("/logout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("clear-site-data").as_deref(), Some(r#""cache", "storage""#));
}

#[tokio::test]
async fn keeping_a_module_takes_its_pages_its_lightest_files_and_its_quiz() {
    let app = TestApp::new().await;
    let c = crate::learning::course(&app, 3, 0).await;
    let path = format!("/learn/modules/{}/offline.json", c.module);
    let (_, me) = app.teacher("প্রধান শিক্ষিকা", "01712370002").await;
    let refused = app.api(Method::GET, &path, None, Some(&me)).await;
    assert!(
        matches!(refused.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "not enrolled: {}",
        refused.status
    );
    app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(&me)).await;
    let r = app.api(Method::GET, &path, None, Some(&me)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let keep = r.json();
    let urls: Vec<&str> = keep["urls"].as_array().unwrap().iter().map(|u| u.as_str().unwrap()).collect();
    assert!(urls.contains(&format!("/courses/{}", c.id).as_str()));
    assert!(urls.contains(&format!("/learn/activities/{}", c.reading).as_str()));
    assert!(urls.contains(&format!("/learn/activities/{}", c.practice).as_str()));
    assert!(urls.contains(&format!("/learn/quizzes/{}", c.module).as_str()), "the quiz, to answer offline");
    assert!(urls.iter().any(|u| u.ends_with("/file")), "the reading's file: {urls:?}");
    assert!(keep["bytes"].as_i64().unwrap() > 0, "its size before she keeps it");
    // Every address it lists opens for her.
    let mut her = crate::fixtures::signed_in(&app, "01712370002", 37, 2).await;
    for url in &urls {
        assert_eq!(her.get(url).await.status, StatusCode::OK, "{url}");
    }
    let course = her.get(&format!("/courses/{}", c.id)).await.text();
    assert!(course.contains(&format!(r#"data-list="{path}""#)), "the course page offers to keep the module");
}

/// A comment form as the outbox sends it: with its key.
async fn send_comment(her: &mut crate::app::Browser<'_>, content: i64, key: &str, body: &str) -> crate::app::Reply {
    let form = serde_urlencoded::to_string([("_csrf", her.csrf().as_str()), ("body", body)]).unwrap();
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri(format!("/contents/{content}/comments"))
        .header("cookie", format!("batayon_session={}", her.cookies["batayon_session"]))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("idempotency-key", key)
        .body(axum::body::Body::from(form))
        .unwrap();
    her.request(req).await
}

#[tokio::test]
async fn a_form_the_outbox_sends_again_is_done_once() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("পাঠ লেখক", "01712370003").await;
    let ch = crate::content::chapter(&app, 2, "math", 1).await;
    let content = crate::content::shared_pdf(&app, &token, ch, "গণনার কার্ড").await;
    app.teacher("রাবেয়া খাতুন", "01712370004").await;
    let mut her = crate::fixtures::signed_in(&app, "01712370004", 37, 3).await;

    let first = send_comment(&mut her, content, "outbox-0001-aaaa", "অফলাইনে লেখা মন্তব্য, প্রথমবার").await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.text());
    let again = send_comment(&mut her, content, "outbox-0001-aaaa", "অফলাইনে লেখা মন্তব্য, প্রথমবার").await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "the same answer");
    assert_eq!(again.location(), first.location());
    assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(comments(&app, content).await, 1, "done once");

    // Eight sendings of one form at once: one comment.
    let sessions: Vec<String> = (0..8).map(|_| her.cookies["batayon_session"].clone()).collect();
    let csrf = her.csrf();
    let sends = sessions.iter().map(|session| {
        let form = serde_urlencoded::to_string([("_csrf", csrf.as_str()), ("body", "একসাথে আটবার পাঠানো")]).unwrap();
        let req = axum::http::Request::builder()
            .method(Method::POST)
            .uri(format!("/contents/{content}/comments"))
            .header("cookie", format!("batayon_session={session}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("idempotency-key", "outbox-0002-bbbb")
            .body(axum::body::Body::from(form))
            .unwrap();
        app.send(req, [10, 37, 0, 3])
    });
    let answers = futures_util::future::join_all(sends).await;
    assert!(
        answers.iter().all(|r| matches!(r.status, StatusCode::SEE_OTHER | StatusCode::CONFLICT)),
        "{:?}",
        answers.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert_eq!(comments(&app, content).await, 2, "eight sendings, one comment");

    // A refused form lets its key go: mended, it is sent with the same key.
    let refused = send_comment(&mut her, content, "outbox-0003-cccc", "").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mended = send_comment(&mut her, content, "outbox-0003-cccc", "ঠিক করে আবার পাঠানো মন্তব্য").await;
    assert_eq!(mended.status, StatusCode::SEE_OTHER);
    assert!(mended.header("idempotent-replayed").is_none(), "acted on, not replayed");
    assert_eq!(comments(&app, content).await, 3);

    let bad = send_comment(&mut her, content, "short", "চাবি ছোট").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "a key the outbox never makes is refused");
    assert_eq!(comments(&app, content).await, 3);
}

async fn comments(app: &TestApp, content: i64) -> usize {
    let path = format!("/api/v1/contents/{content}/comments");
    app.api(Method::GET, &path, None, None).await.json().as_array().unwrap().len()
}
