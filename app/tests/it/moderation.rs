use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;
use batayon::accounts::model::Role;
use batayon::audit;
use batayon::institutions::store::{self as institutions, NewInstitution};

async fn waiting_teacher(app: &TestApp, name: &str, phone: &str, eiin: i64) -> (i64, String) {
    let district = batayon::places::store::district_by_name(app.db(), "Sunamganj").await.unwrap().unwrap();
    institutions::upsert(
        app.db(),
        NewInstitution {
            eiin,
            name: format!("হাওর বিদ্যালয় {eiin}"),
            district_id: district.id,
            upazila_id: None,
            level_code: "primary".into(),
        },
    )
    .await
    .unwrap();
    let (id, token) = app.teacher(name, phone).await;
    let r = app
        .api(
            Method::PUT,
            "/api/v1/me/profile",
            Some(json!({"designation": "প্রধান শিক্ষক", "institution": eiin.to_string(), "district_id": district.id})),
            Some(&token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["verification"], "pending");
    (id, token)
}

#[tokio::test]
async fn a_moderator_verifies_a_teacher_and_the_mark_and_audit_entry_appear() {
    let app = TestApp::new().await;
    let (teacher, _) = waiting_teacher(&app, "জান্নাতুল ফেরদৌস", "01720202020", 200001).await;
    let (moderator, _) = app.with_role("নাসরিন", "01721212121", Role::Moderator).await;
    let mut desk = app.browser();
    desk.submit("/login", &[("login", "01721212121"), ("password", "shikkhok123")]).await;
    let queue = desk.get("/moderation/verifications").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.text().contains("জান্নাতুল ফেরদৌস"));

    // The home page's figures (kept minutes at a time) count her at once on
    // this node (signed in: an anonymous visitor's page is kept 3 s whole).
    // The second figure of the page is the verified teachers.
    let verified = |home: &str| home.split("<strong>").nth(2).and_then(|p| p.split('<').next()).map(str::to_owned);
    let before = verified(&desk.get("/").await.text());
    let r = desk.submit(&format!("/moderation/verifications/{teacher}"), &[("decision", "verify")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let after = verified(&desk.get("/").await.text());
    assert_eq!((before.as_deref(), after.as_deref()), (Some("০"), Some("১")), "verified teachers on the home page");
    let public = app.browser().get(&format!("/teachers/{teacher}")).await.text();
    assert!(public.contains("class=\"verified\""), "the verified mark shows");
    assert!(!desk.get("/moderation/verifications").await.text().contains("id=\"teacher-"), "the queue is empty again");

    let log = audit::for_subject(app.db(), batayon::items::ItemRef::new(batayon::items::ItemKind::Teacher, teacher))
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, "teacher.verify");
    assert_eq!(log[0].actor_id, Some(batayon::ids::UserId(moderator)));

    let twice = desk.submit(&format!("/moderation/verifications/{teacher}"), &[("decision", "verify")]).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY, "a decided teacher is not decided again");
}

#[tokio::test]
async fn rejecting_needs_a_reason_which_the_teacher_then_sees() {
    let app = TestApp::new().await;
    let (teacher, teacher_token) = waiting_teacher(&app, "সুব্রত পাল", "01722222222", 200002).await;
    let (_, moderator) = app.with_role("মডারেটর", "01723232323", Role::Moderator).await;
    let path = format!("/api/v1/moderation/verifications/{teacher}");
    let r = app.api(Method::POST, &path, Some(json!({"decision": "reject", "reason": "  "})), Some(&moderator)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "reason");

    let reason = "EIIN আর প্রতিষ্ঠানের নাম মেলেনি";
    let r = app.api(Method::POST, &path, Some(json!({"decision": "reject", "reason": reason})), Some(&moderator)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let mine = app.api(Method::GET, "/api/v1/me/profile", None, Some(&teacher_token)).await.json();
    assert_eq!(mine["verification"], "rejected");
    assert_eq!(mine["verification_note"], reason);
    let public = app.api(Method::GET, &format!("/api/v1/teachers/{teacher}"), None, None).await.json();
    assert!(public.get("verification_note").is_none(), "the reason is for the teacher, not the public");
    let log = audit::for_subject(app.db(), batayon::items::ItemRef::new(batayon::items::ItemKind::Teacher, teacher))
        .await
        .unwrap();
    assert_eq!(log[0].action, "teacher.reject");
    assert!(log[0].detail.contains(reason));
}

#[tokio::test]
async fn teachers_cannot_moderate() {
    let app = TestApp::new().await;
    let (teacher, _) = waiting_teacher(&app, "অনিতা রায়", "01724242424", 200003).await;
    let (_, other) = app.teacher("অন্য শিক্ষক", "01725252525").await;
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/moderation/verifications/{teacher}"),
            Some(json!({"decision": "verify"})),
            Some(&other),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.api(Method::GET, "/api/v1/moderation/verifications", None, Some(&other)).await.status,
        StatusCode::FORBIDDEN
    );
    let mut phone = app.browser();
    phone.sign_up("পাতার শিক্ষক", "01726262626").await;
    assert_eq!(phone.get("/moderation/verifications").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        phone.submit(&format!("/moderation/verifications/{teacher}"), &[("decision", "verify")]).await.status,
        StatusCode::FORBIDDEN
    );
    let still = app.api(Method::GET, &format!("/api/v1/teachers/{teacher}"), None, None).await.json();
    assert_eq!(still["verification"], "pending");
}

#[tokio::test]
async fn changing_school_after_verification_sends_the_profile_back_to_the_queue() {
    let app = TestApp::new().await;
    let (teacher, token) = waiting_teacher(&app, "শহিদুল ইসলাম", "01727272727", 200004).await;
    let (_, moderator) = app.with_role("মডারেটর দুই", "01728282828", Role::Moderator).await;
    app.api(
        Method::POST,
        &format!("/api/v1/moderation/verifications/{teacher}"),
        Some(json!({"decision": "verify"})),
        Some(&moderator),
    )
    .await;
    let district = batayon::places::store::district_by_name(app.db(), "Sunamganj").await.unwrap().unwrap();
    institutions::upsert(
        app.db(),
        NewInstitution {
            eiin: 200005,
            name: "নতুন বিদ্যালয়".into(),
            district_id: district.id,
            upazila_id: None,
            level_code: "primary".into(),
        },
    )
    .await
    .unwrap();
    let same = app.api(Method::PUT, "/api/v1/me/profile", Some(json!({"designation": "প্রধান শিক্ষক", "institution": "200004", "district_id": district.id, "bio": "নতুন পরিচিতি"})), Some(&token)).await;
    assert_eq!(same.json()["verification"], "verified", "editing the bio keeps the mark");
    let moved = app
        .api(
            Method::PUT,
            "/api/v1/me/profile",
            Some(json!({"designation": "প্রধান শিক্ষক", "institution": "200005", "district_id": district.id})),
            Some(&token),
        )
        .await;
    assert_eq!(moved.json()["verification"], "pending");
}

#[tokio::test]
async fn a_decision_made_on_an_older_version_of_the_profile_is_refused() {
    let app = TestApp::new().await;
    let (teacher, token) = waiting_teacher(&app, "সংস্করণ", "01720202099", 200099).await;
    let (_, moderator) = app.with_role("যাচাইকারী", "01721212199", Role::Moderator).await;
    let queue = app.api(Method::GET, "/api/v1/moderation/verifications", None, Some(&moderator)).await;
    let seen = queue.json()[0]["version"].as_i64().expect("the queue shows each profile's version");
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    // The teacher changes her post while the moderator reads.
    let r = app
        .api(
            Method::PUT,
            "/api/v1/me/profile",
            Some(json!({"designation": "সহকারী শিক্ষক", "institution": "200099"})),
            Some(&token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let path = format!("/api/v1/moderation/verifications/{teacher}");
    let r = app.api(Method::POST, &path, Some(json!({"decision": "verify", "version": seen})), Some(&moderator)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let fresh =
        app.api(Method::GET, "/api/v1/moderation/verifications", None, Some(&moderator)).await.json()[0]["version"]
            .as_i64()
            .unwrap();
    let r = app.api(Method::POST, &path, Some(json!({"decision": "verify", "version": fresh})), Some(&moderator)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
}

#[tokio::test]
async fn a_moderator_cannot_verify_themselves_and_a_verified_teacher_who_changes_post_waits_again() {
    let app = TestApp::new().await;
    let (moderator_id, moderator) = waiting_teacher(&app, "নিজেই", "01720202098", 200098).await;
    batayon::accounts::store::set_role(app.db(), batayon::ids::UserId(moderator_id), Role::Moderator).await.unwrap();
    // As the administrators' page does: sessions cached on this node learn the new role.
    batayon::accounts::session::cache(&app.state).forget_user(batayon::ids::UserId(moderator_id));
    let path = format!("/api/v1/moderation/verifications/{moderator_id}");
    let r = app.api(Method::POST, &path, Some(json!({"decision": "verify"})), Some(&moderator)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let (teacher, token) = waiting_teacher(&app, "পদ বদল", "01720202097", 200097).await;
    let path = format!("/api/v1/moderation/verifications/{teacher}");
    let r = app.api(Method::POST, &path, Some(json!({"decision": "verify"})), Some(&moderator)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app
        .api(
            Method::PUT,
            "/api/v1/me/profile",
            Some(json!({"designation": "প্রধান শিক্ষক (ভারপ্রাপ্ত)", "institution": "200097"})),
            Some(&token),
        )
        .await;
    assert_eq!(r.json()["verification"], "pending", "a new post is verified anew");
}

#[tokio::test]
async fn blocked_words_refuse_whole_words_only() {
    let app = TestApp::new().await;
    app.with_role("মডারেটর", "01710000501", Role::Moderator).await;
    let mut desk = app.browser();
    desk.submit("/login", &[("login", "01710000501"), ("password", "shikkhok123")]).await;
    let r = desk.submit("/moderation/blocked-words", &[("word", "দুই শব্দ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "one word at a time");
    assert_eq!(desk.submit("/moderation/blocked-words", &[("word", "গাধা")]).await.status, StatusCode::SEE_OTHER);

    let (_, teacher) = app.teacher("শিক্ষক", "01710000502").await;
    let ask = |title: &'static str| {
        let app = &app;
        let teacher = teacher.clone();
        async move {
            let body = json!({"title": title, "body": "ক্লাসে একটি ঘটনা নিয়ে সহকর্মীদের পরামর্শ চাই, কী করা উচিত?"});
            app.api(Method::POST, "/api/v1/questions", Some(body), Some(&teacher)).await
        }
    };
    let r = ask("গাধাটানা গাড়ির অঙ্ক কীভাবে শেখাব").await;
    assert_eq!(r.status, StatusCode::CREATED, "a longer innocent word passes: {}", r.text());
    let r = ask("ছাত্রকে গাধা বলা কি ঠিক হয়েছে").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "title");
    let teacher_page = app.browser().get("/moderation/blocked-words").await;
    assert_ne!(teacher_page.status, StatusCode::OK, "only moderators see the list");
}

#[tokio::test]
async fn reported_answers_and_posts_go_to_the_same_queue_and_can_be_hidden() {
    let app = TestApp::new().await;
    let (_, asker) = app.teacher("প্রশ্নকারী", "01710000511").await;
    let (_, spammer_token) = app.teacher("বিজ্ঞাপনদাতা", "01710000512").await;
    let (_, reader) = app.teacher("পাঠক", "01710000513").await;
    let q = app
        .api(
            Method::POST,
            "/api/v1/questions",
            Some(json!({"title": "শ্রেণিকক্ষে শব্দদূষণ কমাব কীভাবে", "body": "বড় ক্লাসে শিশুরা খুব শব্দ করে, কথা শোনা যায় না।"})),
            Some(&asker),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let a = app
        .api(
            Method::POST,
            &format!("/api/v1/questions/{q}/answers"),
            Some(json!({"body": "সস্তায় মোবাইল কিনুন আমাদের দোকান থেকে, কল করুন এখনই!"})),
            Some(&spammer_token),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();

    // A teacher reports it from the page; again counts once.
    let mut b = app.browser();
    b.submit("/login", &[("login", "01710000513"), ("password", "shikkhok123")]).await;
    let back = format!("/questions/{q}#answer-{a}");
    let r =
        b.submit(&format!("/reports/answer/{a}"), &[("reason", "spam"), ("detail", "বিজ্ঞাপন"), ("back", &back)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), format!("/questions/{q}?notice=reported#answer-{a}"));
    assert!(b.get(&r.location()).await.text().contains("মডারেটররা আপনার রিপোর্ট দেখবেন"));
    let again = app
        .api(
            Method::POST,
            "/api/v1/reports",
            Some(json!({"item_kind": "answer", "item_id": a, "reason": "spam"})),
            Some(&reader),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let bad = app
        .api(
            Method::POST,
            "/api/v1/reports",
            Some(json!({"item_kind": "answer", "item_id": a, "reason": "boring"})),
            Some(&reader),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The moderator hides it from the queue, with a reason.
    app.with_role("মডারেটর", "01710000514", Role::Moderator).await;
    let mut desk = app.browser();
    desk.submit("/login", &[("login", "01710000514"), ("password", "shikkhok123")]).await;
    let queue = desk.get("/moderation/reports").await.text();
    assert!(queue.contains(&format!("id=\"item-answer-{a}\"")), "the answer is in the queue");
    let r = desk
        .submit(
            &format!("/moderation/items/answer/{a}"),
            &[("action", "hide"), ("reason", "বিজ্ঞাপন, শিক্ষার সঙ্গে সম্পর্ক নেই")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let view = app.api(Method::GET, &format!("/api/v1/questions/{q}"), None, None).await.json();
    assert_eq!(view["answers"].as_array().unwrap().len(), 0, "a hidden answer is not shown");
    assert!(!desk.get("/moderation/reports").await.text().contains(&format!("id=\"item-answer-{a}\"")));
    let n = app.api(Method::GET, "/api/v1/notifications", None, Some(&spammer_token)).await.json();
    assert!(n.to_string().contains("বিজ্ঞাপন, শিক্ষার সঙ্গে সম্পর্ক নেই"), "the author is told why: {n}");
    let log =
        audit::for_subject(app.db(), batayon::items::ItemRef::new(batayon::items::ItemKind::Answer, a)).await.unwrap();
    assert_eq!(log[0].action, "answer.hide");
}

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

#[tokio::test]
async fn a_trusted_teacher_reviews_community_reports_but_not_her_own_nor_contents() {
    let app = TestApp::new().await;
    let (_, author_token) = app.teacher("লেখক", "01710000521").await;
    let (_, reader) = app.teacher("পাঠক", "01710000522").await;
    let (trusted, trusted_token) = app.teacher("অভিজ্ঞ শিক্ষক", "01710000523").await;
    let post = |token: String, title: &'static str| {
        let app = &app;
        async move {
            let body = json!({"title": title, "body": "আজ ক্লাসে যা হলো তা নিয়ে কয়েকটি কথা লিখছি।", "category": "pedagogy", "publish": true});
            app.api(Method::POST, "/api/v1/posts", Some(body), Some(&token)).await.json()["id"].as_i64().unwrap()
        }
    };
    let spam = post(author_token, "সস্তায় মোবাইল কিনুন এখনই").await;
    let hers = post(trusted_token, "বর্ষায় চরের স্কুলে পড়ানো").await;
    for item in [spam, hers] {
        let report = json!({"item_kind": "post", "item_id": item, "reason": "spam"});
        assert_eq!(
            app.api(Method::POST, "/api/v1/reports", Some(report), Some(&reader)).await.status,
            StatusCode::CREATED
        );
    }

    let mut b = app.browser();
    b.submit("/login", &[("login", "01710000523"), ("password", "shikkhok123")]).await;
    assert_eq!(b.get("/moderation/reports").await.status, StatusCode::FORBIDDEN, "not without the privilege");
    let decide = [("action", "dismiss"), ("reason", "বিজ্ঞাপন নয়")];
    assert_eq!(b.submit(&format!("/moderation/items/post/{spam}"), &decide).await.status, StatusCode::FORBIDDEN);

    earned(&app, trusted, 500).await;
    let queue = b.get("/moderation/reports").await.text();
    assert!(queue.contains(&format!("id=\"item-post-{spam}\"")), "the reported post is in her queue");
    assert!(!queue.contains(&format!("id=\"item-post-{hers}\"")), "her own post is left to others");
    assert!(!queue.contains("/moderation/blocked-words"), "the moderators' tools are not hers");
    let r = b
        .submit(&format!("/moderation/items/post/{hers}"), &[("action", "dismiss"), ("reason", "আমার লেখা ঠিক আছে")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "nor may she judge it by address");

    let r = b.submit(&format!("/moderation/items/post/{spam}"), &[("action", "hide"), ("reason", "বিজ্ঞাপন")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.api(Method::GET, &format!("/api/v1/posts/{spam}"), None, None).await.status, StatusCode::NOT_FOUND);
    let r = b.submit(&format!("/moderation/items/post/{spam}"), &[("action", "restore"), ("reason", "ভুল হয়েছে")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "restoring is the moderators'");
    let log =
        audit::for_subject(app.db(), batayon::items::ItemRef::new(batayon::items::ItemKind::Post, spam)).await.unwrap();
    assert_eq!((log[0].action.as_str(), log[0].actor_id), ("post.hide", Some(batayon::ids::UserId(trusted))));
}

#[tokio::test]
async fn a_reviewer_judges_only_items_with_an_open_report() {
    let app = TestApp::new().await;
    let (_, author_token) = app.teacher("লেখক", "01710000531").await;
    let (_, reader) = app.teacher("পাঠক", "01710000532").await;
    let (trusted, _) = app.teacher("অভিজ্ঞ শিক্ষক", "01710000533").await;
    earned(&app, trusted, 500).await;
    let body = json!({"title": "শ্রেণিকক্ষে গাছ লাগানোর দিন", "body": "আজ ক্লাসে যা হলো তা নিয়ে কয়েকটি কথা লিখছি।", "category": "pedagogy", "publish": true});
    let post =
        app.api(Method::POST, "/api/v1/posts", Some(body), Some(&author_token)).await.json()["id"].as_i64().unwrap();
    let mut b = app.browser();
    b.submit("/login", &[("login", "01710000533"), ("password", "shikkhok123")]).await;
    let hide = [("action", "hide"), ("reason", "আমার পছন্দ হয়নি")];

    // Nobody reported it: not hers to judge.
    let r = b.submit(&format!("/moderation/items/post/{post}"), &hide).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    assert_eq!(app.api(Method::GET, &format!("/api/v1/posts/{post}"), None, None).await.status, StatusCode::OK);

    // Reported, then dismissed: closed reports do not count either.
    let report = json!({"item_kind": "post", "item_id": post, "reason": "spam"});
    let r = app.api(Method::POST, "/api/v1/reports", Some(report.clone()), Some(&reader)).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let dismiss = [("action", "dismiss"), ("reason", "বিজ্ঞাপন নয়")];
    assert_eq!(b.submit(&format!("/moderation/items/post/{post}"), &dismiss).await.status, StatusCode::SEE_OTHER);
    assert_eq!(b.submit(&format!("/moderation/items/post/{post}"), &hide).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.api(Method::GET, &format!("/api/v1/posts/{post}"), None, None).await.status, StatusCode::OK);

    // Reported again: now she may.
    let r = app.api(Method::POST, "/api/v1/reports", Some(report), Some(&reader)).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(b.submit(&format!("/moderation/items/post/{post}"), &hide).await.status, StatusCode::SEE_OTHER);
    let r = app.api(Method::GET, &format!("/api/v1/posts/{post}"), None, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_hidden_questions_answers_their_history_and_comments_are_not_found() {
    let app = TestApp::new().await;
    let (_, asker) = app.teacher("প্রশ্নকারী", "01710000541").await;
    let (_, helper) = app.teacher("উত্তরদাতা", "01710000542").await;
    let q = app
        .api(
            Method::POST,
            "/api/v1/questions",
            Some(json!({"title": "পরীক্ষার খাতা দেখার সহজ নিয়ম কী", "body": "একশো খাতা দুই দিনে দেখতে হবে, কীভাবে গুছিয়ে করব?"})),
            Some(&asker),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let a = app
        .api(
            Method::POST,
            &format!("/api/v1/questions/{q}/answers"),
            Some(json!({"body": "প্রশ্ন ধরে ধরে দেখুন, সব খাতায় এক প্রশ্ন আগে।"})),
            Some(&helper),
        )
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let r = app
        .api(Method::POST, &format!("/api/v1/answers/{a}/comments"), Some(json!({"body": "ধন্যবাদ!"})), Some(&asker))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // Shown while the question is.
    assert_eq!(app.browser().get(&format!("/answers/{a}")).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.api(Method::GET, &format!("/api/v1/answers/{a}/revisions"), None, None).await.status,
        StatusCode::OK
    );

    let (_, moderator) = app.with_role("মডারেটর", "01710000543", Role::Moderator).await;
    let mut desk = app.browser();
    desk.submit("/login", &[("login", "01710000543"), ("password", "shikkhok123")]).await;
    let r =
        desk.submit(&format!("/moderation/items/question/{q}"), &[("action", "hide"), ("reason", "ব্যক্তিগত তথ্য")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    for token in [None, Some(asker.as_str()), Some(helper.as_str()), Some(moderator.as_str())] {
        assert_eq!(
            app.api(Method::GET, &format!("/api/v1/questions/{q}"), None, token).await.status,
            StatusCode::NOT_FOUND
        );
        for path in [format!("/api/v1/answers/{a}/revisions"), format!("/api/v1/answers/{a}/comments")] {
            let r = app.api(Method::GET, &path, None, token).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.text());
        }
    }
    for path in [format!("/answers/{a}"), format!("/answers/{a}/revisions")] {
        let r = app.browser().get(&path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path} answers {} {}", r.status, r.location());
        let r = desk.get(&path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: as the question, so its answers");
    }
    let r = app
        .api(Method::POST, &format!("/api/v1/answers/{a}/comments"), Some(json!({"body": "আরেকটা কথা"})), Some(&asker))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "no comments under it either");
    let r = app.api(Method::POST, &format!("/api/v1/answers/{a}/accept"), None, Some(&asker)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn blocked_words_written_with_character_references_are_refused() {
    let app = TestApp::new().await;
    app.with_role("মডারেটর", "01710000551", Role::Moderator).await;
    let mut desk = app.browser();
    desk.submit("/login", &[("login", "01710000551"), ("password", "shikkhok123")]).await;
    assert_eq!(desk.submit("/moderation/blocked-words", &[("word", "idiot")]).await.status, StatusCode::SEE_OTHER);
    let (_, teacher) = app.teacher("শিক্ষক", "01710000552").await;
    let (_, asker) = app.teacher("প্রশ্নকারী", "01710000553").await;

    let question = |body: &'static str| {
        let (app, teacher) = (&app, teacher.clone());
        async move {
            let q = json!({"title": "ক্লাসের দুষ্টু ছাত্রকে কী বলব", "body": body});
            app.api(Method::POST, "/api/v1/questions", Some(q), Some(&teacher)).await
        }
    };
    for body in [
        "ক্লাসে একজন ছাত্রকে &#105;diot বলা হয়েছে, কী করা উচিত?",
        "ক্লাসে একজন ছাত্রকে &#x69;&#x64;iot বলা হয়েছে, কী করা উচিত?",
        "ক্লাসে একজন ছাত্রকে id<b></b>iot বলা হয়েছে, কী করা উচিত?",
        "ক্লাসে একজন ছাত্রকে id**i**ot বলা হয়েছে, কী করা উচিত?",
        "ক্লাসে একজন ছাত্রকে id&shy;iot বলা হয়েছে, কী করা উচিত?",
    ] {
        let r = question(body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", r.text());
        assert_eq!(r.json()["errors"][0]["field"], "body");
    }
    let r = question("ক্লাসে একজন ছাত্রকে বকা দেওয়া হয়েছে, কী করা উচিত? idiom শেখাচ্ছিলাম।").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

    let q = r.json()["id"].as_i64().unwrap();
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/questions/{q}/answers"),
            Some(json!({"body": "ওকে &#105;&#100;&#105;&#111;&#116; বলা ঠিক হয়নি, ক্ষমা চান।"})),
            Some(&asker),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.json()["errors"][0]["field"], "body");
}

#[tokio::test]
async fn a_content_and_an_answer_are_reported_through_one_system_and_one_queue() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("লেখক", "01710000551").await;
    let (_, reader) = app.teacher("পাঠক", "01710000552").await;
    let (_, moderator) = app.with_role("মডারেটর", "01710000553", Role::Moderator).await;
    let chapter = crate::content::chapter(&app, 3, "science", 2).await;
    let content = crate::content::shared_pdf(&app, &author, chapter, "Living things").await;
    let q = json!({"title": "বর্ষায় উপস্থিতি কমে গেলে কী করব", "body": "বর্ষায় অনেক শিশু স্কুলে আসতে পারে না, কী করা যায়?"});
    let q = app.api(Method::POST, "/api/v1/questions", Some(q), Some(&author)).await.json()["id"].as_i64().unwrap();
    let a = json!({"body": "সস্তায় মোবাইল কিনুন আমাদের দোকান থেকে, কল করুন এখনই!"});
    let answers = format!("/api/v1/questions/{q}/answers");
    let a = app.api(Method::POST, &answers, Some(a), Some(&author)).await.json()["id"].as_i64().unwrap();

    // One form for every kind; the reasons are the kind's own.
    let report = |kind: &str, id: i64, reason: &str| json!({"item_kind": kind, "item_id": id, "reason": reason});
    let file = |body| app.api(Method::POST, "/api/v1/reports", Some(body), Some(&reader));
    assert_eq!(file(report("answer", a, "copyright")).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(file(report("content", content, "off_topic")).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(file(report("course", 1, "spam")).await.status, StatusCode::NOT_FOUND, "a course is not reported");
    assert_eq!(file(report("content", content, "wrong_chapter")).await.status, StatusCode::CREATED);
    let again = format!("/api/v1/contents/{content}/reports");
    let r = app.api(Method::POST, &again, Some(json!({"reason": "spam"})), Some(&reader)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "the same open report, whichever address");
    assert_eq!(file(report("answer", a, "spam")).await.status, StatusCode::CREATED);

    let queue = app.api(Method::GET, "/api/v1/moderation/reports", None, Some(&moderator)).await.json();
    let kinds: Vec<&str> = queue.as_array().unwrap().iter().map(|i| i["item"]["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["content", "answer"], "{queue}");
    assert_eq!(queue[0]["content_id"], content);
    assert_eq!(queue[1]["reports"][0]["reason"], "spam");

    // One decision path: the answer by its kind and id, through the API.
    let decide = format!("/api/v1/moderation/items/answer/{a}/decision");
    let hide = json!({"action": "hide", "reason": "বিজ্ঞাপন"});
    let r = app.api(Method::POST, &decide, Some(hide.clone()), Some(&reader)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "not for a teacher without the privilege");
    let r = app.api(Method::POST, &decide, Some(json!({"action": "erase", "reason": "x"})), Some(&moderator)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.api(Method::POST, &decide, Some(hide), Some(&moderator)).await.status, StatusCode::NO_CONTENT);
    let view = app.api(Method::GET, &format!("/api/v1/questions/{q}"), None, None).await.json();
    assert_eq!(view["answers"].as_array().unwrap().len(), 0, "hidden");
    let queue = app.api(Method::GET, "/api/v1/moderation/reports", None, Some(&moderator)).await.json();
    assert_eq!(queue.as_array().unwrap().len(), 1, "the content is left: {queue}");
    assert_eq!(
        audit::for_subject(app.db(), batayon::items::ItemRef::new(batayon::items::ItemKind::Answer, a)).await.unwrap()
            [0]
        .action,
        "answer.hide"
    );
}

/// m0025 moves the reports on contents into the one report table, each
/// with its reason, status, decision and dates, after the table's own.
#[tokio::test]
async fn content_reports_move_into_the_one_report_table_with_their_decisions() {
    use batayon::moderation::store::report;
    use batayon::moderation::{ReportReason, ReportStatus};
    use chrono::TimeZone;
    use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
    use sea_orm_migration::MigratorTrait;

    let dir = tempfile::tempdir().unwrap();
    let postgres = crate::app::postgres_admin_url().is_some();
    let url = crate::app::empty_database_url(dir.path(), postgres).await;
    // One connection, so that turning the foreign keys off holds for it all.
    let url = if postgres { url } else { format!("{url}?mode=rwc") };
    let mut options = sea_orm::ConnectOptions::new(url);
    options.max_connections(1).sqlx_logging(false);
    let db = sea_orm::Database::connect(options).await.unwrap();
    batayon::db::migrations::Migrator::up(&db, Some(24)).await.unwrap();
    let off = if postgres { "SET session_replication_role = replica" } else { "PRAGMA foreign_keys = OFF" };
    db.execute_unprepared(off).await.unwrap();

    let filed = chrono::Utc.with_ymd_and_hms(2026, 10, 1, 4, 30, 0).unwrap();
    let decided = chrono::Utc.with_ymd_and_hms(2026, 10, 2, 9, 0, 0).unwrap();
    let sql = "INSERT INTO item_reports (item_kind, item_id, reporter_id, reason, detail, status, created_at) \
               VALUES ('answer', 7, 100, 'spam', '', 'open', $1)";
    db.execute_raw(batayon::db::numbered(&db, sql, vec![filed.into()])).await.unwrap();
    let sql = "INSERT INTO reports (id, content_id, reporter_id, reason, detail, status, decided_by, decision_note, \
               decided_at, created_at) VALUES \
               (1, 5, 100, 'wrong_chapter', 'চতুর্থ শ্রেণির', 'hidden', 200, 'ভুল অধ্যায়', $1, $2), \
               (2, 5, 101, 'copyright', '', 'open', NULL, NULL, NULL, $2)";
    db.execute_raw(batayon::db::numbered(&db, sql, vec![decided.into(), filed.into()])).await.unwrap();

    batayon::db::migrations::Migrator::up(&db, None).await.unwrap();
    let rows = report::Entity::find().order_by_asc(report::Column::Id).all(&db).await.unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].item_kind, batayon::items::ItemKind::Answer, "the table's own report stays first");
    let (hidden, open) = (&rows[1], &rows[2]);
    assert!(rows[0].id.0 < hidden.id.0 && hidden.id.0 < open.id.0, "in the order filed");
    assert_eq!(hidden.item(), batayon::items::ItemRef::new(batayon::items::ItemKind::Content, 5));
    assert_eq!((hidden.reason, hidden.status), (ReportReason::WrongChapter, ReportStatus::Hidden));
    assert_eq!(hidden.detail, "চতুর্থ শ্রেণির");
    assert_eq!(hidden.decided_by, Some(batayon::ids::UserId(200)));
    assert_eq!(hidden.decision_note.as_deref(), Some("ভুল অধ্যায়"));
    assert_eq!((hidden.decided_at, hidden.created_at), (Some(decided), filed));
    assert_eq!((open.reporter_id.0, open.reason, open.status), (101, ReportReason::Copyright, ReportStatus::Open));
    let gone = db.execute_unprepared("SELECT 1 FROM reports").await;
    assert!(gone.is_err(), "the old table is dropped");
}
