//! Outside review (6 December, second pass) of the data-saver mode and the
//! printed A4 packs. Each test here reproduces a defect: it fails now and
//! passes once the defect is mended.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use sea_orm::EntityTrait;
use serde_json::json;

use crate::app::TestApp;
use crate::content::{chapter, share, shared_pdf};

/// Every QR code on every page, read off a 150 dpi print of it (as in
/// `packs.rs`).
fn links_on(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, pdf).unwrap();
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-png"])
        .arg(&path)
        .arg(dir.path().join("page"))
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    let mut links = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for file in files.iter().filter(|p| p.extension().is_some_and(|e| e == "png")) {
        let grey = image::open(file).unwrap().to_luma8();
        let (w, h) = (grey.width() as usize, grey.height() as usize);
        let mut prepared =
            rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| grey.get_pixel(x as u32, y as u32)[0]);
        for grid in prepared.detect_grids() {
            if let Ok((_, text)) = grid.decode() {
                links.push(text);
            }
        }
    }
    links
}

/// The module pack is kept per (module, version, language) only, but what
/// goes into it depends on who asks: `content::shared::page` shows a hidden
/// content to its author and to moderators. When one of them prints first,
/// the hidden content's title and QR code are kept and handed to every other
/// enrolled teacher for ten minutes.
#[tokio::test]
async fn a_moderators_module_pack_with_a_hidden_content_is_not_handed_to_other_teachers() {
    let app = TestApp::new().await;
    let c = crate::learning::course(&app, 3, 0).await;
    let path = format!("/learn/modules/{}/pack.pdf", c.module);
    let (_, moderator) = app.with_role("মডারেটর", "01712370001", batayon::accounts::model::Role::Moderator).await;
    let (_, teacher) = app.teacher("সাধারণ শিক্ষিকা", "01712370002").await;
    for who in [&moderator, &teacher] {
        let r = app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(who)).await;
        assert!(r.status.is_success(), "{} {}", r.status, r.text());
    }
    // The reading's library content is hidden by moderation.
    let contents = batayon::content::entity::content::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(contents.len(), 1, "the course's one reading");
    let pdf = contents[0].id.0;
    let r = app
        .api(
            Method::PATCH,
            &format!("/api/v1/contents/{pdf}"),
            Some(json!({"hidden": true, "reason": "ভুল তথ্য"})),
            Some(&moderator),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let hidden_link = format!("{}/contents/{pdf}", app.state.config.public_url);

    // The moderator prints first: she may see the hidden content.
    let r = app.api(Method::GET, &path, None, Some(&moderator)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // Then a teacher who may not see it.
    let r = app.api(Method::GET, &path, None, Some(&teacher)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let links = links_on(&r.body);
    assert!(
        !links.contains(&hidden_link),
        "a hidden content reached an ordinary teacher's pack through the kept pack: {links:?}"
    );
}

/// Hiding (or deleting) a content redraws the lists at once
/// (`content::shared::changed`), but a chapter pack made before is kept ten
/// minutes and keeps printing the hidden content for everyone.
#[tokio::test]
async fn a_hidden_content_leaves_the_chapter_pack_at_once() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("পাঠ লেখক", "01712370003").await;
    let (_, moderator) = app.with_role("মডারেটর", "01712370004", batayon::accounts::model::Role::Moderator).await;
    let ch = chapter(&app, 3, "math", 2).await;
    let kept = shared_pdf(&app, &author, ch, "যোগের খেলা").await;
    let bad = shared_pdf(&app, &author, ch, "ভুল তথ্যের পাতা").await;
    let path = format!("/curriculum/chapters/{ch}/pack.pdf");
    let url = app.state.config.public_url.clone();

    let before = app.browser().get(&path).await;
    assert_eq!(before.status, StatusCode::OK);
    let links = links_on(&before.body);
    assert!(links.contains(&format!("{url}/contents/{bad}")) && links.contains(&format!("{url}/contents/{kept}")));

    let r = app
        .api(
            Method::PATCH,
            &format!("/api/v1/contents/{bad}"),
            Some(json!({"hidden": true, "reason": "ভুল তথ্য"})),
            Some(&moderator),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let list = app.browser().get(&format!("/curriculum/chapters/{ch}")).await.text();
    assert!(!list.contains("ভুল তথ্যের পাতা"), "the chapter's list drops it at once");

    let after = app.browser().get(&path).await;
    assert_eq!(after.status, StatusCode::OK);
    let links = links_on(&after.body);
    assert!(
        !links.contains(&format!("{url}/contents/{bad}")),
        "the hidden content is still printed in the chapter's pack: {links:?}"
    );
}

/// `printing::layout::escape` turns control characters into spaces but lets
/// through U+FFFE and U+FFFF, which XML forbids; the API accepts them (they
/// are not control characters). usvg then refuses the page, and the public
/// chapter pack answers 500 for everyone, on every request (a failure is not
/// kept, so each request draws again).
#[tokio::test]
async fn a_title_with_an_xml_forbidden_character_does_not_break_the_chapter_pack() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("পাঠ লেখক", "01712370005").await;
    let ch = chapter(&app, 3, "math", 3).await;
    shared_pdf(&app, &author, ch, "যোগের খেলা").await;
    let ch_s = ch.to_string();
    let r = share(
        &app,
        &author,
        &[("title", "বিয়োগ\u{FFFF} শেখা"), ("chapter_id", &ch_s), ("description", "ক্লাসে\u{FFFE}")],
        Some(("lesson.pdf", &crate::fixtures::pdf("subtraction"))),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "the API takes the title: {}", r.text());
    let page = app.browser().get(&format!("/curriculum/chapters/{ch}")).await;
    assert_eq!(page.status, StatusCode::OK, "the chapter's page draws it");

    let r = app.browser().get(&format!("/curriculum/chapters/{ch}/pack.pdf")).await;
    assert_eq!(r.status, StatusCode::OK, "one teacher's title breaks the chapter's pack for all: {}", r.text());
}

/// `printing::kept_or_made` looks in the kept packs before waiting for its
/// turn and never again after it: requests for the same pack that arrive
/// while it is being made (or while the two turns are busy) each make it
/// again. A shared link to a chapter's pack brings the stampede the page
/// cache guards against elsewhere. Twelve requests for one pack must cost
/// about one drawing, not six rounds of two.
#[tokio::test]
async fn simultaneous_requests_for_one_pack_draw_it_once() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("পাঠ লেখক", "01712370006").await;
    let warm = chapter(&app, 3, "math", 4).await;
    let once = chapter(&app, 3, "math", 5).await;
    let many = chapter(&app, 3, "math", 6).await;
    for ch in [warm, once, many] {
        for n in 0..4 {
            shared_pdf(&app, &author, ch, &format!("ভগ্নাংশের খেলা, পাঠ {n}: অর্ধেক ও চার ভাগের এক ভাগ")).await;
        }
    }
    let pack = |ch: i64| format!("/curriculum/chapters/{ch}/pack.pdf");
    // The fonts are read once, on the first pack.
    assert_eq!(app.browser().get(&pack(warm)).await.status, StatusCode::OK);
    let t = Instant::now();
    assert_eq!(app.browser().get(&pack(once)).await.status, StatusCode::OK);
    let one_drawing = t.elapsed();

    // Twelve phones ask for one pack while both turns are busy.
    let turns = app.state.decoding.acquire_many(2).await.unwrap();
    let released = std::sync::Mutex::new(None);
    let path = pack(many);
    let asks = (0..12).map(|_| async {
        let mut phone = app.browser();
        phone.get(&path).await.status
    });
    let (statuses, ()) = tokio::join!(futures_util::future::join_all(asks), async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        *released.lock().unwrap() = Some(Instant::now());
        drop(turns);
    });
    let took = released.lock().unwrap().unwrap().elapsed();
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    assert!(
        took < one_drawing * 3,
        "twelve asks for one pack took {took:?}, one drawing takes {one_drawing:?}: it was drawn again and again"
    );
}
