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
