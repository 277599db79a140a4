//! The content library end to end: share, process, preview, download,
//! rate, comment, report — on whichever database and storage the run uses.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};

use crate::app::{Reply, TestApp};
use crate::fixtures;

/// The id of chapter `number` of `subject` in primary class `class`.
pub async fn chapter(app: &TestApp, class: i32, subject: &str, number: i32) -> i64 {
    let tree = batayon::curriculum::store::tree(app.db()).await.unwrap();
    tree.iter()
        .find(|l| l.code == "primary")
        .and_then(|l| l.classes.iter().find(|c| c.number == class))
        .and_then(|c| c.subjects.iter().find(|s| s.code == subject))
        .and_then(|s| s.chapters.iter().find(|ch| ch.number == number))
        .map(|ch| ch.id.0)
        .expect("chapter exists")
}

/// Shares a file through `POST /api/v1/contents` (multipart).
pub async fn share(app: &TestApp, token: &str, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Reply {
    let (content_type, body) = fixtures::multipart(fields, file);
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/contents")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap();
    app.send(req, [10, 0, 1, 1]).await
}

pub async fn shared_pdf(app: &TestApp, token: &str, chapter_id: i64, title: &str) -> i64 {
    let ch = chapter_id.to_string();
    let r = share(
        app,
        token,
        &[("title", title), ("chapter_id", &ch), ("description", "ক্লাসে ব্যবহারের জন্য")],
        Some(("lesson.pdf", &fixtures::pdf(title))),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_pdf_shared_on_the_page_appears_on_its_chapter_with_a_preview_and_resumable_download() {
    let app = TestApp::new().await;
    let fractions = chapter(&app, 5, "math", 6).await;
    let mut phone = app.browser();
    phone.sign_up("রহিমা খাতুন", "01712340001").await;
    let form = phone.get(&format!("/contents/new?chapter_id={fractions}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains(&format!("value=\"{fractions}\" selected")), "the chapter is chosen already");

    let bytes = fixtures::pdf("Fractions worksheet");
    let ch = fractions.to_string();
    let csrf = phone.csrf();
    let (ct, body) = fixtures::multipart(
        &[
            ("_csrf", &csrf),
            ("title", "ভগ্নাংশের কার্যপত্র"),
            ("description", "দলে কাজের জন্য।"),
            ("chapter_id", &ch),
            ("language", "bn"),
            ("licence", "CC-BY-SA-4.0"),
            ("tags", "ভগ্নাংশ, দলগত কাজ"),
        ],
        Some(("কার্যপত্র.pdf", &bytes)),
    );
    let r = phone.post_raw("/contents/new", &ct, body).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let location = r.location();
    let id: i64 = location.trim_start_matches("/contents/").split('?').next().unwrap().parse().unwrap();

    let ran = batayon::worker::drain(&app.state).await.unwrap();
    assert_eq!(ran, 1, "one processing job");
    let page = phone.get(&location).await.text();
    assert!(page.contains("ভগ্নাংশের কার্যপত্র"));
    assert!(page.contains("/renditions/page_1"), "the first page is shown");
    assert!(
        page.contains("CC BY-SA 4.0") && page.contains("creativecommons.org/licenses/by-sa/4.0"),
        "licence and attribution"
    );
    assert!(page.contains("#ভগ্নাংশ"));
    assert!(page.contains("wa.me") && page.contains("facebook.com/sharer"));

    let found = phone
        .get("/search?q=%E0%A6%95%E0%A6%BE%E0%A6%B0%E0%A7%8D%E0%A6%AF%E0%A6%AA%E0%A6%A4%E0%A7%8D%E0%A6%B0")
        .await
        .text(); // কার্যপত্র
    assert!(found.contains(&format!("/contents/{id}")), "found by a word of its title");
    let chapter_page = phone.get(&format!("/curriculum/chapters/{fractions}")).await.text();
    assert!(chapter_page.contains(&format!("/contents/{id}")), "listed on its chapter");
    assert!(chapter_page.contains(" KB") || chapter_page.contains(" MB"), "size shown before tapping");

    let api = app.api(Method::GET, &format!("/api/v1/contents/{id}"), None, None).await.json();
    assert_eq!(api["file"]["page_count"], 1);
    assert_eq!(api["file"]["size_bytes"], bytes.len() as i64);
    assert_eq!(api["place"]["chapter_id"], fractions);
    let kinds: Vec<&str> = api["renditions"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"page_1") && kinds.contains(&"thumbnail"), "{kinds:?}");

    let whole = phone.get(&format!("/contents/{id}/file")).await;
    assert_eq!(whole.status, StatusCode::OK);
    assert_eq!(whole.body, bytes);
    assert!(whole.header("content-disposition").unwrap().contains("attachment"));
    let req = Request::builder()
        .uri(format!("/contents/{id}/file"))
        .header("range", "bytes=10-")
        .body(Body::empty())
        .unwrap();
    let rest = phone.request(req).await;
    assert_eq!(rest.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(rest.header("content-range").unwrap(), format!("bytes 10-{}/{}", bytes.len() - 1, bytes.len()));
    assert_eq!(rest.body, bytes[10..]);
    let req = Request::builder()
        .uri(format!("/api/v1/contents/{id}/file"))
        .header("range", format!("bytes={}-", bytes.len() + 5))
        .body(Body::empty())
        .unwrap();
    assert_eq!(phone.request(req).await.status, StatusCode::RANGE_NOT_SATISFIABLE);
    let after = app.api(Method::GET, &format!("/api/v1/contents/{id}"), None, None).await.json();
    assert_eq!(after["downloads"], 1, "a resumed piece is not another download");
}

#[tokio::test]
async fn a_video_gets_240p_and_360p_versions_and_the_page_starts_with_the_smallest() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("ভিডিও শিক্ষক", "01712340002").await;
    let ch = chapter(&app, 4, "science", 1).await.to_string();
    let video = fixtures::mp4();
    let r = share(&app, &token, &[("title", "পরিবেশ ভ্রমণ"), ("chapter_id", &ch)], Some(("trip.mp4", &video))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(r.json()["content"]["kind"], "video");
    batayon::worker::drain(&app.state).await.unwrap();
    let c = app.api(Method::GET, &format!("/api/v1/contents/{id}"), None, None).await.json();
    let renditions = c["renditions"].as_array().unwrap();
    let find = |k: &str| renditions.iter().find(|r| r["kind"] == k).cloned().unwrap_or(Value::Null);
    let jobs = batayon::media::entity::blob::Entity::find().all(app.db()).await.unwrap();
    let errors: Vec<Option<String>> =
        batayon::jobs::job::Entity::find().all(app.db()).await.unwrap().into_iter().map(|j| j.last_error).collect();
    assert!(
        find("video_240p").is_object() && find("video_360p").is_object() && find("thumbnail").is_object(),
        "{renditions:?} {errors:?} {jobs:?}"
    );
    assert!(c["file"]["duration_secs"].as_f64().unwrap() > 1.5);

    let small = app.browser().get(find("video_240p")["url"].as_str().unwrap()).await;
    assert_eq!(small.header("content-type").as_deref(), Some("video/mp4"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("240.mp4");
    std::fs::write(&path, &small.body).unwrap();
    let probe = std::process::Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=height,codec_name", "-of", "csv=p=0"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&probe.stdout).trim(), "h264,240");

    let page = app.browser().get(&format!("/contents/{id}")).await.text();
    let first_source = page.split("<source src=\"").nth(1).unwrap();
    assert!(first_source.starts_with(&format!("/contents/{id}/renditions/video_240p")), "240p first");
}

#[tokio::test]
async fn audio_gets_a_mono_aac_version() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("অডিও শিক্ষক", "01712340003").await;
    let ch = chapter(&app, 1, "bangla", 1).await.to_string();
    let r =
        share(&app, &token, &[("title", "স্বরবর্ণের ছড়া"), ("chapter_id", &ch)], Some(("chhora.wav", &fixtures::wav(2))))
            .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap();
    batayon::worker::drain(&app.state).await.unwrap();
    let c = app.api(Method::GET, &format!("/api/v1/contents/{id}"), None, None).await.json();
    let aac =
        c["renditions"].as_array().unwrap().iter().find(|r| r["kind"] == "audio_aac").cloned().expect("an AAC version");
    assert_eq!(aac["mime"], "audio/mp4");
    assert!(app.browser().get(&format!("/contents/{id}")).await.text().contains("<audio"));
}

#[tokio::test]
async fn bad_files_are_refused_with_a_clear_message() {
    let app = TestApp::configured(|c| c.upload_limits.other = 1024 * 1024).await;
    let (_, token) = app.teacher("সতর্ক শিক্ষক", "01712340004").await;
    let ch = chapter(&app, 3, "math", 1).await.to_string();
    let fields = [("title", "ফাইল পরীক্ষা"), ("chapter_id", ch.as_str())];

    let exe =
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00 This program cannot be run in DOS mode".to_vec();
    let r = share(&app, &token, &fields, Some(("homework.pdf", &exe))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "file");
    assert!(r.json()["errors"][0]["message"].as_str().unwrap().contains("PDF"));

    let r = share(&app, &token, &fields, Some(("empty.pdf", b""))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    let r = share(&app, &token, &fields, Some(("big.png", &fixtures::png(1400, 1400)))).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["code"], "too_large");

    let r = share(&app, &token, &[("title", "ফাইল ছাড়া"), ("chapter_id", &ch)], None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "neither file nor link");

    let mut phone = app.browser();
    phone.sign_up("পাতার শিক্ষক", "01712340005").await;
    let csrf = phone.csrf();
    let (ct, body) =
        fixtures::multipart(&[("_csrf", &csrf), ("title", "প্রোগ্রাম"), ("chapter_id", &ch)], Some(("lesson.pdf", &exe)));
    let r = phone.post_raw("/contents/new", &ct, body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("ভেতরের ধরন মেলেনি"), "the page says why");
    assert!(r.text().contains("value=\"প্রোগ্রাম\""), "the title is kept");
    assert!(batayon::content::entity::content::Entity::find().all(app.db()).await.unwrap().is_empty());
}

use sea_orm::EntityTrait;

#[tokio::test]
async fn the_same_file_is_stored_once_and_pointed_out() {
    let app = TestApp::new().await;
    let (_, first) = app.teacher("প্রথম", "01712340006").await;
    let (_, second) = app.teacher("দ্বিতীয়", "01712340007").await;
    let ch = chapter(&app, 2, "math", 4).await;
    let original = shared_pdf(&app, &first, ch, "Multiplication table").await;
    let r = share(
        &app,
        &second,
        &[("title", "গুণের নামতা"), ("chapter_id", &ch.to_string())],
        Some(("copy.pdf", &fixtures::pdf("Multiplication table"))),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json()["duplicate_of"], json!([original]));
    assert_eq!(batayon::media::entity::blob::Entity::find().all(app.db()).await.unwrap().len(), 1);
}

#[tokio::test]
async fn nobody_changes_or_rates_as_author_another_teachers_content_and_only_moderators_hide() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("লেখক", "01712340008").await;
    let (_, other) = app.teacher("অন্যজন", "01712340009").await;
    let (_, moderator) = app.with_role("মডারেটর", "01712340010", batayon::accounts::model::Role::Moderator).await;
    let id = shared_pdf(&app, &author, chapter(&app, 3, "english", 2).await, "My school").await;
    let path = format!("/api/v1/contents/{id}");

    assert_eq!(
        app.api(Method::PATCH, &path, Some(json!({"title": "চুরি"})), Some(&other)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.api(Method::DELETE, &path, None, Some(&other)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.api(Method::PATCH, &path, Some(json!({"hidden": true, "reason": "x"})), Some(&other)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.api(Method::PUT, &format!("{path}/rating"), Some(json!({"stars": 5})), Some(&author)).await.status,
        StatusCode::FORBIDDEN
    );
    let mut phone = app.browser();
    phone.submit("/login", &[("login", "01712340009"), ("password", "shikkhok123")]).await;
    assert_eq!(phone.get(&format!("/contents/{id}/edit")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(phone.submit(&format!("/contents/{id}/delete"), &[]).await.status, StatusCode::FORBIDDEN);

    let r = app
        .api(Method::PATCH, &path, Some(json!({"title": "My school (revised)", "tags": ["school"]})), Some(&author))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["title"], "My school (revised)");

    let r = app.api(Method::PATCH, &path, Some(json!({"hidden": true})), Some(&moderator)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "hiding needs a reason");
    let r = app.api(Method::PATCH, &path, Some(json!({"hidden": true, "reason": "ভুল তথ্য"})), Some(&moderator)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(app.api(Method::GET, &path, None, None).await.status, StatusCode::NOT_FOUND, "hidden from the public");
    assert_eq!(
        app.api(Method::GET, &path, None, Some(&author)).await.status,
        StatusCode::OK,
        "the author still sees it"
    );

    assert_eq!(app.api(Method::DELETE, &path, None, Some(&author)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.api(Method::GET, &path, None, Some(&author)).await.status, StatusCode::NOT_FOUND);
    assert!(
        batayon::content::entity::content::Entity::find_by_id(batayon::ids::ContentId(id))
            .one(app.db())
            .await
            .unwrap()
            .unwrap()
            .deleted_at
            .is_some(),
        "kept, marked deleted"
    );
}

/// DESIGN §4: the content pages too stay within 30 KB compressed with the stylesheet.
#[tokio::test]
async fn content_pages_fit_the_30_kb_budget_compressed() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("বাজেট", "01712340011").await;
    let ch = chapter(&app, 5, "math", 6).await;
    let id = shared_pdf(&app, &token, ch, "Budget check").await;
    batayon::worker::drain(&app.state).await.unwrap();
    let mut phone = app.browser();
    phone.sign_up("পাঠক", "01712340012").await;
    let home = phone.get("/").await.text();
    let css = home.split("rel=\"stylesheet\" href=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let gz = |bytes: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut e, bytes).unwrap();
        e.finish().unwrap().len()
    };
    let script = phone.get("/contents/new").await.text();
    let js = script.split("<script src=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let assets = gz(&phone.get(&css).await.body) + gz(&phone.get(&js).await.body);
    let subject = batayon::curriculum::memory::current(&app.state)
        .await
        .unwrap()
        .place(batayon::ids::ChapterId(ch))
        .unwrap()
        .subject_id;
    for path in [
        format!("/contents/{id}"),
        "/contents/new".to_owned(),
        format!("/curriculum/chapters/{ch}"),
        format!("/curriculum/subjects/{subject}"),
        "/contents?sort=top".to_owned(),
        "/my/contents".to_owned(),
    ] {
        let r = phone.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let total = gz(&r.body) + assets;
        assert!(total <= 30 * 1024, "{path} weighs {total} bytes compressed");
    }
}

#[tokio::test]
async fn views_are_counted_and_written_in_batches() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("দর্শক", "01712340013").await;
    let id = shared_pdf(&app, &token, chapter(&app, 1, "math", 2).await, "Addition").await;
    for _ in 0..3 {
        app.browser().get(&format!("/contents/{id}")).await;
    }
    app.api(Method::GET, &format!("/api/v1/contents/{id}"), None, None).await;
    batayon::content::views::counter(&app.state).flush(app.db()).await.unwrap();
    let c = app.api(Method::GET, &format!("/api/v1/contents/{id}"), None, None).await.json();
    assert_eq!(c["views"], 2, "three reloads by one visitor are one view; the API reader is another");
}

#[tokio::test]
async fn a_job_that_keeps_failing_is_parked_for_administrators_who_can_retry_it() {
    use sea_orm::sea_query::Expr;
    let app = TestApp::new().await;
    let id = batayon::jobs::enqueue(app.db(), batayon::jobs::JobKind::MediaProcess, json!({})).await.unwrap();
    batayon::jobs::job::Entity::update_many()
        .col_expr(batayon::jobs::job::Column::MaxAttempts, Expr::value(1))
        .exec(app.db())
        .await
        .unwrap();
    assert!(batayon::worker::run_one(&app.state).await.unwrap());
    let failed = batayon::jobs::failed(app.db(), 10).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].last_error.as_deref().unwrap().contains("blob_id"));

    let (_, _) = app.with_role("প্রশাসক", "01712340014", batayon::accounts::model::Role::Admin).await;
    let mut desk = app.browser();
    desk.submit("/login", &[("login", "01712340014"), ("password", "shikkhok123")]).await;
    let page = desk.get("/admin/jobs").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("blob_id"), "the error is shown");
    let r = desk.submit(&format!("/admin/jobs/{id}/retry"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(batayon::jobs::failed(app.db(), 10).await.unwrap().is_empty(), "queued again");
    let mut teacher = app.browser();
    teacher.sign_up("শিক্ষক", "01712340015").await;
    assert_eq!(teacher.get("/admin/jobs").await.status, StatusCode::FORBIDDEN);
}

#[test]
fn pauses_between_tries_grow() {
    assert_eq!(batayon::jobs::backoff(1).num_seconds(), 30);
    assert_eq!(batayon::jobs::backoff(3).num_seconds(), 120);
}

#[tokio::test]
async fn anonymous_visitors_share_a_copy_for_a_few_seconds_while_signed_in_teachers_see_changes_at_once() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("লেখক", "01712340016").await;
    let id = shared_pdf(&app, &token, chapter(&app, 2, "math", 2).await, "Old title").await;
    let path = format!("/contents/{id}");
    assert!(app.browser().get(&path).await.text().contains("Old title"));
    app.api(Method::PATCH, &format!("/api/v1/contents/{id}"), Some(json!({"title": "New title"})), Some(&token)).await;
    assert!(app.browser().get(&path).await.text().contains("Old title"), "the shared copy");
    let mut reader = app.browser();
    reader.sign_up("পাঠক", "01712340017").await;
    assert!(reader.get(&path).await.text().contains("New title"), "signed in: fresh");
    tokio::time::sleep(batayon::web::page_cache::KEEP_FOR + std::time::Duration::from_millis(200)).await;
    assert!(app.browser().get(&path).await.text().contains("New title"), "the copy expired");
}

#[tokio::test]
async fn lists_filter_by_type_language_and_place_page_through_and_my_contents_keeps_hidden_ones() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("তালিকা", "01712340018").await;
    let (_, moderator) = app.with_role("মডারেটর", "01712340019", batayon::accounts::model::Role::Moderator).await;
    let ch = chapter(&app, 5, "math", 7).await;
    let other = chapter(&app, 1, "math", 1).await;
    let first = shared_pdf(&app, &token, ch, "Decimals one").await;
    shared_pdf(&app, &token, ch, "Decimals two").await;
    shared_pdf(&app, &token, other, "Counting").await;
    let ch_s = ch.to_string();
    let r = share(
        &app,
        &token,
        &[("title", "Decimal picture"), ("chapter_id", &ch_s), ("language", "en")],
        Some(("p.png", &fixtures::png(50, 40))),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = share(
        &app,
        &token,
        &[
            ("title", "Decimal video link"),
            ("chapter_id", &ch_s),
            ("external_url", "https://www.youtube.com/watch?v=abc"),
        ],
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

    let count = |q: String| {
        let app = &app;
        async move { app.api(Method::GET, &format!("/api/v1/contents?{q}"), None, None).await.json() }
    };
    assert_eq!(count(format!("chapter_id={ch}&kind=pdf")).await["total"], 2);
    assert_eq!(count(format!("chapter_id={ch}&language=en")).await["items"][0]["title"], "Decimal picture");
    assert_eq!(count(format!("chapter_id={ch}&kind=link")).await["total"], 1);
    assert_eq!(count("class=1".into()).await["total"], 1, "by class number");
    let page2 = count(format!("chapter_id={ch}&per_page=3&page=2")).await;
    assert_eq!(page2["total"], 4);
    assert_eq!(page2["items"].as_array().unwrap().len(), 1, "the last page holds the rest");

    let html = app.browser().get(&format!("/curriculum/chapters/{ch}?kind=image")).await.text();
    assert!(html.contains("Decimal picture") && !html.contains("Decimals one"));

    app.api(
        Method::PATCH,
        &format!("/api/v1/contents/{first}"),
        Some(json!({"hidden": true, "reason": "দেখা হচ্ছে"})),
        Some(&moderator),
    )
    .await;
    let mut author = app.browser();
    author.submit("/login", &[("login", "01712340018"), ("password", "shikkhok123")]).await;
    assert!(
        author.get("/my/contents").await.text().contains("Decimals one"),
        "the author still sees a hidden content in their list"
    );
    assert!(!app.browser().get("/contents").await.text().contains("Decimals one"), "the public list does not");
}

#[tokio::test]
async fn a_signed_in_content_page_takes_six_queries_cold_and_none_warm_and_shows_changes_at_once() {
    use std::sync::atomic::Ordering;
    let app = TestApp::new().await;
    let (_, author) = app.teacher("লেখক", "01712349001").await;
    let fractions = chapter(&app, 5, "math", 6).await;
    let id = shared_pdf(&app, &author, fractions, "ভগ্নাংশের খেলা").await;
    shared_pdf(&app, &author, fractions, "আরেকটি পাঠ").await;
    let (reader, _) = app.teacher("পাঠক", "01712349002").await;
    let mut phone = app.browser();
    let r = phone.submit("/login", &[("login", "01712349002"), ("password", "shikkhok123")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let path = format!("/contents/{id}");
    let r = phone.submit(&format!("{path}/comments"), &[("body", "খুব কাজের")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // Related contents are looked for in the background after a first view
    // and kept apart from the page's parts: let that look end first.
    phone.get(&path).await;
    let related = app.state.part::<batayon::content::shared::Related>();
    for _ in 0..200 {
        if related.settled(batayon::ids::ContentId(id)) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }

    // Nothing kept: no session, no page parts, no curriculum, no bell count.
    batayon::accounts::session::cache(&app.state).forget(phone.cookies.get("batayon_session").unwrap());
    batayon::notifications::forget_unread(&app.state, batayon::ids::UserId(reader));
    batayon::content::shared::forget(&app.state, batayon::ids::ContentId(id));
    batayon::curriculum::memory::forget(&app.state);
    batayon::curriculum::memory::current(&app.state).await.unwrap();
    app.queries.store(0, Ordering::SeqCst);
    let page = phone.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let cold = app.queries.swap(0, Ordering::SeqCst);
    eprintln!("signed-in content page: {cold} queries cold");
    // Her session, the page's shared parts, her stars, the related list's
    // check, the comments, and the bell's unread count.
    assert!(cold <= 6, "a cold signed-in content page took {cold} queries");
    assert!(page.text().contains("খুব কাজের") && page.text().contains("আরেকটি পাঠ"));

    phone.get(&path).await;
    let warm = app.queries.swap(0, Ordering::SeqCst);
    assert_eq!(warm, 0, "a warm signed-in content page took {warm} queries");

    // A rating made here shows at once, not after the page parts expire.
    let r = phone.submit(&format!("{path}/rating"), &[("stars", "4")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let again = phone.get(&path).await.text();
    assert!(again.contains("value=\"4\" checked"), "own stars shown");
    let json = app.api(Method::GET, &format!("/api/v1/contents/{id}"), None, Some(&author)).await.json();
    assert_eq!(json["rating"]["count"], 1);
}

#[tokio::test]
async fn a_content_shared_on_this_node_is_listed_at_once_though_lists_are_kept() {
    let app = TestApp::new().await;
    let fractions = chapter(&app, 5, "math", 6).await;
    let mut reader = app.browser();
    reader.sign_up("নিয়মিত পাঠক", "01712349101").await;
    let list = format!("/curriculum/chapters/{fractions}");
    assert!(!reader.get(&list).await.text().contains("একদম নতুন পাঠ"));
    let (_, author) = app.teacher("নতুন লেখক", "01712349102").await;
    shared_pdf(&app, &author, fractions, "একদম নতুন পাঠ").await;
    let after = reader.get(&list).await.text();
    assert!(after.contains("একদম নতুন পাঠ"), "not held back by the kept list: {after}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_new_accounts_comments_on_contents_stop_at_the_hourly_allowance_even_in_parallel() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("লেখক", "01745470001").await;
    let (_, fresh) = app.teacher("নতুন অ্যাকাউন্ট", "01745470002").await;
    let chapter = chapter(&app, 4, "math", 2).await;
    let id = shared_pdf(&app, &author, chapter, "ভগ্নাংশের কাগজ").await;
    let path = format!("/api/v1/contents/{id}/comments");
    let sends = (0..40).map(|n| {
        let (app, path, fresh) = (&app, path.clone(), fresh.clone());
        async move {
            app.api(Method::POST, &path, Some(json!({"body": format!("মন্তব্য {n}")})), Some(&fresh)).await
        }
    });
    let replies = futures_util::future::join_all(sends).await;
    let created = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    let refused: Vec<_> = replies.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).collect();
    let statuses: Vec<_> = replies.iter().map(|r| (r.status, r.text())).filter(|(s, _)| s.as_u16() >= 500).collect();
    assert!(statuses.is_empty(), "{statuses:?}");
    let other: Vec<_> =
        replies.iter().filter(|r| r.status != StatusCode::CREATED).map(|r| (r.status, r.text())).take(2).collect();
    assert_eq!(created, 15, "a new account's hourly share of comments {other:?}");
    assert_eq!(refused.len(), 25);
    assert_eq!(refused[0].json()["code"], "quota_exceeded", "{}", refused[0].text());
    let stored = batayon::content::entity::comment::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(stored.len(), 15, "nothing past the allowance was kept");
}
