//! Words and numbers as a teacher reads them: days in words ("৪ ডিসেম্বর
//! ২০২৬", never ২০২৬-১২-০৪) on the backpack, verify, practice and circle
//! pages; counts grouped the Bangla way; lists numbered in Bangla digits;
//! plain words for jargon; scores named; and a view counted once a day per
//! viewer, however often she reloads and however many requests race.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use chrono::Utc;
use sea_orm::ConnectionTrait;

use crate::app::TestApp;
use crate::content::{chapter, shared_pdf};
use crate::fixtures::dhaka_today;
use crate::practice::{person, place, school, signed_in, tried};
use batayon::accounts::model::Role;
use batayon::web::Lang;

/// Today as a page shows it, and as it must not.
fn today_in_words() -> (String, String) {
    (Lang::Bn.date(&Utc::now()), Lang::Bn.digits(&dhaka_today()))
}

fn assert_day_in_words(page: &str, what: &str) {
    let (words, iso) = today_in_words();
    assert!(page.contains(&words), "{what} names the day as {words}: {page}");
    assert!(!page.contains(&iso), "{what} shows no {iso}: {page}");
}

#[tokio::test]
async fn badge_days_read_in_words_on_the_backpack_and_verify_pages() {
    let app = TestApp::new().await;
    let dhaka = place(&app, "Dhaka", None).await;
    app.with_role("প্রশাসক", "01736000009", Role::Admin).await;
    person(&app, "রুমানা আক্তার", "01736000002", Role::Teacher, None, &dhaka).await;
    app.with_role("PTI কর্মকর্তা", "01736000004", Role::Teacher).await;
    let mut admin = signed_in(&app, "01736000009", 1).await;
    let fields = [("short_name", "PTI"), ("name", "পিটিআই"), ("name_en", ""), ("description", "প্রশিক্ষণ")];
    let r = admin.submit("/issuers", &[fields.as_slice(), &[("website", ""), ("email", "")]].concat()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let issuer = r.location();
    let r = admin.submit(&format!("{issuer}/members"), &[("teacher", "01736000004")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let badge = [
        ("name", "কনটেন্ট নির্মাতা"),
        ("rule", "manual"),
        ("valid_days", "365"),
        ("description", "শিক্ষকদের জন্য"),
        ("criteria", "শর্ত পূরণ"),
        ("competency", "TC7"),
        ("tags", "অনুশীলন"),
    ];
    let r = admin.submit(&format!("{issuer}/achievements"), &badge).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let achievement = r.location().rsplit('/').next().unwrap().to_owned();
    let mut staff = signed_in(&app, "01736000004", 2).await;
    let award = [("teacher", "01736000002"), ("evidence", "দুটি ভিডিও পাঠ মানসম্মত"), ("evidence_url", "")];
    let r = staff.submit(&format!("/achievements/{achievement}/award"), &award).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let verify = r.location();

    let mut her = signed_in(&app, "01736000002", 3).await;
    let backpack = her.get("/backpack").await.text();
    assert_day_in_words(&backpack, "the backpack");
    assert!(backpack.contains("ফাইল হিসেবে নামান (JSON)"), "plain words for the download: {backpack}");
    let page = app.browser().get(&verify).await.text();
    assert_day_in_words(&page, "the verify page");
    let in_a_year = Lang::Bn.date(&(Utc::now() + chrono::Duration::days(365)));
    assert!(page.contains(&in_a_year), "valid until {in_a_year}: {page}");
}

#[tokio::test]
async fn practice_days_read_in_words_in_the_journal_and_the_circle() {
    let app = TestApp::new().await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    school(&app, 360001, "চিলমারী মডেল বিদ্যালয়", &chilmari).await;
    person(&app, "প্রধান শিক্ষক", "01737000001", Role::HeadTeacher, Some(360001), &chilmari).await;
    let (_, token) = person(&app, "আয়েশা বেগম", "01737000002", Role::Teacher, Some(360001), &chilmari).await;
    let log = tried(&app, &token, "ভাঁজ করা কাগজে ভগ্নাংশ", 0).await;
    let mut her = signed_in(&app, "01737000002", 2).await;
    assert_day_in_words(&her.get("/practice").await.text(), "her journal");
    assert_day_in_words(&her.get(&format!("/practice/logs/{log}")).await.text(), "her entry");

    let mut head = signed_in(&app, "01737000001", 1).await;
    let r = head.submit("/practice/circles", &[("kind", "school"), ("name", "বিদ্যালয় সার্কেল")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let circle = r.location();
    let meeting = [("meets_on", dhaka_today()), ("place", "শ্রেণিকক্ষ ২".into()), ("activity", "".into())];
    let meeting: Vec<(&str, &str)> = meeting.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = head.submit(&format!("{circle}/meetings"), &[meeting.as_slice(), &[("topic", "অভিজ্ঞতা")]].concat()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let meeting = r.location();
    assert_day_in_words(&head.get(&circle).await.text(), "the circle");
    assert_day_in_words(&head.get(&meeting).await.text(), "the meeting");
}

#[tokio::test]
async fn counts_are_grouped_as_each_language_reads_them() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("লেখক", "01738000001").await;
    let id = shared_pdf(&app, &token, chapter(&app, 1, "math", 2).await, "যোগের কার্ড").await;
    let sql = "UPDATE contents SET views = $1 WHERE id = $2";
    let values = vec![1_512_419_i64.into(), id.into()];
    app.db().execute_raw(batayon::db::numbered(app.db(), sql, values)).await.unwrap();
    let mut visitor = app.browser();
    let page = visitor.get(&format!("/contents/{id}")).await.text();
    assert!(page.contains("১৫,১২,৪১৯"), "lakh grouping on a Bangla page: {page}");
    visitor.get(&format!("/lang/en?next=/contents/{id}")).await;
    let page = visitor.get(&format!("/contents/{id}")).await.text();
    assert!(page.contains("1,512,419"), "thousands grouping in English: {page}");
}

#[tokio::test]
async fn lists_on_bangla_pages_are_numbered_in_bangla_digits() {
    let app = TestApp::new().await;
    let home = app.browser().get("/").await.text();
    let css = home.split("href=\"").find(|s| s.contains(".css")).and_then(|s| s.split('"').next()).unwrap().to_owned();
    let css = app.browser().get(&css).await.text();
    assert!(css.contains(":where(:lang(bn)) ol{list-style-type:bengali}"), "ordered lists count ১. ২. ৩. in Bangla");
}

#[tokio::test]
async fn jargon_is_in_plain_words_and_scores_are_named() {
    let app = TestApp::new().await;
    let how = app.browser().get("/recognition/how").await.text();
    assert!(!how.contains("বেইজিয়ান"), "no statisticians' words: {how}");
    let ch = chapter(&app, 3, "math", 2).await;
    let (first, f_token) = app.teacher("প্রথম লেখক", "01739000001").await;
    let (second, s_token) = app.teacher("দ্বিতীয় লেখক", "01739000002").await;
    let top = shared_pdf(&app, &f_token, ch, "ভগ্নাংশের কার্যপত্র").await;
    let next = shared_pdf(&app, &s_token, ch, "গুণের কার্যপত্র").await;
    let mut old = vec![first, second];
    for i in 0..3 {
        let (id, t) = app.teacher(&format!("পাঠক {i}"), &format!("0173900001{i}")).await;
        old.push(id);
        for (content, stars) in [(top, 5), (next, 4)] {
            let r = app
                .api(
                    Method::PUT,
                    &format!("/api/v1/contents/{content}/rating"),
                    Some(serde_json::json!({"stars": stars})),
                    Some(&t),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        }
    }
    for id in old {
        let sql = "UPDATE users SET created_at = $1 WHERE id = $2";
        let values = vec![(Utc::now() - chrono::Duration::days(100)).into(), id.into()];
        app.db().execute_raw(batayon::db::numbered(app.db(), sql, values)).await.unwrap();
    }
    app.with_role("মডারেটর", "01739999999", Role::Moderator).await;
    let mut moderator = signed_in(&app, "01739999999", 7).await;
    let today = batayon::recognition::period::dhaka_date(Utc::now()).to_string();
    let r = moderator.submit("/recognition/review", &[("period", "week"), ("date", &today)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    batayon::worker::drain(&app.state).await.unwrap();
    let round = r.location();
    let review = moderator.get(&round).await.text();
    assert!(review.contains("· মোট নম্বর "), "the moderator sees what the number is: {review}");
    let r = moderator.submit(&format!("{round}/publish"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let board = app.browser().get("/recognition/leaderboards?period=week").await.text();
    assert!(board.contains("<span class=\"muted\">মোট নম্বর "), "scores on the board are named: {board}");
    let path = format!("/api/v1/recognition?period=week&date={today}");
    let v = app.api(Method::GET, &path, None, None).await.json();
    let award = v["winners"].as_array().unwrap().iter().find(|w| w["content_id"] == top).unwrap()["award_id"].clone();
    let page = app.browser().get(&format!("/recognition/awards/{award}")).await.text();
    assert!(page.contains("(মোট নম্বর "), "runners-up scores are named: {page}");
}

/// A GET of the content page as a phone with its own address and browser.
async fn visit(app: &TestApp, id: i64, addr: [u8; 4], browser: &str, session: Option<&str>) -> StatusCode {
    let mut req = Request::builder().uri(format!("/contents/{id}")).header(header::USER_AGENT, browser);
    if let Some(s) = session {
        req = req.header(header::COOKIE, s);
    }
    app.send(req.body(Body::empty()).unwrap(), addr).await.status
}

async fn views(app: &TestApp, id: i64) -> i64 {
    batayon::content::views::counter(&app.state).flush(app.db()).await.unwrap();
    app.api(Method::GET, &format!("/api/v1/contents/{id}"), None, None).await.json()["views"].as_i64().unwrap()
}

#[tokio::test]
async fn a_reload_is_not_a_second_view_but_another_viewer_is() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("লেখক", "01740000001").await;
    let id = shared_pdf(&app, &token, chapter(&app, 1, "math", 2).await, "যোগের কার্ড").await;
    // Reading the count through the API is a view too, once: settle it first.
    views(&app, id).await;
    let base = views(&app, id).await;
    for _ in 0..3 {
        assert_eq!(visit(&app, id, [10, 1, 0, 1], "Phone A", None).await, StatusCode::OK);
    }
    assert_eq!(views(&app, id).await, base + 1, "a visitor reloading (from the page cache too) is one view");
    visit(&app, id, [10, 1, 0, 2], "Phone B", None).await;
    assert_eq!(views(&app, id).await, base + 2, "another visitor is another view");
    let mut reader = app.browser();
    reader.sign_up("পাঠক", "01740000002").await;
    let mut other = app.browser();
    other.addr = [10, 1, 0, 9];
    other.sign_up("আরেক পাঠক", "01740000003").await;
    for _ in 0..2 {
        assert_eq!(reader.get(&format!("/contents/{id}")).await.status, StatusCode::OK);
    }
    assert_eq!(views(&app, id).await, base + 3, "a teacher reloading is one view");
    other.get(&format!("/contents/{id}")).await;
    assert_eq!(views(&app, id).await, base + 4, "another teacher's view counts");
    reader.get(&format!("/contents/{id}")).await;
    assert_eq!(views(&app, id).await, base + 4, "still one view for her today, after a flush too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_views_by_one_viewer_count_once_even_across_processes() {
    use batayon::content::views::ViewCounter;
    let app = TestApp::new().await;
    let (_, token) = app.teacher("লেখক", "01741000001").await;
    let id = shared_pdf(&app, &token, chapter(&app, 1, "math", 2).await, "যোগের কার্ড").await;
    views(&app, id).await;
    let before = views(&app, id).await;
    let visits = (0..12).map(|_| visit(&app, id, [10, 2, 0, 1], "Phone A", None));
    let answers = futures_util::future::join_all(visits).await;
    assert!(answers.iter().all(|s| *s == StatusCode::OK), "{answers:?}");
    let flushed = futures_util::future::join_all(
        (0..3).map(|_| async { batayon::content::views::counter(&app.state).flush(app.db()).await.unwrap() }),
    )
    .await;
    assert_eq!(flushed.iter().sum::<u64>(), 1, "twelve parallel visits are one view");
    // Two processes (two counters) that saw the same teacher at once write one view.
    let (first, second) = (ViewCounter::default(), ViewCounter::default());
    let content = batayon::content::model::ContentId(id);
    first.count(content, "t7".into());
    second.count(content, "t7".into());
    let (a, b) = tokio::join!(first.flush(app.db()), second.flush(app.db()));
    assert_eq!(a.unwrap() + b.unwrap(), 1, "one of them writes it");
    assert_eq!(views(&app, id).await, before + 2, "the visitor and the teacher");
}
