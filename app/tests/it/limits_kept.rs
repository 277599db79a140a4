//! A writing limit keeps her words: past the hour's share the form comes
//! back with what she typed (429, Retry-After), the limit named and the
//! clock time she may send again; the API answers problem details that say
//! the same; and the demo's teachers are not new accounts.

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::app::{Reply, TestApp};
use batayon::web::Lang;

const BODY: &str = "বর্ষায় অর্ধেক শিশু আসে না; যারা আসে তাদের নিয়ে কীভাবে পাঠ এগিয়ে নেব, আর বাকিরা কীভাবে ধরবে?";

/// The start of the next clock hour: when an hourly count starts again.
fn next_hour(now: DateTime<Utc>) -> DateTime<Utc> {
    let t = now.timestamp();
    DateTime::from_timestamp(t - t.rem_euclid(3600) + 3600, 0).unwrap()
}

/// The page names the time the limit ends, as its language tells a time
/// (either side of the request, should the hour turn meanwhile).
fn names_the_hour(r: &Reply, lang: Lang, before: DateTime<Utc>) {
    let text = r.text();
    let times = [lang.clock(&next_hour(before)), lang.clock(&next_hour(Utc::now()))];
    assert!(times.iter().any(|t| text.contains(t.as_str())), "names {times:?}: {text}");
    let wait: i64 = r.header("retry-after").expect("Retry-After").parse().unwrap();
    assert!((1..=3600).contains(&wait), "waits until the hour ends: {wait}");
}

async fn ask_form(phone: &mut crate::app::Browser<'_>, title: &str) -> Reply {
    let fields = [("title", title), ("body", BODY), ("tags", "বর্ষা"), ("confirmed", "1")];
    phone.submit("/questions/ask", &fields).await
}

#[tokio::test]
async fn a_sixth_question_in_an_hour_comes_back_with_her_words_and_the_time_to_ask_again() {
    let app = TestApp::new().await;
    let mut phone = app.browser();
    phone.sign_up("নতুন শিক্ষিকা", "01711130001").await;
    for n in 1..=5 {
        let r = ask_form(&mut phone, &format!("বর্ষায় ক্লাস চালানোর উপায় নিয়ে প্রশ্ন নম্বর {n}")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    }

    let before = Utc::now();
    let title = "বর্ষায় অর্ধেক শিশু না এলে পাঠ কীভাবে এগোবে";
    let r = ask_form(&mut phone, title).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    let page = r.text();
    assert!(page.contains("action=\"/questions/ask\""), "the form is there to send again: {page}");
    assert!(page.contains(title) && page.contains(BODY), "her title and question are kept: {page}");
    assert!(page.contains("নতুন অ্যাকাউন্ট") && page.contains("৫টি"), "the limit is named: {page}");
    names_the_hour(&r, Lang::Bn, before);

    // In English, the time reads as English does.
    phone.cookies.insert("batayon_lang".into(), "en".into());
    let before = Utc::now();
    let r = ask_form(&mut phone, title).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().contains(title) && r.text().contains("You can send again in "), "{}", r.text());
    names_the_hour(&r, Lang::En, before);
}

#[tokio::test]
async fn at_the_limit_a_post_and_a_comment_keep_her_words_too() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("নতুন শিক্ষক", "01711130002").await;
    let mut phone = app.browser();
    let r = phone.submit("/login", &[("login", "01711130002"), ("password", "shikkhok123")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let mut question = 0;
    for n in 1..=5 {
        let body = json!({"title": format!("চরের স্কুলে নৌকায় আসা শিশুদের প্রশ্ন {n}"), "body": BODY});
        let r = app.api(Method::POST, "/api/v1/questions", Some(body), Some(&token)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        question = r.json()["id"].as_i64().unwrap();
    }

    let before = Utc::now();
    let post = "নৌকার স্কুলে একদিন";
    let r = phone
        .submit("/posts/new", &[("title", post), ("body", BODY), ("category", "pedagogy"), ("action", "draft")])
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    assert!(r.text().contains(post) && r.text().contains(BODY), "the post is kept: {}", r.text());
    names_the_hour(&r, Lang::Bn, before);

    // Comments have their own share (15 an hour for a new account).
    for n in 1..=15 {
        let body = json!({"body": format!("আরও একটি কথা, নম্বর {n}")});
        let path = format!("/api/v1/questions/{question}/comments");
        let r = app.api(Method::POST, &path, Some(body), Some(&token)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let comment = "নৌকা দেরিতে এলে প্রথম পাঠটা আবার ছোট করে বলি।";
    let r = phone.submit(&format!("/questions/{question}/comments"), &[("body", comment)]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    assert!(r.text().contains(comment) && r.text().contains("১৫টি"), "{}", r.text());
}

#[tokio::test]
async fn the_api_says_the_limit_and_its_end_in_problem_details() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("নতুন শিক্ষক", "01711130003").await;
    let idea = |n: i32| json!({"kind": "suggestion", "title": format!("উপজেলায় প্রজেক্টর মেরামতের ব্যবস্থা {n}"), "body": "নষ্ট প্রজেক্টর মাসের পর মাস পড়ে থাকে; উপজেলায় মেরামত হলে ক্লাস চলে।", "scope": "national"});
    for n in 1..=5 {
        let r = app.api(Method::POST, "/api/v1/ideas", Some(idea(n)), Some(&token)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let before = Utc::now();
    let r = app.api(Method::POST, "/api/v1/ideas", Some(idea(6)), Some(&token)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    assert_eq!(r.header("content-type").as_deref(), Some("application/problem+json"));
    assert_eq!(r.json()["code"], "quota_exceeded");
    names_the_hour(&r, Lang::Bn, before);
}

#[tokio::test]
async fn demo_teachers_are_months_old_so_the_new_account_limit_is_not_theirs() {
    let app = TestApp::new().await;
    batayon::demo::load(&app.state).await.unwrap();
    let login = json!({"login": "01700000002", "password": batayon::demo::DEMO_PASSWORD});
    let token = app.api(Method::POST, "/api/v1/auth/login", Some(login), None).await.json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    for n in 1..=6 {
        let body = json!({"title": format!("পুরোনো শিক্ষকের নতুন প্রশ্ন, নম্বর {n}"), "body": BODY});
        let r = app.api(Method::POST, "/api/v1/questions", Some(body), Some(&token)).await;
        assert_eq!(r.status, StatusCode::CREATED, "question {n}: {}", r.text());
    }
}

#[tokio::test]
async fn a_library_comment_at_the_limit_stays_in_its_box_and_a_refused_reply_in_its_own() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("লেখিকা", "01711130004").await;
    let ch = crate::content::chapter(&app, 5, "math", 4).await;
    let content = crate::content::shared_pdf(&app, &author, ch, "ভগ্নাংশের কার্ড").await;
    let (_, token) = app.teacher("নতুন পাঠক", "01711130005").await;
    let mut phone = app.browser();
    let r = phone.submit("/login", &[("login", "01711130005"), ("password", "shikkhok123")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let path = format!("/contents/{content}/comments");

    let first =
        app.api(Method::POST, &format!("/api/v1{path}"), Some(json!({"body": "কার্ডগুলো খুব কাজের।"})), Some(&token)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let parent = first.json()["id"].as_i64().unwrap();
    for n in 2..=15 {
        let body = json!({"body": format!("আরও একটি কথা, নম্বর {n}")});
        let r = app.api(Method::POST, &format!("/api/v1{path}"), Some(body), Some(&token)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }

    // A reply past the limit comes back in its own reply box, opened.
    let reply = "ঠিক, আমিও তিনটি দলে ভাগ করি।";
    let r = phone.submit(&path, &[("body", reply), ("parent_id", &parent.to_string())]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    let reply_box = format!("id=\"reply-{parent}\" name=\"body\" rows=\"2\">{reply}</textarea>");
    assert!(r.text().contains(&reply_box), "the reply is kept in its own box: {}", r.text());
    assert!(r.text().contains("<details open>"), "its box is open: {}", r.text());

    let before = Utc::now();
    let comment = "কার্ডগুলো ছাপিয়ে দলে ভাগ করে দিলে পিছনের বেঞ্চও খেলায় যোগ দেয়।";
    let r = phone.submit(&path, &[("body", comment)]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    assert!(r.text().contains(&format!("{comment}</textarea>")), "her comment is in the box: {}", r.text());
    names_the_hour(&r, Lang::Bn, before);
}
