//! Outside security review of the SMS change (8bacbc7, aa3b106): the signed
//! inbound webhook, quizzes by SMS, badge checks by code, STOP, parts and
//! reminders by SMS. Tests that fail show a defect; passing ones confirm a
//! rule held under attack.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use chrono::Utc;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::app::{Reply, TestApp};
use batayon::accounts::model::Role;

use crate::sms::{SECRET, ask, choice_number, portal};

async fn post_signed(app: &TestApp, content_type: &str, payload: Vec<u8>, signature: String) -> Reply {
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/sms/inbound")
        .header("content-type", content_type)
        .header("x-batayon-signature", signature)
        .body(Body::from(payload))
        .unwrap();
    app.send(request, [10, 9, 0, 1]).await
}

async fn raw(app: &TestApp, content_type: &str, payload: Vec<u8>) -> Reply {
    let signature = batayon::sms::signature::sign(SECRET, Utc::now().timestamp(), &payload);
    post_signed(app, content_type, payload, signature).await
}

async fn text(app: &TestApp, id: &str, from: &str, body: &str) -> Reply {
    crate::sms::text_at(app, id, from, body, SECRET, Utc::now().timestamp()).await
}

async fn call(app: &TestApp, method: Method, path: &str, body: Value, token: &str) -> Value {
    let r = app.api(method, path, Some(body), Some(token)).await;
    assert!(r.status.is_success(), "{path}: {} {}", r.status, r.text());
    r.json()
}

async fn new_course(app: &TestApp, token: &str, title: &str) -> i64 {
    call(
        app,
        Method::POST,
        "/api/v1/courses",
        json!({"title": title, "summary": "পর্যালোচনার কোর্স", "class_number": 3, "subject_code": "math"}),
        token,
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

async fn new_module(app: &TestApp, token: &str, course: i64, title: &str, max_attempts: i32, wait: i32) -> i64 {
    let id = call(
        app,
        Method::POST,
        &format!("/api/v1/courses/{course}/modules"),
        json!({"title": title, "pass_percent": 100, "max_attempts": max_attempts, "wait_minutes": wait}),
        token,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    call(
        app,
        Method::POST,
        &format!("/api/v1/modules/{id}/activities"),
        json!({"kind": "reading", "title": "পাঠ", "body": "একটি ছোট পাঠ।"}),
        token,
    )
    .await;
    id
}

/// A single-choice question: "ঠিক" is right, "ভুল" is wrong.
async fn single(app: &TestApp, token: &str, module: i64, prompt: &str) {
    call(
        app,
        Method::POST,
        &format!("/api/v1/modules/{module}/questions"),
        json!({"kind": "single", "prompt": prompt, "explanation": "ব্যাখ্যা", "options": [{"body": "ঠিক", "correct": true}, {"body": "ভুল"}]}),
        token,
    )
    .await;
}

async fn publish(app: &TestApp, token: &str, course: i64) {
    call(app, Method::POST, &format!("/api/v1/courses/{course}/publish"), json!({}), token).await;
}

async fn attempts(app: &TestApp, token: &str, module: i64) -> usize {
    let r = app.api(Method::GET, &format!("/api/v1/quizzes/{module}/attempts"), None, Some(token)).await;
    if !r.status.is_success() {
        return 0;
    }
    r.json().as_array().unwrap().len()
}

async fn stopped(app: &TestApp, phone: &str) -> bool {
    batayon::senders::stops::stopped(app.db(), &format!("+88{phone}")).await.unwrap()
}

// ---------------------------------------------------------------- defects

/// STOP must always be honoured: a number past its 30 texts an hour that
/// texts STOP is taken ("limited") but the STOP is silently dropped, so
/// reminders keep going to someone who opted out.
#[tokio::test]
async fn stop_past_the_hourly_limit_is_still_honoured() {
    let (app, _gateway) = portal().await;
    let phone = "01955500101";
    for i in 0..30 {
        let r = text(&app, &format!("h{i}"), phone, "HELP").await;
        assert_eq!(r.json()["status"], "answered");
    }
    let r = text(&app, "stop-1", phone, "STOP").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(stopped(&app, phone).await, "STOP after the hourly limit was dropped: {}", r.text());
}

/// A NUL (or other control character) in a text a phone sent: the gateway
/// forwards it, the portal must take it. On PostgreSQL the text column
/// refuses NUL and the webhook answers 500 (the gateway retries forever).
#[tokio::test]
async fn a_nul_in_a_text_is_taken_not_a_server_error() {
    let (app, _gateway) = portal().await;
    let r = text(&app, "nul-1", "01955500102", "HELP\u{0}").await;
    assert_eq!(r.status, StatusCode::OK, "NUL in the text: {} {}", r.status, r.text());
    let r = text(&app, "nul-\u{0}-2", "01955500102", "HELP").await;
    assert!(r.status.is_success() || r.status.is_client_error(), "NUL in the id: {} {}", r.status, r.text());
    let r = text(&app, "ctl-3", "01955500102", "\u{1b}[2J\u{7}\r\nHELP\u{feff}").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

/// `parts` promises each part fits one SMS; past 99 parts the number in
/// front ("১০০/২২০ ") is longer than the room left for it.
#[test]
fn parts_of_a_very_long_text_each_fit_one_sms() {
    let bangla = "ক ".repeat(5000);
    let sent = batayon::senders::parts::parts(&bangla);
    let over: Vec<&String> = sent.iter().filter(|p| p.encode_utf16().count() > 70).collect();
    assert!(
        over.is_empty(),
        "{} of {} Bangla parts are longer than one SMS, e.g. {:?}",
        over.len(),
        sent.len(),
        over[0]
    );
    let english = "ab ".repeat(10000);
    let sent = batayon::senders::parts::parts(&english);
    let over: Vec<&String> = sent.iter().filter(|p| p.len() > 160).collect();
    assert!(over.is_empty(), "{} of {} GSM parts are longer than one SMS", over.len(), sent.len());
}

/// A question as an author may write it (prompt up to 10,000 characters,
/// eight choices of 500): one QUIZ text sends hundreds of SMS, and the
/// parts past the 99th do not fit one SMS.
#[tokio::test]
async fn a_long_question_by_sms_goes_in_parts_that_each_fit_one_sms() {
    let (app, gateway) = portal().await;
    let (_, author) = app.with_role("লেখক", "01711110101", Role::CourseAuthor).await;
    let course = new_course(&app, &author, "লম্বা প্রশ্নের কোর্স").await;
    let module = new_module(&app, &author, course, "লম্বা মডিউল", 3, 0).await;
    let prompt: String = "প্রশ্নের লম্বা বিবরণ ".repeat(600).chars().take(9990).collect();
    let option = |i: usize| json!({"body": format!("{i} {}", "উত্তর ".repeat(100)).chars().take(500).collect::<String>(), "correct": i == 1});
    call(
        &app,
        Method::POST,
        &format!("/api/v1/modules/{module}/questions"),
        json!({"kind": "single", "prompt": prompt.trim(), "explanation": "", "options": (1..=8).map(option).collect::<Vec<_>>()}),
        &author,
    )
    .await;
    publish(&app, &author, course).await;
    app.teacher("শিক্ষক", "01755500101").await;
    let got = ask(&app, &gateway, "long-1", "01755500101", &format!("QUIZ {module}")).await;
    let over: Vec<&String> = got.iter().filter(|p| p.encode_utf16().count() > 70).collect();
    assert!(
        over.is_empty(),
        "{} SMS sent for one QUIZ text; {} longer than one SMS, e.g. {:?}",
        got.len(),
        over.len(),
        over[0]
    );
}

/// The signing time is read as any i64; `now - t` overflows for a time
/// near i64::MIN and the check panics (debug builds) before the MAC is
/// looked at: anyone can crash the handler without the secret.
#[test]
fn a_signature_time_at_the_edge_of_i64_is_refused_not_a_panic() {
    use batayon::sms::signature::{Refused, check};
    let body = br#"{"id":"x","from":"01711112222","text":"STOP"}"#;
    let got =
        std::panic::catch_unwind(|| check(SECRET, Some("t=-9223372036854775808,v1=00"), body, Utc::now().timestamp()));
    assert!(matches!(got, Ok(Err(Refused::Stale | Refused::Malformed))), "panicked or let through: {got:?}");
}

#[tokio::test]
async fn an_unsigned_post_with_an_extreme_time_is_401() {
    let (app, _gateway) = portal().await;
    let payload = serde_json::to_vec(&json!({"id": "x", "from": "01711112222", "text": "STOP"})).unwrap();
    let app = Arc::new(app);
    let a = app.clone();
    let r = tokio::spawn(async move {
        post_signed(&a, "application/json", payload, "t=-9223372036854775000,v1=00".into()).await.status
    })
    .await;
    assert!(matches!(r, Ok(StatusCode::UNAUTHORIZED)), "{r:?}");
}

/// A reminder in several parts, the gateway failing once on the second
/// part: the job is retried and the first part goes out (and is billed)
/// again.
#[tokio::test]
async fn a_reminder_sms_is_not_sent_twice_when_the_gateway_fails_mid_text() {
    let (app, gateway) = portal().await;
    let (me, token) = app.teacher("শাহানা পারভীন", "01755500102").await;
    call(&app, Method::PUT, "/api/v1/notifications/sms", json!({"on": true}), &token).await;
    let detail = "উপজেলা রিসোর্স সেন্টারে মাসিক সভা, সবাই সময়মতো আসবেন ".repeat(4);
    *gateway.fail_at.lock().unwrap() = Some(gateway.seen.load(Ordering::SeqCst) + 1);
    batayon::notifications::store::notify(
        app.db(),
        batayon::ids::UserId(me),
        "notify-practice-meeting",
        &detail,
        "/practice",
    )
    .await
    .unwrap();
    batayon::worker::drain(&app.state).await.unwrap();
    // The retry is due.
    app.db()
        .execute_unprepared(&format!(
            "UPDATE jobs SET run_after = '{}' WHERE status = 'queued'",
            (Utc::now() - chrono::Duration::hours(1)).format("%Y-%m-%d %H:%M:%S%:z")
        ))
        .await
        .unwrap();
    batayon::worker::drain(&app.state).await.unwrap();
    let to_her = gateway.since(0, "+8801755500102");
    let firsts = to_her.iter().filter(|p| p.starts_with("১/")).count();
    let total = to_her.first().and_then(|p| p.split_once(' ')).map(|(n, _)| n.split_once('/').unwrap().1.to_owned());
    let total = total.unwrap_or_else(|| panic!("not in parts: {to_her:?}"));
    assert!(to_her.iter().any(|p| p.starts_with(&format!("{total}/{total} "))), "the retry never finished: {to_her:?}");
    assert_eq!(firsts, 1, "the first part went out {firsts} times: {to_her:?}");
}

// ---------------------------------------------------------------- held

/// A module of a draft version, of a course never published, or of an old
/// version: refused by SMS, no question shown.
#[tokio::test]
async fn sms_quiz_of_a_draft_or_old_or_closed_module_shows_nothing() {
    let (app, gateway) = portal().await;
    let (_, author) = app.with_role("লেখক", "01711110102", Role::CourseAuthor).await;
    let open = new_course(&app, &author, "খোলা কোর্স").await;
    let old = new_module(&app, &author, open, "প্রথম মডিউল", 3, 0).await;
    single(&app, &author, old, "গোপন-পুরোনো প্রশ্ন?").await;
    publish(&app, &author, open).await;
    call(&app, Method::POST, &format!("/api/v1/courses/{open}/versions"), json!({}), &author).await;
    let drafted = new_module(&app, &author, open, "খসড়া মডিউল", 3, 0).await;
    single(&app, &author, drafted, "গোপন-খসড়া প্রশ্ন?").await;
    let closed = new_course(&app, &author, "বন্ধ কোর্স").await;
    let hidden = new_module(&app, &author, closed, "বন্ধ মডিউল", 3, 0).await;
    single(&app, &author, hidden, "গোপন-বন্ধ প্রশ্ন?").await;

    let (one, _) = app.teacher("শিক্ষক এক", "01755500111").await;
    for (i, m) in [drafted, hidden].into_iter().enumerate() {
        let got = ask(&app, &gateway, &format!("d{i}"), "01755500111", &format!("QUIZ {m}")).await;
        assert!(got.iter().all(|t| !t.contains("গোপন")), "{got:?}");
        let got = ask(&app, &gateway, &format!("d{i}r"), "01755500111", "REPEAT").await;
        assert!(got.iter().all(|t| !t.contains("গোপন")), "{got:?}");
        let got = ask(&app, &gateway, &format!("d{i}a"), "01755500111", "1").await;
        assert!(got.iter().all(|t| !t.contains("গোপন") && !t.contains("ফল")), "{got:?}");
    }
    let enrolled = batayon::learning::store::study::enrolments_of(app.db(), batayon::ids::UserId(one)).await.unwrap();
    assert!(enrolled.is_empty(), "a draft's module number enrolled her: {enrolled:?}");
    // The draft published: the old version's module is no quiz for one enrolled in the new.
    publish(&app, &author, open).await;
    app.teacher("শিক্ষক দুই", "01755500112").await;
    let got = ask(&app, &gateway, "o1", "01755500112", &format!("QUIZ {old}")).await;
    assert!(got.iter().all(|t| !t.contains("গোপন-পুরোনো")), "{got:?}");
}

/// Attempt limits and waits hold by SMS exactly as on the web, and an SMS
/// quiz started before the web used up the attempts does not add one.
#[tokio::test]
async fn attempt_limits_and_waits_hold_by_sms() {
    let (app, gateway) = portal().await;
    let (_, author) = app.with_role("লেখক", "01711110103", Role::CourseAuthor).await;
    let course = new_course(&app, &author, "সীমার কোর্স").await;
    let once = new_module(&app, &author, course, "একবারের মডিউল", 1, 0).await;
    single(&app, &author, once, "একবারের প্রশ্ন?").await;
    let waits = new_module(&app, &author, course, "অপেক্ষার মডিউল", 3, 60).await;
    single(&app, &author, waits, "অপেক্ষার প্রশ্ন?").await;
    let raced = new_module(&app, &author, course, "দৌড়ের মডিউল", 1, 0).await;
    single(&app, &author, raced, "দৌড়ের প্রশ্ন?").await;
    publish(&app, &author, course).await;
    let phone = "01755500121";
    let (_, token) = app.teacher("শিক্ষক", phone).await;

    // One attempt only: failed by SMS, the next QUIZ is refused.
    let got = ask(&app, &gateway, "l1", phone, &format!("QUIZ {once}")).await.join(" ");
    let got = ask(&app, &gateway, "l2", phone, &choice_number(&got, "ভুল")).await;
    assert!(got.join(" ").contains("ফল: ০/১"), "{got:?}");
    let got = ask(&app, &gateway, "l3", phone, &format!("QUIZ {once}")).await;
    assert_eq!(got, vec!["এই কুইজের সব সুযোগ শেষ।"]);
    assert_eq!(attempts(&app, &token, once).await, 1);

    // A wait after a failed attempt.
    let got = ask(&app, &gateway, "w1", phone, &format!("QUIZ {waits}")).await.join(" ");
    ask(&app, &gateway, "w2", phone, &choice_number(&got, "ভুল")).await;
    let got = ask(&app, &gateway, "w3", phone, &format!("QUIZ {waits}")).await;
    assert!(got.len() == 1 && got[0].starts_with("আবার চেষ্টা করা যাবে"), "{got:?}");
    assert!(got.iter().all(|t| !t.contains("অপেক্ষার প্রশ্ন")), "{got:?}");
    assert_eq!(attempts(&app, &token, waits).await, 1);

    // Started by SMS, the only attempt used on the web, then answered by SMS.
    let got = ask(&app, &gateway, "r1", phone, &format!("QUIZ {raced}")).await.join(" ");
    let view = app.api(Method::GET, &format!("/api/v1/quizzes/{raced}"), None, Some(&token)).await.json();
    let q = &view["questions"][0];
    let wrong = q["options"].as_array().unwrap().iter().find(|o| o["body"] == "ভুল").unwrap()["id"].clone();
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/quizzes/{raced}/attempts"),
            Some(json!({"idempotency_key": "web-attempt-0001", "answers": [{"question_id": q["id"], "option_ids": [wrong]}]})),
            Some(&token),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text());
    let got = ask(&app, &gateway, "r2", phone, &choice_number(&got, "ঠিক")).await;
    assert_eq!(attempts(&app, &token, raced).await, 1, "{got:?}");
    assert_eq!(got, vec!["এই কুইজের সব সুযোগ শেষ।"]);
}

/// Two different answers to the last question at once, and two QUIZ
/// starts at once: one attempt, one result.
#[tokio::test]
async fn parallel_answers_and_starts_grade_once() {
    let (app, gateway) = portal().await;
    let (_, author) = app.with_role("লেখক", "01711110104", Role::CourseAuthor).await;
    let course = new_course(&app, &author, "সমান্তরাল কোর্স").await;
    let m = new_module(&app, &author, course, "সমান্তরাল মডিউল", 20, 0).await;
    single(&app, &author, m, "সমান্তরাল প্রশ্ন?").await;
    publish(&app, &author, course).await;
    let phone = "01755500131";
    let (_, token) = app.teacher("শিক্ষক", phone).await;
    let quiz = format!("QUIZ {m}");
    // Seven rounds of four texts: within the number's 30 an hour.
    for round in 0..7 {
        let (i1, i2, i3, i4) =
            (format!("p1-{round}"), format!("p2-{round}"), format!("p3-{round}"), format!("p4-{round}"));
        let (a, b) = tokio::join!(text(&app, &i1, phone, &quiz), text(&app, &i2, phone, &quiz));
        assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK), "{} {}", a.text(), b.text());
        let before = gateway.sent().len();
        let (a, b) = tokio::join!(text(&app, &i3, phone, "1"), text(&app, &i4, phone, "2"));
        assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK), "{} {}", a.text(), b.text());
        assert_eq!(
            attempts(&app, &token, m).await,
            round + 1,
            "graded once: {:?} {} {}",
            gateway.since(before, &format!("+88{phone}")),
            a.text(),
            b.text()
        );
        // The losing answer, read after the winner moved the position past
        // the last question but before the quiz was ended, takes the
        // "grading did not finish (a crash)" path and sends the result again.
        let sent = gateway.since(before, &format!("+88{phone}"));
        let results = sent.iter().filter(|t| t.starts_with("ফল")).count();
        assert_eq!(results, 1, "round {round}: the result went out {results} times: {sent:?}");
        if sent.iter().any(|t| t.contains("পাস!")) {
            break;
        }
    }
}

/// Forty texts at once from one number: thirty answered.
#[tokio::test]
async fn parallel_texts_around_the_hourly_limit_answer_thirty() {
    let (app, _gateway) = portal().await;
    let phone = "01955500141";
    let futures = (0..40).map(|i| {
        let app = &app;
        async move { text(app, &format!("par{i}"), phone, "HELP").await }
    });
    let replies = futures_util::future::join_all(futures).await;
    let answered = replies.iter().filter(|r| r.status == StatusCode::OK && r.json()["status"] == "answered").count();
    assert_eq!(answered, 30, "{:?}", replies.iter().map(|r| r.text()).collect::<Vec<_>>());
}

/// Body and header tricks: all refused or taken, never a 500.
#[tokio::test]
async fn webhook_body_and_header_tricks_are_refused_cleanly() {
    let (app, gateway) = portal().await;
    let before = gateway.sent().len();
    // A JSON array, nested objects, a number as a phone, a huge body.
    let r = raw(&app, "application/json", br#"[{"id":"a1","from":"01711112222","text":"STOP"}]"#.to_vec()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
    let r =
        raw(&app, "application/json", br#"{"id":{"x":1},"from":["01711112222"],"text":{"t":"STOP"}}"#.to_vec()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let big = serde_json::to_vec(&json!({"id": "big", "from": "01711112222", "text": "ক".repeat(20000)})).unwrap();
    let r = raw(&app, "application/json", big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    // Not UTF-8, as a form and as JSON.
    let r = raw(&app, "application/x-www-form-urlencoded", b"id=nu1&from=01711112222&text=%FF%FE\xff".to_vec()).await;
    assert!(r.status == StatusCode::OK || r.status.is_client_error(), "{} {}", r.status, r.text());
    let r =
        raw(&app, "application/json", b"{\"id\":\"nu2\",\"from\":\"01711112222\",\"text\":\"\xff\"}".to_vec()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
    // A phone that does not normalise.
    let r = text(&app, "ph1", "+1 555 0100", "HELP").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    // A truncated MAC, an empty MAC, a MAC for another time, two t= values.
    let payload = serde_json::to_vec(&json!({"id": "sig1", "from": "01711112222", "text": "STOP"})).unwrap();
    let now = Utc::now().timestamp();
    let good = batayon::sms::signature::sign(SECRET, now, &payload);
    let mac = good.split_once("v1=").unwrap().1.to_owned();
    for header in [
        format!("t={now},v1={}", &mac[..2]),
        format!("t={now},v1="),
        format!("t={},v1={mac}", now - 1),
        format!("t={},t={now},v1={mac}", now - 1),
        format!("t={now} ,v1={mac}"),
        format!("t={now},v1={mac}x"),
    ] {
        let r = post_signed(&app, "application/json", payload.clone(), header.clone()).await;
        assert!(
            r.status == StatusCode::UNAUTHORIZED || r.status == StatusCode::OK,
            "{header}: {} {}",
            r.status,
            r.text()
        );
        if r.status == StatusCode::OK {
            // Only a header that still names the signed time may pass.
            assert!(header.ends_with(&mac) && header.contains(&format!("t={now}")), "{header} let through");
        }
    }
    assert!(!stopped(&app, "01711112222").await || gateway.sent().len() > before);
}

/// A number that moved from one account to another: the new holder sees
/// nothing of the quiz the old one was taking, and cannot answer it.
#[tokio::test]
async fn a_quiz_left_on_a_number_is_not_shown_to_its_next_holder() {
    let (app, gateway) = portal().await;
    let (_, author) = app.with_role("লেখক", "01711110105", Role::CourseAuthor).await;
    let course = new_course(&app, &author, "নম্বর বদলের কোর্স").await;
    let m = new_module(&app, &author, course, "নম্বর বদলের মডিউল", 3, 0).await;
    single(&app, &author, m, "আগের-জনের প্রশ্ন?").await;
    publish(&app, &author, course).await;
    let phone = "01755500151";
    let (first, first_token) = app.teacher("আগের জন", phone).await;
    let got = ask(&app, &gateway, "n1", phone, &format!("QUIZ {m}")).await;
    assert!(got.join(" ").contains("আগের-জনের"), "{got:?}");
    app.db()
        .execute_unprepared(&format!("UPDATE users SET phone = '+8801755500159' WHERE id = {first}"))
        .await
        .unwrap();
    let (_, next_token) = app.teacher("পরের জন", phone).await;
    let got = ask(&app, &gateway, "n2", phone, "REPEAT").await;
    assert!(got.iter().all(|t| !t.contains("আগের-জনের")), "{got:?}");
    let got = ask(&app, &gateway, "n3", phone, "1").await;
    assert!(got.iter().all(|t| !t.contains("ফল")), "{got:?}");
    assert_eq!(attempts(&app, &first_token, m).await, 0);
    assert_eq!(attempts(&app, &next_token, m).await, 0);
}

/// A wrong check code reads as no badge whichever way it is wrong.
#[tokio::test]
async fn a_badge_code_is_not_found_by_its_id_alone() {
    let (app, gateway) = portal().await;
    let phone = "01855500161";
    for (i, code) in ["1", "1-", "1-0", "1-000000", "000001-000000", "১-০০০০০০", "99999999999999999999", "-1-000000"]
        .into_iter()
        .enumerate()
    {
        let got = ask(&app, &gateway, &format!("c{i}"), phone, &format!("CHECK {code}")).await;
        assert_eq!(got, vec!["এই কোডে কোনো ব্যাজ নেই। কোডটি দেখে আবার লিখুন।"], "{code}");
    }
}

/// `parts` never panics on any mix of scripts, emoji, escapes and control
/// characters, keeps the text, and (under 100 parts) each part fits.
#[test]
fn parts_never_panic_and_fit_below_a_hundred_parts() {
    let alphabet: Vec<char> = "ab ক্ষ়া€é{}[]~^|\\\n\r\t\u{c}\u{0}\u{2068}\u{2069}😀👩‍🏫  ১২৩".chars().collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for len in (0..2000).step_by(7) {
        let mut s = String::new();
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        let sent = std::panic::catch_unwind(|| batayon::senders::parts::parts(&s)).expect("parts panicked");
        if sent.len() > 1 && sent.len() <= 99 {
            let gsm = sent[0].starts_with(|c: char| c.is_ascii_digit());
            for p in &sent {
                let fits = if gsm { p.chars().count() <= 160 } else { p.encode_utf16().count() <= 70 };
                assert!(fits, "{p:?}");
            }
        }
    }
}
