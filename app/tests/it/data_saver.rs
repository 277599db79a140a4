//! Data-saver mode: asked for by the browser (`Save-Data: on`), switched
//! per browser (a cookie) and per account; pages then bring no picture or
//! preview until tapped and say what each tap costs.

use axum::http::StatusCode;

use crate::app::TestApp;
use crate::content::{chapter, share};
use crate::fixtures;

const SAVE_DATA: &[(&str, &str)] = &[("save-data", "on")];

#[tokio::test]
async fn a_browser_asking_to_save_data_gets_a_poster_and_the_price_of_playing() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("ভিডিও শিক্ষক", "01712350001").await;
    let ch = chapter(&app, 4, "science", 1).await.to_string();
    let video = fixtures::mp4();
    let r = share(&app, &token, &[("title", "পরিবেশ ভ্রমণ"), ("chapter_id", &ch)], Some(("trip.mp4", &video))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let video_id = r.json()["id"].as_i64().unwrap();
    let pdf_id = crate::content::shared_pdf(&app, &token, ch.parse().unwrap(), "ভগ্নাংশের কার্ড").await;
    batayon::worker::drain(&app.state).await.unwrap();
    let page = format!("/contents/{video_id}");

    // Seen first in full, so the anonymous page cache holds the full look:
    // the saver look must still be a page of its own.
    let mut phone = app.browser();
    let full = phone.get(&page).await;
    assert!(full.text().contains("<video"), "a full page has the player");
    assert!(full.text().contains("ডেটা সাশ্রয় চালু করুন"), "and the switch");

    let light = phone.get_with(&page, SAVE_DATA).await;
    assert_eq!(light.status, StatusCode::OK);
    let vary = light.header("vary").unwrap_or_default();
    assert!(vary.contains("Save-Data"), "caches keep the two looks apart: {vary}");
    let html = light.text();
    assert!(!html.contains("<video") && !html.contains("video_360p"), "no player, no video address: {html}");
    assert!(html.contains(&format!("/contents/{video_id}?play=1#player")), "a link to play");
    assert!(html.contains("ভিডিও চালান ("), "it says it plays");
    assert!(html.contains(" KB)") || html.contains(" MB)"), "and what it costs");
    assert!(html.contains("ডেটা সাশ্রয় চালু:"), "the page says the saver is on");

    // Tapped: the smallest version alone, playing.
    let playing = phone.get_with(&format!("{page}?play=1"), SAVE_DATA).await.text();
    assert!(playing.contains("<video id=\"player\""), "{playing}");
    assert!(playing.contains("autoplay"));
    assert_eq!(playing.matches("<source ").count(), 1, "one version");
    assert!(playing.contains("video_240p") && !playing.contains("video_360p"), "the smallest one");

    // A PDF's first page stays a link with its size.
    let pdf = phone.get_with(&format!("/contents/{pdf_id}"), SAVE_DATA).await.text();
    assert!(!pdf.contains("class=\"page-preview\""), "no first-page picture");
    assert!(pdf.contains("প্রথম পাতা দেখুন ("), "a link to it instead");
    let pdf_full = phone.get(&format!("/contents/{pdf_id}")).await.text();
    assert!(pdf_full.contains("class=\"page-preview\""));

    // Lists lose their thumbnails.
    let list = format!("/curriculum/chapters/{ch}");
    assert!(phone.get(&list).await.text().contains("/renditions/thumbnail"), "a full list has thumbnails");
    assert!(!phone.get_with(&list, SAVE_DATA).await.text().contains("/renditions/thumbnail"));
}

#[tokio::test]
async fn the_switch_is_kept_by_the_browser_and_by_her_account() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("ভিডিও শিক্ষক", "01712350002").await;
    let ch = chapter(&app, 4, "science", 2).await.to_string();
    let r =
        share(&app, &token, &[("title", "জলচক্র"), ("chapter_id", &ch)], Some(("water.mp4", &fixtures::mp4()))).await;
    let id = r.json()["id"].as_i64().unwrap();
    batayon::worker::drain(&app.state).await.unwrap();
    let page = format!("/contents/{id}");

    // Signed out: the switch is a link that only sets a cookie.
    let mut visitor = app.browser();
    let r = visitor.get(&format!("/data-saver/on?next={page}")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), page);
    assert_eq!(visitor.cookies.get("batayon_saver").map(String::as_str), Some("on"));
    assert!(!visitor.get(&page).await.text().contains("<video"), "saver without the header");
    // Turned off here, it stays off though the browser asks to save data.
    visitor.get(&format!("/data-saver/off?next={page}")).await;
    assert!(visitor.get_with(&page, SAVE_DATA).await.text().contains("<video"));
    assert_eq!(visitor.get("/data-saver/maybe").await.status, StatusCode::NOT_FOUND);
    let away = visitor.get("/data-saver/on?next=https://evil.example/").await;
    assert!(away.location().starts_with('/') && !away.location().starts_with("//"), "{}", away.location());

    // Signed in: a form, kept on her account.
    app.teacher("রাবেয়া খাতুন", "01712350003").await;
    let mut phone = fixtures::signed_in(&app, "01712350003", 35, 1).await;
    let r = phone.submit(&format!("/data-saver/on?next={page}"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let without_token = phone.post_raw("/data-saver/off", "application/x-www-form-urlencoded", Vec::new()).await;
    assert_eq!(without_token.status, StatusCode::FORBIDDEN, "the form needs its token");
    // Another phone, no cookie, no header: her account's choice.
    let mut other = fixtures::signed_in(&app, "01712350003", 35, 2).await;
    assert!(!other.cookies.contains_key("batayon_saver"));
    let html = other.get(&page).await.text();
    assert!(!html.contains("<video") && html.contains("?play=1#player"), "her choice followed her");
    assert!(html.contains("ডেটা সাশ্রয় বন্ধ করুন"), "the switch offers to turn it off");
    // Her account's choice outranks a cookie this browser kept.
    other.cookies.insert("batayon_saver".into(), "off".into());
    assert!(!other.get(&page).await.text().contains("<video"));
    // Turned off on one phone, off on the other too.
    phone.submit("/data-saver/off", &[]).await;
    other.cookies.remove("batayon_saver");
    assert!(other.get_with(&page, SAVE_DATA).await.text().contains("<video"), "off, whatever the browser asks");
}

#[tokio::test]
async fn a_practice_photo_waits_for_a_tap_and_says_its_size() {
    let app = TestApp::new().await;
    app.teacher("নাসরিন সুলতানা", "01712350004").await;
    let mut her = fixtures::signed_in(&app, "01712350004", 35, 3).await;
    let (entry, words) = fixtures::planned_try(&mut her).await;
    let words: Vec<(&str, &str)> = words.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let photo = fixtures::png(1600, 1200);
    let (ct, body) = fixtures::multipart_files(&words, &[("photo", "class.png", &photo)]);
    let r = her.post_raw(&format!("{entry}/log"), &ct, body).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let id = entry.rsplit('/').next().unwrap();
    let kept = her.get(&format!("/practice/logs/{id}/photo")).await.body.len();

    assert!(her.get(&entry).await.text().contains("class=\"practice-photo\""));
    let light = her.get_with(&entry, SAVE_DATA).await.text();
    assert!(!light.contains("class=\"practice-photo\""), "no picture until tapped");
    let cost = batayon::web::Lang::Bn.digits(&batayon::web::saver::cost(kept as i64));
    assert!(light.contains(&format!("ছবি দেখুন ({cost})")), "the link says what it costs: {cost}");
}
