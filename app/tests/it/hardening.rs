//! What an outside reviewer tried: bodies too large to hold, forged proxy
//! headers, open redirects, parallel code guessing, lost files.

use axum::body::{Body, Bytes};
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;

use crate::app::TestApp;

static SPACES: [u8; 64 * 1024] = [b' '; 64 * 1024];

/// A body of `chunks` × 64 KB made as it is read, never held whole.
fn endless(prefix: &'static [u8], chunks: usize) -> Body {
    let head = futures_util::stream::once(async move { Ok::<_, std::io::Error>(Bytes::from_static(prefix)) });
    let rest = futures_util::stream::iter((0..chunks).map(|_| Ok(Bytes::from_static(&SPACES))));
    Body::from_stream(futures_util::StreamExt::chain(head, rest))
}

#[tokio::test]
async fn a_json_body_over_64_kb_is_refused_while_it_streams() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("বড় বার্তা", "01744440001").await;
    // 1 GB of JSON, sent without a Content-Length.
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/contents")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(endless(b"{\"title\": \"", 16 * 1024))
        .unwrap();
    let r = app.send(request, [10, 9, 9, 1]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.header("content-type").as_deref(), Some("application/problem+json"));
    assert_eq!(r.json()["code"], "too_large");

    // A Content-Length that says so is refused before any byte is read.
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/contents")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, "800000000")
        .body(Body::from_stream(futures_util::stream::pending::<Result<Bytes, std::io::Error>>()))
        .unwrap();
    assert_eq!(app.send(request, [10, 9, 9, 1]).await.status, StatusCode::PAYLOAD_TOO_LARGE);
}

fn multipart(parts: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "batayonboundary";
    let mut body = Vec::new();
    for (name, value) in parts {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn multipart_text_fields_are_capped_while_read_and_counted_before_the_next() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("লম্বা ফর্ম", "01744440002").await;
    let post = |content_type: String, body: Body| {
        Request::builder()
            .method(Method::POST)
            .uri("/api/v1/contents")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, content_type)
            .body(body)
            .unwrap()
    };
    // One text field of 1 GB: refused after its first 16 KB.
    let (content_type, _) = multipart(&[]);
    let head: &'static [u8] = b"--batayonboundary\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n";
    let r = app.send(post(content_type.clone(), endless(head, 16 * 1024)), [10, 9, 9, 2]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);

    // Thousands of tiny fields: refused at the 31st.
    let many: Vec<(String, String)> = (0..5000).map(|i| (format!("f{i}"), "x".to_owned())).collect();
    let borrowed: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (content_type, body) = multipart(&borrowed);
    let r = app.send(post(content_type, Body::from(body)), [10, 9, 9, 2]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn redirects_after_a_language_switch_or_log_in_stay_on_this_site() {
    let app = TestApp::new().await;
    app.teacher("ফেরার পথ", "01744440003").await;
    let mut phone = app.browser();
    for next in [
        "/%09/evil.example",
        "/%0d%0a/evil.example",
        "//evil.example",
        "/%5Cevil.example",
        "/%5C%5Cevil.example",
        "%2F%2Fevil.example",
        "https://evil.example",
        "/%2F%09/evil.example",
    ] {
        let r = phone.get(&format!("/lang/en?next={next}")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(r.location(), "/", "language switch with next={next}");
        let r = phone
            .submit("/login", &[("login", "01744440003"), ("password", "shikkhok123"), ("next", &percent_decode(next))])
            .await;
        assert_eq!(r.location(), "/", "log-in with next={next}");
    }
    let r = phone.get("/lang/bn?next=/contents%3Fsort%3Dtop").await;
    assert_eq!(r.location(), "/contents?sort=top", "a plain local path is followed");
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_guesses_at_a_reset_code_share_five_tries() {
    // The per-account limit on confirming is lifted here, to see the tries
    // themselves hold.
    let app = std::sync::Arc::new(TestApp::configured(|c| c.limits.reset_per_account = 500).await);
    app.teacher("সমান্তরাল", "01744440004").await;
    let r = app.api(Method::POST, "/api/v1/auth/password-reset", Some(json!({"login": "01744440004"})), None).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let text = app.state.senders.outbox().last().unwrap().text.clone();
    let ascii = bangla::to_ascii_digits(&text);
    let code = ascii.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).unwrap().to_owned();
    // 40 wrong guesses at once from 40 addresses: each must take a try
    // before it is compared, so no more than five are ever compared.
    let guesses = (0..40u8).map(|i| {
        let guess = format!("{:06}", (code.parse::<u32>().unwrap() + 1 + u32::from(i)) % 1_000_000);
        let body = json!({"login": "01744440004", "code": guess, "password": "notun-pass-1"});
        let app = app.clone();
        tokio::spawn(async move {
            app.api_from([10, 8, 0, i], Method::POST, "/api/v1/auth/password-reset/confirm", Some(body), None).await
        })
    });
    let answers = futures_util::future::join_all(guesses).await;
    assert!(answers.iter().all(|r| r.as_ref().unwrap().status.is_client_error()));
    let resets = batayon::accounts::entity::password_reset::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(resets[0].failed_attempts, 5, "exactly five guesses were compared");
    let r = app
        .api_from(
            [10, 8, 1, 1],
            Method::POST,
            "/api/v1/auth/password-reset/confirm",
            Some(json!({"login": "01744440004", "code": code, "password": "notun-pass-1"})),
            None,
        )
        .await;
    assert!(r.status.is_client_error(), "the right code no longer works: {}", r.status);
    let login = json!({"login": "01744440004", "password": "notun-pass-1"});
    assert_eq!(app.api(Method::POST, "/api/v1/auth/login", Some(login), None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_stored_file_lost_on_disk_is_written_again_by_the_next_identical_upload() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("হারানো ফাইল", "01744440005").await;
    let chapter = crate::content::chapter(&app, 3, "math", 1).await.to_string();
    let pdf = crate::fixtures::pdf("হারানো");
    let first =
        crate::content::share(&app, &token, &[("title", "প্রথম"), ("chapter_id", &chapter)], Some(("lesson.pdf", &pdf)))
            .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let id = first.json()["id"].as_i64().unwrap();
    // The object goes missing (a power cut before the old code synced it).
    let blobs = batayon::media::entity::blob::Entity::find().all(app.db()).await.unwrap();
    let key = blobs[0].storage_key.clone();
    app.state.storage.delete(&key).await.unwrap();
    let r = app.api(Method::GET, &format!("/api/v1/contents/{id}/file"), None, Some(&token)).await;
    assert!(!r.status.is_success(), "the file is really gone");

    let second = crate::content::share(
        &app,
        &token,
        &[("title", "দ্বিতীয়"), ("chapter_id", &chapter)],
        Some(("lesson.pdf", &pdf)),
    )
    .await;
    assert_eq!(second.status, StatusCode::CREATED);
    let r = app.api(Method::GET, &format!("/api/v1/contents/{id}/file"), None, Some(&token)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, pdf, "the first content's file is whole again");
}

use sea_orm::EntityTrait;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_log_ins_is_told_to_come_back_instead_of_queueing_without_end() {
    let app = std::sync::Arc::new(TestApp::new().await);
    let attempts = (0..120u8).map(|i| {
        let app = app.clone();
        tokio::spawn(async move {
            let body = json!({"login": format!("0171{:07}", 5_000_000 + u32::from(i)), "password": "anything-at-all"});
            app.api_from([10, 7, 1, i], Method::POST, "/api/v1/auth/login", Some(body), None).await
        })
    });
    let answers: Vec<_> = futures_util::future::join_all(attempts).await.into_iter().map(Result::unwrap).collect();
    let busy: Vec<_> = answers.iter().filter(|r| r.status == StatusCode::SERVICE_UNAVAILABLE).collect();
    assert!(!busy.is_empty(), "some log-ins were turned away");
    assert!(busy.iter().all(|r| r.header("retry-after").is_some() && r.json()["code"] == "busy"));
    assert!(answers.iter().all(|r| matches!(r.status.as_u16(), 401 | 503)));
    assert!(answers.iter().filter(|r| r.status == StatusCode::UNAUTHORIZED).count() >= 2, "the queue still works");
}

#[tokio::test]
async fn the_form_token_of_a_signed_in_teacher_is_bound_to_her_session() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    phone.sign_up("টোকেন", "01744440006").await;
    let page = phone.get("/profile/edit").await.text();
    let bound = phone.csrf();
    assert!(page.contains(&format!("value=\"{bound}\"")), "forms carry the session's token");
    let cookie_token = phone.cookies.get("batayon_csrf").cloned().unwrap();
    assert_ne!(bound, cookie_token);

    // The anonymous cookie's token no longer works once signed in.
    let body = serde_urlencoded::to_string([("_csrf", cookie_token.as_str()), ("next", "/")]).unwrap();
    let r = phone.post_raw("/lang/en", "application/x-www-form-urlencoded", body.into_bytes()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Nor does the token of an ended session.
    phone.submit("/logout", &[]).await;
    phone.submit("/login", &[("login", "01744440006"), ("password", "shikkhok123")]).await;
    let body = serde_urlencoded::to_string([("_csrf", bound.as_str()), ("next", "/")]).unwrap();
    let r = phone.post_raw("/lang/en", "application/x-www-form-urlencoded", body.into_bytes()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(phone.submit("/lang/en", &[("next", "/")]).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn over_https_cookies_are_host_only_and_browsers_are_told_to_stay_on_https() {
    let app = TestApp::configured(|c| {
        c.public_url = "https://batayon.example.gov.bd".into();
        c.secure_cookies = true;
    })
    .await;
    let r = app.browser().get("/").await;
    let cookies: Vec<String> =
        r.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("__Host-batayon_csrf=") && c.contains("Secure")), "{cookies:?}");
    assert!(r.header("strict-transport-security").is_some_and(|h| h.contains("max-age=")));
    let plain = TestApp::new().await.browser().get("/").await;
    assert!(plain.header("strict-transport-security").is_none());
}

#[tokio::test]
async fn files_of_contents_are_not_kept_by_shared_caches() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("ক্যাশ", "01744440007").await;
    let chapter = crate::content::chapter(&app, 3, "math", 1).await;
    let id = crate::content::shared_pdf(&app, &token, chapter, "লুকানো হতে পারে").await;
    let r = app.browser().get(&format!("/contents/{id}/file")).await;
    assert_eq!(r.status, StatusCode::OK);
    let cache = r.header("cache-control").unwrap();
    assert!(cache.contains("private") && !cache.contains("public"), "{cache}");
}

#[tokio::test]
async fn api_errors_name_the_wrong_parameter_or_field_in_the_language_asked_for() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("ভাষা", "01744440008").await;
    let call = |path: &str, body: Option<serde_json::Value>, lang: &str| {
        let mut b = Request::builder()
            .method(if body.is_some() { Method::POST } else { Method::GET })
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::ACCEPT_LANGUAGE, lang);
        if body.is_some() {
            b = b.header(header::CONTENT_TYPE, "application/json");
        }
        let body = body.map(|j| Body::from(j.to_string())).unwrap_or_default();
        app.send(b.body(body).unwrap(), [10, 9, 9, 8])
    };
    let r = call("/api/v1/contents/9223372036854775808", None, "en-GB,en;q=0.9").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.header("content-type").as_deref(), Some("application/problem+json"));
    assert_eq!(r.json()["errors"][0]["field"], "id");
    assert_eq!(r.json()["title"], "Request not understood");

    let r = call("/api/v1/contents?per_page=500&kind=poster", None, "en").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = r.json();
    let fields: Vec<&str> = errors["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["kind", "per_page"]);

    let r = call("/api/v1/contents", Some(json!({"title": "ভগ্নাংশ", "chapter_id": "seven"})), "bn").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "chapter_id", "{}", r.text());
    assert_eq!(r.json()["title"], "কিছু তথ্য ঠিক নেই");

    let r = call("/api/v1/uploads/abc", None, "en").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn files_no_record_points_to_are_swept_and_shared_ones_kept() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("ঝাড়ু", "01744440009").await;
    let chapter = crate::content::chapter(&app, 3, "math", 1).await;
    let id = crate::content::shared_pdf(&app, &token, chapter, "থাকবে").await;
    // A crash between storing a file and committing its row left this one.
    app.state.storage.put_bytes("blobs/ab/cd/abcd-orphan.pdf", b"%PDF-1.4 orphan".to_vec()).await.unwrap();
    std::fs::create_dir_all(&app.state.config.work_dir).unwrap();
    std::fs::write(app.state.config.work_dir.join("upload-0000dead0000beef"), b"half a video").unwrap();

    let removed = batayon::media::ingest::sweep(&app.state, std::time::Duration::ZERO).await.unwrap();
    assert_eq!(removed, 2);
    assert!(!app.state.storage.exists("blobs/ab/cd/abcd-orphan.pdf").await.unwrap());
    assert!(!app.state.config.work_dir.join("upload-0000dead0000beef").exists());
    let r = app.api(Method::GET, &format!("/api/v1/contents/{id}/file"), None, Some(&token)).await;
    assert_eq!(r.status, StatusCode::OK, "the shared file is kept");
    // A day's grace: nothing this fresh is touched.
    app.state.storage.put_bytes("blobs/ab/cd/abcd-new.pdf", b"%PDF-1.4 new".to_vec()).await.unwrap();
    assert_eq!(batayon::media::ingest::sweep(&app.state, std::time::Duration::from_secs(86_400)).await.unwrap(), 0);
}

/// Three hours of compressed silence as FLAC: a few hundred kilobytes that
/// would cost many seconds of CPU to transcode.
fn long_flac(dir: &std::path::Path) -> Vec<u8> {
    let path = dir.join("long.flac");
    let status = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "10800", "-c:a", "flac"])
        .arg(&path)
        .status()
        .expect("ffmpeg runs");
    assert!(status.success());
    std::fs::read(&path).unwrap()
}

#[tokio::test]
async fn a_long_voice_note_is_refused_before_it_is_transcoded() {
    let app = TestApp::new().await;
    let work = tempfile::tempdir().unwrap();
    let flac = long_flac(work.path());
    assert!(flac.len() < 4 * 1024 * 1024, "under the size limit: {} bytes", flac.len());
    let mut her = app.browser();
    her.sign_up("নাসরিন সুলতানা", "01734500001").await;
    let (entry, words) = crate::fixtures::planned_try(&mut her).await;
    let words: Vec<(&str, &str)> = words.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (ct, body) = crate::fixtures::multipart_files(&words, &[("voice", "voice.flac", &flac)]);
    let started = std::time::Instant::now();
    let r = her.post_raw(&format!("{entry}/log"), &ct, body).await;
    let took = started.elapsed();
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("ভয়েস নোট ৫ মিনিটের বেশি"), "the message names the limit: {}", r.text());
    // Reading a length is milliseconds; transcoding three hours is seconds.
    assert!(took < std::time::Duration::from_secs(2), "refused after {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_reports_count_against_the_hourly_allowance_and_file_one_report() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("লেখক", "01745490001").await;
    let (_, reporter) = app.teacher("রিপোর্টকারী", "01745490002").await;
    let chapter = crate::content::chapter(&app, 4, "math", 2).await;
    let id = crate::content::shared_pdf(&app, &author, chapter, "ভগ্নাংশের কাগজ").await;
    let path = format!("/api/v1/contents/{id}/reports");
    let sends = (0..25).map(|_| {
        let (app, path, reporter) = (&app, path.clone(), reporter.clone());
        async move { app.api(Method::POST, &path, Some(json!({"reason": "spam"})), Some(&reporter)).await.status }
    });
    let statuses = futures_util::future::join_all(sends).await;
    let count = |s: StatusCode| statuses.iter().filter(|x| **x == s).count();
    assert_eq!(count(StatusCode::TOO_MANY_REQUESTS), 5, "20 reports an hour: {statuses:?}");
    assert_eq!(count(StatusCode::CREATED), 1, "one open report per teacher and content: {statuses:?}");
    assert_eq!(count(StatusCode::CONFLICT), 19, "{statuses:?}");
}

#[tokio::test]
async fn the_voice_recorder_page_may_use_the_microphone_and_other_pages_may_not() {
    let app = TestApp::new().await;
    let mut her = app.browser();
    her.sign_up("নাসরিন সুলতানা", "01734600001").await;
    let (entry, _) = crate::fixtures::planned_try(&mut her).await;
    let entry = her.get(&entry).await;
    assert_eq!(entry.status, StatusCode::OK);
    let policy = entry.header("permissions-policy").unwrap();
    assert!(policy.contains("microphone=(self)") && policy.contains("camera=(self)"), "{policy}");
    let home = her.get("/").await.header("permissions-policy").unwrap();
    assert!(home.contains("microphone=()") && home.contains("camera=()"), "{home}");
}
