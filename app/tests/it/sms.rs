//! SMS for basic phones, through a stand-in gateway: a small HTTP server
//! that records every SMS the portal sends and posts the phone's replies
//! signed with the shared secret, as a real gateway would. A teacher takes
//! a module's quiz by SMS (a wrong answer, Bangla digits, a reply six hours
//! later, the same reply twice at once) and her attempt counts as on the
//! web; STOP silences every notice until START; anyone checks a badge by
//! its code; forged, stale and replayed posts are refused; the
//! administrators' page counts what was sent and what it cost.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::{Json, Router};
use chrono::Utc;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::app::{Reply, TestApp};
use batayon::accounts::model::Role;

pub(crate) const SECRET: &str = "gateway-shared-secret";

/// The stand-in gateway: what it was asked to send, as (to, text); it can
/// fail one request (by its number, from 0), as a real gateway sometimes does.
#[derive(Clone, Default)]
pub(crate) struct Gateway {
    kept: Arc<Mutex<Vec<(String, String)>>>,
    pub fail_at: Arc<Mutex<Option<usize>>>,
    pub seen: Arc<AtomicUsize>,
}

impl Gateway {
    async fn start() -> (Gateway, String) {
        let gateway = Gateway::default();
        let g = gateway.clone();
        let router = Router::new().route(
            "/send",
            axum::routing::post(move |Json(body): Json<Value>| {
                let g = g.clone();
                async move {
                    let n = g.seen.fetch_add(1, Ordering::SeqCst);
                    {
                        let mut fail = g.fail_at.lock().unwrap();
                        if *fail == Some(n) {
                            *fail = None;
                            return (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"status": "error"})));
                        }
                    }
                    let to = body["to"].as_str().unwrap_or_default().to_owned();
                    let text = body["message"].as_str().unwrap_or_default().to_owned();
                    g.kept.lock().unwrap().push((to, text));
                    (StatusCode::OK, Json(json!({"status": "queued"})))
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        (gateway, format!("http://{addr}/send"))
    }

    pub fn sent(&self) -> Vec<(String, String)> {
        self.kept.lock().unwrap().clone()
    }

    /// The texts sent since `from`, to one number, each part as its own SMS.
    pub fn since(&self, from: usize, to: &str) -> Vec<String> {
        self.sent()[from..].iter().filter(|(t, _)| t == to).map(|(_, text)| text.clone()).collect()
    }
}

pub(crate) async fn portal() -> (TestApp, Gateway) {
    let (gateway, url) = Gateway::start().await;
    let app = TestApp::configured(|config| {
        config.senders.sms_url = Some(url);
        config.senders.sms_secret = Some(SECRET.into());
        config.senders.sms_number = Some("16555".into());
        config.senders.sms_price_poisha = 35;
    })
    .await;
    (app, gateway)
}

/// The gateway posting a reply from a phone, as JSON, signed at `at`.
pub(crate) async fn text_at(app: &TestApp, id: &str, from: &str, body: &str, secret: &str, at: i64) -> Reply {
    let payload = serde_json::to_vec(&json!({"id": id, "from": from, "text": body})).unwrap();
    let signature = batayon::sms::signature::sign(secret, at, &payload);
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/sms/inbound")
        .header("content-type", "application/json")
        .header("x-batayon-signature", signature)
        .body(Body::from(payload))
        .unwrap();
    app.send(request, [10, 9, 0, 1]).await
}

async fn text(app: &TestApp, id: &str, from: &str, body: &str) -> Reply {
    let r = text_at(app, id, from, body, SECRET, Utc::now().timestamp()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r
}

/// Texts and what came back to that number.
pub(crate) async fn ask(app: &TestApp, gateway: &Gateway, id: &str, from: &str, body: &str) -> Vec<String> {
    let before = gateway.sent().len();
    text(app, id, from, body).await;
    gateway.since(before, &international(from))
}

/// A text cut into numbered parts, put back together.
fn whole(parts: &[String]) -> String {
    if parts.len() < 2 {
        return parts.join(" ");
    }
    parts.iter().map(|p| p.split_once(' ').map_or(p.as_str(), |(_, rest)| rest)).collect::<Vec<_>>().join(" ")
}

fn international(phone: &str) -> String {
    format!("+88{phone}")
}

/// The number in front of a choice ("২) ১/২" → "২") in a question's text.
pub(crate) fn choice_number(question: &str, choice: &str) -> String {
    let at = question.find(&format!(") {choice}")).unwrap_or_else(|| panic!("{choice} in {question}"));
    question[..at].chars().last().unwrap().to_string()
}

async fn call(app: &TestApp, path: &str, body: Value, token: &str) -> Value {
    let r = app.api(Method::POST, path, Some(body), Some(token)).await;
    assert!(r.status.is_success(), "{path}: {} {}", r.status, r.text());
    r.json()
}

/// Two modules: the first's quiz has a choice and a number; the second
/// opens with a written reading and has a quiz of its own.
async fn two_module_course(app: &TestApp) -> (i64, i64) {
    let (_, author) = app.with_role("কোর্স লেখক", "01711110001", Role::CourseAuthor).await;
    let course = call(
        app,
        "/api/v1/courses",
        json!({"title": "ভগ্নাংশ শেখাই", "summary": "প্রাথমিকের ভগ্নাংশ", "class_number": 3, "subject_code": "math"}),
        &author,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let modules = format!("/api/v1/courses/{course}/modules");
    let module =
        |title: &'static str| json!({"title": title, "pass_percent": 100, "max_attempts": 3, "wait_minutes": 0});
    let first = call(app, &modules, module("অর্ধেক চেনা"), &author).await["id"].as_i64().unwrap();
    let second = call(app, &modules, module("সমান ভাগ"), &author).await["id"].as_i64().unwrap();
    call(
        app,
        &format!("/api/v1/modules/{first}/activities"),
        json!({"kind": "reading", "title": "অর্ধেক কী", "body": "একটি জিনিসকে দুই সমান ভাগ করলে প্রতিটি ভাগ অর্ধেক।"}),
        &author,
    )
    .await;
    for (m, body) in [
        (
            first,
            json!({"kind": "single", "prompt": "একটি রুটির অর্ধেক কোনটি?", "explanation": "দুই সমান ভাগের এক ভাগ।", "options": [{"body": "১/২", "correct": true}, {"body": "১/৩"}, {"body": "২/১"}]}),
        ),
        (
            first,
            json!({"kind": "numeric", "prompt": "চার ভাগের তিন ভাগ দশমিকে কত?", "explanation": "৩ ÷ ৪", "number_answer": 0.75}),
        ),
        (
            second,
            json!({"kind": "true_false", "prompt": "২/৪ আর ১/২ সমান।", "explanation": "দুটিই অর্ধেক।", "true_answer": true}),
        ),
    ] {
        call(app, &format!("/api/v1/modules/{m}/questions"), body, &author).await;
    }
    call(
        app,
        &format!("/api/v1/modules/{second}/activities"),
        json!({"kind": "reading", "title": "সমান ভাগের খেলা", "body": "একটি কাগজ চার ভাঁজ করুন। প্রতিটি ভাগ পুরোটার চার ভাগের এক ভাগ; দুটি ভাগ একসঙ্গে অর্ধেক।"}),
        &author,
    )
    .await;
    call(app, &format!("/api/v1/courses/{course}/publish"), json!({}), &author).await;
    (first, second)
}

/// Moves the number's quiz back in time, as if she replied hours later.
async fn hours_pass(app: &TestApp, hours: i64) {
    use sea_orm::sea_query::{Expr, Query};
    let mut update = Query::update();
    update.table("sms_quizzes").value("updated_at", Expr::val(Utc::now() - chrono::Duration::hours(hours)));
    let db = app.db();
    db.execute(&update).await.unwrap();
}

#[tokio::test]
async fn a_teacher_passes_a_module_quiz_by_sms_and_it_counts_as_on_the_web() {
    let (app, gateway) = portal().await;
    let (first, second) = two_module_course(&app).await;
    let (_, token) = app.teacher("রহিমা বেগম", "01755500001").await;
    let phone = "01755500001";

    // Not enrolled yet: the quiz's number enrols her, as the web's button would.
    let got = ask(&app, &gateway, "m1", phone, &format!("কুইজ {}", bangla::to_bangla_digits(&first.to_string()))).await;
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].contains("অর্ধেক চেনা") && got[0].contains("২টি প্রশ্ন"), "{got:?}");
    assert!(got[1].starts_with("প্রশ্ন ১/২: একটি রুটির অর্ধেক কোনটি?"), "{got:?}");
    assert!(got.iter().all(|sms| sms.encode_utf16().count() <= 70), "each SMS fits one UCS-2 segment: {got:?}");
    let enrolment = app.api(Method::GET, "/api/v1/courses/1/enrolment", None, Some(&token)).await;
    assert_eq!(enrolment.status, StatusCode::OK, "{}", enrolment.text());

    // An answer that is not a choice: told how to answer, asked again, nothing counted.
    let got = ask(&app, &gateway, "m2", phone, "৯").await;
    assert!(got[0].contains("১ থেকে ৩-এর নম্বর"), "{got:?}");
    assert!(got[1].starts_with("প্রশ্ন ১/২"), "{got:?}");
    let question = got[1].clone();

    // The right choice in Bangla digits, posted twice at once (the gateway
    // retried before its first post was answered): taken once.
    let right = choice_number(&question, "১/২");
    let (a, b) = tokio::join!(text(&app, "m3", phone, &right), text(&app, "m3", phone, &right));
    let mut statuses = [a.json()["status"].clone(), b.json()["status"].clone()];
    statuses.sort_by_key(|s| s.to_string());
    assert_eq!(statuses, [json!("answered"), json!("duplicate")]);
    let asked_next: Vec<String> =
        gateway.sent().iter().map(|(_, t)| t.clone()).filter(|t| t.starts_with("প্রশ্ন ২/২")).collect();
    assert_eq!(asked_next.len(), 1, "the second question was asked once: {asked_next:?}");

    // Six hours later she answers the number, as a fraction in Bangla digits.
    hours_pass(&app, 6).await;
    let got = ask(&app, &gateway, "m4", phone, "৩/৪").await;
    let all = got.join(" ");
    assert!(all.contains("ফল: ২/২ (১০০%)। পাস!"), "{got:?}");
    assert!(all.contains("পরের মডিউল: সমান ভাগ") && all.contains("সমান ভাগের খেলা: একটি কাগজ চার ভাঁজ করুন"), "{got:?}");
    assert!(all.contains(&format!("QUIZ {second}")), "{got:?}");

    // The attempt is hers on the web too, graded the same.
    let mine = app.api(Method::GET, &format!("/api/v1/quizzes/{first}/attempts"), None, Some(&token)).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.text());
    let attempts = mine.json();
    assert_eq!(attempts.as_array().unwrap().len(), 1, "{attempts}");
    assert_eq!(attempts[0]["passed"], true);
    assert_eq!(attempts[0]["score_percent"], 100);

    // QUIZ alone: her next quiz (the second module's), which she fails once.
    let got = ask(&app, &gateway, "m5", phone, "quiz").await;
    assert!(got[1].starts_with("প্রশ্ন ১/১: ২/৪ আর ১/২ সমান।"), "{got:?}");
    let wrong = choice_number(&got[1], "মিথ্যা");
    let got = ask(&app, &gateway, "m6", phone, &wrong).await;
    let all = got.join(" ");
    assert!(all.contains("ফল: ০/১ (০%), পাস ১০০%") && all.contains(&format!("আবার: QUIZ {second}")), "{got:?}");
    assert!(all.contains("প্র.১ সঠিক: সত্য"), "{got:?}");
    let mine = app.api(Method::GET, &format!("/api/v1/quizzes/{second}/attempts"), None, Some(&token)).await;
    assert_eq!(mine.json().as_array().unwrap().len(), 1);

    // A quiz she already passed is not taken again; a stray digit with no quiz gets the help text.
    let got = ask(&app, &gateway, "m7", phone, &format!("QUIZ {first}")).await;
    assert_eq!(got, vec!["এই কুইজে আপনি আগেই পাস করেছেন।"]);
    let got = ask(&app, &gateway, "m8", phone, "২").await;
    assert!(got[0].contains("QUIZ") && got[0].contains("CHECK"), "{got:?}");

    // A number with no account is told to register.
    let got = ask(&app, &gateway, "m9", "01755500009", "QUIZ").await;
    assert_eq!(got, vec!["এই নম্বরে বাতায়নে অ্যাকাউন্ট নেই। আগে নিবন্ধন করুন।"]);
}

async fn issued_badge(app: &TestApp, holder: i64) -> batayon::credentials::entity::credential::Model {
    app.with_role("প্রশাসক", "01755500090", Role::Admin).await;
    let mut browser = crate::practice::signed_in(app, "01755500090", 5).await;
    let r = browser
        .submit(
            "/issuers",
            &[
                ("short_name", "NAEM"),
                ("name", "জাতীয় শিক্ষা ব্যবস্থাপনা একাডেমি"),
                ("name_en", ""),
                ("description", "শিক্ষক প্রশিক্ষণ"),
                ("website", ""),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let issuer: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    let r = browser
        .submit(
            &format!("/issuers/{issuer}/achievements"),
            &[
                ("name", "ডিজিটাল কনটেন্ট নির্মাতা"),
                ("description", "শিক্ষকদের জন্য"),
                ("criteria", "শর্ত পূরণ"),
                ("competency", "TC6"),
                ("tags", "কনটেন্ট"),
                ("rule", "manual"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let badge: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    let a =
        batayon::credentials::store::achievement(app.db(), batayon::ids::AchievementId(badge)).await.unwrap().unwrap();
    let evidence = [batayon::credentials::document::Evidence {
        url: None,
        name: "ভিডিও পাঠ".into(),
        narrative: "দুটি ভিডিও পাঠ মানসম্মত".into(),
    }];
    match batayon::credentials::issuing::issue(&app.state, &a, batayon::ids::UserId(holder), &evidence, None)
        .await
        .unwrap()
    {
        batayon::credentials::issuing::Issued::New(c) => *c,
        batayon::credentials::issuing::Issued::AlreadyHeld => panic!("issued once"),
    }
}

#[tokio::test]
async fn stop_silences_notices_until_start_and_anyone_checks_a_badge_by_its_code() {
    let (app, gateway) = portal().await;
    let (holder, _) = app.teacher("নাসরিন সুলতানা", "01755500002").await;
    let c = issued_badge(&app, holder).await;
    let code = c.sms_code();
    assert!(code.starts_with(&format!("{}-", c.id.0)) && code.len() == c.id.0.to_string().len() + 7, "{code}");

    // An officer's basic phone, no account: the code in Bangla digits.
    let officer = "01855500003";
    let got = ask(&app, &gateway, "c1", officer, &format!("যাচাই {}", bangla::to_bangla_digits(&code))).await;
    assert_eq!(got, vec!["বৈধ: ডিজিটাল কনটেন্ট নির্মাতা, নাসরিন সুলতানা, দিয়েছে NAEM।"]);
    let (id, check) = code.split_once('-').unwrap();
    let wrong = format!("{id}{:06}", (check.parse::<i32>().unwrap() + 1) % 1_000_000);
    let got = ask(&app, &gateway, "c2", officer, &format!("CHECK {wrong}")).await;
    assert_eq!(got, vec!["এই কোডে কোনো ব্যাজ নেই। কোডটি দেখে আবার লিখুন।"], "a wrong check digit finds nothing");
    batayon::credentials::issuing::revoke(&app.state, &c, "ভুল তথ্যে দেওয়া").await.unwrap();
    let got = ask(&app, &gateway, "c3", officer, &format!("check {code}")).await;
    assert!(got.len() == 2 && got[0].starts_with("১/২ বাতিল: "), "a long verdict goes in numbered parts: {got:?}");
    assert_eq!(whole(&got), "বাতিল: ডিজিটাল কনটেন্ট নির্মাতা, নাসরিন সুলতানা, NAEM। কারণ: ভুল তথ্যে দেওয়া");

    // The verify page tells a phone user what to text.
    let page = app.api(Method::GET, &format!("/verify/{}", c.public_id), None, None).await;
    assert!(page.text().contains(&format!("16555 নম্বরে লিখুন CHECK {code}")), "{}", page.text());

    // STOP (in Bangla): one confirmation, then nothing, not even a reminder.
    let teacher = "01755500002";
    let got = ask(&app, &gateway, "s1", teacher, "বন্ধ").await;
    assert_eq!(got, vec!["বাতায়নের SMS বন্ধ হলো। আবার পেতে START বা চালু লিখুন।"]);
    let sent = app.state.senders.send_notice(app.db(), &international(teacher), "অনুস্মারক").await.unwrap();
    assert!(!sent, "no notice to a number that said STOP");
    assert_eq!(ask(&app, &gateway, "s2", teacher, "HELP").await, Vec::<String>::new());
    let got = ask(&app, &gateway, "s3", teacher, "START").await;
    assert_eq!(got, vec!["বাতায়নের SMS আবার চালু হলো। বন্ধ করতে STOP লিখুন।"]);
    assert!(app.state.senders.send_notice(app.db(), &international(teacher), "অনুস্মারক").await.unwrap());

    // Forged, stale and replayed posts: refused, nothing answered or recorded twice.
    let before = gateway.sent().len();
    let now = Utc::now().timestamp();
    let forged = text_at(&app, "f1", teacher, "STOP", "not-the-secret", now).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED, "{}", forged.text());
    assert_eq!(forged.json()["code"], "bad_signature");
    let stale = text_at(&app, "f2", teacher, "STOP", SECRET, now - 3600).await;
    assert_eq!(stale.status, StatusCode::UNAUTHORIZED);
    let replayed = text(&app, "s3", teacher, "START").await;
    assert_eq!(replayed.json()["status"], "duplicate");
    assert_eq!(gateway.sent().len(), before, "nothing went out for them");
    assert!(
        !batayon::senders::stops::stopped(app.db(), &international(teacher)).await.unwrap(),
        "the forged STOP did nothing"
    );

    // A gateway that posts a form with its own field names.
    let form = b"smsid=g-77&msisdn=8801855500003&message=HELP".to_vec();
    let signature = batayon::sms::signature::sign(SECRET, now, &form);
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/sms/inbound")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-batayon-signature", signature)
        .body(Body::from(form))
        .unwrap();
    let r = app.send(request, [10, 9, 0, 1]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], "answered");
    let missing = text_at(&app, "", teacher, "HELP", SECRET, now).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", missing.text());
    assert_eq!(missing.json()["errors"][0]["field"], "id");

    // Many phones guessing one badge's check digits: twenty wrong codes an
    // hour, from any numbers, then even the right one waits.
    for i in 0..19 {
        let guess = format!("CHECK {id}{:06}", (check.parse::<i32>().unwrap() + 2 + i) % 1_000_000);
        let got = ask(&app, &gateway, &format!("g{i}"), &format!("0185550{:04}", 100 + i), &guess).await;
        assert_eq!(got, vec!["এই কোডে কোনো ব্যাজ নেই। কোডটি দেখে আবার লিখুন।"], "guess {i}");
    }
    let got = ask(&app, &gateway, "g-last", "01855509999", &format!("CHECK {code}")).await;
    assert_eq!(got, vec!["এই ব্যাজের কোড অনেকবার ভুল লেখা হয়েছে। এক ঘণ্টা পরে আবার লিখুন।"]);
}

#[tokio::test]
async fn one_number_is_answered_thirty_times_an_hour_and_the_admin_page_counts_the_cost() {
    let (app, gateway) = portal().await;
    let phone = "01955500004";
    let mut statuses = Vec::new();
    for i in 0..32 {
        statuses.push(text(&app, &format!("r{i}"), phone, "HELP").await.json()["status"].as_str().unwrap().to_owned());
    }
    assert_eq!(statuses.iter().filter(|s| *s == "answered").count(), 30, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| *s == "limited").count(), 2);
    let sent = gateway.sent().len() as i64;
    assert_eq!(sent, 30);

    app.with_role("প্রশাসক", "01955500090", Role::Admin).await;
    let (_, teacher) = app.teacher("শিক্ষক", "01955500091").await;
    let login = app
        .api(Method::POST, "/api/v1/auth/login", Some(json!({"login": "01955500090", "password": "shikkhok123"})), None)
        .await;
    let admin = login.json()["token"].as_str().unwrap().to_owned();
    let r = app.api(Method::GET, "/api/v1/sms/days", None, Some(&teacher)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.api(Method::GET, "/api/v1/sms/days", None, Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let days = r.json();
    assert_eq!(days["days"][0]["received_texts"], 32);
    assert_eq!(days["days"][0]["sent_sms"], sent);
    assert_eq!(days["cost_poisha"], sent * 35);
    let mut browser = crate::practice::signed_in(&app, "01955500090", 6).await;
    let page = browser.get("/admin/sms").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text().contains(&format!(
            "৳{}",
            bangla::to_bangla_digits(&format!("{}.{:02}", sent * 35 / 100, sent * 35 % 100))
        )),
        "{}",
        page.text()
    );
    // A message id is remembered for 30 days, then forgotten.
    assert_eq!(text(&app, "r0", phone, "HELP").await.json()["status"], "duplicate");
    {
        use sea_orm::sea_query::{Expr, Query};
        let mut update = Query::update();
        update.table("sms_received").value("received_at", Expr::val(Utc::now() - chrono::Duration::days(31)));
        app.db().execute(&update).await.unwrap();
    }
    assert_eq!(batayon::sms::prune(app.db()).await.unwrap(), 32);
    assert_eq!(text(&app, "r0", phone, "HELP").await.json()["status"], "limited", "taken again, past the hour's limit");
}

#[tokio::test]
async fn reminders_go_by_sms_only_to_those_who_chose_them_and_stop_when_they_text_stop() {
    let (app, gateway) = portal().await;
    let (_, officer) = app.with_role("উপজেলা শিক্ষা কর্মকর্তা", "01755500070", Role::Officer).await;
    let tomorrow = (Utc::now() + chrono::Duration::hours(6) + chrono::Duration::days(1)).date_naive();
    let event = json!({"kind": "event", "title": "শিক্ষক সমাবেশ", "venue": "উপজেলা রিসোর্স সেন্টার", "starts_on": tomorrow.to_string(), "days": 1, "capacity": 30});
    let batch = call(&app, "/api/v1/training-batches", event, &officer).await["id"].as_i64().unwrap();
    let (chooser, chooser_token) = app.teacher("শাহানা পারভীন", "01755500071").await;
    let (_, other_token) = app.teacher("কামরুল হাসান", "01755500072").await;
    for token in [&chooser_token, &other_token] {
        let r = app.api(Method::PUT, &format!("/api/v1/training-batches/{batch}/membership"), None, Some(token)).await;
        assert!(r.status.is_success(), "{}", r.text());
    }

    // She chooses SMS reminders on the notifications page, without JavaScript.
    let mut her = crate::fixtures::signed_in(&app, "01755500071", 7, 1).await;
    let page = her.get("/notifications").await;
    assert!(page.text().contains("SMS-এ অনুস্মারক বন্ধ আছে।"), "{}", page.text());
    let r = her.submit("/notifications/sms", &[("on", "1")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(her.get("/notifications").await.text().contains("SMS-এ অনুস্মারক চালু আছে।"));
    let r = app.api(Method::GET, "/api/v1/notifications/sms", None, Some(&chooser_token)).await;
    assert_eq!(r.json(), json!({"on": true, "has_phone": true, "stopped": false}));

    // Tomorrow's event: both are reminded in the portal, once; only she by SMS.
    let reminded = batayon::learning::training::remind_tomorrow(&app.state).await.unwrap();
    assert_eq!(reminded, 2);
    assert_eq!(batayon::learning::training::remind_tomorrow(&app.state).await.unwrap(), 0, "once each");
    batayon::worker::drain(&app.state).await.unwrap();
    let to_her = gateway.since(0, "+8801755500071");
    let whole_text = whole(&to_her);
    assert!(whole_text.contains("আগামীকাল প্রশিক্ষণ: শিক্ষক সমাবেশ, উপজেলা রিসোর্স সেন্টার"), "{to_her:?}");
    assert!(whole_text.contains(&format!("/training/{batch}")), "{to_her:?}");
    assert!(gateway.since(0, "+8801755500072").is_empty(), "he did not choose SMS");
    let notices = app.api(Method::GET, "/api/v1/notifications", None, Some(&other_token)).await.json();
    assert!(notices[0]["text"].as_str().unwrap().starts_with("আগামীকাল প্রশিক্ষণ"), "{notices}");

    // She texts STOP: the next reminder stays in the portal.
    ask(&app, &gateway, "st1", "01755500071", "STOP").await;
    let before = gateway.sent().len();
    batayon::notifications::store::notify(
        app.db(),
        batayon::ids::UserId(chooser),
        "notify-practice-meeting",
        "2026-12-20",
        "/practice",
    )
    .await
    .unwrap();
    batayon::worker::drain(&app.state).await.unwrap();
    assert_eq!(gateway.sent().len(), before, "nothing after STOP");
    let r = app.api(Method::GET, "/api/v1/notifications/sms", None, Some(&chooser_token)).await;
    assert_eq!(r.json()["stopped"], true);
    assert!(her.get("/notifications").await.text().contains("START লিখে পাঠান"));

    // Not a reminder (a comment): never by SMS. Turned off: nothing either.
    ask(&app, &gateway, "st2", "01755500071", "START").await;
    let before = gateway.sent().len();
    let me = batayon::ids::UserId(chooser);
    batayon::notifications::store::notify(app.db(), me, "notify-comment", "একটি লেখা", "/posts/1").await.unwrap();
    batayon::worker::drain(&app.state).await.unwrap();
    assert_eq!(gateway.sent().len(), before, "a comment is not a reminder");
    let r = app.api(Method::PUT, "/api/v1/notifications/sms", Some(json!({"on": false})), Some(&chooser_token)).await;
    assert_eq!(r.json()["on"], false);
    batayon::notifications::store::notify(app.db(), me, "notify-practice-meeting", "2026-12-21", "/practice")
        .await
        .unwrap();
    batayon::worker::drain(&app.state).await.unwrap();
    assert_eq!(gateway.sent().len(), before, "turned off");

    // An account without a phone cannot turn them on.
    let r = app
        .api(
            Method::POST,
            "/api/v1/auth/register",
            Some(json!({"name": "ই-মেইল শিক্ষক", "email": "mail@example.org", "password": "shikkhok123"})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let login = app
        .api(
            Method::POST,
            "/api/v1/auth/login",
            Some(json!({"login": "mail@example.org", "password": "shikkhok123"})),
            None,
        )
        .await;
    let token = login.json()["token"].as_str().unwrap().to_owned();
    let r = app.api(Method::PUT, "/api/v1/notifications/sms", Some(json!({"on": true})), Some(&token)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["field"], "on");
}
