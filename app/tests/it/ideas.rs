//! Ideas to the authorities: support, an official response from an
//! officer of the right place only, and the author and supporters told.

use axum::http::{Method, StatusCode};
use batayon::ids::UserId;
use batayon::places::store as places;
use batayon::profiles::model::Verification;
use batayon::profiles::store::{self as profiles, ProfileUpdate};
use serde_json::json;

use crate::app::TestApp;

/// Puts `user` in a district (and upazila) as her profile would.
async fn lives_in(app: &TestApp, user: i64, district: &str, upazila: Option<&str>) {
    let d = places::district_by_name(app.db(), district).await.unwrap().unwrap();
    let u = match upazila {
        Some(name) => Some(places::upazila_by_name(app.db(), d.id, name).await.unwrap().unwrap().id),
        None => None,
    };
    let update = ProfileUpdate {
        designation: None,
        institution_id: None,
        district_id: Some(d.id),
        upazila_id: u,
        level_code: None,
        classes: vec![],
        subjects: vec![],
        bio: None,
        verification: Verification::Unverified,
    };
    profiles::save(app.db(), UserId(user), update).await.unwrap();
}

#[tokio::test]
async fn an_upazila_officer_answers_an_idea_that_colleagues_support() {
    let app = TestApp::new().await;
    let (author, author_token) = app.teacher("আয়েশা", "01710000301").await;
    lives_in(&app, author, "Kurigram", Some("Chilmari")).await;
    let idea = json!({
        "kind": "suggestion",
        "title": "চরের স্কুলে বর্ষায় অনলাইন প্রশিক্ষণের সময় বাড়ানো হোক",
        "body": "বর্ষায় নৌকা বন্ধ থাকে; উপজেলা রিসোর্স সেন্টারের প্রশিক্ষণ অনলাইনে হলে আমরা যোগ দিতে পারি।",
        "scope": "upazila",
    });
    let r = app.api(Method::POST, "/api/v1/ideas", Some(idea), Some(&author_token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(r.json()["place"], "চিলমারী");

    // Colleagues support it (+1, once each; not the author).
    let support = |token: String, on: bool| {
        let app = &app;
        async move {
            app.api(Method::PUT, &format!("/api/v1/ideas/{id}/support"), Some(json!({"supported": on})), Some(&token))
                .await
        }
    };
    assert_eq!(support(author_token.clone(), true).await.status, StatusCode::FORBIDDEN);
    let (_, supporter_token) = app.teacher("বিমল", "01710000302").await;
    let (_, other_token) = app.teacher("শাহনাজ", "01710000303").await;
    assert_eq!(support(supporter_token.clone(), true).await.json()["support_count"], 1);
    assert_eq!(support(supporter_token.clone(), true).await.json()["support_count"], 1);
    assert_eq!(support(other_token.clone(), true).await.json()["support_count"], 2);
    assert_eq!(support(other_token, false).await.json()["support_count"], 1);

    // An officer of another district, or a teacher, cannot set its status.
    let status = json!({"status": "planned", "response": "আগামী বর্ষা থেকে প্রতি মাসে একটি অনলাইন সেশন হবে।"});
    let (far, far_token) = app.with_role("দূরের কর্মকর্তা", "01710000304", batayon::accounts::model::Role::Officer).await;
    let sylhet = places::district_by_name(app.db(), "Sylhet").await.unwrap().unwrap().id.0;
    crate::officers::assign_place(&app, far, Some(sylhet), None).await;
    let path = format!("/api/v1/ideas/{id}/status");
    let r = app.api(Method::PUT, &path, Some(status.clone()), Some(&far_token)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["code"], "not_this_place");
    assert_eq!(
        app.api(Method::PUT, &path, Some(status.clone()), Some(&supporter_token)).await.status,
        StatusCode::FORBIDDEN
    );

    // Chilmari's own officer can; the author and the supporter are told.
    let (near, near_token) =
        app.with_role("চিলমারীর কর্মকর্তা", "01710000305", batayon::accounts::model::Role::Officer).await;
    let kurigram = places::district_by_name(app.db(), "Kurigram").await.unwrap().unwrap().id;
    let chilmari = places::upazila_by_name(app.db(), kurigram, "Chilmari").await.unwrap().unwrap().id.0;
    crate::officers::assign_place(&app, near, Some(kurigram.0), Some(chilmari)).await;
    let r = app.api(Method::PUT, &path, Some(json!({"status": "planned", "response": ""})), Some(&near_token)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a status needs a public response");
    let r = app.api(Method::PUT, &path, Some(status), Some(&near_token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["status"], "planned");
    for token in [&author_token, &supporter_token] {
        let n = app.api(Method::GET, "/api/v1/notifications", None, Some(token)).await.json();
        assert!(n.to_string().contains(&format!("/ideas/{id}")), "{n}");
    }
    let page = app.browser().get(&format!("/ideas/{id}")).await.text();
    assert!(page.contains("আগামী বর্ষা থেকে") && page.contains("পরিকল্পনায়"), "the response is public");
    let list = app.api(Method::GET, "/api/v1/ideas?status=planned", None, None).await.json();
    assert_eq!(list["total"], 1);
}

#[tokio::test]
async fn an_idea_needs_its_place_in_the_profile_and_clear_fields() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    b.sign_up("নতুন শিক্ষক", "01710000311").await;
    let r = b
        .submit(
            "/ideas/new",
            &[
                ("kind", "idea"),
                ("scope", "district"),
                ("title", "পাঠ্যবইয়ের ছাপা সময়মতো চাই"),
                ("body", "বছরের শুরুতে বই পৌঁছায় না, প্রথম মাসে পড়া পিছিয়ে যায়।"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("আগে প্রোফাইলে আপনার জেলা ও উপজেলা যোগ করুন।"));
    let r = b.submit("/ideas/new", &[("kind", "wish"), ("scope", "national"), ("title", "ছোট"), ("body", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = b
        .submit(
            "/ideas/new",
            &[
                ("kind", "concern"),
                ("scope", "national"),
                ("title", "পাঠ্যবইয়ের ছাপা সময়মতো চাই"),
                ("body", "বছরের শুরুতে বই পৌঁছায় না, প্রথম মাসে পড়া পিছিয়ে যায়।"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(app.browser().get("/ideas").await.text().contains("পাঠ্যবইয়ের ছাপা সময়মতো চাই"));
}

#[tokio::test]
async fn the_list_filter_set_to_any_status_shows_every_idea() {
    let app = TestApp::new().await;
    // The list's own form sends an empty status for "any".
    let r = app.browser().get("/ideas?sort=support&status=").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = app.api(Method::GET, "/api/v1/ideas?status=", None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // A word that is no status is still refused.
    let r = app.api(Method::GET, "/api/v1/ideas?status=wish", None, None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}
