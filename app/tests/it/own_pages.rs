//! A teacher's own pages, read in few statements: her backpack names each
//! badge with its own issuer and status (the badge catalogue is kept in
//! memory, and a badge newer than the kept copy still shows); her feed page
//! lists what she follows and her digest choice (one query) and what is new
//! in her subjects; her own profile shows her edit at once though others'
//! visits keep it.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::{Browser, TestApp};
use crate::practice::{person, place, signed_in};
use batayon::accounts::model::Role;

/// An issuer made through the administrator's form; its id.
async fn issuer(admin: &mut Browser<'_>, short: &str, name: &str) -> i64 {
    let fields = [("short_name", short), ("name", name), ("name_en", ""), ("description", "প্রশিক্ষণ")];
    let r = admin.submit("/issuers", &[&fields[..], &[("website", ""), ("email", "")]].concat()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    r.location().rsplit('/').next().unwrap().parse().unwrap()
}

/// A badge awarded by hand; its id.
async fn badge(admin: &mut Browser<'_>, issuer: i64, name: &str) -> i64 {
    let fields = [
        ("name", name),
        ("rule", "manual"),
        ("description", "শিক্ষকদের জন্য"),
        ("criteria", "শর্ত পূরণ"),
        ("competency", "TC7"),
        ("tags", "অনুশীলন"),
    ];
    let r = admin.submit(&format!("/issuers/{issuer}/achievements"), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    r.location().rsplit('/').next().unwrap().parse().unwrap()
}

/// The public id of the credential awarded.
async fn award(admin: &mut Browser<'_>, badge: i64, phone: &str) -> String {
    let fields = [("teacher", phone), ("evidence", "প্রশিক্ষণে অংশগ্রহণ"), ("evidence_url", "")];
    let r = admin.submit(&format!("/achievements/{badge}/award"), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    r.location().rsplit('/').next().unwrap().to_owned()
}

/// The line under a badge's name in the backpack: "issuer · date · status".
fn line_of<'a>(pack: &'a str, name: &str) -> &'a str {
    let at = pack.find(&format!("<strong>{name}</strong>")).unwrap_or_else(|| panic!("{name} missing: {pack}"));
    let rest = &pack[at..];
    let start = rest.find("<span class=\"muted\">").unwrap();
    let end = rest[start..].find("</span>").unwrap();
    &rest[start..start + end]
}

#[tokio::test]
async fn a_backpack_names_each_badge_with_its_own_issuer_and_status() {
    let app = TestApp::new().await;
    let dhaka = place(&app, "Dhaka", None).await;
    app.with_role("প্রশাসক", "01736000009", Role::Admin).await;
    let (teacher, _) = person(&app, "নাসরিন সুলতানা", "01736000002", Role::Teacher, None, &dhaka).await;
    let mut admin = signed_in(&app, "01736000009", 1).await;
    let pti = issuer(&mut admin, "PTI", "প্রাইমারি টিচার্স ট্রেনিং ইনস্টিটিউট").await;
    let dpe = issuer(&mut admin, "DPE", "প্রাথমিক শিক্ষা অধিদপ্তর").await;
    let plan = badge(&mut admin, pti, "পাঠ পরিকল্পনাকারী").await;
    let assess = badge(&mut admin, dpe, "মূল্যায়নে দক্ষ").await;
    let include = badge(&mut admin, dpe, "অন্তর্ভুক্তিমূলক শিক্ষক").await;
    let mut fields = vec![("name", "শ্রেণিকক্ষের দক্ষতা"), ("description", "তিনটি"), ("required", "3"), ("reward", "সনদ")];
    let steps = [plan.to_string(), assess.to_string(), include.to_string()];
    fields.extend(steps.iter().map(|s| ("steps", s.as_str())));
    let r = admin.submit("/pathways", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    for b in [plan, assess, include] {
        award(&mut admin, b, "01736000002").await;
    }
    let revoked = batayon::credentials::store::of_recipient(app.db(), batayon::ids::UserId(teacher))
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.achievement_id.0 == assess)
        .unwrap();
    let r = admin.submit(&format!("/verify/{}/revoke", revoked.public_id), &[("reason", "ভুল শিক্ষকের নামে")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

    let mut her = signed_in(&app, "01736000002", 2).await;
    let pack = her.get("/backpack").await.text();
    assert!(line_of(&pack, "পাঠ পরিকল্পনাকারী").contains("PTI ·"), "{pack}");
    assert!(line_of(&pack, "পাঠ পরিকল্পনাকারী").ends_with("বৈধ"), "{pack}");
    assert!(line_of(&pack, "মূল্যায়নে দক্ষ").contains("DPE ·"), "{pack}");
    assert!(line_of(&pack, "মূল্যায়নে দক্ষ").ends_with("বাতিল"), "{pack}");
    assert!(line_of(&pack, "অন্তর্ভুক্তিমূলক শিক্ষক").contains("DPE ·"), "{pack}");
    assert!(line_of(&pack, "অন্তর্ভুক্তিমূলক শিক্ষক").ends_with("বৈধ"), "{pack}");
    assert!(pack.contains("৩টির মধ্যে ২টি অর্জিত — পূর্ণ হলে: সনদ"), "a revoked badge does not count: {pack}");
    assert!(pack.contains("✓ পাঠ পরিকল্পনাকারী") && pack.contains("○ মূল্যায়নে দক্ষ"), "{pack}");

    // A badge made where this node did not see it (another node, a script)
    // and issued at once, already lapsed: there, though the catalogue is kept.
    let state = &app.state;
    let lapsing = batayon::credentials::store::insert_achievement(
        app.db(),
        batayon::credentials::entity::achievement::ActiveModel {
            issuer_id: sea_orm::Set(batayon::ids::IssuerId(dpe)),
            endorser_id: sea_orm::Set(None),
            name: sea_orm::Set("এক দিনের কর্মশালা".into()),
            description: sea_orm::Set("কর্মশালা".into()),
            criteria: sea_orm::Set("উপস্থিতি".into()),
            competency: sea_orm::Set("TC1".into()),
            tags: sea_orm::Set(String::new()),
            rule: sea_orm::Set(batayon::credentials::model::AchievementRule::Manual),
            course_id: sea_orm::Set(None),
            practice_count: sea_orm::Set(None),
            valid_days: sea_orm::Set(Some(0)),
            endorsement: sea_orm::Set(None),
            created_at: sea_orm::Set(chrono::Utc::now()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let evidence = [batayon::credentials::document::Evidence {
        url: None,
        name: "কর্মশালা".into(),
        narrative: "উপস্থিত ছিলেন".into(),
    }];
    batayon::credentials::issuing::issue(state, &lapsing, batayon::ids::UserId(teacher), &evidence, None)
        .await
        .unwrap();
    let pack = her.get("/backpack").await.text();
    assert!(line_of(&pack, "এক দিনের কর্মশালা").contains("DPE ·"), "{pack}");
    assert!(line_of(&pack, "এক দিনের কর্মশালা").ends_with("মেয়াদোত্তীর্ণ"), "{pack}");
    assert!(line_of(&pack, "মূল্যায়নে দক্ষ").ends_with("বাতিল"), "{pack}");
    let held = batayon::credentials::store::of_recipient(app.db(), batayon::ids::UserId(teacher)).await.unwrap();
    assert_eq!(held.len(), 4, "opening the backpack twice issued nothing again");
}

async fn follow(app: &TestApp, token: &str, kind: &str, key: &str) {
    let change = json!({"kind": kind, "key": key, "following": true});
    let r = app.api(Method::PUT, "/api/v1/me/follows", Some(change), Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

async fn ask(app: &TestApp, token: &str, title: &str, subject: Option<i64>, class: Option<i32>) -> i64 {
    let body = json!({"title": title, "body": "ক্লাসে এটা নিয়ে সমস্যায় পড়েছি, কেউ কি সমাধান জানেন?",
        "subject_id": subject, "class": class});
    let r = app.api(Method::POST, "/api/v1/questions", Some(body), Some(token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn the_feed_page_lists_her_follows_her_digest_and_what_is_new_in_her_subjects() {
    let app = TestApp::new().await;
    let body = json!({"name": "ফিড পাঠিকা", "email": "feed@school.example.bd", "password": "shikkhok123"});
    let r = app.api(Method::POST, "/api/v1/auth/register", Some(body), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let login = json!({"login": "feed@school.example.bd", "password": "shikkhok123"});
    let token = app.api(Method::POST, "/api/v1/auth/login", Some(login), None).await.json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (colleague, colleague_token) = app.teacher("সহকর্মী শিক্ষক", "01736000021").await;
    let (_, stranger_token) = app.teacher("অচেনা শিক্ষক", "01736000022").await;
    // Her profile: class 5, mathematics; a subject she follows besides.
    let curriculum = batayon::curriculum::memory::current(&app.state).await.unwrap();
    let classes: Vec<_> = curriculum.levels.iter().flat_map(|l| &l.classes).collect();
    let five = classes.iter().find(|c| c.number == 5).unwrap();
    let math = five.subjects.iter().find(|s| s.code == "math").unwrap().id.0;
    let other = classes.iter().flat_map(|c| &c.subjects).find(|s| s.code != "math").unwrap().id.0;
    let mut b = app.browser();
    b.submit("/login", &[("login", "feed@school.example.bd"), ("password", "shikkhok123")]).await;
    let r = b.submit("/profile/edit", &[("level", "primary"), ("classes", "5"), ("subjects", "math")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    follow(&app, &token, "teacher", &colleague.to_string()).await;
    follow(&app, &token, "tag", "প্রজেক্টর").await;
    follow(&app, &token, "subject", &other.to_string()).await;

    let page = b.get("/feed").await.text();
    assert!(page.contains("প্রতিদিন নতুন যা এল তার একটি ই-মেইল পাঠান"), "not yet subscribed: {page}");
    let r = app.api(Method::PUT, "/api/v1/me/digest", Some(json!({"subscribed": true})), Some(&token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    let by_colleague = ask(&app, &colleague_token, "বোর্ডে লেখা পেছনের বেঞ্চ থেকে দেখা যায় না", None, None).await;
    let in_math = ask(&app, &stranger_token, "ভগ্নাংশ শেখাতে কোন উপকরণ কাজে দেয়", Some(math), Some(5)).await;
    let elsewhere = ask(&app, &stranger_token, "খেলার মাঠে শিশুদের নিরাপত্তা কীভাবে দেখব", None, None).await;
    let page = b.get("/feed").await.text();
    assert!(page.contains("দৈনিক ই-মেইল বন্ধ করুন"), "subscribed: {page}");
    assert!(page.contains(&format!("/questions/{by_colleague}")) && page.contains("সহকর্মী শিক্ষক"), "{page}");
    assert!(page.contains(&format!("/questions/{in_math}")), "her own subject, from her profile: {page}");
    assert!(!page.contains(&format!("/questions/{elsewhere}")), "{page}");
    let subject = page.find(&format!("/curriculum/subjects/{other}")).expect("the subject followed");
    let tag = page.find("/questions?tag=").expect("the tag followed");
    let teacher = page.find(&format!("<a href=\"/teachers/{colleague}\">")).expect("the teacher followed");
    assert!(subject < tag && tag < teacher, "follows in kind order: {page}");
}

#[tokio::test]
async fn her_own_profile_shows_her_edit_at_once_though_others_visits_keep_it() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    phone.sign_up("শাহনাজ পারভীন", "01736000031").await;
    let r = phone.submit("/profile/edit", &[("designation", "সহকারী শিক্ষক"), ("classes", "3")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let id = batayon::accounts::store::find_by_login(
        app.db(),
        &batayon::accounts::model::Login::Phone("+8801736000031".into()),
    )
    .await
    .unwrap()
    .unwrap()
    .id;
    let path = format!("/teachers/{id}");
    // A visitor's view keeps the profile; her own view reads her account.
    assert!(app.browser().get(&path).await.text().contains("সহকারী শিক্ষক"));
    assert!(phone.get(&path).await.text().contains("সহকারী শিক্ষক"));
    let r = phone.submit("/profile/edit", &[("designation", "প্রধান শিক্ষক (ভারপ্রাপ্ত)"), ("classes", "4")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let mine = phone.get(&path).await.text();
    assert!(mine.contains("প্রধান শিক্ষক (ভারপ্রাপ্ত)"), "her edit, at once: {mine}");
    assert!(!mine.contains("সহকারী শিক্ষক"), "{mine}");
    // Seen again without a change: the same page.
    assert!(phone.get(&path).await.text().contains("প্রধান শিক্ষক (ভারপ্রাপ্ত)"));

    // Her points move with her own act (accepting an answer): at once too.
    let (asker, asker_token) = app.teacher("মুনা হক", "01736000032").await;
    let (_, helper_token) = app.teacher("রফিক উদ্দিন", "01736000033").await;
    let mut her = app.browser();
    her.submit("/login", &[("login", "01736000032"), ("password", "shikkhok123")]).await;
    let path = format!("/teachers/{asker}");
    assert!(app.browser().get(&path).await.text().contains("০ পয়েন্ট"));
    assert!(her.get(&path).await.text().contains("০ পয়েন্ট"));
    let q = ask(&app, &asker_token, "ল্যাপটপ থেকে প্রজেক্টরে ছবি আসছে না", None, None).await;
    let body = json!({"body": "ল্যাপটপে Windows + P চাপুন, তারপর Duplicate বেছে নিন।"});
    let r = app.api(Method::POST, &format!("/api/v1/questions/{q}/answers"), Some(body), Some(&helper_token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let a = r.json()["id"].as_i64().unwrap();
    let r = app.api(Method::POST, &format!("/api/v1/answers/{a}/accept"), None, Some(&asker_token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let mine = her.get(&path).await.text();
    assert!(mine.contains("২ পয়েন্ট"), "her points, at once: {mine}");
}

#[tokio::test]
async fn opening_her_backpack_awards_a_finished_course_once_and_never_again_once_revoked() {
    let app = TestApp::new().await;
    let c = crate::learning::course(&app, 3, 0).await;
    let dhaka = place(&app, "Dhaka", None).await;
    app.with_role("প্রশাসক", "01736000049", Role::Admin).await;
    let (teacher, _) = person(&app, "ফারহানা ইয়াসমিন", "01736000042", Role::Teacher, None, &dhaka).await;
    let mut admin = signed_in(&app, "01736000049", 1).await;
    let naem = issuer(&mut admin, "NAEM", "জাতীয় শিক্ষা ব্যবস্থাপনা একাডেমি").await;
    let course_id = c.id.to_string();
    let fields = [
        ("name", "গণিত কোর্স সম্পন্ন"),
        ("rule", "course"),
        ("course_id", course_id.as_str()),
        ("description", "শিক্ষকদের জন্য"),
        ("criteria", "সব মডিউল"),
        ("competency", "TC7"),
        ("tags", "কোর্স"),
    ];
    let r = admin.submit(&format!("/issuers/{naem}/achievements"), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let mut her = signed_in(&app, "01736000042", 2).await;
    her.get("/backpack").await;
    assert!(held(&app, teacher).await.is_empty(), "nothing earned yet");

    // She finishes the course; the worker has not run: opening it awards it.
    let course = batayon::learning::store::course(app.db(), batayon::ids::CourseId(c.id)).await.unwrap().unwrap();
    let who = batayon::ids::UserId(teacher);
    let e = batayon::learning::store::study::enrol(app.db(), course.id, course.published_version_id.unwrap(), who)
        .await
        .unwrap();
    batayon::learning::store::study::complete(app.db(), e.id).await.unwrap();
    let pack = her.get("/backpack").await.text();
    assert!(line_of(&pack, "গণিত কোর্স সম্পন্ন").ends_with("বৈধ"), "{pack}");
    assert!(line_of(&pack, "গণিত কোর্স সম্পন্ন").contains("NAEM ·"), "{pack}");
    her.get("/backpack").await;
    assert_eq!(held(&app, teacher).await.len(), 1, "once");

    // Revoked: opening the backpack does not award it again.
    let badge = held(&app, teacher).await.remove(0);
    let r = admin.submit(&format!("/verify/{}/revoke", badge.public_id), &[("reason", "ভুল করে দেওয়া")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let pack = her.get("/backpack").await.text();
    assert!(line_of(&pack, "গণিত কোর্স সম্পন্ন").ends_with("বাতিল"), "{pack}");
    assert_eq!(held(&app, teacher).await.len(), 1, "a revoked badge is not issued again");
}

async fn held(app: &TestApp, teacher: i64) -> Vec<batayon::credentials::entity::credential::Model> {
    batayon::credentials::store::of_recipient(app.db(), batayon::ids::UserId(teacher)).await.unwrap()
}

/// Two teachers of the same class and subject who follow nobody ask the
/// feed the same thing, so the second visit is answered from the first's
/// items without reading them again; still each sees the other's question
/// and never her own.
#[tokio::test]
async fn teachers_of_the_same_subject_share_one_feed_but_never_see_their_own_items() {
    let app = TestApp::new().await;
    let curriculum = batayon::curriculum::memory::current(&app.state).await.unwrap();
    let five = curriculum.levels.iter().flat_map(|l| &l.classes).find(|c| c.number == 5).unwrap();
    let math = five.subjects.iter().find(|s| s.code == "math").unwrap().id.0;
    let (_, rina) = app.teacher("রিনা পাল", "01736000031").await;
    let (_, mitu) = app.teacher("মিতু দে", "01736000032").await;
    for token in [&rina, &mitu] {
        let profile = json!({"classes": [5], "subjects": ["math"]});
        assert_eq!(app.api(Method::PUT, "/api/v1/me/profile", Some(profile), Some(token)).await.status, StatusCode::OK);
    }
    let hers = ask(&app, &rina, "ভগ্নাংশের যোগ কীভাবে হাতে-কলমে দেখাব", Some(math), Some(5)).await;
    let theirs = ask(&app, &mitu, "জ্যামিতি বাক্স ছাড়া কোণ মাপা যায় কীভাবে", Some(math), Some(5)).await;
    let ids = |r: &crate::app::Reply| -> Vec<i64> {
        r.json().as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect()
    };

    let r = app.api(Method::GET, "/api/v1/me/feed", None, Some(&rina)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(ids(&r).contains(&theirs) && !ids(&r).contains(&hers), "Rina: {}", r.text());
    let before = app.queries.load(std::sync::atomic::Ordering::SeqCst);
    let r = app.api(Method::GET, "/api/v1/me/feed", None, Some(&mitu)).await;
    let spent = app.queries.load(std::sync::atomic::Ordering::SeqCst) - before;
    assert!(ids(&r).contains(&hers) && !ids(&r).contains(&theirs), "Mitu: {}", r.text());
    // Her session, her follows and her teaching: the items come from Rina's visit.
    assert!(spent <= 4, "the second feed read its items again: {spent} statements");
}
