//! Printed packs: a chapter's best contents and a course module as one A4
//! PDF, each link a QR code a phone reads off the printed page.

use axum::http::{Method, StatusCode};

use crate::app::TestApp;
use crate::content::{chapter, shared_pdf};

/// `pdfinfo`'s page count and page size.
fn pages_and_size(pdf: &[u8]) -> (usize, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdfinfo").arg(&path).output().expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "pdfinfo reads it: {info} {}", String::from_utf8_lossy(&out.stderr));
    let field =
        |name: &str| info.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim().to_owned()).unwrap_or_default();
    (field("Pages:").parse().unwrap(), field("Page size:"))
}

/// Every QR code on every page, read off a 150 dpi print of it.
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

#[tokio::test]
async fn a_chapters_best_contents_print_on_a4_with_a_code_to_each() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("পাঠ লেখক", "01712360001").await;
    let ch = chapter(&app, 3, "math", 2).await;
    let first = shared_pdf(&app, &token, ch, "যোগের খেলা").await;
    let second = shared_pdf(&app, &token, ch, "বিয়োগের গল্প").await;
    let page = app.browser().get(&format!("/curriculum/chapters/{ch}")).await.text();
    assert!(page.contains(&format!("/curriculum/chapters/{ch}/pack.pdf")), "the chapter offers its pack");

    let r = app.browser().get(&format!("/curriculum/chapters/{ch}/pack.pdf")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("content-type").as_deref(), Some("application/pdf"));
    assert!(r.header("content-disposition").unwrap().contains(&format!("batayon-chapter-{ch}.pdf")));
    let (pages, size) = pages_and_size(&r.body);
    assert!(pages >= 1);
    assert!(size.contains("595.28 x 841.89"), "A4: {size}");
    let links = links_on(&r.body);
    let url = &app.state.config.public_url;
    for id in [first, second] {
        assert!(links.contains(&format!("{url}/contents/{id}")), "a code for {id}: {links:?}");
    }

    let empty = chapter(&app, 3, "math", 3).await;
    let none = app.browser().get(&format!("/curriculum/chapters/{empty}/pack.pdf")).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND, "nothing to print");
    assert!(!app.browser().get(&format!("/curriculum/chapters/{empty}")).await.text().contains("pack.pdf"));
}

#[tokio::test]
async fn an_enrolled_teacher_prints_a_module_with_its_quiz_to_take_online() {
    let app = TestApp::new().await;
    let c = crate::learning::course(&app, 3, 0).await;
    let path = format!("/learn/modules/{}/pack.pdf", c.module);
    let (_, me) = app.teacher("প্রধান শিক্ষিকা", "01712360002").await;
    let refused = app.api(Method::GET, &path, None, Some(&me)).await;
    assert!(matches!(refused.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{}", refused.status);
    assert_eq!(app.browser().get(&path).await.status, StatusCode::SEE_OTHER, "signed out: to the log-in page");

    app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(&me)).await;
    let r = app.api(Method::GET, &path, None, Some(&me)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("content-type").as_deref(), Some("application/pdf"));
    let (pages, size) = pages_and_size(&r.body);
    assert!(pages >= 1 && size.contains("595.28 x 841.89"), "{pages} {size}");
    let links = links_on(&r.body);
    let url = &app.state.config.public_url;
    assert!(links.contains(&format!("{url}/learn/quizzes/{}", c.module)), "the quiz online: {links:?}");
    assert!(links.iter().any(|l| l.starts_with(&format!("{url}/contents/"))), "the reading: {links:?}");
    // The course page offers it to her.
    let mut her = crate::fixtures::signed_in(&app, "01712360002", 36, 1).await;
    assert!(her.get(&format!("/courses/{}", c.id)).await.text().contains(&path));
}
