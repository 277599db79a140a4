//! The outside review of issue 25's fixes: who may move a content from the
//! report queue and how often, who may sit in a batch she runs, parallel
//! views and writings, and the secondary chapters' migration next to
//! chapters an operator imported.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::app::TestApp;
use crate::content::{chapter, share};
use crate::fixtures;
use batayon::accounts::model::Role;
use batayon::items::{ItemKind, ItemRef};

/// A content in primary class 4 science chapter 1, its author's token, and
/// the id of class 4 mathematics chapter 7.
async fn a_content(app: &TestApp) -> (i64, String, i64) {
    let (_, author) = app.teacher("রহিমা খাতুন", "01725000001").await;
    let wrong = chapter(app, 4, "science", 1).await.to_string();
    let fields = [("title", "ভগ্নাংশের কার্যপত্র"), ("chapter_id", wrong.as_str()), ("description", "ভগ্নাংশ অনুশীলন")];
    let r = share(app, &author, &fields, Some(("sheet.pdf", &fixtures::pdf("ভগ্নাংশ")))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    (r.json()["id"].as_i64().unwrap(), author, chapter(app, 4, "math", 7).await)
}

async fn report(app: &TestApp, id: i64, reason: &str) {
    let (_, reporter) = app.teacher("বিমল দাস", "01725000002").await;
    let body = json!({"reason": reason, "detail": "দেখুন"});
    let r = app.api(Method::POST, &format!("/api/v1/contents/{id}/reports"), Some(body), Some(&reporter)).await;
    assert!(r.status.is_success(), "{}", r.text());
}

async fn chapter_of(app: &TestApp, id: i64) -> i64 {
    let view = app.api(Method::GET, &format!("/api/v1/contents/{id}"), None, None).await.json();
    view["place"]["chapter_id"].as_i64().expect("a chapter")
}

async fn moves_of(app: &TestApp, id: i64) -> usize {
    let log = batayon::audit::for_subject(app.db(), ItemRef::new(ItemKind::Content, id)).await.unwrap();
    log.iter().filter(|e| e.action == "content.move").count()
}

#[tokio::test]
async fn a_content_nobody_reported_as_misplaced_is_not_moved_from_the_queue() {
    let app = TestApp::new().await;
    let (id, _, right) = a_content(&app).await;
    let before = chapter_of(&app, id).await;
    // Reported, but as spam: the move answers only a "wrong chapter" report.
    report(&app, id, "spam").await;
    app.with_role("নাসরিন সুলতানা", "01725000003", Role::Moderator).await;
    let mut desk = fixtures::signed_in(&app, "01725000003", 25, 3).await;
    let path = format!("/moderation/contents/{id}/chapter");
    let r = desk.submit(&path, &[("chapter_id", &right.to_string()), ("reason", "গণিতের পাঠ")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "no open wrong-chapter report: {}", r.status);
    assert_eq!(chapter_of(&app, id).await, before, "it stays where its author put it");
    assert_eq!(moves_of(&app, id).await, 0);
}

#[tokio::test]
async fn two_moderators_moving_one_content_at_once_move_it_once() {
    let app = TestApp::new().await;
    let (id, _, right) = a_content(&app).await;
    report(&app, id, "wrong_chapter").await;
    app.with_role("নাসরিন সুলতানা", "01725000003", Role::Moderator).await;
    app.with_role("কামরুল হাসান", "01725000004", Role::Moderator).await;
    let mut one = fixtures::signed_in(&app, "01725000003", 25, 3).await;
    let mut two = fixtures::signed_in(&app, "01725000004", 25, 4).await;
    let path = format!("/moderation/contents/{id}/chapter");
    let right = right.to_string();
    let fields = [("chapter_id", right.as_str()), ("reason", "গণিতের পাঠ")];
    let (a, b) = tokio::join!(one.submit(&path, &fields), two.submit(&path, &fields));
    let moved = [a.status, b.status].iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    assert_eq!(moved, 1, "one move, the other told it is done: {} {}", a.status, b.status);
    assert_eq!(moves_of(&app, id).await, 1, "one audit line");
}

#[tokio::test]
async fn a_move_into_no_chapter_or_with_an_oversized_reason_is_refused() {
    let app = TestApp::new().await;
    let (id, author, right) = a_content(&app).await;
    report(&app, id, "wrong_chapter").await;
    let before = chapter_of(&app, id).await;
    let path = format!("/moderation/contents/{id}/chapter");
    // The author may not move it herself, nor may a teacher.
    let mut her = fixtures::signed_in(&app, "01725000001", 25, 1).await;
    let r = her.submit(&path, &[("chapter_id", &right.to_string()), ("reason", "আমার ভুল")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let _ = author;
    app.with_role("নাসরিন সুলতানা", "01725000003", Role::Moderator).await;
    let mut desk = fixtures::signed_in(&app, "01725000003", 25, 3).await;
    let long = "ক".repeat(5000);
    let huge = "9".repeat(400);
    for (ch, reason) in [
        ("999999999", "গণিতের পাঠ"),
        ("-1", "গণিতের পাঠ"),
        (huge.as_str(), "গণিতের পাঠ"),
        ("abc", "গণিতের পাঠ"),
        (&right.to_string(), long.as_str()),
    ] {
        let r = desk.submit(&path, &[("chapter_id", ch), ("reason", reason)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{} chars of chapter id", ch.len());
    }
    assert_eq!(chapter_of(&app, id).await, before);
    assert_eq!(moves_of(&app, id).await, 0);
}

#[tokio::test]
async fn a_batchs_organiser_cannot_seat_herself_through_the_assign_form() {
    let app = TestApp::new().await;
    let (officer, batch) = fixtures::officers_event(&app, "01725000010").await;
    let r = app.api(Method::PUT, &format!("/api/v1/training-batches/{batch}/membership"), None, Some(&officer)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "the API refuses her a seat: {}", r.text());
    let mut her = fixtures::signed_in(&app, "01725000010", 25, 10).await;
    let r = her.submit(&format!("/training/{batch}/assign"), &[("login", "01725000010")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "nor does she place herself: {}", r.status);
    let view = app.api(Method::GET, &format!("/api/v1/training-batches/{batch}"), None, Some(&officer)).await.json();
    assert_eq!(view["placed"], 0, "{view}");
}

fn get_from(path: &str, cookie: &str, agent: &str, forwarded: &str) -> Request<Body> {
    Request::builder()
        .uri(path)
        .header(header::COOKIE, cookie)
        .header(header::USER_AGENT, agent)
        .header("x-forwarded-for", forwarded)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn parallel_reloads_and_flushes_count_one_viewer_once() {
    let app = TestApp::new().await;
    let (id, _, _) = a_content(&app).await;
    let path = format!("/contents/{id}");
    let reader = fixtures::signed_in(&app, "01725000001", 25, 1).await;
    let cookie = reader.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let counter = batayon::content::views::counter(&app.state);
    // A signed-in reader reloading in parallel, with flushes in between.
    let reloads = (0..12).map(|i| {
        let req = get_from(&path, &cookie, &format!("agent {i}"), &format!("6.6.6.{i}"));
        app.send(req, [10, 25, 1, i as u8])
    });
    let (replies, _, _) =
        tokio::join!(futures_util::future::join_all(reloads), counter.flush(app.db()), counter.flush(app.db()));
    assert!(replies.iter().all(|r| r.status == StatusCode::OK));
    // A visitor on one address who only rewrites X-Forwarded-For (no proxy is trusted).
    let visits = (0..12).map(|i| app.send(get_from(&path, "", "phone", &format!("6.6.6.{i}")), [10, 25, 2, 1]));
    futures_util::future::join_all(visits).await;
    let (a, b) = tokio::join!(counter.flush(app.db()), counter.flush(app.db()));
    a.unwrap();
    b.unwrap();
    let row = app
        .db()
        .query_one_raw(sea_orm::Statement::from_string(
            app.db().get_database_backend(),
            format!("SELECT views FROM contents WHERE id = {id}"),
        ))
        .await
        .unwrap()
        .unwrap();
    let views: i64 =
        row.try_get::<i64>("", "views").or_else(|_| row.try_get::<i32>("", "views").map(i64::from)).unwrap();
    assert_eq!(views, 2, "the reader once, the visitor once");
}

#[tokio::test]
async fn twenty_parallel_questions_from_a_new_account_write_exactly_its_allowance() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("নতুন শিক্ষক", "01725000020").await;
    let app = &app;
    let asks = (0..20).map(|i| {
        let body = json!({"title": format!("প্রজেক্টরে ছবি আসে না {i}"), "body": "প্রজেক্টর চালু হয়, কিন্তু ল্যাপটপ থেকে কোনো ছবি আসে না। HDMI তার বদলে দেখেছি।", "tags": ["projector"]});
        let token = token.clone();
        async move { app.api(Method::POST, "/api/v1/questions", Some(body), Some(&token)).await }
    });
    let replies = futures_util::future::join_all(asks).await;
    let written = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    let limited = replies.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).count();
    let max = 5usize;
    assert_eq!(written, max, "{:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());
    assert_eq!(limited, 20 - max);
    assert!(
        replies.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).all(|r| r.header("retry-after").is_some())
    );
}

/// The id of a secondary subject.
async fn secondary_subject(app: &TestApp, class: i32, subject: &str) -> (i64, usize) {
    let tree = batayon::curriculum::store::tree(app.db()).await.unwrap();
    let s = tree
        .iter()
        .find(|l| l.code == "secondary")
        .and_then(|l| l.classes.iter().find(|c| c.number == class))
        .and_then(|c| c.subjects.iter().find(|s| s.code == subject))
        .expect("subject exists");
    (s.id.0, s.chapters.len())
}

#[tokio::test]
async fn the_secondary_chapters_leave_a_subject_an_operator_imported_as_she_did() {
    let app = TestApp::new().await;
    let db = app.db();
    let (maths, _) = secondary_subject(&app, 9, "math").await;
    db.execute_unprepared("DELETE FROM chapters WHERE subject_id IN (SELECT s.id FROM subjects s JOIN classes c ON c.id = s.class_id JOIN levels l ON l.id = c.level_id WHERE l.code = 'secondary')").await.unwrap();
    db.execute_unprepared("DELETE FROM seaql_migrations WHERE version = 'm0028_secondary_chapters'").await.unwrap();
    // The operator imported her own three chapters of class 9 mathematics.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("chapters.csv");
    std::fs::write(
        &file,
        "level,class,subject,number,name_en,name_bn\n\
         secondary,9,math,1,\"Sets\",\"সেট\"\n\
         secondary,9,math,2,\"Algebra\",\"বীজগণিত\"\n\
         secondary,9,math,3,\"Geometry\",\"জ্যামিতি\"\n",
    )
    .unwrap();
    let report = batayon::curriculum::import::chapters(db, &file).await.unwrap();
    assert_eq!(report.accepted, 3);
    batayon::db::migrate(db).await.expect("migrations run");
    let (_, after) = secondary_subject(&app, 9, "math").await;
    assert_eq!(after, 3, "her subject keeps her chapters, none of the shipped ones mixed in (subject {maths})");
    assert!(secondary_subject(&app, 7, "math").await.1 > 0, "a subject with none gets the shipped ones");
    // Run again: nothing more.
    db.execute_unprepared("DELETE FROM seaql_migrations WHERE version = 'm0028_secondary_chapters'").await.unwrap();
    let (_, seven) = secondary_subject(&app, 7, "math").await;
    batayon::db::migrate(db).await.expect("migrations run again");
    assert_eq!(secondary_subject(&app, 7, "math").await.1, seven, "none twice");
}

#[tokio::test]
async fn a_trusted_reviewer_sees_no_reporter_and_moves_nothing() {
    let app = TestApp::new().await;
    let (id, author_token, right) = a_content(&app).await;
    report(&app, id, "wrong_chapter").await;
    let body = json!({"title": "সস্তায় মোবাইল কিনুন এখনই", "body": "আজ ক্লাসে যা হলো তা নিয়ে কয়েকটি কথা লিখছি।", "category": "pedagogy", "publish": true});
    let post =
        app.api(Method::POST, "/api/v1/posts", Some(body), Some(&author_token)).await.json()["id"].as_i64().unwrap();
    let (_, reader) = app.teacher("গোপন প্রতিবেদক", "01725000030").await;
    let report = json!({"item_kind": "post", "item_id": post, "reason": "spam"});
    assert_eq!(app.api(Method::POST, "/api/v1/reports", Some(report), Some(&reader)).await.status, StatusCode::CREATED);

    let (trusted, _) = app.teacher("অভিজ্ঞ শিক্ষক", "01725000031").await;
    let e = batayon::questions::store::reputation::NewEvent {
        user: batayon::ids::UserId(trusted),
        points: 500,
        reason: batayon::questions::reputation::Reason::AnswerAccepted,
        item: ItemRef::new(ItemKind::Answer, 0),
        actor: None,
        day: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        capped: false,
    };
    batayon::questions::store::reputation::add(app.db(), e).await.unwrap();
    let mut her = fixtures::signed_in(&app, "01725000031", 25, 31).await;
    let queue = her.get("/moderation/reports").await;
    assert_eq!(queue.status, StatusCode::OK);
    let html = queue.text();
    assert!(html.contains(&format!("id=\"item-post-{post}\"")), "the reported post is in her queue");
    assert!(!html.contains("গোপন প্রতিবেদক"), "but not who reported it");
    assert!(!html.contains("/moderation/contents/"), "nor a content to move");
    let path = format!("/moderation/contents/{id}/chapter");
    let r = her.submit(&path, &[("chapter_id", &right.to_string()), ("reason", "গণিতের পাঠ")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.api(Method::GET, "/api/v1/moderation/reports", None, Some(&reader)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "the API queue is the moderators'");
    // The author is not shown the queue either.
    let mut author = fixtures::signed_in(&app, "01725000001", 25, 1).await;
    assert_eq!(author.get("/moderation/reports").await.status, StatusCode::FORBIDDEN);
    assert_eq!(moves_of(&app, id).await, 0);
}

#[tokio::test]
async fn words_kept_past_a_limit_stay_escaped_and_the_notice_is_the_sites_own() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    phone.sign_up("নতুন শিক্ষিকা", "01725000040").await;
    let body = "বর্ষায় অর্ধেক শিশু আসে না; যারা আসে তাদের নিয়ে কীভাবে পাঠ এগিয়ে নেব, আর বাকিরা কীভাবে ধরবে?";
    for n in 1..=5 {
        let title = format!("বর্ষায় ক্লাস চালানোর উপায় নিয়ে প্রশ্ন নম্বর {n}");
        let fields = [("title", title.as_str()), ("body", body), ("tags", "বর্ষা"), ("confirmed", "1")];
        assert_eq!(phone.submit("/questions/ask", &fields).await.status, StatusCode::SEE_OTHER);
    }
    let evil = "<html lang=\"en\"><main id=\"main\"><script>alert(1)</script> বর্ষার পাঠ";
    let long_body = format!("{body} <img src=x onerror=alert(2)> <main id=\"main\">");
    let fields = [("title", evil), ("body", long_body.as_str()), ("tags", "<b>x</b>"), ("confirmed", "1")];
    let r = phone.submit("/questions/ask", &fields).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let html = r.text();
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "her words are escaped");
    assert_eq!(html.matches("id=\"limit\"").count(), 1, "one notice");
    assert_eq!(html.matches("<main id=\"main\">").count(), 1, "only the page's own main");
    let notice = html.split("<main id=\"main\">").nth(1).unwrap().split("</p>").next().unwrap();
    assert!(notice.contains("id=\"limit\"") && notice.contains("নতুন অ্যাকাউন্ট"), "in Bangla, at the top: {notice}");
}
