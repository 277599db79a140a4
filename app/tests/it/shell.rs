//! The signed-in shell: the header's bell counts unread notifications from
//! the database, award notices name the award in both languages with dates
//! in words, and staff find their work from the home page and the menu.

use axum::http::StatusCode;
use batayon::accounts::model::Role;
use batayon::ids::UserId;

use crate::app::{Browser, TestApp};
use crate::practice::signed_in;

/// What the header's bell shows: its count, if any.
fn bell(page: &str) -> Option<String> {
    let bell = page.split("class=\"bell\"").nth(1).expect("a bell in the header");
    let bell = bell.split("</a>").next().unwrap();
    bell.split("<span class=\"count\">").nth(1).map(|c| c.split('<').next().unwrap().to_owned())
}

/// The part of the home page that leads staff to their work.
fn work(page: &str) -> String {
    let Some(at) = page.find("id=\"work\"") else { return String::new() };
    page[at..].split("</section>").next().unwrap().to_owned()
}

#[tokio::test]
async fn the_bell_counts_unread_notifications_until_they_are_read() {
    let app = TestApp::new().await;
    let (id, _) = app.teacher("রাহেলা খাতুন", "01781000001").await;
    for title in ["ভগ্নাংশের কার্যপত্র", "জলচক্রের ছবি", "ইংরেজি ছড়া"]
    {
        batayon::notifications::notify(app.db(), UserId(id), "notify-comment", title, "/contents").await.unwrap();
    }
    let mut phone = signed_in(&app, "01781000001", 81).await;
    let home = phone.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    let home = home.text();
    assert_eq!(bell(&home).as_deref(), Some("৩"), "three unread, in Bangla digits");
    assert!(home.contains("aria-label=\"বার্তা: ৩টি নতুন\""), "the bell says so to a screen reader");

    let r = phone.submit("/notifications/read", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let home = phone.get("/").await.text();
    assert_eq!(bell(&home), None, "read: no count, at once");
    assert!(home.contains("aria-label=\"বার্তা: নতুন নেই\""));
}

#[tokio::test]
async fn an_award_notice_names_the_award_in_both_languages_with_its_dates_in_words() {
    let app = TestApp::new().await;
    let (winner, _) = app.teacher("সালমা বেগম", "01782000001").await;
    app.teacher("রহিম উদ্দিন", "01782000002").await;
    app.with_role("অ্যাডমিন", "01782999999", Role::Admin).await;
    let mut admin = signed_in(&app, "01782999999", 82).await;
    let mut colleague = signed_in(&app, "01782000002", 83).await;
    let r = colleague
        .submit(
            &format!("/teachers/{winner}/nominate"),
            &[("reason", "মোবাইলে ছোট ভিডিও বানিয়ে সহকর্মীদের শেখান, খুব কাজের")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let list = admin.get("/recognition/review").await.text();
    let id = list.split("/recognition/nominations/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    admin.submit(&format!("/recognition/nominations/{id}"), &[("decision", "confirm")]).await;
    let today = batayon::recognition::period::dhaka_date(chrono::Utc::now()).to_string();
    let r = admin.submit("/recognition/review", &[("period", "week"), ("date", &today)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    batayon::worker::drain(&app.state).await.unwrap();
    let round = r.location().trim_start_matches("/recognition/review/").to_owned();
    let r = admin.submit(&format!("/recognition/review/{round}/publish"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

    let mut her = signed_in(&app, "01782000001", 84).await;
    let notices = notice_of(&mut her).await;
    assert!(notices.contains("উদ্ভাবনী শিক্ষক"), "the award is named: {notices}");
    assert!(!notices.chars().any(|c| c.is_ascii_digit()), "no Latin digits on a Bangla page: {notices}");
    assert!(notices.contains("২০"), "the week's dates in Bangla words: {notices}");
    her.cookies.insert("batayon_lang".into(), "en".into());
    let notices = notice_of(&mut her).await;
    assert!(notices.contains("Innovative teacher"), "named in English too: {notices}");
    assert!(!notices.contains('-'), "dates in words, not 2026-12-04: {notices}");
}

/// The text of the newest notice on her notifications page.
async fn notice_of(phone: &mut Browser<'_>) -> String {
    let page = phone.get("/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    let page = page.text();
    let item = page.split("<ul class=\"plain\">").nth(1).expect("a list of notices");
    let link = item.split("<a href=\"").nth(1).unwrap();
    link.split('>').nth(1).unwrap().split("</a").next().unwrap().to_owned()
}

#[tokio::test]
async fn staff_find_their_work_from_the_home_page_and_the_menu() {
    let app = TestApp::new().await;
    app.teacher("সাধারণ শিক্ষক", "01783000001").await;
    app.with_role("উপজেলা কর্মকর্তা", "01783000002", Role::Officer).await;
    app.with_role("প্রধান শিক্ষক", "01783000003", Role::HeadTeacher).await;
    app.with_role("মডারেটর", "01783000004", Role::Moderator).await;

    let teacher = signed_in(&app, "01783000001", 91).await.get("/").await.text();
    assert_eq!(work(&teacher), "", "a teacher's home has no staff work");
    assert!(!teacher.contains("href=\"/practice/dashboard\""), "nor a dashboard in her menu");

    let officer = signed_in(&app, "01783000002", 92).await.get("/").await.text();
    let card = work(&officer);
    for link in ["href=\"/practice/dashboard\"", "href=\"/training\"", "href=\"/courses\""] {
        assert!(card.contains(link), "the officer's home links {link}: {card}");
    }
    let menu = officer.split("class=\"menu-panel\"").nth(1).unwrap().split("</details>").next().unwrap();
    assert!(menu.contains("href=\"/practice/dashboard\"") && menu.contains("href=\"/training\""), "and her menu");

    let head = signed_in(&app, "01783000003", 93).await.get("/").await.text();
    let card = work(&head);
    assert!(card.contains("href=\"/practice/school\"") && card.contains("href=\"/practice/dashboard\""), "{card}");

    let moderator = signed_in(&app, "01783000004", 94).await.get("/").await.text();
    let card = work(&moderator);
    for link in ["/moderation/verifications", "/moderation/reports", "/recognition/review"] {
        assert!(card.contains(&format!("href=\"{link}\"")), "the moderator's home links {link}: {card}");
    }
}
