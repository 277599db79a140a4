//! Discovery: contents like this one on a content page, recommendations on
//! a teacher's home page (what teachers like her used, the best of her
//! classes) and what is popular this week in her district.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;
use crate::content::{chapter, shared_pdf};
use batayon::places::store as places;

/// The text of the page's section with this id ("" when there is none).
fn section(html: &str, id: &str) -> String {
    let Some(start) = html.find(&format!("id=\"{id}\"")) else { return String::new() };
    let rest = &html[start..];
    rest[..rest.find("</section>").unwrap_or(rest.len())].to_owned()
}

async fn page(app: &TestApp, path: &str, token: &str) -> String {
    let r = app.api(Method::GET, path, None, Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{path}");
    r.text()
}

async fn download(app: &TestApp, id: i64, token: &str) {
    let r = app.api(Method::GET, &format!("/api/v1/contents/{id}/file"), None, Some(token)).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_content_page_offers_contents_like_it_first_then_its_chapter() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("রহিমা খাতুন", "01710000701").await;
    let fractions = chapter(&app, 4, "math", 7).await;
    let other_math = chapter(&app, 4, "math", 2).await;
    let science = chapter(&app, 4, "science", 1).await;
    let sheet = shared_pdf(&app, &token, fractions, "ভগ্নাংশের যোগ: কার্যপত্র").await;
    let game = shared_pdf(&app, &token, other_math, "ভগ্নাংশ যোগের খেলা").await;
    let neighbour = shared_pdf(&app, &token, fractions, "অধ্যায়ের পুনরালোচনা").await;
    let unrelated = shared_pdf(&app, &token, science, "পাখির বাসা").await;
    batayon::worker::drain(&app.state).await.unwrap();

    // The first view looks in the background and shows the newest of the
    // chapter meanwhile; a later view shows what was found.
    let path = format!("/contents/{sheet}");
    let mut related = section(&page(&app, &path, &token).await, "related");
    for _ in 0..100 {
        if related.contains(&format!("/contents/{game}\"")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        batayon::content::shared::forget(&app.state, batayon::ids::ContentId(sheet));
        related = section(&page(&app, &path, &token).await, "related");
    }
    let at = |id: i64| related.find(&format!("/contents/{id}\""));
    let (game_at, neighbour_at) = (at(game).expect("like it by its words"), at(neighbour).expect("same chapter"));
    assert!(game_at < neighbour_at, "words first, then the chapter: {related}");
    assert!(at(unrelated).is_none(), "another subject with no shared word stays out: {related}");
    assert!(at(sheet).is_none(), "not itself");
}

#[tokio::test]
async fn a_teacher_is_recommended_what_teachers_like_her_used_and_the_best_of_her_classes() {
    let app = TestApp::new().await;
    let (_, author) = app.teacher("রহিমা খাতুন", "01710000711").await;
    let fractions = chapter(&app, 4, "math", 7).await;
    let science = chapter(&app, 4, "science", 1).await;
    let english = chapter(&app, 5, "english", 1).await;
    let a = shared_pdf(&app, &author, fractions, "ভগ্নাংশের কার্যপত্র").await;
    let b = shared_pdf(&app, &author, science, "উদ্ভিদের অংশ").await;
    let c = shared_pdf(&app, &author, english, "Greetings flash cards").await;
    let (_, peer) = app.teacher("বিমল দাস", "01710000712").await;
    let (_, me) = app.teacher("সুমাইয়া আক্তার", "01710000713").await;
    // Her peer used a and b; she used a; she teaches class 5 English.
    download(&app, a, &peer).await;
    let rated =
        app.api(Method::PUT, &format!("/api/v1/contents/{b}/rating"), Some(json!({"stars": 5})), Some(&peer)).await;
    assert_eq!(rated.status, StatusCode::OK);
    download(&app, a, &me).await;
    let profile = json!({"classes": [5], "subjects": ["english"]});
    assert_eq!(app.api(Method::PUT, "/api/v1/me/profile", Some(profile), Some(&me)).await.status, StatusCode::OK);

    let for_you = section(&page(&app, "/", &me).await, "for-you");
    let line = |id: i64| for_you.split("<li>").find(|l| l.contains(&format!("/contents/{id}\""))).map(str::to_owned);
    assert!(line(b).expect("what her peer used").contains("আপনার মতো শিক্ষকদের"), "{for_you}");
    assert!(line(c).expect("the best of her class").contains("আপনার শ্রেণি"), "{for_you}");
    assert!(line(a).is_none(), "not what she already downloaded: {for_you}");

    // The author is not recommended her own work; nobody signed out gets the list.
    let hers = section(&page(&app, "/", &author).await, "for-you");
    assert!(![a, b, c].iter().any(|id| hers.contains(&format!("/contents/{id}\""))), "{hers}");
    let signed_out = app.api(Method::GET, "/", None, None).await.text();
    assert!(section(&signed_out, "for-you").is_empty());
}

#[tokio::test]
async fn the_home_page_shows_what_is_popular_this_week_in_her_district() {
    let app = TestApp::new().await;
    let kurigram = places::district_by_name(app.db(), "Kurigram").await.unwrap().unwrap().id.0;
    let dhaka = places::district_by_name(app.db(), "Dhaka").await.unwrap().unwrap().id.0;
    let (_, author) = app.teacher("রহিমা খাতুন", "01710000721").await;
    let fractions = chapter(&app, 4, "math", 7).await;
    let sheet = shared_pdf(&app, &author, fractions, "ভগ্নাংশের কার্যপত্র").await;
    let poem = shared_pdf(&app, &author, fractions, "ছড়ায় ভগ্নাংশ").await;
    let mut teachers = Vec::new();
    for (i, district) in [kurigram, kurigram, dhaka].into_iter().enumerate() {
        let (_, token) = app.teacher("শিক্ষক", &format!("0171000073{i}")).await;
        let profile = json!({"district_id": district});
        assert_eq!(
            app.api(Method::PUT, "/api/v1/me/profile", Some(profile), Some(&token)).await.status,
            StatusCode::OK
        );
        teachers.push(token);
    }
    // Two Kurigram teachers used the worksheet (one twice: counted once); Dhaka's used the poem.
    download(&app, sheet, &teachers[0]).await;
    download(&app, sheet, &teachers[0]).await;
    let rated = app
        .api(Method::PUT, &format!("/api/v1/contents/{sheet}/rating"), Some(json!({"stars": 4})), Some(&teachers[1]))
        .await;
    assert_eq!(rated.status, StatusCode::OK);
    download(&app, poem, &teachers[2]).await;

    let (_, newcomer) = app.teacher("নতুন শিক্ষক", "01710000739").await;
    let profile = json!({"district_id": kurigram});
    assert_eq!(app.api(Method::PUT, "/api/v1/me/profile", Some(profile), Some(&newcomer)).await.status, StatusCode::OK);
    let popular = section(&page(&app, "/", &newcomer).await, "popular");
    assert!(popular.contains("কুড়িগ্রাম জেলায়"), "named for her district: {popular}");
    assert!(popular.contains(&format!("/contents/{sheet}\"")) && popular.contains("২ জন শিক্ষক"), "{popular}");
    assert!(!popular.contains(&format!("/contents/{poem}\"")), "Dhaka's choice is not Kurigram's: {popular}");

    // Signed out: the whole country's week, most used first.
    let national = section(&app.api(Method::GET, "/", None, None).await.text(), "popular");
    let (s, p) = (national.find(&format!("/contents/{sheet}\"")), national.find(&format!("/contents/{poem}\"")));
    assert!(s.is_some() && p.is_some() && s < p, "{national}");

    // A quiet week in her district: the country's list, not named for it.
    let bandarban = places::district_by_name(app.db(), "Bandarban").await.unwrap().unwrap().id.0;
    let (_, hill) = app.teacher("পাহাড়ের শিক্ষক", "01710000738").await;
    let profile = json!({"district_id": bandarban});
    assert_eq!(app.api(Method::PUT, "/api/v1/me/profile", Some(profile), Some(&hill)).await.status, StatusCode::OK);
    let quiet = section(&page(&app, "/", &hill).await, "popular");
    assert!(!quiet.contains("বান্দরবান জেলায়"), "not named for a district with none: {quiet}");
    let (s, p) = (quiet.find(&format!("/contents/{sheet}\"")), quiet.find(&format!("/contents/{poem}\"")));
    assert!(s.is_some() && p.is_some() && s < p, "the country's week instead: {quiet}");
}

/// The week is counted for every district and the country in one pass:
/// a teacher who downloaded a content in Dhaka, moved to Kurigram and then
/// rated it well counts once in each district and once in the country.
#[tokio::test]
async fn a_teacher_who_moved_counts_once_in_the_country_and_once_in_each_district() {
    let app = TestApp::new().await;
    let kurigram = places::district_by_name(app.db(), "Kurigram").await.unwrap().unwrap().id.0;
    let dhaka = places::district_by_name(app.db(), "Dhaka").await.unwrap().unwrap().id.0;
    let (_, author) = app.teacher("রহিমা খাতুন", "01710000741").await;
    let fractions = chapter(&app, 4, "math", 7).await;
    let sheet = shared_pdf(&app, &author, fractions, "ভগ্নাংশের কার্যপত্র").await;
    let (_, mover) = app.teacher("বদলি শিক্ষক", "01710000742").await;
    let move_to = |district: i64| json!({"district_id": district});
    assert_eq!(
        app.api(Method::PUT, "/api/v1/me/profile", Some(move_to(dhaka)), Some(&mover)).await.status,
        StatusCode::OK
    );
    download(&app, sheet, &mover).await;
    assert_eq!(
        app.api(Method::PUT, "/api/v1/me/profile", Some(move_to(kurigram)), Some(&mover)).await.status,
        StatusCode::OK
    );
    let rated = app
        .api(Method::PUT, &format!("/api/v1/contents/{sheet}/rating"), Some(json!({"stars": 5})), Some(&mover))
        .await;
    assert_eq!(rated.status, StatusCode::OK);

    let national = section(&app.api(Method::GET, "/", None, None).await.text(), "popular");
    assert!(national.contains(&format!("/contents/{sheet}\"")) && national.contains("১ জন শিক্ষক"), "{national}");
    assert!(!national.contains("২ জন শিক্ষক"), "counted twice in the country: {national}");
    for (phone, district, name) in [("01710000743", dhaka, "ঢাকা জেলায়"), ("01710000744", kurigram, "কুড়িগ্রাম জেলায়")]
    {
        let (_, viewer) = app.teacher("দর্শক", phone).await;
        assert_eq!(
            app.api(Method::PUT, "/api/v1/me/profile", Some(move_to(district)), Some(&viewer)).await.status,
            StatusCode::OK
        );
        let popular = section(&page(&app, "/", &viewer).await, "popular");
        assert!(popular.contains(name) && popular.contains("১ জন শিক্ষক"), "{name}: {popular}");
    }
}

const LESSON: &str = "আজ আমরা ভগ্নাংশের যোগ শিখব। একটি রুটিকে চার ভাগ করলে প্রতিটি ভাগ চার ভাগের এক ভাগ। \
    দুটি ভাগ নিলে হয় চার ভাগের দুই ভাগ, যা অর্ধেকের সমান। এবার দুটি ভগ্নাংশ যোগ করি: হর একই হলে লব যোগ করি \
    আর হর একই থাকে। হর আলাদা হলে আগে সমহর করি, তারপর লব যোগ করি। শিশুরা কাগজ ভাঁজ করে নিজেরা দেখবে।";

async fn share_docx(app: &TestApp, token: &str, chapter: i64, title: &str, text: &str) -> i64 {
    let ch = chapter.to_string();
    let file = crate::search::docx(text);
    let r =
        crate::content::share(app, token, &[("title", title), ("chapter_id", &ch)], Some(("sheet.docx", &file))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_lightly_edited_copy_in_another_file_is_shown_to_its_author_as_a_near_copy() {
    let app = TestApp::new().await;
    let (_, first) = app.teacher("রহিমা খাতুন", "01710000741").await;
    let (_, second) = app.teacher("বিমল দাস", "01710000742").await;
    let (_, stranger) = app.teacher("অচেনা শিক্ষক", "01710000743").await;
    let fractions = chapter(&app, 4, "math", 7).await;
    let original = share_docx(&app, &first, fractions, "ভগ্নাংশের যোগ", LESSON).await;
    let edited = LESSON.replace("আজ আমরা", "আজকের ক্লাসে আমরা").replace("নিজেরা দেখবে", "নিজেরা যাচাই করবে");
    let copy = share_docx(&app, &second, fractions, "ভগ্নাংশ যোগ কার্যপত্র", &edited).await;
    let water = "সূর্যের তাপে নদী আর সাগরের পানি বাষ্প হয়ে ওপরে ওঠে। ওপরে ঠান্ডায় বাষ্প জমে মেঘ হয়। মেঘ ভারী হলে \
        বৃষ্টি হয়ে পাহাড়ে আর মাঠে পড়ে। সেই পানি নদী দিয়ে আবার সাগরে ফিরে যায়। শিশুরা খাতায় তীর এঁকে পানির এই চক্র দেখাবে।";
    let other = share_docx(&app, &second, fractions, "পানিচক্র", water).await;
    batayon::worker::drain(&app.state).await.unwrap();

    let path = format!("/api/v1/contents/{copy}/near-copies");
    let near = app.api(Method::GET, &path, None, Some(&second)).await;
    assert_eq!(near.status, StatusCode::OK, "{}", near.text());
    let near = near.json();
    let found: Vec<i64> = near.as_array().unwrap().iter().map(|n| n["id"].as_i64().unwrap()).collect();
    assert_eq!(found, vec![original], "the first teacher's file, not the reordered one: {near}");
    assert!(near[0]["percent"].as_i64().unwrap() >= 70, "{near}");
    let html = page(&app, &format!("/contents/{copy}"), &second).await;
    assert!(section_div(&html, "near-copies").contains(&format!("/contents/{original}\"")), "the author sees it");
    // Another teacher neither gets the list nor sees it on the page.
    assert_eq!(app.api(Method::GET, &path, None, Some(&stranger)).await.status, StatusCode::FORBIDDEN);
    assert!(section_div(&page(&app, &format!("/contents/{copy}"), &stranger).await, "near-copies").is_empty());
    let none = app.api(Method::GET, &format!("/api/v1/contents/{other}/near-copies"), None, Some(&second)).await;
    assert_eq!(none.json(), serde_json::json!([]), "another lesson is no copy");
}

fn section_div(html: &str, id: &str) -> String {
    let Some(start) = html.find(&format!("id=\"{id}\"")) else { return String::new() };
    let rest = &html[start..];
    rest[..rest.find("</div>").unwrap_or(rest.len())].to_owned()
}
