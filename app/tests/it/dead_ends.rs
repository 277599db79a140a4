//! Where a teacher or a moderator used to stop with no way on: secondary
//! subjects with no chapters, a report queue that named nobody and could
//! not move a content to its chapter, a seat offered to a batch's own
//! officer, an attendance list with nobody in it, and a review page that
//! asked to be reopened.

use axum::http::{Method, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::app::TestApp;
use crate::content::{chapter, share};
use crate::fixtures;
use batayon::accounts::model::Role;

/// The id of a subject of a secondary class, and its chapters' ids.
async fn secondary(app: &TestApp, class: i32, subject: &str) -> (i64, Vec<i64>) {
    let tree = batayon::curriculum::store::tree(app.db()).await.unwrap();
    let s = tree
        .iter()
        .find(|l| l.code == "secondary")
        .and_then(|l| l.classes.iter().find(|c| c.number == class))
        .and_then(|c| c.subjects.iter().find(|s| s.code == subject))
        .expect("subject exists");
    (s.id.0, s.chapters.iter().map(|c| c.id.0).collect())
}

#[tokio::test]
async fn class_seven_mathematics_lists_its_chapters() {
    let app = TestApp::new().await;
    let (maths, chapters) = secondary(&app, 7, "math").await;
    assert_eq!(chapters.len(), 11, "the NCTB class 7 mathematics book has 11 chapters");
    let page = app.browser().get(&format!("/curriculum/subjects/{maths}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("মূলদ ও অমূলদ সংখ্যা"), "chapter 1 is listed");
    assert!(html.contains(&format!("/curriculum/chapters/{}", chapters[0])), "and leads to its contents");
    for (class, subject) in [(6, "math"), (8, "math"), (9, "physics"), (10, "biology"), (9, "ict")] {
        assert!(!secondary(&app, class, subject).await.1.is_empty(), "class {class} {subject} has chapters");
    }
}

#[tokio::test]
async fn a_database_made_before_the_secondary_chapters_gets_them_once() {
    let app = TestApp::new().await;
    let (maths, before) = secondary(&app, 9, "math").await;
    let db = app.db();
    let ids = before.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    db.execute_unprepared(&format!("DELETE FROM chapters WHERE id IN ({ids})")).await.unwrap();
    db.execute_unprepared("DELETE FROM seaql_migrations WHERE version = 'm0028_secondary_chapters'").await.unwrap();
    assert!(secondary(&app, 9, "math").await.1.is_empty(), "as an older database had it");
    batayon::db::migrate(db).await.expect("migrations run");
    let (_, after) = secondary(&app, 9, "math").await;
    assert_eq!(after.len(), before.len(), "every chapter is back, none twice");
    let count = |n: &str| format!("SELECT COUNT(*) AS n FROM chapters WHERE subject_id = {maths} AND number = {n}");
    let row = db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), count("1"))).await;
    assert_eq!(row.unwrap().unwrap().try_get::<i64>("", "n").unwrap(), 1);
}

#[tokio::test]
async fn a_subject_without_chapters_offers_a_search_scoped_to_it() {
    let app = TestApp::new().await;
    let (bangla, chapters) = secondary(&app, 6, "bangla").await;
    assert!(chapters.is_empty(), "a subject still without chapters");
    let html = app.browser().get(&format!("/curriculum/subjects/{bangla}")).await.text();
    assert!(!html.contains("অধ্যায় এখনো যোগ হয়নি।"), "no dead end");
    assert!(html.contains("id=\"no-chapters\""), "it says the chapters are not listed yet");
    assert!(html.contains("action=\"/search\""), "a search form");
    assert!(html.contains(&format!("name=\"subject_id\" value=\"{bangla}\"")), "scoped to the subject");
    let class = app.browser().get("/curriculum").await.text();
    assert!(class.contains("/curriculum"), "the curriculum answers");
}

/// A content shared into the wrong chapter, reported as such by a colleague.
async fn misplaced(app: &TestApp) -> (i64, i64, String) {
    let (_, author) = app.teacher("রহিমা খাতুন", "01710007001").await;
    let wrong = chapter(app, 4, "science", 1).await.to_string();
    let fields = [
        ("title", "ভগ্নাংশের কার্যপত্র"),
        ("chapter_id", wrong.as_str()),
        ("description", "<script>alert(1)</script> চতুর্থ শ্রেণির ভগ্নাংশ অনুশীলন"),
    ];
    let r = share(app, &author, &fields, Some(("sheet.pdf", &fixtures::pdf("ভগ্নাংশ")))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap();
    let (_, reporter) = app.teacher("বিমল দাস", "01710007002").await;
    let report = json!({"reason": "wrong_chapter", "detail": "এটা গণিতের"});
    let r = app.api(Method::POST, &format!("/api/v1/contents/{id}/reports"), Some(report), Some(&reporter)).await;
    assert!(r.status.is_success(), "{}", r.text());
    (id, chapter(app, 4, "math", 7).await, reporter)
}

#[tokio::test]
async fn the_report_queue_names_reporter_and_author_and_previews_the_item_escaped() {
    let app = TestApp::new().await;
    let (id, _, _) = misplaced(&app).await;
    app.with_role("নাসরিন সুলতানা", "01710007003", Role::Moderator).await;
    let mut desk = fixtures::signed_in(&app, "01710007003", 7, 3).await;
    let html = desk.get("/moderation/reports").await.text();
    assert!(html.contains("রহিমা খাতুন"), "the author");
    assert!(html.contains("বিমল দাস"), "the reporter");
    assert!(html.contains("চতুর্থ শ্রেণির ভগ্নাংশ অনুশীলন"), "a preview");
    assert!(
        html.contains("&#60;script&#62;alert") && !html.contains("<script>alert"),
        "escaped: {}",
        html.split("preview").nth(1).unwrap_or_default()
    );
    assert!(html.contains(&format!("action=\"/moderation/contents/{id}/chapter\"")), "a chapter chooser");
}

#[tokio::test]
async fn a_moderator_moves_a_wrong_chapter_content_from_the_queue_audited_and_searchable() {
    let app = TestApp::new().await;
    let (id, right, reporter) = misplaced(&app).await;
    let (moderator, _) = app.with_role("নাসরিন সুলতানা", "01710007003", Role::Moderator).await;
    let path = format!("/moderation/contents/{id}/chapter");
    let right_s = right.to_string();

    // Only moderators move; the reporter cannot.
    let mut teacher = fixtures::signed_in(&app, "01710007002", 7, 2).await;
    let r = teacher.submit(&path, &[("chapter_id", &right_s), ("reason", "গণিতের পাঠ")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let mut desk = fixtures::signed_in(&app, "01710007003", 7, 3).await;
    let r = desk.submit(&path, &[("chapter_id", &right_s), ("reason", " ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is needed");
    let r = desk.submit(&path, &[("chapter_id", &right_s), ("reason", "ভগ্নাংশ গণিতের অধ্যায়")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), "/moderation/reports");

    let view = app.api(Method::GET, &format!("/api/v1/contents/{id}"), None, Some(&reporter)).await.json();
    assert_eq!(view["place"]["chapter_id"], right, "moved: {view}");
    let queue = desk.get("/moderation/reports").await.text();
    assert!(!queue.contains(&format!("/moderation/contents/{id}/chapter")), "its report is closed");
    let log =
        batayon::audit::for_subject(app.db(), batayon::items::ItemRef::new(batayon::items::ItemKind::Content, id))
            .await
            .unwrap();
    let entry = log.iter().find(|e| e.action == "content.move").expect("audited");
    assert_eq!(entry.actor_id, Some(batayon::ids::UserId(moderator)));

    batayon::worker::drain(&app.state).await.unwrap();
    let found = app
        .api(
            Method::GET,
            &format!(
                "/api/v1/search?q=%E0%A6%AD%E0%A6%97%E0%A7%8D%E0%A6%A8%E0%A6%BE%E0%A6%82%E0%A6%B6&chapter_id={right}"
            ),
            None,
            None,
        )
        .await;
    assert!(found.text().contains(&format!("\"id\":{id}")), "found in its new chapter: {}", found.text());
}

#[tokio::test]
async fn a_batchs_own_officer_is_not_offered_a_seat_and_is_refused_one() {
    let app = TestApp::new().await;
    let (officer, batch) = fixtures::officers_event(&app, "01710007010").await;
    let join = format!("/training/{batch}/join");

    let mut her = fixtures::signed_in(&app, "01710007010", 7, 10).await;
    let page = her.get(&format!("/training/{batch}")).await.text();
    assert!(!page.contains(&format!("action=\"{join}\"")), "no seat offered on her own batch");
    let r = her.submit(&join, &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "and none taken");
    let view = app.api(Method::GET, &format!("/api/v1/training-batches/{batch}"), None, Some(&officer)).await.json();
    assert_eq!(view["placed"], 0);

    app.teacher("চরের শিক্ষক", "01710007011").await;
    let mut teacher = fixtures::signed_in(&app, "01710007011", 7, 11).await;
    assert!(teacher.get(&format!("/training/{batch}")).await.text().contains(&format!("action=\"{join}\"")));
    assert_eq!(teacher.submit(&join, &[]).await.status, StatusCode::SEE_OTHER, "a teacher takes a seat");
}

#[tokio::test]
async fn an_empty_attendance_list_says_so_instead_of_a_button() {
    let app = TestApp::new().await;
    let (_, officer) = app.with_role("উপজেলা শিক্ষা কর্মকর্তা", "01710007020", Role::Officer).await;
    let event = json!({"kind": "event", "title": "কুড়িগ্রাম সেমিনার", "venue": "কুড়িগ্রাম", "starts_on": "2027-01-10", "days": 2, "capacity": 30});
    let batch = app.api(Method::POST, "/api/v1/training-batches", Some(event), Some(&officer)).await.json()["id"]
        .as_i64()
        .unwrap();
    let mut her = fixtures::signed_in(&app, "01710007020", 7, 20).await;
    let html = her.get(&format!("/training/{batch}/attendance?day=1")).await.text();
    assert!(html.contains("id=\"nobody-placed\""), "a sentence says nobody has a place yet");
    let checklist = html.split("id=\"nobody-placed\"").nth(1).unwrap_or_default();
    // Up to the end of the page's own part (the footer has the data-saver switch).
    let checklist = checklist.split("</main>").next().unwrap_or_default();
    assert!(!checklist.contains("<button"), "no button to mark nobody");
}

#[tokio::test]
async fn the_review_page_of_a_round_being_computed_refreshes_itself() {
    let app = TestApp::new().await;
    app.with_role("নাসরিন সুলতানা", "01710007030", Role::Moderator).await;
    let mut desk = fixtures::signed_in(&app, "01710007030", 7, 30).await;
    let today = fixtures::dhaka_today();
    let r = desk.submit("/recognition/review", &[("period", "week"), ("date", &today)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let review = r.location();
    // The worker has not run: the round is still being computed.
    let page = desk.get(&review).await;
    assert_eq!(page.status, StatusCode::OK);
    let refresh = page.header("refresh").expect("the page asks again by itself");
    assert!(refresh.trim().parse::<u32>().is_ok_and(|s| (1..=30).contains(&s)), "{refresh}");
    assert!(!page.text().contains("পাতাটি আবার খুলুন"), "nobody is asked to reopen it");
    assert!(page.text().contains(&format!("href=\"{review}\"")), "and a link to look now");

    batayon::worker::drain(&app.state).await.unwrap();
    let done = desk.get(&review).await;
    assert!(done.header("refresh").is_none(), "computed: it stops refreshing");
}
