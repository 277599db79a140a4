//! Questions and answers: asking, answering, votes, accepting, edits with
//! history, duplicates, reputation and the safety of what teachers write.

use axum::http::{Method, StatusCode};
use serde_json::json;

use sea_orm::EntityTrait;

use crate::app::TestApp;

const BODY: &str = "প্রজেক্টর চালু হয়, কিন্তু ল্যাপটপ থেকে কোনো ছবি আসে না। HDMI তার বদলে দেখেছি।";

async fn ask(app: &TestApp, token: &str, title: &str) -> i64 {
    let r = app
        .api(
            Method::POST,
            "/api/v1/questions",
            Some(json!({"title": title, "body": BODY, "tags": ["projector", "ict"]})),
            Some(token),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_i64().unwrap()
}

async fn answer(app: &TestApp, token: &str, q: i64, body: &str) -> i64 {
    let r = app
        .api(Method::POST, &format!("/api/v1/questions/{q}/answers"), Some(json!({"body": body})), Some(token))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_i64().unwrap()
}

async fn reputation(app: &TestApp, user: i64) -> i64 {
    app.api(Method::GET, &format!("/api/v1/users/{user}/reputation"), None, None).await.json()["points"]
        .as_i64()
        .unwrap()
}

async fn vote(app: &TestApp, token: &str, what: &str, id: i64, value: i32) -> crate::app::Reply {
    app.api(Method::PUT, &format!("/api/v1/{what}/{id}/vote"), Some(json!({"value": value})), Some(token)).await
}

#[tokio::test]
async fn asked_at_night_answered_and_accepted_by_morning() {
    let app = TestApp::new().await;
    let (asker, asker_token) = app.teacher("রুমানা আক্তার", "01710000101").await;
    let (helper, helper_token) = app.teacher("সাইফুল ইসলাম", "01710000102").await;
    let q = ask(&app, &asker_token, "ল্যাপটপ থেকে প্রজেক্টরে ছবি আসছে না").await;
    let a = answer(&app, &helper_token, q, "ল্যাপটপে Windows + P চাপুন, তারপর Duplicate বেছে নিন।").await;

    // The asker hears of the answer.
    let n = app.api(Method::GET, "/api/v1/notifications", None, Some(&asker_token)).await.json();
    assert!(n.to_string().contains(&format!("/questions/{q}#answer-{a}")), "{n}");

    // Only the asker accepts.
    let r = app.api(Method::POST, &format!("/api/v1/answers/{a}/accept"), None, Some(&helper_token)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["code"], "only_asker");
    assert_eq!(reputation(&app, helper).await, 0);

    let r = app.api(Method::POST, &format!("/api/v1/answers/{a}/accept"), None, Some(&asker_token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["accepted_answer_id"], a);
    assert_eq!(reputation(&app, helper).await, 15, "the helper earns the accepted answer's points");
    assert_eq!(reputation(&app, asker).await, 2);
    let n = app.api(Method::GET, "/api/v1/notifications", None, Some(&helper_token)).await.json();
    assert!(n.to_string().contains("accepted") || n.to_string().contains("গৃহীত"), "{n}");

    // Accepting it again changes nothing; the page shows the mark.
    app.api(Method::POST, &format!("/api/v1/answers/{a}/accept"), None, Some(&asker_token)).await;
    assert_eq!(reputation(&app, helper).await, 15);
    let page = app.browser().get(&format!("/questions/{q}")).await.text();
    assert!(page.contains(&format!("id=\"answer-{a}\"")) && page.contains("class=\"answer accepted\""));
}

#[tokio::test]
async fn votes_move_points_and_withdrawing_takes_them_back() {
    let app = TestApp::new().await;
    let (asker, asker_token) = app.teacher("নাসরিন", "01710000111").await;
    let (helper, helper_token) = app.teacher("মাহমুদ", "01710000112").await;
    let (_, voter_token) = app.teacher("পলাশ", "01710000113").await;
    let q = ask(&app, &asker_token, "ট্যাবলেটে বাংলা লেখা যাচ্ছে না").await;
    let a = answer(&app, &helper_token, q, "সেটিংস থেকে কিবোর্ডে বাংলা (অভ্র) যোগ করুন।").await;

    // Not on one's own.
    let r = vote(&app, &asker_token, "questions", q, 1).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["code"], "own_item");
    assert_eq!(vote(&app, &helper_token, "answers", a, 1).await.status, StatusCode::FORBIDDEN);

    let r = vote(&app, &voter_token, "answers", a, 1).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json(), json!({"score": 1, "my_vote": 1}));
    assert_eq!(reputation(&app, helper).await, 10);
    assert_eq!(vote(&app, &voter_token, "questions", q, 1).await.json()["score"], 1);
    assert_eq!(reputation(&app, asker).await, 5);
    // The kept page is shared; each viewer's own votes are not.
    let seen_by = |token: Option<String>| {
        let app = &app;
        async move { app.api(Method::GET, &format!("/api/v1/questions/{q}"), None, token.as_deref()).await.json() }
    };
    let voter_view = seen_by(Some(voter_token.clone())).await;
    assert_eq!((voter_view["my_vote"].as_i64(), voter_view["answers"][0]["my_vote"].as_i64()), (Some(1), Some(1)));
    let other_view = seen_by(Some(helper_token.clone())).await;
    assert_eq!((other_view["my_vote"].as_i64(), other_view["score"].as_i64()), (Some(0), Some(1)));
    assert_eq!(seen_by(None).await["answers"][0]["my_vote"], 0);

    // The same vote twice counts once; withdrawing reverses exactly.
    assert_eq!(vote(&app, &voter_token, "answers", a, 1).await.json()["score"], 1);
    assert_eq!(reputation(&app, helper).await, 10);
    assert_eq!(vote(&app, &voter_token, "answers", a, 0).await.json(), json!({"score": 0, "my_vote": 0}));
    assert_eq!(reputation(&app, helper).await, 0, "a withdrawn vote takes its points back");
    let history = app.api(Method::GET, &format!("/api/v1/users/{helper}/reputation"), None, None).await.json();
    let reasons: Vec<&str> =
        history["history"].as_array().unwrap().iter().map(|h| h["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, ["withdrawn", "answer-upvoted"], "the history keeps both lines");

    // Voting down needs points the new voter does not have yet.
    let r = vote(&app, &voter_token, "answers", a, -1).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["code"], "privilege_needed");
    assert_eq!(vote(&app, &voter_token, "answers", a, 2).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A page vote is a plain form.
    let mut voter = app.browser();
    voter.sign_up("ফারহানা", "01710000114").await;
    let r = voter.submit(&format!("/answers/{a}/vote"), &[("value", "1")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), format!("/questions/{q}#answer-{a}"));
    assert_eq!(reputation(&app, helper).await, 10);
    let page = voter.get(&format!("/questions/{q}")).await.text();
    assert_eq!(page.matches("aria-pressed=\"true\"").count(), 1, "her own up vote shows pressed, only hers");
    let other = app.browser().get(&format!("/questions/{q}")).await.text();
    assert!(!other.contains("aria-pressed=\"true\""));
}

#[tokio::test]
async fn the_daily_cap_limits_points_from_votes() {
    let app = TestApp::new().await;
    let (helper, helper_token) = app.teacher("সাহায্যকারী", "01710000121").await;
    let (_, asker_token) = app.teacher("প্রশ্নকারী", "01710000122").await;
    let q = ask(&app, &asker_token, "মাল্টিমিডিয়া ক্লাসে শব্দ আসে না কেন").await;
    let mut answers = Vec::new();
    for i in 0..3 {
        answers.push(answer(&app, &helper_token, q, &format!("স্পিকারের তার আর ভলিউম দেখুন, উপায় নম্বর {i}।")).await);
    }
    // 21 colleagues each vote up all three answers: 630 points' worth.
    for v in 0..21 {
        let (_, t) = app.teacher(&format!("ভোটদাতা {v}"), &format!("0171100{:04}", 200 + v)).await;
        for a in &answers {
            assert_eq!(vote(&app, &t, "answers", *a, 1).await.status, StatusCode::OK);
        }
    }
    assert_eq!(reputation(&app, helper).await, batayon::questions::reputation::DAILY_CAP);
}

#[tokio::test]
async fn edits_keep_a_history_with_what_changed() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("লেখক", "01710000131").await;
    let (_, other) = app.teacher("অন্য শিক্ষক", "01710000132").await;
    let q = ask(&app, &token, "ক্লাসে ইন্টারনেট ছাড়া ভিডিও দেখাব কীভাবে").await;
    let change = json!({"title": "ক্লাসে ইন্টারনেট ছাড়া ভিডিও কীভাবে দেখাব", "body": format!("{BODY}\nপেনড্রাইভে আছে।"), "note": "পেনড্রাইভের কথা"});
    let r = app.api(Method::PATCH, &format!("/api/v1/questions/{q}"), Some(change.clone()), Some(&other)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "others need the editing privilege");
    let r = app.api(Method::PATCH, &format!("/api/v1/questions/{q}"), Some(change), Some(&token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let revs = app.api(Method::GET, &format!("/api/v1/questions/{q}/revisions"), None, None).await.json();
    assert_eq!(revs.as_array().unwrap().len(), 2);
    let diff = revs[1]["diff"].as_array().unwrap();
    assert!(diff.iter().any(|d| d["sign"] == "+" && d["text"] == "পেনড্রাইভে আছে।"), "{diff:?}");
    assert!(diff.iter().any(|d| d["sign"] == "-" && d["text"].as_str().unwrap().contains("দেখাব কীভাবে")));
    let page = app.browser().get(&format!("/questions/{q}/revisions")).await.text();
    assert!(page.contains("class=\"ins\">+ পেনড্রাইভে আছে।"), "the page shows the diff");
}

#[tokio::test]
async fn what_teachers_write_comes_back_inert() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("পরীক্ষক", "01710000141").await;
    let (_, other) = app.teacher("উত্তরদাতা", "01710000142").await;
    let evil =
        "<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) \"><svg onload=alert(4)>";
    let r = app
        .api(
            Method::POST,
            "/api/v1/questions",
            Some(json!({"title": format!("শিরোনাম {evil}"), "body": format!("বিস্তারিত {evil}"), "tags": ["<script>x", "\"><svg onload=a>"]})),
            Some(&token),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.header("content-type").as_deref(), Some("application/json"));
    let q = r.json()["id"].as_i64().unwrap();
    let html = r.json()["body_html"].as_str().unwrap().to_owned();
    for bad in ["<script", "onerror", "javascript:", "onload"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    answer(&app, &other, q, &format!("উত্তর {evil}")).await;
    let page = app.browser().get(&format!("/questions/{q}")).await.text();
    for bad in ["<script>alert", "<img src=\"x\" onerror", "<svg onload", "href=\"javascript:"] {
        assert!(!page.contains(bad), "{bad} on the page");
    }
    assert!(page.contains("&lt;script&gt;") || page.contains("&#60;script&#62;"), "the title is escaped, not dropped");
    let list = app.browser().get("/questions").await.text();
    assert!(!list.contains("<script>alert") && !list.contains("<svg onload"));
}

#[tokio::test]
async fn similar_questions_before_posting_and_duplicates_closed() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("প্রথম", "01710000151").await;
    let first = ask(&app, &token, "প্রজেক্টরে ল্যাপটপের ছবি আসছে না").await;
    let mut b = app.browser();
    b.sign_up("দ্বিতীয়", "01710000152").await;
    let fields = [("title", "ল্যাপটপের ছবি প্রজেক্টরে আসছে না কেন"), ("body", BODY), ("tags", "projector")];
    let r = b.submit("/questions/ask", &fields).await;
    assert_eq!(r.status, StatusCode::OK, "the form comes back with similar questions first");
    assert!(r.text().contains(&format!("/questions/{first}")) && r.text().contains("name=\"confirmed\""));
    let mut confirmed = fields.to_vec();
    confirmed.push(("confirmed", "1"));
    let r = b.submit("/questions/ask", &confirmed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let second: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    let similar = app
        .api(
            Method::GET,
            &format!("/api/v1/questions/similar?title={}", batayon::web::context::urlencode("প্রজেক্টরে ছবি আসছে না")),
            None,
            None,
        )
        .await
        .json();
    assert!(similar.as_array().unwrap().len() >= 2, "{similar}");

    // The asker closes hers as a duplicate; no more answers there.
    let r = b.submit(&format!("/questions/{second}/duplicate"), &[("duplicate_of", &format!("#{first}"))]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/questions/{second}/answers"),
            Some(json!({"body": "এটা একটা উত্তর, যথেষ্ট লম্বা।"})),
            Some(&token),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["code"], "question_closed");
    let r = app.api(Method::GET, "/api/v1/questions?sort=unanswered", None, None).await.json();
    let ids: Vec<i64> = r["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [first], "closed questions leave the unanswered list");
}

#[tokio::test]
async fn forms_refuse_bad_input_in_the_teachers_language() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    b.sign_up("শিক্ষক", "01710000161").await;
    let r = b.submit("/questions/ask", &[("title", "ছোট"), ("body", "কম"), ("tags", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(text.contains("প্রশ্নটি অন্তত ১০ অক্ষরে লিখুন।") && text.contains("অন্তত ২০ অক্ষর লিখুন।"), "{text}");
    assert!(text.contains("value=\"ছোট\""), "what was typed is kept");
    let r = app.api(Method::GET, "/api/v1/questions?sort=loud", None, None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app.api(Method::POST, "/api/v1/questions", Some(json!({"title": "x"})), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn good_ratings_of_shared_contents_earn_reputation_and_lose_it_when_changed() {
    let app = TestApp::new().await;
    let (author, author_token) = app.teacher("কনটেন্ট নির্মাতা", "01710000171").await;
    let (_, rater) = app.teacher("রেটিংদাতা", "01710000172").await;
    let ch = crate::content::chapter(&app, 3, "math", 1).await;
    let id = crate::content::shared_pdf(&app, &author_token, ch, "ভাগের কার্যপত্র").await;
    let rate = |stars: i32| {
        let rater = rater.clone();
        let app = &app;
        async move {
            let r = app
                .api(Method::PUT, &format!("/api/v1/contents/{id}/rating"), Some(json!({"stars": stars})), Some(&rater))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        }
    };
    rate(5).await;
    assert_eq!(reputation(&app, author).await, 5);
    rate(4).await;
    assert_eq!(reputation(&app, author).await, 5, "still a good rating: no second award");
    rate(3).await;
    assert_eq!(reputation(&app, author).await, 0, "taken back when the rating drops");
}

#[tokio::test]
async fn comments_under_questions_answers_and_ideas() {
    let app = TestApp::new().await;
    let (_, asker) = app.teacher("প্রশ্নকারী", "01710000181").await;
    let (_, helper) = app.teacher("সাহায্যকারী", "01710000182").await;
    let (_, stranger) = app.teacher("অচেনা", "01710000183").await;
    let q = ask(&app, &asker, "ক্লাসের ল্যাপটপে শব্দ আসছে না কেন").await;
    let a = answer(&app, &helper, q, "স্পিকারের ভলিউম আর তার দেখুন, তারপর আবার চেষ্টা করুন।").await;
    let post = |path: String, token: String, body: &'static str| {
        let app = &app;
        async move { app.api(Method::POST, &path, Some(json!({"body": body})), Some(&token)).await }
    };
    // The asker may comment under answers to her question; the helper
    // under his own answer; a stranger with no points may not.
    let r = post(format!("/api/v1/answers/{a}/comments"), asker.clone(), "কোন তারটা দেখব?").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(
        post(format!("/api/v1/answers/{a}/comments"), helper.clone(), "অডিও তার।").await.status,
        StatusCode::CREATED
    );
    let r = post(format!("/api/v1/questions/{q}/comments"), stranger.clone(), "আমারও একই সমস্যা <b>ভাই</b>").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["code"], "privilege_needed");
    assert_eq!(
        post(format!("/api/v1/answers/{a}/comments"), asker.clone(), " ").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let view = app.api(Method::GET, &format!("/api/v1/questions/{q}"), None, None).await.json();
    let texts: Vec<&str> =
        view["answers"][0]["comments"].as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap()).collect();
    assert_eq!(texts, ["কোন তারটা দেখব?", "অডিও তার।"]);
    let n = app.api(Method::GET, "/api/v1/notifications", None, Some(&helper)).await.json();
    assert!(n.to_string().contains("#comment-"), "the helper hears of the comment: {n}");

    // Ideas take comments from anyone signed in; HTML comes back escaped.
    let idea = app
        .api(Method::POST, "/api/v1/ideas", Some(json!({"kind": "idea", "scope": "national", "title": "প্রতি স্কুলে একটি করে স্পিকার দেওয়া হোক", "body": "শব্দ ছাড়া ভিডিও ক্লাস অর্ধেক কাজে লাগে। ছোট একটি স্পিকারই যথেষ্ট।"})), Some(&asker))
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    let r = post(format!("/api/v1/ideas/{idea}/comments"), stranger.clone(), "একমত <script>alert(1)</script>").await;
    assert_eq!(r.status, StatusCode::CREATED);
    let page = app.browser().get(&format!("/ideas/{idea}")).await.text();
    assert!(page.contains("একমত") && !page.contains("<script>alert(1)"));
}

#[tokio::test]
async fn the_ask_form_takes_a_class_and_subject_and_lists_filter_by_them() {
    let app = TestApp::new().await;
    let mut b = app.browser();
    b.sign_up("চতুর্থ শ্রেণির শিক্ষক", "01710000191").await;
    let fields = [
        ("title", "চতুর্থ শ্রেণিতে ভাগ শেখানোর সহজ উপায় কী"),
        ("body", BODY),
        ("tags", ""),
        ("class", "৪"),
        ("subject", "math"),
        ("confirmed", "1"),
    ];
    let r = b.submit("/questions/ask", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let id: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    let q = app.api(Method::GET, &format!("/api/v1/questions/{id}"), None, None).await.json();
    assert_eq!(q["class"], 4);
    let subject = q["subject_id"].as_i64().expect("the subject of class 4 with code math");
    let listed =
        app.api(Method::GET, &format!("/api/v1/questions?class=4&subject_id={subject}"), None, None).await.json();
    assert_eq!(listed["total"], 1);
    assert_eq!(app.api(Method::GET, "/api/v1/questions?class=5", None, None).await.json()["total"], 0);
}

#[tokio::test]
async fn a_new_account_writes_five_things_an_hour_across_questions_posts_and_ideas() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("নতুন শিক্ষক", "01710000491").await;
    let q = ask(&app, &token, "প্রজেক্টরে ছবি আসে কিন্তু শব্দ আসে না, কী করব?").await;
    answer(&app, &token, q, "অডিও তারটা ল্যাপটপের হেডফোন জ্যাকে লাগিয়ে দেখুন, আমার হয়েছিল।").await;
    for title in ["ক্লাসে মোবাইলে ছবি তুলে বিজ্ঞান", "বর্ষায় চরের স্কুলে পড়ানো"]
    {
        let post = json!({"title": title, "body": "শিশুরা পাতা খুঁজে ছবি তুলল, তারপর ক্লাসে মিলিয়ে দেখলাম।", "category": "pedagogy", "publish": true});
        let r = app.api(Method::POST, "/api/v1/posts", Some(post), Some(&token)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    }
    let idea = json!({"kind": "suggestion", "title": "প্রতিটি উপজেলায় একটি প্রজেক্টর মেরামত কেন্দ্র", "body": "নষ্ট প্রজেক্টর মাসের পর মাস পড়ে থাকে; উপজেলায় মেরামত হলে ক্লাস চলে।", "scope": "national"});
    let r = app.api(Method::POST, "/api/v1/ideas", Some(idea.clone()), Some(&token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

    // The sixth, of any kind, waits; the message names the limit.
    let r = app.api(Method::POST, "/api/v1/ideas", Some(idea), Some(&token)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    assert_eq!(r.json()["code"], "quota_exceeded");
    assert!(r.json()["detail"].as_str().unwrap().contains('৫'), "names the limit: {}", r.text());
    let post = json!({"title": "আরেকটি লেখা", "body": "আজ ক্লাসে যা হলো তা নিয়ে কয়েকটি কথা লিখছি।", "category": "pedagogy"});
    let r = app.api(Method::POST, "/api/v1/posts", Some(post), Some(&token)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "drafts count too: {}", r.text());

    // Comments have their own, larger share.
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/questions/{q}/comments"),
            Some(json!({"body": "আরও একটা কথা"})),
            Some(&token),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
}

#[tokio::test]
async fn accepting_many_times_at_once_awards_the_points_once() {
    let app = TestApp::new().await;
    let (asker, asker_token) = app.teacher("তাড়াহুড়ো প্রশ্নকারী", "01710000601").await;
    let (helper, helper_token) = app.teacher("প্রথম উত্তরদাতা", "01710000602").await;
    let (other, other_token) = app.teacher("দ্বিতীয় উত্তরদাতা", "01710000603").await;
    let q = ask(&app, &asker_token, "পুরোনো কম্পিউটারে বাংলা ফন্ট ভেঙে যায় কেন").await;
    let a = answer(&app, &helper_token, q, "ইউনিকোড ফন্ট (যেমন নিকস) বসিয়ে নিন, তারপর আবার খুলুন।").await;
    let b = answer(&app, &other_token, q, "অপারেটিং সিস্টেম হালনাগাদ করলে ফন্ট ঠিকমতো আসে।").await;
    let accept = |id: i64| {
        let (app, token) = (&app, asker_token.clone());
        async move { app.api(Method::POST, &format!("/api/v1/answers/{id}/accept"), None, Some(&token)).await.status }
    };

    // Twenty taps of "accept" arrive together: one award.
    let statuses = futures_util::future::join_all((0..20).map(|_| accept(a))).await;
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    assert_eq!(reputation(&app, helper).await, 15);
    assert_eq!(reputation(&app, asker).await, 2);
    let history = app.api(Method::GET, &format!("/api/v1/users/{helper}/reputation"), None, None).await.json();
    assert_eq!(history["history"].as_array().unwrap().len(), 1, "one line in the ledger: {history}");

    // Moving the mark back and forth at once still leaves one accepted answer's worth.
    let statuses = futures_util::future::join_all((0..20).map(|i| accept(if i % 2 == 0 { b } else { a }))).await;
    // (One that keeps losing the race may be asked to try again, never fail.)
    let fine = [StatusCode::OK, StatusCode::SERVICE_UNAVAILABLE];
    assert!(statuses.iter().all(|s| fine.contains(s)), "{statuses:?}");
    // Read from the database: the page's shared view may be a few seconds old.
    let accepted = batayon::questions::entity::question::Entity::find_by_id(batayon::ids::QuestionId(q))
        .one(app.db())
        .await
        .unwrap()
        .unwrap()
        .accepted_answer_id
        .unwrap()
        .0;
    let (winner, loser) = if accepted == a { (helper, other) } else { (other, helper) };
    assert_eq!((reputation(&app, winner).await, reputation(&app, loser).await), (15, 0));
    assert_eq!(reputation(&app, asker).await, 2);

    // Moved away and back, one at a time, the points follow the mark.
    let (first, second) = if accepted == a { (b, a) } else { (a, b) };
    assert_eq!(accept(first).await, StatusCode::OK);
    assert_eq!(accept(second).await, StatusCode::OK);
    assert_eq!((reputation(&app, winner).await, reputation(&app, loser).await), (15, 0));
    assert_eq!(reputation(&app, asker).await, 2);
}

#[tokio::test]
async fn moving_the_accepted_mark_off_a_hidden_answer_takes_its_points_back() {
    let app = TestApp::new().await;
    let (asker, asker_token) = app.teacher("লুকোনো প্রশ্নকারী", "01710000611").await;
    let (helper, helper_token) = app.teacher("লুকোনো উত্তরদাতা", "01710000612").await;
    let (other, other_token) = app.teacher("আরেক উত্তরদাতা", "01710000613").await;
    let q = ask(&app, &asker_token, "ক্লাসে মোবাইল ফোন ব্যবহারের নিয়ম কী হওয়া উচিত").await;
    let a = answer(&app, &helper_token, q, "প্রথম দিনেই সবাই মিলে নিয়ম লিখে দেয়ালে টাঙিয়ে দিন।").await;
    let b = answer(&app, &other_token, q, "ফোন জমা রাখার একটা ঝুড়ি রাখুন, ছুটিতে ফেরত দিন।").await;
    let accept = |id: i64| {
        let (app, token) = (&app, asker_token.clone());
        async move { app.api(Method::POST, &format!("/api/v1/answers/{id}/accept"), None, Some(&token)).await.status }
    };
    assert_eq!(accept(a).await, StatusCode::OK);
    assert_eq!(reputation(&app, helper).await, 15);
    // A moderator hides the accepted answer (say, it was reported as spam).
    let txn = sea_orm::TransactionTrait::begin(&app.state.db).await.unwrap();
    let answer = batayon::items::ItemRef::new(batayon::items::ItemKind::Answer, a);
    batayon::discussion::hiding::set_hidden(&app.state, &txn, answer, true).await.unwrap();
    txn.commit().await.unwrap();
    // The asker moves the mark to another answer: one accepted answer's worth stands.
    assert_eq!(accept(b).await, StatusCode::OK);
    assert_eq!(reputation(&app, other).await, 15);
    assert_eq!(
        (reputation(&app, helper).await, reputation(&app, asker).await),
        (0, 2),
        "the hidden answer's award and the asker's first thanks are taken back"
    );
}
