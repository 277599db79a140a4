//! From course to classroom: a teacher's practice journal is read by her
//! school and the circles she lets read it, and nobody else; comments,
//! encouragement and observations reach her; reminders go once; circle
//! meetings turn "will try" into plans; dashboards equal counts made by
//! hand and show officers their own place only; a voice note over the
//! limit is refused with a message and her words are kept.

use axum::http::{Method, StatusCode};
use chrono::{Duration, Utc};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::app::{Browser, TestApp};
use crate::fixtures::{multipart_files, png, wav};
use batayon::accounts::model::Role;
use batayon::institutions::store::{self as institutions, NewInstitution};

const PASSWORD: &str = "shikkhok123";

pub(crate) struct Place {
    pub(crate) district: i64,
    upazila: Option<i64>,
}

pub(crate) async fn place(app: &TestApp, district: &str, upazila: Option<&str>) -> Place {
    let d = batayon::places::store::district_by_name(app.db(), district).await.unwrap().unwrap();
    let u = match upazila {
        Some(name) => Some(batayon::places::store::upazila_by_name(app.db(), d.id, name).await.unwrap().unwrap().id.0),
        None => None,
    };
    Place { district: d.id.0, upazila: u }
}

pub(crate) async fn school(app: &TestApp, eiin: i64, name: &str, at: &Place) -> i64 {
    institutions::upsert(
        app.db(),
        NewInstitution {
            eiin,
            name: name.into(),
            district_id: batayon::ids::DistrictId(at.district),
            upazila_id: at.upazila.map(batayon::ids::UpazilaId),
            level_code: "primary".into(),
        },
    )
    .await
    .unwrap()
    .id
    .0
}

/// A person of `role` whose profile names the school (EIIN, or none) and
/// place; one with a school is verified there, as a moderator would.
pub(crate) async fn person(
    app: &TestApp,
    name: &str,
    phone: &str,
    role: Role,
    eiin: Option<i64>,
    at: &Place,
) -> (i64, String) {
    let (id, token) = app.with_role(name, phone, role).await;
    let r = app.api(Method::PUT, "/api/v1/me/profile", Some(profile(eiin, at)), Some(&token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    if eiin.is_some() {
        let verified = batayon::profiles::service::set_verification(
            app.db(),
            batayon::ids::UserId(id),
            None,
            batayon::profiles::model::Verification::Verified,
            None,
        )
        .await
        .unwrap();
        assert!(verified, "{name} waits for verification");
    }
    (id, token)
}

/// A profile naming the place and (with a post there) the school.
fn profile(eiin: Option<i64>, at: &Place) -> Value {
    let mut profile = json!({"district_id": at.district, "upazila_id": at.upazila});
    if let Some(e) = eiin {
        profile["institution"] = json!(e.to_string());
        profile["designation"] = json!("সহকারী শিক্ষক");
    }
    profile
}

pub(crate) async fn api(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<Value>,
    token: Option<&str>,
) -> (StatusCode, Value) {
    let r = app.api(method, path, body, token).await;
    let v = if r.body.is_empty() { Value::Null } else { serde_json::from_slice(&r.body).unwrap_or(Value::Null) };
    (r.status, v)
}

fn day(offset: i64) -> String {
    (Utc::now() + Duration::hours(6) + Duration::days(offset)).format("%Y-%m-%d").to_string()
}

/// A logged try (planned, then what happened), by the API.
pub(crate) async fn tried(app: &TestApp, token: &str, title: &str, offset: i64) -> i64 {
    let (s, v) =
        api(app, Method::POST, "/api/v1/practice-logs", Some(json!({"title": title, "class_number": 2})), Some(token))
            .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    let (s, v) = api(
        app,
        Method::PUT,
        &format!("/api/v1/practice-logs/{id}"),
        Some(json!({"title": title, "class_number": 2, "tried_on": day(offset), "what_done": "কাগজ ভাঁজ করে অর্ধেক দেখালাম", "response": "শিশুরা নিজেরাই ভাঁজ করে দেখাল", "reflection": "দলে কাজ ভালো হয়েছে", "change_next": "আরও কাগজ আনব"})),
        Some(token),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "done");
    id
}

pub(crate) async fn signed_in<'a>(app: &'a TestApp, phone: &str, n: u8) -> Browser<'a> {
    let mut b = app.browser();
    b.addr = [10, 9, 0, n];
    let r = b.submit("/login", &[("login", phone), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    b
}

#[tokio::test]
async fn a_journal_is_read_by_her_school_and_the_circles_she_allows_only() {
    let app = TestApp::new().await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    let dhaka = place(&app, "Dhaka", None).await;
    school(&app, 310001, "চিলমারী চর সরকারি প্রাথমিক বিদ্যালয়", &chilmari).await;
    school(&app, 310002, "ঢাকা মডেল প্রাথমিক বিদ্যালয়", &dhaka).await;
    let (rina, rina_t) = person(&app, "রিনা আক্তার", "01731000001", Role::Teacher, Some(310001), &chilmari).await;
    let (_, head_t) = person(&app, "মোস্তফা কামাল", "01731000002", Role::HeadTeacher, Some(310001), &chilmari).await;
    let (_, colleague_t) = person(&app, "শাহনাজ পারভীন", "01731000003", Role::Teacher, Some(310001), &chilmari).await;
    let (_, stranger_t) = person(&app, "অচেনা শিক্ষক", "01731000004", Role::Teacher, Some(310002), &dhaka).await;
    let (_, mentor_t) = person(&app, "মেন্টর আপা", "01731000005", Role::HeadTeacher, Some(310002), &dhaka).await;
    let _ = mentor_t;

    let id = tried(&app, &rina_t, "ভগ্নাংশ: কাগজ ভাঁজ", -1).await;
    let path = format!("/api/v1/practice-logs/{id}");
    let (s, v) = api(&app, Method::GET, &path, None, Some(&head_t)).await;
    assert_eq!(s, StatusCode::OK, "her head teacher reads it");
    assert_eq!((v["may_comment"].as_bool(), v["may_observe"].as_bool()), (Some(true), Some(true)));
    let (s, v) = api(&app, Method::GET, &path, None, Some(&colleague_t)).await;
    assert_eq!(s, StatusCode::OK, "a colleague at her school reads it");
    assert_eq!((v["may_comment"].as_bool(), v["may_observe"].as_bool()), (Some(true), Some(false)));
    for (who, token) in [
        ("another school's teacher", Some(stranger_t.as_str())),
        ("another head teacher", Some(mentor_t.as_str())),
        ("a visitor", None),
    ] {
        let (s, _) = api(&app, Method::GET, &path, None, token).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{who} must not read a private entry");
    }
    let (s, v) =
        api(&app, Method::GET, &format!("/api/v1/practice-logs?teacher_id={rina}"), None, Some(&stranger_t)).await;
    assert_eq!((s, v.as_array().map(Vec::len)), (StatusCode::OK, Some(0)), "her journal is empty to outsiders");
    let (s, _) = api(
        &app,
        Method::POST,
        &format!("{path}/notes"),
        Some(json!({"kind": "comment", "body": "দেখি"})),
        Some(&stranger_t),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let r = app
        .send(
            axum::http::Request::builder().uri(format!("/practice/logs/{id}")).body(axum::body::Body::empty()).unwrap(),
            [10, 9, 9, 9],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "the page is private too");

    // Her school supports her, and she sees it.
    let (s, _) = api(
        &app,
        Method::POST,
        &format!("{path}/notes"),
        Some(json!({"kind": "comment", "body": "আমিও কাল করে দেখব"})),
        Some(&colleague_t),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) =
        api(&app, Method::POST, &format!("{path}/notes"), Some(json!({"kind": "encouragement"})), Some(&head_t)).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, v) = api(
        &app,
        Method::POST,
        &format!("{path}/observations"),
        Some(json!({"checks": ["steps", "all_children"], "note": "শিশুরা খুব আগ্রহী ছিল"})),
        Some(&head_t),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = api(
        &app,
        Method::POST,
        &format!("{path}/observations"),
        Some(json!({"checks": ["steps"]})),
        Some(&colleague_t),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "only her head teacher or mentor observes: {v}");
    let (s, v) =
        api(&app, Method::POST, &format!("{path}/observations"), Some(json!({"checks": ["dancing"]})), Some(&head_t))
            .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (_, mine) = api(&app, Method::GET, "/api/v1/practice-logs", None, Some(&rina_t)).await;
    let entry = &mine[0];
    assert_eq!(entry["notes"].as_array().unwrap().len(), 2);
    assert_eq!(entry["notes"][1]["kind"], "encouragement");
    assert_eq!(entry["observations"][0]["checks"], json!(["steps", "all_children"]));
    assert_eq!(entry["observations"][0]["observer_name"], "মোস্তফা কামাল");
    let (_, notes) = api(&app, Method::GET, "/api/v1/notifications", None, Some(&rina_t)).await;
    let told = notes.to_string();
    assert!(told.contains("উৎসাহ") && told.contains("পর্যবেক্ষণ"), "{told}");

    // A mentor across schools reads it only once she consents.
    let mut mentor = signed_in(&app, "01731000005", 5).await;
    let r = mentor.submit("/practice/circles", &[("kind", "mentorship"), ("name", "গণিত মেন্টরিং দল")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let circle = r.location();
    let r = mentor.submit(&format!("{circle}/members"), &[("login", "01731000001")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (s, _) = api(&app, Method::GET, &path, None, Some(&mentor_t)).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "added to a circle is not consent");
    let mut her = signed_in(&app, "01731000001", 1).await;
    let r = her.submit(&format!("{circle}/consent"), &[("sees", "1")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (s, v) = api(&app, Method::GET, &path, None, Some(&mentor_t)).await;
    assert_eq!(s, StatusCode::OK, "with her consent the mentor reads and responds");
    assert_eq!(v["may_observe"], true);
    her.submit(&format!("{circle}/consent"), &[("sees", "0")]).await;
    let (s, _) = api(&app, Method::GET, &path, None, Some(&mentor_t)).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "consent withdrawn");

    // Shared with the portal: anyone reads, only her school and circles comment.
    let (s, _) = api(&app, Method::PUT, &path, Some(json!({"title": "ভগ্নাংশ: কাগজ ভাঁজ", "tried_on": day(-1), "what_done": "কাগজ ভাঁজ", "response": "ভালো", "shared": true})), Some(&rina_t)).await;
    assert_eq!(s, StatusCode::OK);
    let (s, v) = api(&app, Method::GET, &path, None, Some(&stranger_t)).await;
    assert_eq!((s, v["may_comment"].as_bool()), (StatusCode::OK, Some(false)));
    let (s, _) = api(
        &app,
        Method::POST,
        &format!("{path}/notes"),
        Some(json!({"kind": "comment", "body": "চমৎকার"})),
        Some(&stranger_t),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) =
        api(&app, Method::PUT, &path, Some(json!({"title": "বদলে দিলাম", "planned_on": day(0)})), Some(&head_t)).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "nobody else changes her entry");
    let stories = app.browser().get("/practice/stories").await.text();
    assert!(stories.contains("ভগ্নাংশ: কাগজ ভাঁজ"), "shared tries are listed for everyone");
}

#[tokio::test]
async fn naming_a_school_in_her_profile_opens_none_of_its_journals_board_or_circle_until_verified() {
    let app = TestApp::new().await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    school(&app, 315001, "চিলমারী চর সরকারি প্রাথমিক বিদ্যালয়", &chilmari).await;
    school(&app, 315002, "রমনা চর প্রাথমিক বিদ্যালয়", &chilmari).await;
    person(&app, "প্রধান শিক্ষক আলম", "01731500001", Role::HeadTeacher, Some(315001), &chilmari).await;
    let (_, rina_t) = person(&app, "রিনা আক্তার", "01731500002", Role::Teacher, Some(315001), &chilmari).await;
    let (_, colleague_t) = person(&app, "শাহনাজ পারভীন", "01731500003", Role::Teacher, Some(315001), &chilmari).await;
    let (_, other_t) = person(&app, "অন্য স্কুলের শিক্ষক", "01731500004", Role::Teacher, Some(315002), &chilmari).await;
    let (_, other_head_t) =
        person(&app, "অন্য স্কুলের প্রধান", "01731500005", Role::HeadTeacher, Some(315002), &chilmari).await;
    let id = tried(&app, &rina_t, "ভাগ করে পড়া", -1).await;
    let entry = format!("/api/v1/practice-logs/{id}");
    let mut head = signed_in(&app, "01731500001", 1).await;
    let r = head.submit("/practice/circles", &[("kind", "school"), ("name", "চর বিদ্যালয়ের শিখন সার্কেল")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let circle = r.location();

    // A verified colleague reads the journal, the board and the circle.
    let (s, _) = api(&app, Method::GET, &entry, None, Some(&colleague_t)).await;
    assert_eq!(s, StatusCode::OK, "a verified colleague reads it");
    let mut colleague = signed_in(&app, "01731500003", 3).await;
    assert!(colleague.get("/practice/school").await.text().contains("ভাগ করে পড়া"), "her school's board");
    assert_eq!(colleague.get(&circle).await.status, StatusCode::OK, "her school's circle");

    // Another school's teacher and head teacher name the school in their profiles: pending, and nothing opens.
    for token in [&other_t, &other_head_t] {
        let r = app.api(Method::PUT, "/api/v1/me/profile", Some(profile(Some(315001), &chilmari)), Some(token)).await;
        assert_eq!(r.json()["verification"], "pending", "{}", r.text());
        let (s, _) = api(&app, Method::GET, &entry, None, Some(token)).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "naming the school is not belonging to it");
    }
    let (s, _) = api(
        &app,
        Method::POST,
        &format!("{entry}/observations"),
        Some(json!({"checks": ["steps"]})),
        Some(&other_head_t),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "an unverified head teacher does not observe");
    let (s, _) = api(&app, Method::GET, "/api/v1/practice/dashboard", None, Some(&other_head_t)).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "nor see the school's dashboard");
    let mut other = signed_in(&app, "01731500004", 4).await;
    assert!(!other.get("/practice/school").await.text().contains("ভাগ করে পড়া"), "the board stays shut");
    assert_eq!(other.get(&circle).await.status, StatusCode::NOT_FOUND, "the circle stays shut");
    assert!(!other.get("/practice/circles").await.text().contains("চর বিদ্যালয়ের শিখন সার্কেল"));
    assert!(!head.get(&circle).await.text().contains("অন্য স্কুলের শিক্ষক"), "she is not made a member");

    // The colleague moves to another school: her access and membership end at once.
    let r =
        app.api(Method::PUT, "/api/v1/me/profile", Some(profile(Some(315002), &chilmari)), Some(&colleague_t)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let (s, _) = api(&app, Method::GET, &entry, None, Some(&colleague_t)).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "a former colleague no longer reads it");
    assert!(!colleague.get("/practice/school").await.text().contains("ভাগ করে পড়া"));
    assert_eq!(colleague.get(&circle).await.status, StatusCode::NOT_FOUND);
    assert!(!head.get(&circle).await.text().contains("শাহনাজ পারভীন"), "no longer in the old school's circle");
    assert!(head.get(&circle).await.text().contains("রিনা আক্তার"), "her colleagues still are");
}

#[tokio::test]
async fn a_reminder_goes_once_and_her_head_teacher_sees_who_may_need_encouragement() {
    let app = TestApp::new().await;
    let c = crate::learning::course(&app, 3, 0).await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    school(&app, 320001, "রমনা চর বিদ্যালয়", &chilmari).await;
    let (_, head_t) = person(&app, "প্রধান শিক্ষক", "01732000001", Role::HeadTeacher, Some(320001), &chilmari).await;
    let (_, t) = person(&app, "সালমা খাতুন", "01732000002", Role::Teacher, Some(320001), &chilmari).await;
    let (s, _) = api(&app, Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(&t)).await;
    assert!(s.is_success());
    let (s, v) = api(
        &app,
        Method::PUT,
        &format!("/api/v1/activities/{}/progress", c.practice),
        Some(json!({"done": true})),
        Some(&t),
    )
    .await;
    assert!(s.is_success(), "{v}");
    let sent = |app: &TestApp| {
        let state = app.state.clone();
        async move { batayon::practice::reminders::send_due(&state).await.unwrap() }
    };
    assert_eq!(sent(&app).await, 0, "not before two weeks");
    let two_weeks_ago = Utc::now() - Duration::days(15);
    let update = sea_orm::Statement::from_sql_and_values(
        app.db().get_database_backend(),
        if app.db().get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            "UPDATE activity_progress SET done_at = $1 WHERE done_at IS NOT NULL"
        } else {
            "UPDATE activity_progress SET done_at = ?1 WHERE done_at IS NOT NULL"
        },
        [two_weeks_ago.into()],
    );
    app.db().execute_raw(update).await.unwrap();
    let board = signed_in(&app, "01732000001", 1).await.get("/practice/school").await.text();
    let encourage = board.split("id=\"encourage\"").nth(1).unwrap_or("").split("</section>").next().unwrap_or("");
    assert!(encourage.contains("সালমা খাতুন") && encourage.contains("ক্লাসে কাগজ ভাঁজ"), "{encourage}");
    assert_eq!(sent(&app).await, 1);
    assert_eq!(sent(&app).await, 0, "once, not daily");
    let (_, notes) = api(&app, Method::GET, "/api/v1/notifications", None, Some(&t)).await;
    let reminders = notes.to_string().matches("ক্লাসে করে দেখেছেন").count();
    assert_eq!(reminders, 1, "{notes}");
    // She plans it from the reminder: no longer on the head teacher's list.
    let (s, _) = api(
        &app,
        Method::POST,
        "/api/v1/practice-logs",
        Some(json!({"activity_id": c.practice, "class_number": 2, "planned_on": day(2)})),
        Some(&t),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let board = signed_in(&app, "01732000001", 2).await.get("/practice/school").await.text();
    let encourage = board.split("id=\"encourage\"").nth(1).unwrap_or("").split("</section>").next().unwrap_or("");
    assert!(!encourage.contains("সালমা খাতুন"), "{encourage}");
    let _ = head_t;
}

#[tokio::test]
async fn dashboards_equal_hand_counts_and_officers_see_their_own_place_only() {
    let app = TestApp::new().await;
    let c = crate::learning::course(&app, 3, 0).await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    let kurigram = Place { district: chilmari.district, upazila: None };
    let dhaka = place(&app, "Dhaka", None).await;
    let a = school(&app, 330001, "চর বিদ্যালয় ক", &chilmari).await;
    let b = school(&app, 330002, "চর বিদ্যালয় খ", &chilmari).await;
    school(&app, 330003, "ঢাকা বিদ্যালয় গ", &dhaka).await;
    let (_, head) = person(&app, "প্রধান শিক্ষক ক", "01733000001", Role::HeadTeacher, Some(330001), &chilmari).await;
    let (t1, t1_t) = person(&app, "শিক্ষক এক", "01733000002", Role::Teacher, Some(330001), &chilmari).await;
    let (t2, t2_t) = person(&app, "শিক্ষক দুই", "01733000003", Role::Teacher, Some(330001), &chilmari).await;
    let (_, t3_t) = person(&app, "শিক্ষক তিন", "01733000004", Role::Teacher, Some(330001), &chilmari).await;
    let (_, b1_t) = person(&app, "শিক্ষক খ", "01733000005", Role::Teacher, Some(330002), &chilmari).await;
    let (_, b2_t) = person(&app, "শিক্ষক খ দুই", "01733000006", Role::Teacher, Some(330002), &chilmari).await;
    let (c1, c1_t) = person(&app, "শিক্ষক গ", "01733000007", Role::Teacher, Some(330003), &dhaka).await;
    let (_, c2_t) = person(&app, "শিক্ষক গ দুই", "01733000008", Role::Teacher, Some(330003), &dhaka).await;
    let (o1, upazila_officer) = person(&app, "উপজেলা শিক্ষা অফিসার", "01733000009", Role::Officer, None, &chilmari).await;
    let (o2, district_officer) = person(&app, "জেলা শিক্ষা অফিসার", "01733000010", Role::Officer, None, &kurigram).await;
    let (o3, dhaka_officer) = person(&app, "ঢাকা শিক্ষা অফিসার", "01733000011", Role::Officer, None, &dhaka).await;
    for (officer, at) in [(o1, &chilmari), (o2, &kurigram), (o3, &dhaka)] {
        crate::officers::assign_place(&app, officer, Some(at.district), at.upazila).await;
    }
    let teacher_only = b2_t.clone();

    // Enrolled: t1, t2, t3, b1 (Chilmari) and c1, c2 (Dhaka); completed: t1, t2, c1.
    for token in [&t1_t, &t2_t, &t3_t, &b1_t, &c1_t, &c2_t] {
        let (s, _) = api(&app, Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(token)).await;
        assert!(s.is_success());
    }
    let backend = app.db().get_database_backend();
    let mark = if backend == sea_orm::DatabaseBackend::Postgres { "$1" } else { "?1" };
    for who in [t1, t2, c1] {
        let sql = format!("UPDATE enrolments SET completed_at = {mark} WHERE user_id = {who}");
        app.db().execute_raw(sea_orm::Statement::from_sql_and_values(backend, sql, [Utc::now().into()])).await.unwrap();
    }
    // Practising (a try in the last 30 days): t1 and b1 in Chilmari, c1 in Dhaka; t2's is 40 days old; t3 only plans.
    let t1_log = tried(&app, &t1_t, "গণনার খেলা", -2).await;
    tried(&app, &t2_t, "পুরনো চেষ্টা", -40).await;
    tried(&app, &b1_t, "ভাগের গল্প", -1).await;
    tried(&app, &c1_t, "ঢাকার চেষ্টা", 0).await;
    let (s, _) = api(
        &app,
        Method::POST,
        "/api/v1/practice-logs",
        Some(json!({"title": "পরিকল্পনা মাত্র", "planned_on": day(3)})),
        Some(&t3_t),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    // Observed: t1, by her head teacher. One circle meeting held at school A.
    let (s, _) = api(
        &app,
        Method::POST,
        &format!("/api/v1/practice-logs/{t1_log}/observations"),
        Some(json!({"checks": ["steps"]})),
        Some(&head),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let mut head_browser = signed_in(&app, "01733000001", 1).await;
    let r = head_browser.submit("/practice/circles", &[("kind", "school"), ("name", "চর বিদ্যালয় ক সার্কেল")]).await;
    let circle = r.location();
    let r = head_browser
        .submit(
            &format!("{circle}/meetings"),
            &[("meets_on", &day(0)), ("place", "অফিস কক্ষ"), ("activity", &c.practice.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let meeting = r.location();
    let t1_id = t1.to_string();
    let r = head_browser
        .submit(&format!("{meeting}/record"), &[("member", &t1_id), ("came", &t1_id), ("shared", "অভিজ্ঞতা বিনিময়")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

    let board = |token: String, query: String| {
        let app = &app;
        async move { api(app, Method::GET, &format!("/api/v1/practice/dashboard{query}"), None, Some(&token)).await }
    };
    let figures = |v: &Value| {
        let t = &v["totals"];
        [
            &t["teachers"],
            &t["enrolled"],
            &t["completed"],
            &t["practising"],
            &t["practice_percent"],
            &t["observed"],
            &t["circles_held"],
        ]
        .map(|x| x.as_i64().unwrap_or(-1))
    };
    // Chilmari by hand: teachers 4 (A) + 2 (B) = 6; enrolled 4; completed 2; practising 2 (33 %); observed 1; meetings 1.
    let (s, up) = board(upazila_officer.clone(), String::new()).await;
    assert_eq!(s, StatusCode::OK, "{up}");
    assert_eq!(up["scope"], "upazila");
    assert_eq!(figures(&up), [6, 4, 2, 2, 33, 1, 1]);
    let rows: Vec<(String, i64, i64, i64)> = up["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["place"].as_str().unwrap().to_owned(),
                r["teachers"].as_i64().unwrap(),
                r["practising"].as_i64().unwrap(),
                r["practice_percent"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows, vec![("চর বিদ্যালয় খ".into(), 2, 1, 50), ("চর বিদ্যালয় ক".into(), 4, 1, 25)], "highest rate first");
    assert_eq!(up["rows"][1]["id"].as_i64(), Some(a));
    assert_eq!(up["rows"][0]["id"].as_i64(), Some(b));
    let tries: i64 = up["months"].as_array().unwrap().iter().map(|m| m["tries"].as_i64().unwrap()).sum();
    assert_eq!(tries, 3, "t1, t2 and b1 tried within six months");
    assert_eq!(up["months"].as_array().unwrap().len(), 6);
    // Kurigram's officer sees the same figures by upazila; Dhaka's are not hers.
    let (_, district) = board(district_officer.clone(), String::new()).await;
    assert_eq!(figures(&district), [6, 4, 2, 2, 33, 1, 1]);
    assert_eq!(district["rows"][0]["place"], "চিলমারী");
    let (s, _) = board(district_officer.clone(), format!("?district={}", dhaka.district)).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "another district's figures are not hers");
    let (s, v) = board(district_officer.clone(), format!("?school={a}")).await;
    assert_eq!((s, figures(&v)), (StatusCode::OK, [4, 3, 2, 1, 25, 1, 1]), "a school inside her district");
    let (_, d) = board(dhaka_officer.clone(), String::new()).await;
    assert_eq!(figures(&d), [2, 2, 1, 1, 50, 0, 0], "Dhaka counts only its own");
    let (s, _) = board(dhaka_officer.clone(), format!("?school={a}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = board(upazila_officer.clone(), format!("?district={}", chilmari.district)).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "an upazila officer does not see the whole district");
    let (_, mine) = board(head.clone(), String::new()).await;
    assert_eq!((mine["scope"].as_str(), figures(&mine)), (Some("school"), [4, 3, 2, 1, 25, 1, 1]));
    let (s, _) = board(head.clone(), format!("?school={b}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = board(teacher_only, String::new()).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "teachers have no dashboard");
    // The page and the CSV say the same.
    let mut officer = signed_in(&app, "01733000009", 9).await;
    let page = officer.get("/practice/dashboard").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("চর বিদ্যালয় খ"));
    let csv = officer.get("/practice/dashboard.csv").await.text();
    assert!(csv.contains("\"চর বিদ্যালয় ক\",4,3,2,1,25,1,1"), "{csv}");
    let _ = t2;
}

#[tokio::test]
async fn a_voice_note_over_the_limit_is_refused_with_a_message_and_her_words_are_kept() {
    let app = TestApp::new().await;
    let mut her = app.browser();
    her.sign_up("নাসরিন সুলতানা", "01734000001").await;
    let r =
        her.submit("/practice/plan", &[("title", "সংখ্যার কার্ড"), ("class_number", "2"), ("planned_on", &day(1))]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let entry = r.location();
    let csrf = her.csrf();
    let words = [
        ("_csrf", csrf.as_str()),
        ("tried_on", &day(0)),
        ("class_number", "2"),
        ("what_done", "কার্ড দিয়ে গণনা করালাম"),
        ("response", "সবাই অংশ নিল"),
    ];
    let big = vec![0u8; 4 * 1024 * 1024 + 1];
    let (ct, body) = multipart_files(&words, &[("voice", "voice.webm", &big)]);
    let r = her.post_raw(&format!("{entry}/log"), &ct, body).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().contains("ভয়েস নোট ৪ MB-এর বেশি"), "the message says why");
    let page = her.get(&entry).await.text();
    assert!(page.contains("কার্ড দিয়ে গণনা করালাম"), "her words were kept");
    assert!(!page.contains("/voice\""), "no voice note kept");
    let (ct, body) = multipart_files(&words, &[("voice", "voice.webm", b"not a sound at all")]);
    let r = her.post_raw(&format!("{entry}/log"), &ct, body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("ভয়েস নোটটি চালানো গেল না"));
    // A photo and a short recording are kept, the recording as a small rendition.
    let photo = png(1600, 1200);
    let sound = wav(2);
    let (ct, body) = multipart_files(&words, &[("photo", "class.png", &photo), ("voice", "voice.wav", &sound)]);
    let r = her.post_raw(&format!("{entry}/log"), &ct, body).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let id = entry.rsplit('/').next().unwrap();
    let p = her.get(&format!("/practice/logs/{id}/photo")).await;
    assert_eq!(p.header("content-type").as_deref(), Some("image/jpeg"));
    let img = image::load_from_memory(&p.body).unwrap();
    assert!(img.width() <= 1280 && img.height() <= 1280, "kept small");
    let v = her.get(&format!("/practice/logs/{id}/voice")).await;
    assert_eq!(v.status, StatusCode::OK);
    assert!(v.body.len() < sound.len(), "the voice note is a small rendition");
    let outsider = app.browser().get(&format!("/practice/logs/{id}/photo")).await;
    assert_eq!(outsider.status, StatusCode::NOT_FOUND, "the photo is as private as the entry");
}

#[tokio::test]
async fn a_circle_meeting_turns_will_try_into_planned_entries_once() {
    let app = TestApp::new().await;
    let c = crate::learning::course(&app, 3, 0).await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    school(&app, 340001, "চিলমারী মডেল বিদ্যালয়", &chilmari).await;
    person(&app, "প্রধান শিক্ষক", "01735000001", Role::HeadTeacher, Some(340001), &chilmari).await;
    let (t1, t1_t) = person(&app, "আয়েশা বেগম", "01735000002", Role::Teacher, Some(340001), &chilmari).await;
    let (t2, t2_t) = person(&app, "করিম উদ্দিন", "01735000003", Role::Teacher, Some(340001), &chilmari).await;
    let mut head = signed_in(&app, "01735000001", 1).await;
    let r = head.submit("/practice/circles", &[("kind", "school"), ("name", "বিদ্যালয় সার্কেল")]).await;
    let circle = r.location();
    let page = head.get(&circle).await.text();
    assert!(page.contains("আয়েশা বেগম") && page.contains("করিম উদ্দিন"), "a school's circle has its teachers");
    let r = head
        .submit(
            &format!("{circle}/meetings"),
            &[
                ("meets_on", &day(0)),
                ("place", "শ্রেণিকক্ষ ২"),
                ("activity", &c.practice.to_string()),
                ("topic", ""),
                ("activity", ""),
                ("topic", "গত মাসের অভিজ্ঞতা"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let meeting = r.location();
    let (_, notes) = api(&app, Method::GET, "/api/v1/notifications", None, Some(&t1_t)).await;
    assert!(notes.to_string().contains("সার্কেল সভা"), "members are told of the meeting");
    let agenda = signed_in(&app, "01735000002", 2).await.get(&meeting).await.text();
    assert!(agenda.contains(&format!("/learn/activities/{}", c.practice)), "members prepare from the activity");
    // One line per member, as the page sends them; `came` names who came.
    let fields = [
        ("member".to_owned(), t1.to_string()),
        ("came".into(), t1.to_string()),
        ("try".into(), "কাগজ ভাঁজ করে অর্ধেক".into()),
        ("item".into(), "1".into()),
        ("class".into(), "2".into()),
        ("date".into(), String::new()),
        ("member".into(), t2.to_string()),
        ("try".into(), "এলেন না, তাই পরিকল্পনা নয়".into()),
        ("item".into(), String::new()),
        ("class".into(), String::new()),
        ("date".into(), String::new()),
        ("shared".into(), "আয়েশা গত সপ্তাহের অভিজ্ঞতা বললেন".into()),
    ];
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = head.submit(&format!("{meeting}/record"), &borrowed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (_, journal) = api(&app, Method::GET, "/api/v1/practice-logs", None, Some(&t1_t)).await;
    let planned: Vec<&Value> = journal.as_array().unwrap().iter().filter(|l| l["status"] == "planned").collect();
    assert_eq!(planned.len(), 1, "{journal}");
    assert_eq!(planned[0]["title"], "কাগজ ভাঁজ করে অর্ধেক");
    assert_eq!(planned[0]["activity_id"].as_i64(), Some(c.practice));
    assert_eq!(planned[0]["class_number"], 2);
    assert!(planned[0]["meeting_id"].is_i64());
    let (_, other) = api(&app, Method::GET, "/api/v1/practice-logs", None, Some(&t2_t)).await;
    assert_eq!(other.as_array().unwrap().len(), 0, "who did not come gets no plan");
    let again = head.submit(&format!("{meeting}/record"), &borrowed).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "recorded once");
    let (_, journal) = api(&app, Method::GET, "/api/v1/practice-logs", None, Some(&t1_t)).await;
    assert_eq!(journal.as_array().unwrap().len(), 1, "no second plan");
    let record = head.get(&meeting).await.text();
    assert!(record.contains("আয়েশা গত সপ্তাহের অভিজ্ঞতা বললেন"));
}

#[tokio::test]
async fn planning_shows_only_activities_of_published_courses_except_to_their_author() {
    let app = TestApp::new().await;
    let c = crate::learning::course(&app, 3, 0).await;
    let made = |path: String, body: Value, token: String| {
        let app = &app;
        async move {
            let (s, v) = api(app, Method::POST, &path, Some(body), Some(&token)).await;
            assert!(s.is_success(), "{path}: {s} {v}");
            v["id"].as_i64().unwrap_or(0)
        }
    };
    // A draft course that was never published, and the next version of a published one.
    let draft = made(
        "/api/v1/courses".into(),
        json!({"title": "গোপন খসড়া কোর্স", "summary": "এখনও তৈরি হচ্ছে", "class_number": 3, "subject_code": "math"}),
        c.author.clone(),
    )
    .await;
    let module =
        made(format!("/api/v1/courses/{draft}/modules"), json!({"title": "খসড়া মডিউল"}), c.author.clone()).await;
    let unpublished = made(
        format!("/api/v1/modules/{module}/activities"),
        json!({"kind": "practice", "title": "অপ্রকাশিত কাজ", "body": "খসড়ার গোপন নির্দেশনা"}),
        c.author.clone(),
    )
    .await;
    made(format!("/api/v1/courses/{}/versions", c.id), json!({}), c.author.clone()).await;
    let next =
        made(format!("/api/v1/courses/{}/modules", c.id), json!({"title": "পরের সংস্করণ"}), c.author.clone()).await;
    let next_version = made(
        format!("/api/v1/modules/{next}/activities"),
        json!({"kind": "practice", "title": "পরের সংস্করণের কাজ", "body": "এখনও প্রকাশ হয়নি এমন নির্দেশনা"}),
        c.author.clone(),
    )
    .await;

    let here = place(&app, "Kurigram", Some("Chilmari")).await;
    let (_, teacher) = person(&app, "কৌতূহলী শিক্ষক", "01732000090", Role::Teacher, None, &here).await;
    let mut her = signed_in(&app, "01732000090", 90).await;
    for (activity, secret) in [(unpublished, "খসড়ার গোপন নির্দেশনা"), (next_version, "এখনও প্রকাশ হয়নি")]
    {
        let r = her.get(&format!("/practice/plan?activity={activity}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "activity {activity}");
        assert!(!r.text().contains(secret), "{}", r.text());
        // Nor does a plan through the API take its title.
        let (s, v) = api(
            &app,
            Method::POST,
            "/api/v1/practice-logs",
            Some(json!({"activity_id": activity, "class_number": 2, "planned_on": day(1)})),
            Some(&teacher),
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(!v.to_string().contains("অপ্রকাশিত কাজ") && !v.to_string().contains("পরের সংস্করণের কাজ"), "{v}");
    }
    // A published course's task is there to plan; its author sees her drafts.
    let r = her.get(&format!("/practice/plan?activity={}", c.practice)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("ক্লাসে কাগজ ভাঁজ"), "{}", r.text());
    let mut author = signed_in(&app, "01711110001", 91).await;
    let r = author.get(&format!("/practice/plan?activity={unpublished}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("খসড়ার গোপন নির্দেশনা"));
}

/// A comment refused on her own entry brings the entry back with her
/// logged words in the log form (they were blanked: the log form read the
/// comment form's fields).
#[tokio::test]
async fn a_refused_comment_keeps_her_logged_words_in_the_log_form() {
    let app = TestApp::new().await;
    let at = place(&app, "Kurigram", Some("Chilmari")).await;
    let (_, token) = person(&app, "মরিয়ম বেগম", "01736000001", Role::Teacher, None, &at).await;
    let id = tried(&app, &token, "কাগজ ভাঁজ", -1).await;
    let mut her = signed_in(&app, "01736000001", 1).await;
    let r = her.submit(&format!("/practice/logs/{id}/notes"), &[("kind", "comment"), ("body", " ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    assert!(page.contains(">কাগজ ভাঁজ করে অর্ধেক দেখালাম</textarea>"), "{page}");
    assert!(page.contains(">আরও কাগজ আনব</textarea>"), "{page}");
}

/// Years of tries are read a page at a time: planned tries first, then
/// those made, newest first, 20 to a page, on the page and through the API.
#[tokio::test]
async fn a_long_journal_comes_a_page_at_a_time_planned_first() {
    let app = TestApp::new().await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    let (_, token) = person(&app, "পাতা শিক্ষক", "01731000071", Role::Teacher, None, &chilmari).await;
    for n in 1..=21 {
        let body = json!({"title": format!("চেষ্টা {n}"), "class_number": 3, "tried_on": day(-n), "what_done": "ভাগ শেখালাম", "response": "শিশুরা আগ্রহী"});
        let (s, v) = api(&app, Method::POST, "/api/v1/practice-logs", Some(body), Some(&token)).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    for n in 1..=2 {
        let body = json!({"title": format!("পরিকল্পনা {n}"), "class_number": 3, "planned_on": day(n)});
        let (s, v) = api(&app, Method::POST, "/api/v1/practice-logs", Some(body), Some(&token)).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let titles =
        |v: &Value| v.as_array().unwrap().iter().map(|l| l["title"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    let (s, first) = api(&app, Method::GET, "/api/v1/practice-logs", None, Some(&token)).await;
    assert_eq!(s, StatusCode::OK, "{first}");
    let first = titles(&first);
    assert_eq!(first.len(), 20);
    assert_eq!(&first[..3], ["পরিকল্পনা 1", "পরিকল্পনা 2", "চেষ্টা 1"], "planned soonest first, then the newest try");
    let (_, second) = api(&app, Method::GET, "/api/v1/practice-logs?page=2", None, Some(&token)).await;
    assert_eq!(titles(&second), ["চেষ্টা 19", "চেষ্টা 20", "চেষ্টা 21"], "the oldest tries, once each");
    let (s, v) = api(&app, Method::GET, "/api/v1/practice-logs?page=0", None, Some(&token)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

    let mut b = signed_in(&app, "01731000071", 71).await;
    let one = b.get("/practice").await.text();
    assert!(one.contains("চেষ্টা 18") && !one.contains("চেষ্টা 19"), "{one}");
    assert!(one.contains("href=\"/practice?page=2\" rel=\"next\""), "an older page is offered");
    let two = b.get("/practice?page=2").await.text();
    assert!(two.contains("চেষ্টা 21") && !two.contains("চেষ্টা 18") && !two.contains("পরিকল্পনা 1"));
    assert!(two.contains("href=\"/practice\" rel=\"prev\"") && !two.contains("rel=\"next\""));
}

/// Dashboards are counted once a minute, but a try written on this node
/// shows at the next visit (the head teacher sees what she just saw happen).
#[tokio::test]
async fn a_try_logged_shows_on_the_kept_dashboard_at_once() {
    let app = TestApp::new().await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    school(&app, 310071, "চর বিদ্যালয় গণনা", &chilmari).await;
    let (_, head) = person(&app, "প্রধান শিক্ষক গণনা", "01731000081", Role::HeadTeacher, Some(310071), &chilmari).await;
    let (_, teacher) = person(&app, "শিক্ষক গণনা", "01731000082", Role::Teacher, Some(310071), &chilmari).await;
    let practising = |v: &Value| v["totals"]["practising"].as_i64();
    let (s, before) = api(&app, Method::GET, "/api/v1/practice/dashboard", None, Some(&head)).await;
    assert_eq!((s, practising(&before)), (StatusCode::OK, Some(0)), "{before}");
    tried(&app, &teacher, "ভাগের খেলা", -1).await;
    let (_, after) = api(&app, Method::GET, "/api/v1/practice/dashboard", None, Some(&head)).await;
    assert_eq!(practising(&after), Some(1), "{after}");
}

/// A school's board comes twenty entries at a time, the latest written
/// first, every entry reachable through the older pages; the head teacher's
/// "may need encouragement" list heads the first page only.
#[tokio::test]
async fn a_school_board_comes_a_page_at_a_time() {
    let app = TestApp::new().await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    school(&app, 310072, "চর বিদ্যালয় বোর্ড", &chilmari).await;
    let (_, _) = person(&app, "প্রধান শিক্ষক বোর্ড", "01731000091", Role::HeadTeacher, Some(310072), &chilmari).await;
    let (_, one) = person(&app, "শিক্ষক বোর্ড এক", "01731000092", Role::Teacher, Some(310072), &chilmari).await;
    let (_, two) = person(&app, "শিক্ষক বোর্ড দুই", "01731000093", Role::Teacher, Some(310072), &chilmari).await;
    for n in 1..=23 {
        let token = if n % 2 == 0 { &one } else { &two };
        let body = json!({"title": format!("বোর্ডের চেষ্টা {n:02}"), "class_number": 4, "tried_on": day(-1), "what_done": "ভাগ শেখালাম", "response": "শিশুরা আগ্রহী"});
        let (s, v) = api(&app, Method::POST, "/api/v1/practice-logs", Some(body), Some(token)).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let shown = |html: &str| (1..=23).filter(|n| html.contains(&format!("বোর্ডের চেষ্টা {n:02}"))).collect::<Vec<_>>();
    let mut head = signed_in(&app, "01731000091", 91).await;
    let first = head.get("/practice/school").await.text();
    assert_eq!(shown(&first), (4..=23).collect::<Vec<_>>(), "the twenty latest");
    assert!(first.contains("id=\"encourage\""), "the head teacher's list heads the first page");
    assert!(first.contains("href=\"/practice/school?page=2\" rel=\"next\"") && !first.contains("rel=\"prev\""));
    let second = head.get("/practice/school?page=2").await.text();
    assert_eq!(shown(&second), [1, 2, 3], "the oldest, once each");
    assert!(!second.contains("id=\"encourage\""));
    assert!(second.contains("href=\"/practice/school\" rel=\"prev\"") && !second.contains("rel=\"next\""));
    // A colleague pages the same board; a page past the end is empty, not an error.
    let mut colleague = signed_in(&app, "01731000092", 92).await;
    assert_eq!(shown(&colleague.get("/practice/school?page=2").await.text()), [1, 2, 3]);
    let past = colleague.get("/practice/school?page=9").await;
    assert_eq!(past.status, StatusCode::OK);
    assert!(shown(&past.text()).is_empty());
}
