//! Blended courses: an author builds and publishes a course; a teacher
//! enrols, works through it (her place kept), fails the quiz, passes it
//! and gets a certificate anyone can open; attempts sent twice count
//! once, limits and waits hold, nobody sees another's answers, and a new
//! version leaves enrolled teachers on theirs.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::TestApp;
use crate::content::{chapter, shared_pdf};
use batayon::accounts::model::Role;

pub struct Course {
    pub id: i64,
    pub module: i64,
    pub reading: i64,
    pub practice: i64,
    pub author: String,
}

async fn post(app: &TestApp, path: &str, body: Value, token: &str) -> Value {
    let r = app.api(Method::POST, path, Some(body), Some(token)).await;
    assert!(r.status.is_success(), "{path}: {} {}", r.status, r.text());
    if r.body.is_empty() { Value::Null } else { r.json() }
}

/// A one-module course: a reading (a library PDF) and a classroom task,
/// and a quiz of four kinds of question; published.
pub async fn course(app: &TestApp, attempts: i64, wait: i64) -> Course {
    let (_, author) = app.with_role("কোর্স লেখক", "01711110001", Role::CourseAuthor).await;
    let fractions = chapter(app, 4, "math", 7).await;
    let pdf = shared_pdf(app, &author, fractions, "ভগ্নাংশের পাঠ").await;
    let id = post(app, "/api/v1/courses", json!({"title": "আনন্দে গণিত শিখি", "summary": "প্রথম-দ্বিতীয় শ্রেণির সংখ্যা ধারণা", "class_number": 2, "subject_code": "math"}), &author).await["id"].as_i64().unwrap();
    let module = post(
        app,
        &format!("/api/v1/courses/{id}/modules"),
        json!({"title": "ভগ্নাংশ চেনা", "pass_percent": 75, "max_attempts": attempts, "wait_minutes": wait}),
        &author,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let reading = post(
        app,
        &format!("/api/v1/modules/{module}/activities"),
        json!({"kind": "reading", "title": "পাঠ: অর্ধেক ও চার ভাগের এক ভাগ", "content_id": pdf}),
        &author,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let practice = post(
        app,
        &format!("/api/v1/modules/{module}/activities"),
        json!({"kind": "practice", "title": "ক্লাসে কাগজ ভাঁজ", "body": "শিশুদের কাগজ ভাঁজ করে অর্ধেক দেখাতে বলুন।"}),
        &author,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let questions = format!("/api/v1/modules/{module}/questions");
    let q = |body: Value| post(app, &questions, body, &author);
    q(json!({"kind": "single", "prompt": "একটি রুটির অর্ধেক কোনটি?", "explanation": "দুই সমান ভাগের এক ভাগ।", "options": [{"body": "১/২", "correct": true}, {"body": "১/৩"}, {"body": "২/১"}]})).await;
    q(json!({"kind": "multiple", "prompt": "কোনগুলো অর্ধেকের সমান?", "explanation": "২/৪ ও ৩/৬ দুটিই অর্ধেক।", "options": [{"body": "২/৪", "correct": true}, {"body": "৩/৬", "correct": true}, {"body": "১/৪"}]})).await;
    q(json!({"kind": "true_false", "prompt": "১/৪ হলো ১/২ এর চেয়ে বড়।", "explanation": "ভাগ যত বেশি, প্রতিটি ভাগ তত ছোট।", "true_answer": false})).await;
    q(json!({"kind": "numeric", "prompt": "চার ভাগের তিন ভাগ দশমিকে কত?", "explanation": "৩ ÷ ৪ = ০.৭৫", "number_answer": 0.75})).await;
    post(app, &format!("/api/v1/courses/{id}/publish"), json!({}), &author).await;
    Course { id, module, reading, practice, author }
}

async fn progress(app: &TestApp, token: &str, activity: i64, body: Value) -> crate::app::Reply {
    app.api(Method::PUT, &format!("/api/v1/activities/{activity}/progress"), Some(body), Some(token)).await
}

/// Answers to the quiz as the API gave it: all right, or all wrong.
fn answers(quiz: &Value, right: bool) -> Value {
    let qs = quiz["questions"].as_array().unwrap();
    let pick = |q: &Value, body: &[&str]| -> Vec<Value> {
        q["options"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| body.contains(&o["body"].as_str().unwrap()))
            .map(|o| o["id"].clone())
            .collect()
    };
    Value::Array(
        qs.iter()
            .map(|q| match (q["kind"].as_str().unwrap(), right) {
                ("single", true) => json!({"question_id": q["id"], "option_ids": pick(q, &["১/২"])}),
                ("single", false) => json!({"question_id": q["id"], "option_ids": pick(q, &["১/৩"])}),
                ("multiple", true) => json!({"question_id": q["id"], "option_ids": pick(q, &["২/৪", "৩/৬"])}),
                ("multiple", false) => json!({"question_id": q["id"], "option_ids": pick(q, &["২/৪"])}),
                ("true_false", r) => {
                    json!({"question_id": q["id"], "option_ids": pick(q, &[if r { "মিথ্যা" } else { "সত্য" }])})
                }
                (_, true) => json!({"question_id": q["id"], "value": "৩/৪"}),
                (_, false) => json!({"question_id": q["id"], "value": "০.৫"}),
            })
            .collect(),
    )
}

#[tokio::test]
async fn a_teacher_enrols_works_through_fails_then_passes_and_anyone_can_open_her_certificate() {
    let app = TestApp::new().await;
    let c = course(&app, 3, 0).await;
    // Published, it is found by search, Banglish too.
    batayon::worker::drain(&app.state).await.unwrap();
    let found = app.api(Method::GET, "/api/v1/search?q=gonit&kind=course", None, None).await.json();
    assert_eq!(found["hits"][0]["url"], format!("/courses/{}", c.id), "{found}");
    let (_, me) = app.teacher("সালমা বেগম", "01711110002").await;
    let path = format!("/api/v1/courses/{}", c.id);
    assert_eq!(app.api(Method::GET, &format!("{path}/enrolment"), None, Some(&me)).await.status, StatusCode::FORBIDDEN);
    let view = app.api(Method::PUT, &format!("{path}/enrolment"), None, Some(&me)).await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.text());
    let view = view.json();
    assert_eq!(view["enrolment"]["next"]["url"], format!("/learn/activities/{}", c.reading));
    assert!(view["modules"][0]["data_bytes"].as_i64().unwrap() > 0, "the module's data cost: {view}");

    // Her place is kept; done moves the next step on.
    assert_eq!(progress(&app, &me, c.reading, json!({"position_secs": 42.0})).await.status, StatusCode::OK);
    let view = progress(&app, &me, c.reading, json!({"done": true})).await.json();
    let reading = &view["modules"][0]["activities"][0];
    assert_eq!((reading["done"].as_bool(), reading["position_secs"].as_f64()), (Some(true), Some(42.0)));
    assert_eq!(view["enrolment"]["next"]["url"], format!("/learn/activities/{}", c.practice));
    let view = progress(&app, &me, c.practice, json!({"done": true})).await.json();
    assert_eq!(view["enrolment"]["next"]["url"], format!("/learn/quizzes/{}", c.module));
    assert!(view["enrolment"]["certificate"].is_null(), "not before the quiz");

    // The quiz shows no answers; a failed attempt explains, and sent twice counts once.
    let quiz = app.api(Method::GET, &format!("/api/v1/quizzes/{}", c.module), None, Some(&me)).await.json();
    assert!(!quiz.to_string().contains("correct"), "no answers given away: {quiz}");
    let attempts = format!("/api/v1/quizzes/{}/attempts", c.module);
    let wrong = json!({"idempotency_key": "attempt-one-1", "answers": answers(&quiz, false)});
    let first = app.api(Method::POST, &attempts, Some(wrong.clone()), Some(&me)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let first = first.json();
    assert_eq!((first["passed"].as_bool(), first["score_percent"].as_i64()), (Some(false), Some(0)));
    assert!(first["feedback"][0]["explanation"].as_str().unwrap().len() > 3);
    let again = app.api(Method::POST, &attempts, Some(wrong), Some(&me)).await;
    assert_eq!(again.status, StatusCode::OK, "the same key: the first result again");
    assert_eq!(again.json()["number"], 1);
    assert_eq!(app.api(Method::GET, &attempts, None, Some(&me)).await.json().as_array().unwrap().len(), 1);

    // Right, with the number typed as a Bangla fraction.
    let quiz = app.api(Method::GET, &format!("/api/v1/quizzes/{}", c.module), None, Some(&me)).await.json();
    let right = json!({"idempotency_key": "attempt-two-2", "answers": answers(&quiz, true)});
    let passed = app.api(Method::POST, &attempts, Some(right), Some(&me)).await.json();
    assert_eq!(
        (passed["passed"].as_bool(), passed["score_percent"].as_i64(), passed["number"].as_i64()),
        (Some(true), Some(100), Some(2)),
        "{passed}"
    );
    let code = passed["certificate"].as_str().expect("the course is complete").to_owned();
    let enrolment = app.api(Method::GET, &format!("{path}/enrolment"), None, Some(&me)).await.json();
    assert!(enrolment["completed_at"].is_string());
    assert_eq!(enrolment["certificate"], code.as_str());

    // Anyone, signed out, opens it by its code: name, course, QR.
    let page = app.api(Method::GET, &format!("/certificates/{code}"), None, None).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("সালমা বেগম") && html.contains("আনন্দে গণিত শিখি") && html.contains("<svg"), "{html}");
    let json = app.api(Method::GET, &format!("/api/v1/certificates/{}", code.to_lowercase()), None, None).await.json();
    assert_eq!(json["learner_name"], "সালমা বেগম");
    assert_eq!(app.api(Method::GET, "/certificates/ZZZZZZZZZZ", None, None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn attempts_are_limited_waits_hold_and_nobody_sees_another_teachers_answers() {
    let app = TestApp::new().await;
    let c = course(&app, 2, 0).await;
    let (_, me) = app.teacher("রিনা দাস", "01711110003").await;
    let (_, other) = app.teacher("অন্য শিক্ষক", "01711110004").await;
    app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(&me)).await;
    let attempts = format!("/api/v1/quizzes/{}/attempts", c.module);
    let quiz = app.api(Method::GET, &format!("/api/v1/quizzes/{}", c.module), None, Some(&me)).await.json();
    for key in ["first-try-01", "second-try-02"] {
        let r = app
            .api(
                Method::POST,
                &attempts,
                Some(json!({"idempotency_key": key, "answers": answers(&quiz, false)})),
                Some(&me),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let third = app
        .api(
            Method::POST,
            &attempts,
            Some(json!({"idempotency_key": "third-try-03", "answers": answers(&quiz, true)})),
            Some(&me),
        )
        .await;
    assert_eq!(third.status, StatusCode::CONFLICT, "{}", third.text());
    assert_eq!(third.json()["errors"][0]["field"], "attempts", "no attempts left: {}", third.text());

    // Not enrolled: no quiz, no attempts, no answers of hers.
    assert_eq!(app.api(Method::GET, &attempts, None, Some(&other)).await.status, StatusCode::FORBIDDEN);
    app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(&other)).await;
    assert_eq!(app.api(Method::GET, &attempts, None, Some(&other)).await.json(), json!([]), "only her own");
    let bad =
        app.api(Method::POST, &attempts, Some(json!({"idempotency_key": "x", "answers": []})), Some(&other)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A teacher cannot build courses nor change this one.
    let r = app.api(Method::POST, "/api/v1/courses", Some(json!({"title": "আমার কোর্স"})), Some(&other)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .api(Method::POST, &format!("/api/v1/courses/{}/modules", c.id), Some(json!({"title": "চুরি"})), Some(&other))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // With a wait after a failed attempt, the next one waits.
    let app = TestApp::new().await;
    let c = course(&app, 5, 60).await;
    let (_, me) = app.teacher("রিনা দাস", "01711110005").await;
    app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(&me)).await;
    let attempts = format!("/api/v1/quizzes/{}/attempts", c.module);
    let quiz = app.api(Method::GET, &format!("/api/v1/quizzes/{}", c.module), None, Some(&me)).await.json();
    app.api(
        Method::POST,
        &attempts,
        Some(json!({"idempotency_key": "fail-first-1", "answers": answers(&quiz, false)})),
        Some(&me),
    )
    .await;
    let r = app
        .api(
            Method::POST,
            &attempts,
            Some(json!({"idempotency_key": "too-soon-02", "answers": answers(&quiz, true)})),
            Some(&me),
        )
        .await;
    assert_eq!((r.status, r.json()["code"].clone()), (StatusCode::TOO_MANY_REQUESTS, json!("rate_limited")));
    let wait: i64 = r.header("retry-after").expect("how long to wait").parse().unwrap();
    assert!((1..=3600).contains(&wait), "{wait}");
    let quiz = app.api(Method::GET, &format!("/api/v1/quizzes/{}", c.module), None, Some(&me)).await.json();
    assert!(quiz["wait_until"].is_string());
}

#[tokio::test]
async fn a_new_version_leaves_enrolled_teachers_on_theirs() {
    let app = TestApp::new().await;
    let c = course(&app, 3, 0).await;
    let (_, early) = app.teacher("আগে ভর্তি", "01711110006").await;
    app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(&early)).await;
    // A published version is locked until a new one starts.
    let locked = app
        .api(
            Method::POST,
            &format!("/api/v1/courses/{}/modules", c.id),
            Some(json!({"title": "নতুন মডিউল"})),
            Some(&c.author),
        )
        .await;
    assert_eq!(locked.status, StatusCode::FORBIDDEN);
    assert_eq!(locked.json()["code"], "course-no-draft");
    post(&app, &format!("/api/v1/courses/{}/versions", c.id), json!({}), &c.author).await;
    let m2 = post(&app, &format!("/api/v1/courses/{}/modules", c.id), json!({"title": "দ্বিতীয় মডিউল"}), &c.author)
        .await["id"]
        .as_i64()
        .unwrap();
    post(
        &app,
        &format!("/api/v1/modules/{m2}/activities"),
        json!({"kind": "practice", "title": "ক্লাসে চেষ্টা", "body": "দলে ভাগ করে খেলুন।"}),
        &c.author,
    )
    .await;
    post(&app, &format!("/api/v1/courses/{}/publish", c.id), json!({}), &c.author).await;

    let hers = app.api(Method::GET, &format!("/api/v1/courses/{}", c.id), None, Some(&early)).await.json();
    assert_eq!((hers["version"].as_i64(), hers["modules"].as_array().unwrap().len()), (Some(1), 1));
    let (_, late) = app.teacher("পরে ভর্তি", "01711110007").await;
    let theirs = app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(&late)).await.json();
    assert_eq!((theirs["version"].as_i64(), theirs["modules"].as_array().unwrap().len()), (Some(2), 2));
    // The early teacher's old module still works for her.
    let r = app
        .api(
            Method::PUT,
            &format!("/api/v1/activities/{}/progress", c.practice),
            Some(json!({"done": true})),
            Some(&early),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn the_quiz_works_as_a_plain_form_without_javascript() {
    let app = TestApp::new().await;
    let c = course(&app, 3, 0).await;
    let mut phone = app.browser();
    phone.sign_up("ফোনের শিক্ষক", "01711110008").await;
    let r = phone.submit(&format!("/courses/{}/enrol", c.id), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), format!("/learn/activities/{}", c.reading));
    let page = phone.get(&format!("/courses/{}", c.id)).await.text();
    assert!(page.contains("এই মডিউল:") && page.contains("MB"), "data cost before starting");
    let form = phone.get(&format!("/learn/quizzes/{}", c.module)).await.text();
    let key = form.split("name=\"idempotency_key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    // The right choices, read off the form the way a teacher would tick them.
    let option = |label: &str| -> (String, String) {
        let before = form.split(&format!("> {label}</label>")).next().unwrap();
        let input = before.rsplit("<input").next().unwrap();
        let name = input.split("name=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let value = input.split("value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        (name, value)
    };
    let numeric = form.split("name=\"q").filter_map(|s| s.split('"').next()).find(|n| n.ends_with("_n")).unwrap();
    let mut fields: Vec<(String, String)> = ["১/২", "২/৪", "৩/৬", "মিথ্যা"].iter().map(|l| option(l)).collect();
    fields.push((format!("q{numeric}"), "০.৭৫".into()));
    fields.push(("idempotency_key".into(), key));
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = phone.submit(&format!("/learn/quizzes/{}", c.module), &borrowed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let result = phone.get(&r.location()).await.text();
    assert!(result.contains("অভিনন্দন") && result.contains("/certificates/"), "{result}");
}

/// A photo of a pass: the QR code of `code` as a PNG (a blank code draws
/// only white, as a photo of something else would).
fn pass_png(code: &str) -> Vec<u8> {
    let (scale, quiet) = (8u32, 4u32);
    let (n, dark): (u32, Vec<bool>) = if code.trim().is_empty() {
        (21, vec![false; 21 * 21])
    } else {
        let qr = qrcode::QrCode::new(code.as_bytes()).unwrap();
        (qr.width() as u32, qr.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect())
    };
    let side = (n + 2 * quiet) * scale;
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x / scale, y / scale);
        let inside = mx >= quiet && my >= quiet && mx < n + quiet && my < n + quiet;
        let black = inside && dark[((my - quiet) * n + (mx - quiet)) as usize];
        image::Luma([if black { 0 } else { 255 }])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

/// Enrols a teacher and passes the quiz: the course is complete.
async fn complete_course(app: &TestApp, c: &Course, token: &str) {
    app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(token)).await;
    let quiz = app.api(Method::GET, &format!("/api/v1/quizzes/{}", c.module), None, Some(token)).await.json();
    let key = format!("pass-{}", &token[..8.min(token.len())].replace(|c: char| !c.is_ascii_alphanumeric(), "x"));
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/quizzes/{}/attempts", c.module),
            Some(json!({"idempotency_key": key, "answers": answers(&quiz, true)})),
            Some(token),
        )
        .await;
    assert!(r.json()["certificate"].is_string(), "{}", r.text());
}

#[tokio::test]
async fn completing_the_course_opens_a_batch_whose_trainer_marks_attendance_by_pass_code() {
    let app = TestApp::new().await;
    let c = course(&app, 3, 0).await;
    let (_, officer) = app.with_role("উপজেলা কর্মকর্তা", "01711110010", Role::Officer).await;
    let (_, trainer) = app.teacher("প্রশিক্ষক", "01711110011").await;
    let (_, me) = app.teacher("চরের শিক্ষক", "01711110012").await;
    let (_, late) = app.teacher("দেরিতে আসা শিক्षক", "01711110013").await;
    let input = json!({"kind": "batch", "course_id": c.id, "title": "চিলমারী ইউআরসি ব্যাচ ১", "venue": "উপজেলা রিসোর্স সেন্টার, চিলমারী", "starts_on": "2026-12-06", "days": 2, "capacity": 1, "trainers": ["01711110011"]});
    let r = app.api(Method::POST, "/api/v1/training-batches", Some(input.clone()), Some(&me)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "teachers do not create batches");
    let batch = post(&app, "/api/v1/training-batches", input, &officer).await["id"].as_i64().unwrap();
    let membership = format!("/api/v1/training-batches/{batch}/membership");

    let r = app.api(Method::PUT, &membership, None, Some(&me)).await;
    assert_eq!((r.status, r.json()["code"].clone()), (StatusCode::FORBIDDEN, json!("training_not_eligible")));
    complete_course(&app, &c, &me).await;
    let placed = app.api(Method::PUT, &membership, None, Some(&me)).await.json();
    assert_eq!(placed["mine"], "placed");
    complete_course(&app, &c, &late).await;
    let r = app.api(Method::PUT, &membership, None, Some(&late)).await;
    assert_eq!(
        (r.status, r.json()["errors"][0]["field"].clone()),
        (StatusCode::CONFLICT, json!("batch")),
        "a full batch refuses more: {}",
        r.text()
    );

    // Her pass carries a code; she cannot mark herself, her trainer can.
    let pass = app.api(Method::GET, &format!("/training/{batch}/pass"), None, Some(&me)).await.text();
    assert!(pass.contains("<svg"));
    let code = pass.split("<strong>").nth(1).unwrap().split("</strong>").next().unwrap().to_owned();
    let attendance = format!("/api/v1/training-batches/{batch}/attendance");
    let own = app.api(Method::POST, &attendance, Some(json!({"day": 1, "code": code})), Some(&me)).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    let r =
        app.api(Method::POST, &attendance, Some(json!({"day": 1, "code": code.to_lowercase()})), Some(&trainer)).await;
    assert_eq!(r.json()["name"], "চরের শিক্ষক", "{}", r.text());
    let wrong =
        app.api(Method::POST, &attendance, Some(json!({"day": 1, "code": "NOTAPASS1234"})), Some(&trainer)).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Day 2 from a photo of her pass, through a plain file input (a
    // photo with no code in it is explained); the checklist marks by id.
    let mut phone = app.browser();
    phone.submit("/login", &[("login", "01711110011"), ("password", "shikkhok123")]).await;
    let photo = |png: Vec<u8>, csrf: String| {
        let mut body = format!(
            "--X\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n--X\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"pass.png\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .into_bytes();
        body.extend(png);
        body.extend(b"\r\n--X--\r\n");
        body
    };
    let photo_path = format!("/training/{batch}/attendance/photo?day=2");
    let blank =
        phone.post_raw(&photo_path, "multipart/form-data; boundary=X", photo(pass_png(" "), phone.csrf())).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY, "no code in the photo");
    let read =
        phone.post_raw(&photo_path, "multipart/form-data; boundary=X", photo(pass_png(&code), phone.csrf())).await;
    assert!(read.text().contains("উপস্থিত: চরের শিক্ষক"), "{}", read.text());
    let roster =
        app.api(Method::GET, &format!("/api/v1/training-batches/{batch}/roster"), None, Some(&trainer)).await.json();
    assert_eq!(roster[0]["present"], json!([1, 2]), "{roster}");
    let me_id = roster[0]["user_id"].clone();
    let again = app.api(Method::POST, &attendance, Some(json!({"day": 2, "user_id": me_id})), Some(&trainer)).await;
    assert_eq!(again.status, StatusCode::OK, "marking twice changes nothing");
    assert_eq!(
        app.api(Method::GET, &format!("/api/v1/training-batches/{batch}/roster"), None, Some(&me)).await.status,
        StatusCode::FORBIDDEN
    );

    // The trainer closes the batch; the roster exports.
    let done = phone.submit(&format!("/training/{batch}/complete"), &[]).await;
    assert!(done.text().contains("১ জন"), "{}", done.text());
    let csv = phone.get(&format!("/training/{batch}/roster.csv")).await;
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(csv.text().contains("\"চরের শিক্ষক\",\"+8801711110012\",\"placed\",1,1,1"), "{}", csv.text());
}

#[tokio::test]
async fn an_event_keeps_a_waiting_list_and_a_freed_place_goes_to_the_first_waiting() {
    let app = TestApp::new().await;
    let (_, officer) = app.with_role("বিভাগীয় কর্মকর্তা", "01711110020", Role::Officer).await;
    let event = json!({"kind": "event", "title": "রাজশাহী বিভাগীয় শিক্ষক সম্মেলন", "venue": "রাজশাহী", "starts_on": "২০২৭-০১-১০", "days": 1, "capacity": 1});
    let id = post(&app, "/api/v1/training-batches", event, &officer).await["id"].as_i64().unwrap();
    let membership = format!("/api/v1/training-batches/{id}/membership");
    let (_, first) = app.teacher("প্রথম", "01711110021").await;
    let (_, second) = app.teacher("দ্বিতীয়", "01711110022").await;
    assert_eq!(app.api(Method::PUT, &membership, None, Some(&first)).await.json()["mine"], "placed");
    assert_eq!(app.api(Method::PUT, &membership, None, Some(&second)).await.json()["mine"], "waiting");
    app.api(Method::DELETE, &membership, None, Some(&first)).await;
    let view = app.api(Method::GET, &format!("/api/v1/training-batches/{id}"), None, Some(&second)).await.json();
    assert_eq!(
        (view["mine"].clone(), view["placed"].clone(), view["waiting"].clone()),
        (json!("placed"), json!(1), json!(0))
    );
    let notes = app.api(Method::GET, "/api/v1/notifications", None, Some(&second)).await.text();
    assert!(notes.contains("রাজশাহী বিভাগীয় শিক্ষক সম্মেলন"), "{notes}");
}

#[tokio::test]
async fn the_course_report_counts_by_place_and_question_and_officers_see_their_own_district() {
    let app = TestApp::new().await;
    let c = course(&app, 3, 0).await;
    let kurigram = batayon::places::store::district_by_name(app.db(), "Kurigram").await.unwrap().unwrap().id.0;
    let dhaka = batayon::places::store::district_by_name(app.db(), "Dhaka").await.unwrap().unwrap().id.0;
    let (_, passed) = app.teacher("কুড়িগ্রামের শিক্ষক", "01711110031").await;
    let (_, failed) = app.teacher("ঢাকার শিক্ষক", "01711110032").await;
    for (token, district) in [(&passed, kurigram), (&failed, dhaka)] {
        let r = app.api(Method::PUT, "/api/v1/me/profile", Some(json!({"district_id": district})), Some(token)).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    complete_course(&app, &c, &passed).await;
    app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(&failed)).await;
    let quiz = app.api(Method::GET, &format!("/api/v1/quizzes/{}", c.module), None, Some(&failed)).await.json();
    let wrong = json!({"idempotency_key": "wrong-answers-1", "answers": answers(&quiz, false)});
    app.api(Method::POST, &format!("/api/v1/quizzes/{}/attempts", c.module), Some(wrong), Some(&failed)).await;

    let path = format!("/api/v1/courses/{}/report", c.id);
    let all = app.api(Method::GET, &path, None, Some(&c.author)).await.json();
    assert_eq!(
        (all["enrolled"].as_i64(), all["started"].as_i64(), all["completed"].as_i64()),
        (Some(2), Some(2), Some(1)),
        "{all}"
    );
    assert_eq!(all["places"].as_array().unwrap().len(), 2);
    for q in all["questions"].as_array().unwrap() {
        assert_eq!(
            (q["answered"].as_i64(), q["right_percent"].as_i64()),
            (Some(2), Some(50)),
            "one right, one wrong: {q}"
        );
    }

    // An officer of Kurigram sees Kurigram's teachers only, by upazila.
    let (officer_id, officer) = app.with_role("কুড়িগ্রাম কর্মকর্তা", "01711110033", Role::Officer).await;
    crate::officers::assign_place(&app, officer_id, Some(kurigram), None).await;
    let own = app.api(Method::GET, &path, None, Some(&officer)).await.json();
    assert_eq!((own["enrolled"].as_i64(), own["completed"].as_i64()), (Some(1), Some(1)), "{own}");
    assert_eq!(own["questions"][0]["answered"], 1);
    let other = app.api(Method::GET, &format!("{path}?district_id={dhaka}"), None, Some(&officer)).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.api(Method::GET, &path, None, Some(&passed)).await.status,
        StatusCode::FORBIDDEN,
        "teachers see no report"
    );

    let mut phone = app.browser();
    phone.submit("/login", &[("login", "01711110033"), ("password", "shikkhok123")]).await;
    let csv = phone.get(&format!("/learn/reports/courses/{}/report.csv", c.id)).await.text();
    assert!(csv.starts_with("place,enrolled,started,completed") && csv.contains(",1,1,1\r\n"), "{csv}");
}

/// Signs in on a phone's browser (its own address, as log-ins are limited per address).
async fn signed_in<'a>(app: &'a TestApp, phone: &str, n: u8) -> crate::app::Browser<'a> {
    let mut b = app.browser();
    b.addr = [10, 8, 0, n];
    let r = b.submit("/login", &[("login", phone), ("password", "shikkhok123")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    b
}

/// A multipart body with the CSRF token and a photo, as the attendance page's file input sends it.
fn photo_form(png: Vec<u8>, csrf: String) -> Vec<u8> {
    let mut body = format!(
        "--X\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n--X\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"pass.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend(png);
    body.extend(b"\r\n--X--\r\n");
    body
}

#[tokio::test]
async fn another_officer_cannot_read_a_batchs_roster_nor_mark_place_or_complete_it() {
    let app = TestApp::new().await;
    let c = course(&app, 3, 0).await;
    let (_, creator) = app.with_role("সিরাজগঞ্জের কর্মকর্তা", "01711110040", Role::Officer).await;
    let (_, _) = app.with_role("চিলমারীর কর্মকর্তা", "01711110041", Role::Officer).await;
    let (_, trainer) = app.teacher("ব্যাচের প্রশিক্ষক", "01711110042").await;
    let (_, admin) = app.with_role("প্রশাসক", "01711110043", Role::Admin).await;
    let (_, me) = app.teacher("সিরাজগঞ্জের শিক্ষক", "01711110044").await;
    let (_, second) = app.teacher("দ্বিতীয় শিক্ষক", "01711110045").await;
    complete_course(&app, &c, &me).await;
    complete_course(&app, &c, &second).await;
    let input = json!({"kind": "batch", "course_id": c.id, "title": "সিরাজগঞ্জ ইউআরসি ব্যাচ ১", "venue": "উপজেলা রিসোর্স সেন্টার, সিরাজগঞ্জ", "starts_on": "2026-12-06", "days": 2, "capacity": 5, "trainers": ["01711110042"]});
    let batch = post(&app, "/api/v1/training-batches", input, &creator).await["id"].as_i64().unwrap();
    app.api(Method::PUT, &format!("/api/v1/training-batches/{batch}/membership"), None, Some(&me)).await;
    let pass = app.api(Method::GET, &format!("/training/{batch}/pass"), None, Some(&me)).await.text();
    let code = pass.split("<strong>").nth(1).unwrap().split("</strong>").next().unwrap().to_owned();
    let roster = format!("/api/v1/training-batches/{batch}/roster");
    let attendance = format!("/api/v1/training-batches/{batch}/attendance");

    // The other district's officer: no names, no numbers, no marks, no placing, no closing.
    let mut other = signed_in(&app, "01711110041", 1).await;
    let page = other.get(&format!("/training/{batch}")).await;
    assert_eq!(page.status, StatusCode::OK, "the batch itself is public");
    assert!(!page.text().contains("সিরাজগঞ্জের শিক্ষক") && !page.text().contains("1711110044"), "{}", page.text());
    assert!(other.get(&format!("/training/{batch}/roster.csv")).await.status.is_client_error());
    assert!(other.get(&format!("/training/{batch}/attendance")).await.status.is_client_error());
    let by_code = other.submit(&format!("/training/{batch}/attendance"), &[("day", "1"), ("code", &code)]).await;
    assert!(matches!(by_code.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{}", by_code.status);
    let photo = photo_form(pass_png(&code), other.csrf());
    let by_photo = other
        .post_raw(&format!("/training/{batch}/attendance/photo?day=1"), "multipart/form-data; boundary=X", photo)
        .await;
    assert!(matches!(by_photo.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{}", by_photo.status);
    let placed = other.submit(&format!("/training/{batch}/assign"), &[("login", "01711110045")]).await;
    assert!(matches!(placed.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{}", placed.status);
    let closed = other.submit(&format!("/training/{batch}/complete"), &[]).await;
    assert!(matches!(closed.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{}", closed.status);
    let api_token = app
        .api(Method::POST, "/api/v1/auth/login", Some(json!({"login": "01711110041", "password": "shikkhok123"})), None)
        .await
        .json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app.api(Method::GET, &roster, None, Some(&api_token)).await;
    assert!(matches!(r.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{}", r.text());
    let r = app.api(Method::POST, &attendance, Some(json!({"day": 1, "code": code})), Some(&api_token)).await;
    assert!(matches!(r.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{}", r.text());
    let view = app.api(Method::GET, &format!("/api/v1/training-batches/{batch}"), None, Some(&api_token)).await.json();
    assert_eq!(view["trainer"], false, "{view}");

    // Nothing was marked, placed or closed.
    let lines = app.api(Method::GET, &roster, None, Some(&creator)).await.json();
    assert_eq!(lines.as_array().unwrap().len(), 1, "{lines}");
    assert_eq!(lines[0]["present"], json!([]), "{lines}");
    let view = app.api(Method::GET, &format!("/api/v1/training-batches/{batch}"), None, Some(&creator)).await.json();
    assert_eq!((view["status"].clone(), view["trainer"].clone()), (json!("open"), json!(true)));

    // Its creator, its trainer and an administrator still run it.
    let r = app.api(Method::POST, &attendance, Some(json!({"day": 1, "code": code})), Some(&creator)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = app.api(Method::POST, &attendance, Some(json!({"day": 2, "code": code})), Some(&trainer)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(app.api(Method::GET, &roster, None, Some(&trainer)).await.json()[0]["present"], json!([1, 2]));
    assert_eq!(app.api(Method::GET, &roster, None, Some(&admin)).await.status, StatusCode::OK);
    let mut runner = signed_in(&app, "01711110042", 2).await;
    let placed = runner.submit(&format!("/training/{batch}/assign"), &[("login", "01711110045")]).await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.text());
    let csv = runner.get(&format!("/training/{batch}/roster.csv")).await;
    assert!(csv.text().contains("\"দ্বিতীয় শিক্ষক\""), "{}", csv.text());
    let mut own = signed_in(&app, "01711110040", 3).await;
    let page = own.get(&format!("/training/{batch}")).await.text();
    assert!(page.contains("সিরাজগঞ্জের শিক্ষক"), "the creator sees the roster: {page}");
    let done = own.submit(&format!("/training/{batch}/complete"), &[]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
}

/// Sends `n` attempts at once, each with a key of its own; returns the statuses.
async fn parallel_attempts(app: &TestApp, c: &Course, token: &str, n: usize, right: bool) -> Vec<StatusCode> {
    let quiz = app.api(Method::GET, &format!("/api/v1/quizzes/{}", c.module), None, Some(token)).await.json();
    let path = format!("/api/v1/quizzes/{}/attempts", c.module);
    let sends = (0..n).map(|i| {
        let body = json!({"idempotency_key": format!("parallel-{i:03}"), "answers": answers(&quiz, right)});
        app.api(Method::POST, &path, Some(body), Some(token))
    });
    futures_util::future::join_all(sends).await.into_iter().map(|r| r.status).collect()
}

/// The numbers of her stored attempts, in order.
async fn attempt_numbers(app: &TestApp, c: &Course, token: &str) -> Vec<i64> {
    let path = format!("/api/v1/quizzes/{}/attempts", c.module);
    let mine = app.api(Method::GET, &path, None, Some(token)).await.json();
    let mut numbers: Vec<i64> = mine.as_array().unwrap().iter().map(|a| a["number"].as_i64().unwrap()).collect();
    numbers.sort();
    numbers
}

#[tokio::test]
async fn parallel_attempts_are_numbered_once_each_and_keep_the_limit_and_the_wait() {
    let app = TestApp::new().await;
    let c = course(&app, 3, 0).await;
    let (_, me) = app.teacher("তাড়াহুড়ো শিক্ষক", "01711110050").await;
    app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(&me)).await;
    let statuses = parallel_attempts(&app, &c, &me, 8, false).await;
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT), "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 3, "{statuses:?}");
    assert_eq!(attempt_numbers(&app, &c, &me).await, vec![1, 2, 3], "three allowed, numbered once each");

    // With a wait after a failed attempt, only one of them counts.
    let app = TestApp::new().await;
    let c = course(&app, 5, 60).await;
    let (_, me) = app.teacher("তাড়াহুড়ো শিক্ষক", "01711110051").await;
    app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(&me)).await;
    let statuses = parallel_attempts(&app, &c, &me, 8, false).await;
    assert!(
        statuses
            .iter()
            .all(|s| matches!(*s, StatusCode::CREATED | StatusCode::CONFLICT | StatusCode::TOO_MANY_REQUESTS)),
        "{statuses:?}"
    );
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert_eq!(attempt_numbers(&app, &c, &me).await, vec![1]);

    // Passing answers sent at once pass once.
    let app = TestApp::new().await;
    let c = course(&app, 5, 0).await;
    let (_, me) = app.teacher("তাড়াহুড়ো শিক্ষক", "01711110052").await;
    app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(&me)).await;
    let statuses = parallel_attempts(&app, &c, &me, 6, true).await;
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert_eq!(attempt_numbers(&app, &c, &me).await, vec![1]);
}

#[tokio::test]
async fn an_attempt_that_leaves_questions_unanswered_is_refused_and_gives_no_answers_away() {
    let app = TestApp::new().await;
    let c = course(&app, 3, 0).await;
    let (_, me) = app.teacher("ফাঁকা খাতা", "01711110053").await;
    app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(&me)).await;
    let quiz = app.api(Method::GET, &format!("/api/v1/quizzes/{}", c.module), None, Some(&me)).await.json();
    let ids: Vec<i64> = quiz["questions"].as_array().unwrap().iter().map(|q| q["id"].as_i64().unwrap()).collect();
    let attempts = format!("/api/v1/quizzes/{}/attempts", c.module);
    let secrets = ["দুই সমান ভাগের এক ভাগ", "0.75", "right_answer", "explanation"];

    let empty = app
        .api(Method::POST, &attempts, Some(json!({"idempotency_key": "empty-one-1", "answers": []})), Some(&me))
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.text());
    let named: Vec<String> =
        empty.json()["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    for id in &ids {
        assert!(named.contains(&format!("q{id}")), "every question is named: {named:?}");
    }
    assert!(!secrets.iter().any(|s| empty.text().contains(s)), "{}", empty.text());

    // One left out: only that one is named, and it is no attempt.
    let mut some = answers(&quiz, false);
    let left_out = some.as_array_mut().unwrap().pop().unwrap()["question_id"].as_i64().unwrap();
    let r = app
        .api(Method::POST, &attempts, Some(json!({"idempotency_key": "partial-two-2", "answers": some})), Some(&me))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let named: Vec<Value> = r.json()["errors"].as_array().unwrap().iter().map(|e| e["field"].clone()).collect();
    assert_eq!(named, vec![json!(format!("q{left_out}"))]);
    assert!(!secrets.iter().any(|s| r.text().contains(s)), "{}", r.text());
    // A choice left empty is no answer either.
    let mut blank = answers(&quiz, false);
    blank[0]["option_ids"] = json!([]);
    blank[0]["value"] = json!("  ");
    let r = app
        .api(Method::POST, &attempts, Some(json!({"idempotency_key": "blank-three-3", "answers": blank})), Some(&me))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(app.api(Method::GET, &attempts, None, Some(&me)).await.json(), json!([]), "no attempt counted");
    let again = app.api(Method::GET, &format!("/api/v1/quizzes/{}", c.module), None, Some(&me)).await.json();
    assert_eq!((again["attempt"].as_i64(), again["attempts_left"].as_i64()), (Some(1), Some(3)));

    // The plain form: refused with the missing questions marked, nothing given away.
    let mut phone = signed_in(&app, "01711110053", 4).await;
    let form = phone.get(&format!("/learn/quizzes/{}", c.module)).await.text();
    let key = form.split("name=\"idempotency_key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let first = quiz["questions"][0].clone();
    let answered = match first["kind"].as_str().unwrap() {
        "numeric" => (format!("q{}_n", first["id"]), "০.৫".to_owned()),
        _ => (format!("q{}", first["id"]), first["options"][0]["id"].to_string()),
    };
    let r = phone
        .submit(&format!("/learn/quizzes/{}", c.module), &[(&answered.0, &answered.1), ("idempotency_key", &key)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let html = r.text();
    for id in &ids[1..] {
        assert!(html.contains(&format!("id=\"q{id}-missing\"")), "question {id} is marked: {html}");
    }
    assert!(!html.contains(&format!("id=\"q{}-missing\"", ids[0])), "the answered one is not");
    assert!(!html.contains("দুই সমান ভাগের এক ভাগ") && !html.contains("ভাগ যত বেশি"), "no explanations: {html}");
    assert_eq!(app.api(Method::GET, &attempts, None, Some(&me)).await.json(), json!([]), "still no attempt");
}
