//! Blogs: drafts kept on the server, publishing, likes, and safety.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;

#[tokio::test]
async fn a_draft_is_kept_whatever_state_it_is_in_and_published_when_complete() {
    let app = TestApp::new().await;
    let mut writer = app.browser();
    writer.sign_up("লেখিকা", "01710000401").await;

    // Half a sentence, no title: the draft is still kept.
    let r = writer
        .submit(
            "/posts/new",
            &[
                ("title", ""),
                ("body", "বিদ্যুৎ চলে যাওয়ার আগে"),
                ("category", "classroom_stories"),
                ("tags", ""),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let edit = r.location();
    assert!(edit.ends_with("/edit?saved=1"), "{edit}");
    let id: i64 = edit.split('/').nth(2).unwrap().parse().unwrap();
    let form = writer.get(&format!("/posts/{id}/edit")).await.text();
    assert!(form.contains("বিদ্যুৎ চলে যাওয়ার আগে"), "the draft comes back");

    // Others cannot see a draft; it is not listed.
    assert_eq!(app.browser().get(&format!("/posts/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.api(Method::GET, "/api/v1/posts", None, None).await.json()["total"], 0);

    // Publishing needs a title and a body; a refusal keeps what was typed.
    let body = "বিদ্যুৎ চলে যাওয়ার আগে জানালার পাশে বসে আমরা গল্প দিয়ে ভগ্নাংশ শিখলাম। রুটি ভাগ করে চার ভাগের এক ভাগ বোঝানো সহজ হলো।";
    let r = writer
        .submit(
            &format!("/posts/{id}/edit"),
            &[
                ("title", "ছোট"),
                ("body", body),
                ("category", "classroom_stories"),
                ("tags", "ভগ্নাংশ"),
                ("action", "publish"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("প্রশ্নটি অন্তত ১০ অক্ষরে লিখুন।") || r.text().contains("১০ অক্ষর"));
    assert!(r.text().contains("রুটি ভাগ করে"), "the body typed is on the form again");

    // Preview without JavaScript: the rendered text under the form.
    let r = writer
        .submit(
            &format!("/posts/{id}/edit"),
            &[
                ("title", "অন্ধকার ক্লাসে ভগ্নাংশের গল্প"),
                ("body", &format!("**{body}**")),
                ("category", "classroom_stories"),
                ("tags", "ভগ্নাংশ"),
                ("action", "preview"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let preview = writer.get(&r.location()).await.text();
    assert!(
        preview.contains("id=\"preview\"") && preview.contains("<strong>বিদ্যুৎ"),
        "the preview shows the Markdown rendered"
    );

    let r = writer
        .submit(
            &format!("/posts/{id}/edit"),
            &[
                ("title", "অন্ধকার ক্লাসে ভগ্নাংশের গল্প"),
                ("body", body),
                ("category", "classroom_stories"),
                ("tags", "ভগ্নাংশ, গল্প"),
                ("action", "publish"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), format!("/posts/{id}"));
    let list = app.api(Method::GET, "/api/v1/posts?category=classroom_stories", None, None).await.json();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["tags"], json!(["গল্প", "ভগ্নাংশ"]));
    assert!(app.browser().get(&format!("/posts/{id}")).await.text().contains("রুটি ভাগ করে"));
}

#[tokio::test]
async fn autosave_through_the_api_and_likes() {
    let app = TestApp::new().await;
    let (author, token) = app.teacher("ব্লগার", "01710000411").await;
    let (_, reader) = app.teacher("পাঠক", "01710000412").await;
    let r = app.api(Method::POST, "/api/v1/posts", Some(json!({"title": "", "body": "প্রথম লাইন"})), Some(&token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["status"], "draft");
    let id = r.json()["id"].as_i64().unwrap();
    let path = format!("/api/v1/posts/{id}");
    let change = json!({"title": "ক্লাসে মোবাইল দিয়ে ছবি তুলে বিজ্ঞান", "body": "শিশুরা গাছের পাতা খুঁজে ছবি তুলল, তারপর ক্লাসে মিলিয়ে দেখলাম কোনটা কোন গাছের।", "category": "ict", "tags": ["বিজ্ঞান"]});
    assert_eq!(
        app.api(Method::PATCH, &path, Some(change.clone()), Some(&reader)).await.status,
        StatusCode::NOT_FOUND,
        "others' drafts do not exist for them"
    );
    assert_eq!(app.api(Method::PATCH, &path, Some(change.clone()), Some(&token)).await.status, StatusCode::OK);
    let mut publish = change;
    publish["publish"] = json!(true);
    let r = app.api(Method::PATCH, &path, Some(publish), Some(&token)).await;
    assert_eq!(r.json()["status"], "published");

    let vote = |t: String, v: i32| {
        let app = &app;
        let path = format!("/api/v1/posts/{id}/vote");
        async move { app.api(Method::PUT, &path, Some(json!({"value": v})), Some(&t)).await }
    };
    assert_eq!(vote(token.clone(), 1).await.status, StatusCode::FORBIDDEN, "not one's own");
    assert_eq!(vote(reader.clone(), 1).await.json(), json!({"score": 1, "my_vote": 1}));
    let rep = app.api(Method::GET, &format!("/api/v1/users/{author}/reputation"), None, None).await.json();
    assert_eq!(rep["points"], 5);
    assert_eq!(vote(reader, 0).await.json()["score"], 0);
    let rep = app.api(Method::GET, &format!("/api/v1/users/{author}/reputation"), None, None).await.json();
    assert_eq!(rep["points"], 0);
}

#[tokio::test]
async fn a_post_full_of_tricks_comes_back_inert() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("দুষ্টু", "01710000421").await;
    let evil = "<script>alert(1)</script> <a href=\"javascript:alert(2)\">x</a> <img src=x onerror=alert(3)> [y](https://example.org)";
    let r = app
        .api(Method::POST, "/api/v1/posts", Some(json!({"title": format!("শিরোনাম <script>alert(4)</script>"), "body": format!("লেখা {evil} এবং আরও কিছু কথা"), "category": "pedagogy", "tags": ["<b>x</b>"], "publish": true})), Some(&token))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let html = r.json()["body_html"].as_str().unwrap().to_owned();
    assert!(!html.contains("<script") && !html.contains("javascript:") && !html.contains("onerror"), "{html}");
    assert!(html.contains("rel=\"nofollow ugc noopener\""), "{html}");
    let id = r.json()["id"].as_i64().unwrap();
    for path in [format!("/posts/{id}"), "/posts".to_owned()] {
        let page = app.browser().get(&path).await.text();
        assert!(!page.contains("<script>alert") && !page.contains("onerror=") && !page.contains("<b>x</b>"), "{path}");
    }
}

#[tokio::test]
async fn pictures_go_through_media_and_show_only_with_a_visible_post() {
    let app = TestApp::new().await;
    let mut writer = app.browser();
    writer.sign_up("ছবিওয়ালা", "01710000431").await;
    let r = writer
        .submit(
            "/posts/new",
            &[
                ("title", "আমাদের বিদ্যালয়ের বাগান"),
                ("body", "শিশুরা নিজেরা বাগান করেছে।"),
                ("category", "classroom_stories"),
                ("tags", ""),
                ("action", "draft"),
            ],
        )
        .await;
    let id: i64 = r.location().split('/').nth(2).unwrap().parse().unwrap();
    let csrf = writer.csrf();
    let upload = |name: &str, bytes: Vec<u8>| picture_form(&csrf, name, &bytes);
    let (ct, body) = upload("garden.png", crate::fixtures::png(64, 48));
    let r = writer.post_raw(&format!("/posts/{id}/pictures"), &ct, body).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let draft = app.api(Method::GET, &format!("/api/v1/posts/{id}"), None, None).await;
    assert_eq!(draft.status, StatusCode::NOT_FOUND);
    let form = writer.get(&format!("/posts/{id}/edit")).await.text();
    let url = form.split("![](").nth(1).unwrap().split(')').next().unwrap().to_owned();
    assert!(url.starts_with("/pictures/"), "{url}");
    assert_eq!(app.browser().get(&url).await.status, StatusCode::NOT_FOUND, "a draft's picture is not public");

    // Not a picture: refused, whatever its name says.
    let (ct, body) = upload("notes.png", crate::fixtures::pdf("not a picture"));
    assert_eq!(
        writer.post_raw(&format!("/posts/{id}/pictures"), &ct, body).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let text = format!("শিশুরা নিজেরা বাগান করেছে। টমেটো, লাউ আর পুঁইশাক।\n\n![]({url})");
    let r = writer
        .submit(
            &format!("/posts/{id}/edit"),
            &[
                ("title", "আমাদের বিদ্যালয়ের বাগান"),
                ("body", &text),
                ("category", "classroom_stories"),
                ("tags", ""),
                ("action", "publish"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let shown = app.browser().get(&url).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.header("content-type").as_deref(), Some("image/png"));
    assert!(app.browser().get(&format!("/posts/{id}")).await.text().contains(&format!("<img src=\"{url}\"")));
}

/// The picture form as a browser sends it: the token first, then the file.
fn picture_form(csrf: &str, name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----batayon-picture-boundary";
    let mut body =
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n").into_bytes();
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"picture\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes());
    body.extend_from_slice(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn a_draft_is_its_authors_alone_and_a_moderators_edit_of_a_published_post_is_audited() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("ব্লগার", "01710000421").await;
    let (moderator, mod_token) =
        app.with_role("মডারেটর", "01710000422", batayon::accounts::model::Role::Moderator).await;
    let r = app.api(Method::POST, "/api/v1/posts", Some(json!({"title": "", "body": "অর্ধেক লেখা"})), Some(&token)).await;
    let id = r.json()["id"].as_i64().unwrap();
    let path = format!("/api/v1/posts/{id}");
    let change = json!({"title": "মডারেটরের লেখা শিরোনাম", "body": "অন্য কারও লেখা বাক্য, যা লেখক লেখেননি, এখানে বসানো হলো।", "category": "ict", "tags": [], "publish": true});

    // The moderator can neither read, rewrite, publish nor delete her draft.
    assert_eq!(app.api(Method::GET, &path, None, Some(&mod_token)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.api(Method::PATCH, &path, Some(change.clone()), Some(&mod_token)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.api(Method::DELETE, &path, None, Some(&mod_token)).await.status, StatusCode::NOT_FOUND);
    let mut m = app.browser();
    m.submit("/login", &[("login", "01710000422"), ("password", "shikkhok123")]).await;
    assert_eq!(m.get(&format!("/posts/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(m.get(&format!("/posts/{id}/edit")).await.status, StatusCode::NOT_FOUND);
    let mine = app.api(Method::GET, &path, None, Some(&token)).await.json();
    assert_eq!((mine["status"].as_str(), mine["body"].as_str()), (Some("draft"), Some("অর্ধেক লেখা")), "untouched");

    // Once she publishes, a moderator's edit is on the record under his name.
    let mut publish = change.clone();
    publish["title"] = json!("ক্লাসে মোবাইল দিয়ে ছবি তুলে বিজ্ঞান");
    let r = app.api(Method::PATCH, &path, Some(publish), Some(&token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = app.api(Method::PATCH, &path, Some(change), Some(&mod_token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let log = batayon::audit::store::recent(app.db(), 50).await.unwrap();
    assert!(
        log.iter().any(|e| e.action == "post.edit" && e.subject_id == id && e.actor_id.map(|a| a.0) == Some(moderator)),
        "the moderator's edit is audited"
    );
}
