//! Found by the outside review of the typed vocabulary and the one report
//! system: authority, races, poisoned input and old data, all through HTTP
//! (or, for migrations, the migrator on an old database).

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;
use batayon::accounts::model::Role;

/// Gives `user` `points` as if earned (the ledger and the total move together).
async fn earned(app: &TestApp, user: i64, points: i32) {
    use batayon::items::{ItemKind, ItemRef};
    use batayon::questions::reputation::Reason;
    use batayon::questions::store::reputation::{NewEvent, add};
    let e = NewEvent {
        user: batayon::ids::UserId(user),
        points,
        reason: Reason::AnswerAccepted,
        item: ItemRef::new(ItemKind::Answer, 0),
        actor: None,
        day: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        capped: false,
    };
    add(app.db(), e).await.unwrap();
}

async fn a_post(app: &TestApp, token: &str, title: &str) -> i64 {
    let body = json!({"title": title, "body": "আজ ক্লাসে যা হলো তা নিয়ে কয়েকটি কথা লিখছি।", "category": "pedagogy", "publish": true});
    let r = app.api(Method::POST, "/api/v1/posts", Some(body), Some(token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_i64().unwrap()
}

async fn a_question(app: &TestApp, token: &str) -> i64 {
    let r = app
        .api(
            Method::POST,
            "/api/v1/questions",
            Some(json!({"title": "শ্রেণিকক্ষে শব্দদূষণ কমাব কীভাবে", "body": "বড় ক্লাসে শিশুরা খুব শব্দ করে, কথা শোনা যায় না।"})),
            Some(token),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_i64().unwrap()
}

async fn open_reports(app: &TestApp) -> Vec<batayon::moderation::store::report::Model> {
    use batayon::moderation::store::report;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    report::Entity::find()
        .filter(report::Column::Status.eq(batayon::moderation::ReportStatus::Open))
        .all(app.db())
        .await
        .unwrap()
}

/// Parallel taps on "report" (JSON): one report, the others 409, never 500.
#[tokio::test]
async fn parallel_reports_file_one_and_never_fail() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("লেখক", "01710009001").await;
    let (_, reader) = app.teacher("পাঠক", "01710009002").await;
    let post = a_post(&app, &author, "সস্তায় মোবাইল কিনুন এখনই").await;
    let report = json!({"item_kind": "post", "item_id": post, "reason": "spam"});
    let sends = (0..12).map(|_| app.api(Method::POST, "/api/v1/reports", Some(report.clone()), Some(&reader)));
    let replies = futures_util::future::join_all(sends).await;
    let statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?} {}", replies[0].text());
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert_eq!(open_reports(&app).await.len(), 1);
}

/// Parallel decisions on one reported item (a trusted teacher hides while
/// a moderator dismisses, twice over): never 500, and the reports' closing
/// status agrees with the item's visibility.
#[tokio::test]
async fn parallel_decisions_agree_and_never_fail() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("লেখক", "01710009011").await;
    let (_, reader) = app.teacher("পাঠক", "01710009012").await;
    let (trusted, trusted_token) = app.teacher("অভিজ্ঞ শিক্ষক", "01710009013").await;
    let (_, moderator) = app.with_role("মডারেটর", "01710009014", Role::Moderator).await;
    earned(&app, trusted, 500).await;
    let post = a_post(&app, &author, "সস্তায় মোবাইল কিনুন এখনই").await;
    let report = json!({"item_kind": "post", "item_id": post, "reason": "spam"});
    assert_eq!(app.api(Method::POST, "/api/v1/reports", Some(report), Some(&reader)).await.status, StatusCode::CREATED);
    let path = format!("/api/v1/moderation/items/post/{post}/decision");
    let hide = json!({"action": "hide", "reason": "বিজ্ঞাপন"});
    let dismiss = json!({"action": "dismiss", "reason": "বিজ্ঞাপন নয়"});
    let (a, b, c, d) = tokio::join!(
        app.api(Method::POST, &path, Some(hide.clone()), Some(&trusted_token)),
        app.api(Method::POST, &path, Some(dismiss.clone()), Some(&moderator)),
        app.api(Method::POST, &path, Some(hide), Some(&trusted_token)),
        app.api(Method::POST, &path, Some(dismiss), Some(&moderator)),
    );
    for r in [&a, &b, &c, &d] {
        assert!(r.status.as_u16() < 500, "{} {}", r.status, r.text());
    }
    assert!(open_reports(&app).await.is_empty());
}

/// Words with odd case or whitespace, unknown words, and a kind/id pair
/// that points at a record of another kind: a clear 4xx, never 500, and no
/// report filed.
#[tokio::test]
async fn odd_words_and_wrong_kinds_in_reports_are_refused_cleanly() {
    let app = TestApp::new().await;
    let (asker_id, asker) = app.teacher("প্রশ্নকারী", "01710009021").await;
    let (_, reader) = app.teacher("পাঠক", "01710009022").await;
    let q = a_question(&app, &asker).await;
    let c = app
        .api(
            Method::POST,
            &format!("/api/v1/questions/{q}/comments"),
            Some(json!({"body": "আরও একটু খুলে বলছি।"})),
            Some(&asker),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.text());
    let comment = c.json()["id"].as_i64().unwrap();
    for body in [
        json!({"item_kind": "Question", "item_id": q, "reason": "spam"}),
        json!({"item_kind": " question", "item_id": q, "reason": "spam"}),
        json!({"item_kind": "question", "item_id": q, "reason": "SPAM"}),
        json!({"item_kind": "question", "item_id": q, "reason": "copyright"}),
        json!({"item_kind": "questions", "item_id": q, "reason": "spam"}),
        json!({"item_kind": ["question"], "item_id": q, "reason": "spam"}),
        json!({"item_kind": "question", "item_id": "q", "reason": "spam"}),
        json!({"item_kind": "content_comment", "item_id": comment, "reason": "spam"}),
        json!({"item_kind": "teacher", "item_id": asker_id, "reason": "spam"}),
        json!({"item_kind": "job", "item_id": 1, "reason": "spam"}),
        json!({"item_kind": "comment", "item_id": comment + 1000, "reason": "spam"}),
        json!({"item_kind": "question", "item_id": i64::MAX, "reason": "spam"}),
    ] {
        let r = app.api(Method::POST, "/api/v1/reports", Some(body.clone()), Some(&reader)).await;
        assert!(matches!(r.status.as_u16(), 400 | 404 | 422), "{body}: {} {}", r.status, r.text());
    }
    let mut b = app.browser();
    b.submit("/login", &[("login", "01710009022"), ("password", "shikkhok123")]).await;
    for (path, reason) in [
        (format!("/reports/Question/{q}"), "spam"),
        (format!("/reports/content_comment/{comment}"), "spam"),
        (format!("/reports/teacher/{asker_id}"), "spam"),
        (format!("/reports/question/{q}"), "SPAM"),
        (format!("/reports/question/{q}"), "copyright"),
        ("/reports/question/abc".to_owned(), "spam"),
        ("/reports/question/99999999999999999999".to_owned(), "spam"),
    ] {
        let r = b.submit(&path, &[("reason", reason), ("back", "/questions")]).await;
        assert!(matches!(r.status.as_u16(), 400 | 404 | 422), "{path} {reason}: {} {}", r.status, r.text());
    }
    assert!(open_reports(&app).await.is_empty(), "nothing was filed");
    // The right pair is still accepted.
    let ok = json!({"item_kind": "comment", "item_id": comment, "reason": "spam"});
    assert_eq!(app.api(Method::POST, "/api/v1/reports", Some(ok), Some(&reader)).await.status, StatusCode::CREATED);
}

/// Decisions with odd words, repeated fields and a huge form: refused as
/// 400/413/422 for a moderator, 403 for a plain teacher, never 500, and
/// nothing hidden.
#[tokio::test]
async fn poisoned_decision_forms_are_refused_cleanly() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("লেখক", "01710009031").await;
    let (_, reader) = app.teacher("পাঠক", "01710009032").await;
    let (_, mod_token) = app.with_role("মডারেটর", "01710009033", Role::Moderator).await;
    let post = a_post(&app, &author, "সস্তায় মোবাইল কিনুন এখনই").await;
    let report = json!({"item_kind": "post", "item_id": post, "reason": "spam"});
    assert_eq!(app.api(Method::POST, "/api/v1/reports", Some(report), Some(&reader)).await.status, StatusCode::CREATED);

    // A plain teacher: refused whatever she sends.
    let mut t = app.browser();
    t.submit("/login", &[("login", "01710009032"), ("password", "shikkhok123")]).await;
    for fields in [
        vec![("action", "hide"), ("reason", "বিজ্ঞাপন")],
        vec![("action", "hide"), ("reason", "")],
        vec![("action", "Hide"), ("reason", "বিজ্ঞাপন")],
        vec![("action", "hide"), ("action", "dismiss"), ("reason", "বিজ্ঞাপন")],
    ] {
        let r = t.submit(&format!("/moderation/items/post/{post}"), &fields).await;
        assert!(matches!(r.status.as_u16(), 400 | 403), "{fields:?}: {} {}", r.status, r.text());
    }
    let r = t.submit(&format!("/moderation/items/content/{post}"), &[("action", "hide"), ("reason", "বিজ্ঞাপন")]).await;
    assert!(matches!(r.status.as_u16(), 403 | 404), "{}", r.status);

    let mut m = app.browser();
    m.submit("/login", &[("login", "01710009033"), ("password", "shikkhok123")]).await;
    for fields in [
        vec![("action", "HIDE"), ("reason", "বিজ্ঞাপন")],
        vec![("action", " hide"), ("reason", "বিজ্ঞাপন")],
        vec![("action", "erase"), ("reason", "বিজ্ঞাপন")],
        vec![("reason", "বিজ্ঞাপন")],
        vec![("action", "hide"), ("reason", "")],
    ] {
        let r = m.submit(&format!("/moderation/items/post/{post}"), &fields).await;
        assert!(matches!(r.status.as_u16(), 400 | 422), "{fields:?}: {} {}", r.status, r.text());
    }
    let huge = "ক".repeat(3_000_000);
    let r = m.submit(&format!("/moderation/items/post/{post}"), &[("action", "hide"), ("reason", &huge)]).await;
    assert!(matches!(r.status.as_u16(), 400 | 413 | 422), "huge: {}", r.status);
    for body in [json!({"action": "Hide", "reason": "x"}), json!({"action": 1, "reason": "x"}), json!({"reason": "x"})]
    {
        let path = format!("/api/v1/moderation/items/post/{post}/decision");
        let r = app.api(Method::POST, &path, Some(body.clone()), Some(&mod_token)).await;
        assert!(matches!(r.status.as_u16(), 400 | 422), "{body}: {} {}", r.status, r.text());
    }
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/moderation/items/Post/{post}/decision"),
            Some(json!({"action": "hide", "reason": "x"})),
            None,
        )
        .await;
    assert!(r.status.as_u16() < 500, "{}", r.status);
    assert_eq!(app.api(Method::GET, &format!("/api/v1/posts/{post}"), None, None).await.status, StatusCode::OK);
    assert_eq!(open_reports(&app).await.len(), 1, "the report is still open");
}

/// A trusted teacher files the report herself and then hides what she
/// reported: one person both accuses and judges.
#[tokio::test]
async fn a_reviewer_cannot_judge_her_own_report() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("লেখক", "01710009041").await;
    let (trusted, trusted_token) = app.teacher("অভিজ্ঞ শিক্ষক", "01710009042").await;
    earned(&app, trusted, 500).await;
    let post = a_post(&app, &author, "বর্ষায় চরের স্কুলে পড়ানো").await;
    let report = json!({"item_kind": "post", "item_id": post, "reason": "off_topic"});
    assert_eq!(
        app.api(Method::POST, "/api/v1/reports", Some(report), Some(&trusted_token)).await.status,
        StatusCode::CREATED
    );
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/moderation/items/post/{post}/decision"),
            Some(json!({"action": "hide", "reason": "আমার পছন্দ হয়নি"})),
            Some(&trusted_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "she judged her own accusation");
    assert_eq!(app.api(Method::GET, &format!("/api/v1/posts/{post}"), None, None).await.status, StatusCode::OK);
}

/// m0024 renames the audit log's subject words. Before it, a community
/// comment hidden, restored or cleared by a moderator was logged with the
/// subject `comment` (the report system's own word), a deleted content
/// comment also as `comment`. Only the latter is a content's comment.
#[tokio::test]
async fn m0024_keeps_moderated_community_comments_as_comments() {
    use batayon::audit::store::entry;
    use batayon::items::ItemKind;
    use chrono::TimeZone;
    use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
    use sea_orm_migration::MigratorTrait;

    let dir = tempfile::tempdir().unwrap();
    let postgres = crate::app::postgres_admin_url().is_some();
    let url = crate::app::empty_database_url(dir.path(), postgres).await;
    let url = if postgres { url } else { format!("{url}?mode=rwc") };
    let mut options = sea_orm::ConnectOptions::new(url);
    options.max_connections(1).sqlx_logging(false);
    let db = sea_orm::Database::connect(options).await.unwrap();
    batayon::db::migrations::Migrator::up(&db, Some(23)).await.unwrap();
    let at = chrono::Utc.with_ymd_and_hms(2026, 10, 1, 4, 30, 0).unwrap();
    // What HEAD~1's item_reports::decide and content::comments::delete wrote.
    let sql = "INSERT INTO audit_log (actor_id, action, subject_type, subject_id, detail, created_at) VALUES \
               (1, 'comment.hide', 'comment', 9, '{\"reason\":\"x\"}', $1), \
               (1, 'comment.delete', 'comment', 4, '{\"content_id\":5}', $1), \
               (1, 'comment.delete', 'discussion_comment', 8, '{}', $1)";
    db.execute_raw(batayon::db::numbered(&db, sql, vec![at.into()])).await.unwrap();
    batayon::db::migrations::Migrator::up(&db, None).await.unwrap();
    let rows = entry::Entity::find().order_by_asc(entry::Column::Id).all(&db).await.unwrap();
    let got: Vec<(&str, ItemKind)> = rows.iter().map(|r| (r.action.as_str(), r.subject_type)).collect();
    assert_eq!(got[1], ("comment.delete", ItemKind::ContentComment));
    assert_eq!(got[2], ("comment.delete", ItemKind::Comment));
    assert_eq!(got[0], ("comment.hide", ItemKind::Comment), "a community comment's hiding now names a content comment");
}

/// Parallel taps on "up" by one teacher: one vote, the score 1, the
/// author's reputation moved once; never 500.
#[tokio::test]
async fn parallel_votes_count_once() {
    let app = TestApp::new().await;
    let (_, asker) = app.teacher("প্রশ্নকারী", "01710009051").await;
    let (_, voter) = app.teacher("পাঠক", "01710009052").await;
    let q = a_question(&app, &asker).await;
    let path = format!("/api/v1/questions/{q}/vote");
    let sends = (0..10).map(|_| app.api(Method::PUT, &path, Some(json!({"value": 1})), Some(&voter)));
    let replies = futures_util::future::join_all(sends).await;
    for r in &replies {
        assert!(r.status.as_u16() < 500, "{} {}", r.status, r.text());
    }
    let view = app.api(Method::GET, &format!("/api/v1/questions/{q}"), None, None).await.json();
    assert_eq!(view["score"].as_i64(), Some(1), "{view}");
}

/// The same on a post (its owner moves the score, with the same rules).
#[tokio::test]
async fn parallel_post_votes_count_once() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("লেখক", "01710009053").await;
    let (_, voter) = app.teacher("পাঠক", "01710009054").await;
    let post = a_post(&app, &author, "বর্ষায় চরের স্কুলে পড়ানো").await;
    let path = format!("/api/v1/posts/{post}/vote");
    let sends = (0..10).map(|_| app.api(Method::PUT, &path, Some(json!({"value": 1})), Some(&voter)));
    for r in futures_util::future::join_all(sends).await {
        assert!(r.status.as_u16() < 500, "{} {}", r.status, r.text());
    }
    let view = app.api(Method::GET, &format!("/api/v1/posts/{post}"), None, None).await.json();
    assert_eq!(view["score"].as_i64(), Some(1), "{view}");
}

/// Parallel reports on many items: the hourly allowance (20) still holds.
#[tokio::test]
async fn parallel_reports_keep_the_hourly_allowance() {
    let app = TestApp::new().await;
    let (_, reader) = app.teacher("পাঠক", "01710009072").await;
    let mut comments = vec![];
    for phone in ["01710009071", "01710009073"] {
        let (_, author) = app.teacher("লেখক", phone).await;
        let q = a_question(&app, &author).await;
        for n in 0..13 {
            let body = json!({"body": format!("আরও একটু খুলে বলছি, পর্ব {n}।")});
            let r = app.api(Method::POST, &format!("/api/v1/questions/{q}/comments"), Some(body), Some(&author)).await;
            if r.status != StatusCode::CREATED {
                break;
            }
            comments.push(r.json()["id"].as_i64().unwrap());
        }
    }
    assert!(comments.len() > 20, "enough items to report: {}", comments.len());
    let sends = comments.iter().map(|c| {
        app.api(
            Method::POST,
            "/api/v1/reports",
            Some(json!({"item_kind": "comment", "item_id": c, "reason": "spam"})),
            Some(&reader),
        )
    });
    let replies = futures_util::future::join_all(sends).await;
    for r in &replies {
        assert!(r.status.as_u16() < 500, "{} {}", r.status, r.text());
    }
    let filed = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    assert!(filed <= 20, "{filed} reports in an hour");
}

/// The asker taps "accept" on two answers at once: one accepted answer, never 500.
#[tokio::test]
async fn parallel_accepts_leave_one_accepted_answer() {
    let app = TestApp::new().await;
    let (_, asker) = app.teacher("প্রশ্নকারী", "01710009061").await;
    let (_, one) = app.teacher("উত্তরদাতা এক", "01710009062").await;
    let (_, two) = app.teacher("উত্তরদাতা দুই", "01710009063").await;
    let q = a_question(&app, &asker).await;
    let mut answers = vec![];
    for (token, body) in [
        (&one, "ক্লাসকে ছোট দলে ভাগ করে প্রত্যেক দলে একজন দলনেতা রাখুন।"),
        (&two, "শুরুতে এক মিনিট চুপ থাকার খেলা খেলুন, তারপর পড়া শুরু করুন।"),
    ] {
        let r = app
            .api(Method::POST, &format!("/api/v1/questions/{q}/answers"), Some(json!({"body": body})), Some(token))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        answers.push(r.json()["id"].as_i64().unwrap());
    }
    let (first, second) =
        (format!("/api/v1/answers/{}/accept", answers[0]), format!("/api/v1/answers/{}/accept", answers[1]));
    let (a, b) = tokio::join!(
        app.api(Method::POST, &first, None, Some(&asker)),
        app.api(Method::POST, &second, None, Some(&asker)),
    );
    for r in [&a, &b] {
        assert!(r.status.as_u16() < 500, "{} {}", r.status, r.text());
    }
    let view = app.api(Method::GET, &format!("/api/v1/questions/{q}"), None, None).await.json();
    let accepted: Vec<_> =
        view["answers"].as_array().unwrap().iter().filter(|a| a["accepted"].as_bool() == Some(true)).collect();
    assert!(accepted.len() <= 1, "{view}");
}
