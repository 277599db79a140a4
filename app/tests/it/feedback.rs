//! Ratings, comments and reports on contents.

use axum::http::{Method, StatusCode};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::app::TestApp;
use crate::content::{chapter, shared_pdf};
use batayon::accounts::model::Role;

#[tokio::test]
async fn ratings_are_one_per_teacher_changeable_and_ranked_by_a_bayesian_average() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("লেখক", "01713330001").await;
    let ch = chapter(&app, 5, "math", 4).await;
    let lone = shared_pdf(&app, &author, ch, "Average lone").await;
    let popular = shared_pdf(&app, &author, ch, "Average popular").await;

    let mut voters = Vec::new();
    for n in 0..12 {
        voters.push(app.teacher(&format!("ভোটার {n}"), &format!("0171333{:04}", 100 + n)).await.1);
    }
    let app = &app;
    let rate = |id: i64, token: String, stars: i64| async move {
        app.api(Method::PUT, &format!("/api/v1/contents/{id}/rating"), Some(json!({"stars": stars})), Some(&token))
            .await
    };
    assert_eq!(rate(lone, voters[0].clone(), 6).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rate(lone, voters[0].clone(), 5).await.status, StatusCode::OK);
    for v in &voters {
        rate(popular, v.clone(), 4).await;
    }
    let r = rate(popular, voters[0].clone(), 3).await;
    assert_eq!(r.json()["count"], 12, "changing a rating does not add one");
    assert!((r.json()["average"].as_f64().unwrap() - 3.9).abs() < 0.01);

    let top = app.api(Method::GET, &format!("/api/v1/contents?chapter_id={ch}&sort=top"), None, None).await.json();
    assert_eq!(top["items"][0]["id"], popular, "many good votes beat a single perfect one");
    let newest = app.api(Method::GET, &format!("/api/v1/contents?chapter_id={ch}&sort=new"), None, None).await.json();
    assert_eq!(newest["items"][0]["id"], popular);
    assert_eq!(newest["total"], 2);

    let mut phone = app.browser();
    phone.submit("/login", &[("login", "01713330100"), ("password", "shikkhok123")]).await;
    let r = phone.submit(&format!("/contents/{lone}/rating"), &[("stars", "২")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "Bangla digits accepted");
    let page = phone.get(&format!("/contents/{lone}")).await.text();
    assert!(page.contains("value=\"2\" checked"), "the teacher's own rating is shown");
}

#[tokio::test]
async fn comments_have_one_level_of_replies_and_a_15_minute_edit_window() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("লেখক", "01713330002").await;
    let (_, reader) = app.teacher("পাঠক", "01713330003").await;
    let (_, moderator) = app.with_role("মডারেটর", "01713330004", Role::Moderator).await;
    let id = shared_pdf(&app, &author, chapter(&app, 4, "english", 3).await, "Our country").await;
    let path = format!("/api/v1/contents/{id}/comments");

    let r = app.api(Method::POST, &path, Some(json!({"body": "খুব কাজের! ধন্যবাদ।"})), Some(&reader)).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let top = r.json()["id"].as_i64().unwrap();
    let told = app.api(Method::GET, "/api/v1/notifications", None, Some(&author)).await.json();
    assert!(told.to_string().contains(&format!("/contents/{id}#comment-{top}")), "the author is told: {told}");
    let r = app.api(Method::POST, &path, Some(json!({"body": "আপনাকেও ধন্যবাদ", "parent_id": top})), Some(&author)).await;
    let reply = r.json()["id"].as_i64().unwrap();
    let r = app.api(Method::POST, &path, Some(json!({"body": "তৃতীয় স্তর", "parent_id": reply})), Some(&reader)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "no replies to replies");
    assert_eq!(
        app.api(Method::POST, &path, Some(json!({"body": "   "})), Some(&reader)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let thread = app.api(Method::GET, &path, None, None).await.json();
    assert_eq!(thread[0]["replies"][0]["body"], "আপনাকেও ধন্যবাদ");

    let edit = format!("/api/v1/comments/{top}");
    assert_eq!(
        app.api(Method::PATCH, &edit, Some(json!({"body": "সম্পাদিত"})), Some(&author)).await.status,
        StatusCode::FORBIDDEN,
        "not the author's comment"
    );
    assert_eq!(
        app.api(Method::PATCH, &edit, Some(json!({"body": "খুব কাজের!"})), Some(&reader)).await.status,
        StatusCode::NO_CONTENT
    );
    batayon::content::entity::comment::Entity::update_many()
        .col_expr(
            batayon::content::entity::comment::Column::CreatedAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(16)),
        )
        .filter(batayon::content::entity::comment::Column::Id.eq(top))
        .exec(app.db())
        .await
        .unwrap();
    let late = app.api(Method::PATCH, &edit, Some(json!({"body": "দেরিতে"})), Some(&reader)).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(
        app.api(Method::DELETE, &format!("/api/v1/comments/{reply}"), None, Some(&reader)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.api(Method::DELETE, &format!("/api/v1/comments/{reply}"), None, Some(&moderator)).await.status,
        StatusCode::NO_CONTENT
    );
    // The moderator's deletion is logged against the content's comment, not
    // against a community comment that happens to have the same number.
    let logged = batayon::audit::for_subject(app.db(), batayon::ids::CommentId(reply)).await.unwrap();
    assert_eq!(logged.iter().map(|l| l.action.as_str()).collect::<Vec<_>>(), ["comment.delete"]);
    let community = batayon::items::ItemRef::new(batayon::items::ItemKind::Comment, reply);
    assert!(batayon::audit::for_subject(app.db(), community).await.unwrap().is_empty());
    assert_eq!(app.api(Method::DELETE, &edit, None, Some(&reader)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.api(Method::GET, &path, None, None).await.json(), json!([]), "nothing left to show");
}

#[tokio::test]
async fn a_report_reaches_the_queue_and_hiding_it_is_audited_and_told_to_the_author() {
    let app = TestApp::new().await;
    let (author_id, author) = app.teacher("লেখক", "01713330005").await;
    let (_, reader) = app.teacher("পাঠক", "01713330006").await;
    let (_, moderator) = app.with_role("মডারেটর", "01713330007", Role::Moderator).await;
    let id = shared_pdf(&app, &author, chapter(&app, 3, "science", 2).await, "Living things").await;
    let path = format!("/api/v1/contents/{id}/reports");
    assert_eq!(
        app.api(Method::POST, &path, Some(json!({"reason": "boring"})), Some(&reader)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = app
        .api(Method::POST, &path, Some(json!({"reason": "wrong_chapter", "detail": "এটি চতুর্থ শ্রেণির"})), Some(&reader))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(
        app.api(Method::POST, &path, Some(json!({"reason": "spam"})), Some(&reader)).await.status,
        StatusCode::CONFLICT,
        "one open report each"
    );

    assert_eq!(
        app.api(Method::GET, "/api/v1/moderation/reports", None, Some(&reader)).await.status,
        StatusCode::FORBIDDEN
    );
    let queue = app.api(Method::GET, "/api/v1/moderation/reports", None, Some(&moderator)).await.json();
    assert_eq!(queue[0]["content_id"], id);
    assert_eq!(queue[0]["reports"][0]["reason"], "wrong_chapter");

    let mut desk = app.browser();
    desk.submit("/login", &[("login", "01713330007"), ("password", "shikkhok123")]).await;
    let page = desk.get("/moderation/reports").await.text();
    assert!(page.contains("Living things") && page.contains("ভুল অধ্যায়ে রাখা"));
    let r = desk
        .submit(
            &format!("/contents/{id}/moderate"),
            &[("action", "hide"), ("reason", ""), ("back", "/moderation/reports")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is needed");
    let r = desk
        .submit(
            &format!("/contents/{id}/moderate"),
            &[("action", "hide"), ("reason", "ভুল অধ্যায়"), ("back", "/moderation/reports")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.api(Method::GET, &format!("/api/v1/contents/{id}"), None, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.api(Method::GET, "/api/v1/moderation/reports", None, Some(&moderator)).await.json(), json!([]));

    let log =
        batayon::audit::for_subject(app.db(), batayon::items::ItemRef::new(batayon::items::ItemKind::Content, id))
            .await
            .unwrap();
    assert_eq!(log.last().unwrap().action, "content.hide");
    let told = app.api(Method::GET, "/api/v1/notifications", None, Some(&author)).await.json();
    assert!(told[0]["text"].as_str().unwrap().contains("ভুল অধ্যায়"), "{told}");
    assert!(told[0]["text"].as_str().unwrap().contains("Living things"));
    let _ = author_id;

    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/moderation/contents/{id}/decision"),
            Some(json!({"action": "restore", "reason": "অধ্যায় ঠিক করা হয়েছে"})),
            Some(&moderator),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(app.api(Method::GET, &format!("/api/v1/contents/{id}"), None, None).await.status, StatusCode::OK);
}
