//! Search, the same suite on whichever engine the run uses (tantivy with
//! SQLite, PostgreSQL full-text with PostgreSQL): Bangla in any inflection,
//! misspelt, in Latin letters, and English; filters and counts; what is
//! hidden, deleted or a draft never shows; suggestions; a lost index.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::TestApp;
use crate::content::{chapter, shared_pdf};

fn encoded(q: &str) -> String {
    q.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

async fn search(app: &TestApp, query: &str) -> Value {
    let (q, rest) = query.split_once('&').map_or((query, ""), |(q, r)| (q, r));
    let path = format!("/api/v1/search?q={}{}{rest}", encoded(q), if rest.is_empty() { "" } else { "&" });
    let r = app.api(Method::GET, &path, None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
    r.json()
}

fn titles(found: &Value) -> Vec<String> {
    found["hits"].as_array().unwrap().iter().map(|h| h["title"].as_str().unwrap().to_owned()).collect()
}

async fn drain(app: &TestApp) {
    batayon::worker::drain(&app.state).await.unwrap();
}

/// A class-4 maths worksheet, a post and a question about fractions, and
/// a content on another subject; their ids.
async fn library(app: &TestApp) -> (i64, i64, i64, i64, String) {
    let (_, token) = app.teacher("রহিমা খাতুন", "01710000601").await;
    let fractions = chapter(app, 4, "math", 7).await;
    let sheet = shared_pdf(app, &token, fractions, "চতুর্থ শ্রেণির গণিত: ভগ্নাংশের কার্যপত্র").await;
    let bgs = chapter(app, 4, "science", 1).await;
    let other = shared_pdf(app, &token, bgs, "বাংলাদেশ: আমাদের পরিবেশ").await;
    let post = json!({"title": "কাগজের ফিতা দিয়ে ভগ্নাংশ শেখানো", "body": "চতুর্থ শ্রেণিতে গণিত ক্লাসে শিশুরা কাগজ ভাঁজ করে অর্ধেক আর চার ভাগের এক ভাগ বুঝল।", "category": "pedagogy", "tags": ["গণিত"], "publish": true});
    let post = app.api(Method::POST, "/api/v1/posts", Some(post), Some(&token)).await.json()["id"].as_i64().unwrap();
    let (_, asker) = app.teacher("বিমল দাস", "01710000602").await;
    let question = json!({"title": "ভগ্নাংশের যোগ শিশুদের কীভাবে বোঝাব?", "body": "হর আলাদা হলে শিশুরা গুলিয়ে ফেলে। গণিত বইয়ের উদাহরণ যথেষ্ট নয়।", "tags": ["গণিত"]});
    let question =
        app.api(Method::POST, "/api/v1/questions", Some(question), Some(&asker)).await.json()["id"].as_i64().unwrap();
    drain(app).await;
    (sheet, other, post, question, token)
}

#[tokio::test]
async fn bangla_inflected_misspelt_banglish_and_english_queries_find_the_same_lesson() {
    let app = TestApp::new().await;
    let (sheet, other, post, question, _) = library(&app).await;
    for q in ["গণিত ভগ্নাংশ", "ভগ্নাংশের", "গনিত", "gonit", "ganit", "bhognangsho", "শ্রেণী ভগ্নাংশ"]
    {
        let found = search(&app, q).await;
        let ids: Vec<(String, i64)> = found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["kind"].as_str().unwrap().to_owned(), h["id"].as_i64().unwrap()))
            .collect();
        assert!(ids.contains(&("content".into(), sheet)), "{q} finds the worksheet: {ids:?}");
        assert!(!ids.contains(&("content".into(), other)), "{q} leaves the other subject out");
        if !q.contains("শ্রেণী") {
            assert!(ids.contains(&("post".into(), post)), "{q} finds the post: {ids:?}");
            assert!(ids.contains(&("question".into(), question)), "{q} finds the question: {ids:?}");
        }
    }
    // বাংলাদেশের finds বাংলাদেশ; English words find through their stems.
    assert_eq!(titles(&search(&app, "বাংলাদেশের").await), vec!["বাংলাদেশ: আমাদের পরিবেশ"]);
    let found = search(&app, "গণিত ভগ্নাংশ").await;
    assert_eq!(found["total"], 3);
    assert!(
        found["hits"].as_array().unwrap().iter().any(|h| h["snippet"].as_str().unwrap().contains("<mark>")),
        "{found}"
    );
    assert_eq!(found["facets"]["kind"].as_array().unwrap().len(), 3);
    let context = found["hits"].as_array().unwrap().iter().find(|h| h["kind"] == "content").unwrap()["context"].clone();
    assert!(context.as_str().unwrap().contains("গণিত"), "class and subject named: {context}");
}

#[tokio::test]
async fn filters_counts_orders_and_pages_behave_as_asked() {
    let app = TestApp::new().await;
    let (sheet, ..) = library(&app).await;
    let only = search(&app, "ভগ্নাংশ&kind=content").await;
    assert_eq!(titles(&only), vec!["চতুর্থ শ্রেণির গণিত: ভগ্নাংশের কার্যপত্র"]);
    let kinds: Vec<(String, u64)> = only["facets"]["kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["value"].as_str().unwrap().to_owned(), k["count"].as_u64().unwrap()))
        .collect();
    assert!(kinds.contains(&("post".into(), 1)), "other kinds still counted, to switch to: {kinds:?}");
    assert_eq!(only["facets"]["class"][0]["value"], "4");
    assert_eq!(only["facets"]["content_type"][0]["value"], "pdf");
    assert_eq!(search(&app, "ভগ্নাংশ&class=4&kind=content").await["hits"][0]["id"], sheet);
    assert_eq!(search(&app, "ভগ্নাংশ&class=5").await["total"], 0);
    assert_eq!(search(&app, "ভগ্নাংশ&content_type=video").await["total"], 0);
    let newest = search(&app, "ভগ্নাংশ&sort=new").await;
    assert_eq!(newest["hits"][0]["kind"], "question", "the question came last");
    let second = search(&app, "ভগ্নাংশ&page=2").await;
    assert_eq!((second["total"].as_u64(), second["hits"].as_array().unwrap().len()), (Some(3), 0));

    for bad in ["class=abc", "kind=chapterx", "sort=oldest", "page=999", "content_type=movie"] {
        let r = app.api(Method::GET, &format!("/api/v1/search?q=x&{bad}"), None, None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let field = bad.split('=').next().unwrap();
        assert_eq!(r.json()["errors"][0]["field"], field, "{bad}: {}", r.text());
    }
}

#[tokio::test]
async fn hidden_deleted_and_draft_items_never_appear() {
    let app = TestApp::new().await;
    let (sheet, _, post, _, token) = library(&app).await;
    let draft = json!({"title": "ভগ্নাংশ নিয়ে আমার খসড়া", "body": "এখনো লিখছি"});
    app.api(Method::POST, "/api/v1/posts", Some(draft), Some(&token)).await;
    drain(&app).await;
    assert!(!titles(&search(&app, "খসড়া").await).iter().any(|t| t.contains("খসড়া")), "a draft is not found");

    let r = app.api(Method::DELETE, &format!("/api/v1/contents/{sheet}"), None, Some(&token)).await;
    assert!(r.status.is_success(), "{}", r.text());
    let (_, moderator) = app.with_role("মডারেটর", "01710000609", batayon::accounts::model::Role::Moderator).await;
    let hide = json!({"item_kind": "post", "item_id": post, "reason": "spam"});
    app.api(Method::POST, "/api/v1/reports", Some(hide), Some(&moderator)).await;
    let mut desk = app.browser();
    desk.submit("/login", &[("login", "01710000609"), ("password", "shikkhok123")]).await;
    let r = desk.submit(&format!("/moderation/items/post/{post}"), &[("action", "hide"), ("reason", "পরীক্ষা")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    drain(&app).await;
    let kinds: Vec<String> = search(&app, "ভগ্নাংশ").await["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, vec!["question"], "the deleted content and the hidden post are gone");
}

#[tokio::test]
async fn the_search_box_suggests_titles_as_a_word_is_typed_in_bangla_or_latin_letters() {
    let app = TestApp::new().await;
    library(&app).await;
    for typed in ["ভগ্না", "কার্যপ", "gon", "bhogn"] {
        let r = app.api(Method::GET, &format!("/api/v1/search/suggest?q={}", encoded(typed)), None, None).await;
        assert_eq!(r.status, StatusCode::OK);
        let found = r.json();
        let titles: Vec<&str> = found.as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
        assert!(titles.iter().any(|t| t.contains("ভগ্নাংশ")), "{typed} → {titles:?}");
    }
    let r = app.api(Method::GET, "/api/v1/search/suggest?q=zzzq", None, None).await;
    assert_eq!(r.json(), json!([]));
}

#[tokio::test]
async fn the_results_page_works_without_javascript() {
    let app = TestApp::new().await;
    let (sheet, ..) = library(&app).await;
    let mut phone = app.browser();
    let page = phone.get(&format!("/search?q={}", encoded("gonit"))).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains(&format!("href=\"/contents/{sheet}\"")), "the worksheet is linked");
    assert!(html.contains("<mark>"), "the found words are marked");
    assert!(html.contains("kind=content"), "kinds are plain links");
    let bad = phone.get("/search?q=x&class=abc").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("শূন্যের বেশি"), "the error is said in Bangla");
}

#[tokio::test]
async fn a_lost_or_damaged_index_is_rebuilt_from_the_database() {
    let app = TestApp::new().await;
    let (sheet, ..) = library(&app).await;
    let engine = batayon::search::engine::of(&app.state).await.unwrap();
    engine.clear(&app.state).await.unwrap();
    // With PostgreSQL the node answers from the shared full-text search while it rebuilds.
    let postgres = app.db().get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    assert_eq!(search(&app, "ভগ্নাংশ").await["total"], if postgres { 3 } else { 0 }, "emptied");
    let n = batayon::search::indexer::rebuild(&app.state, &|_, _| {}).await.unwrap();
    assert!(n >= 6, "contents, post, question and teachers: {n}");
    assert_eq!(search(&app, "কার্যপত্র").await["hits"][0]["id"], sheet);

    if app.db().get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        // A damaged index is set aside and made anew on opening.
        drop(engine);
        let again = TestApp::with_database(app.db().clone()).await;
        std::fs::create_dir_all(&again.state.config.index_dir).unwrap();
        std::fs::write(again.state.config.index_dir.join("meta.json"), b"{ not json").unwrap();
        batayon::search::engine::of(&again.state).await.unwrap();
        assert!(again.state.part::<batayon::search::engine::MadeAnew>().take(), "marked for a rebuild");
        batayon::search::indexer::rebuild(&again.state, &|_, _| {}).await.unwrap();
        assert_eq!(search(&again, "কার্যপত্র").await["hits"][0]["id"], sheet);
    }
}

/// A Word file holding `text`, made here.
pub fn docx(text: &str) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", options).unwrap();
    let xml = format!("<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>");
    std::io::Write::write_all(&mut zip, xml.as_bytes()).unwrap();
    zip.start_file("[Content_Types].xml", options).unwrap();
    std::io::Write::write_all(
        &mut zip,
        b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
    )
    .unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

#[tokio::test]
async fn words_inside_pdfs_and_word_files_are_found() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("শাহনাজ পারভীন", "01710000611").await;
    let ch = chapter(&app, 4, "math", 7).await.to_string();
    let pdf = crate::fixtures::pdf("Equivalent fractions with paper strips");
    let r =
        crate::content::share(&app, &token, &[("title", "কার্যপত্র ১"), ("chapter_id", &ch)], Some(("sheet.pdf", &pdf)))
            .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let from_pdf = r.json()["id"].as_i64().unwrap();
    let word = docx("সমতুল ভগ্নাংশের অনুশীলনী");
    let r =
        crate::content::share(&app, &token, &[("title", "কার্যপত্র ২"), ("chapter_id", &ch)], Some(("sheet.docx", &word)))
            .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let from_docx = r.json()["id"].as_i64().unwrap();
    drain(&app).await;
    assert_eq!(search(&app, "equivalent").await["hits"][0]["id"], from_pdf, "a word only inside the PDF");
    let found = search(&app, "সমতুল").await;
    assert_eq!(found["hits"][0]["id"], from_docx, "a word only inside the Word file");
    assert!(found["hits"][0]["snippet"].as_str().unwrap().contains("<mark>সমতুল</mark>"), "{found}");
}

#[tokio::test]
async fn sharing_a_worksheet_suggests_its_chapter() {
    let app = TestApp::new().await;
    library(&app).await;
    let fractions = chapter(&app, 4, "math", 7).await;
    // Classes 3, 4 and 5 all have a chapter named ভগ্নাংশ: the library's
    // class-4 worksheet tips it.
    let text = encoded("ভগ্নাংশের কার্যপত্র, কাগজ ভাঁজ করে");
    let r = app.api(Method::GET, &format!("/api/v1/search/chapters?text={text}"), None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let offered = r.json();
    assert_eq!(offered[0]["chapter_id"], fractions, "{offered}");
    assert!(offered[0]["place"].as_str().unwrap().contains("গণিত"), "{offered}");
    assert!(offered.as_array().unwrap().len() <= 3);
    // Named outright, in English letters too.
    let r = app
        .api(Method::GET, &format!("/api/v1/search/chapters?text={}", encoded("class 4 fractions")), None, None)
        .await;
    assert_eq!(r.json()[0]["chapter_id"], fractions, "{}", r.text());
    let r = app.api(Method::GET, "/api/v1/search/chapters?text=", None, None).await;
    assert_eq!(r.json(), json!([]));
}

#[tokio::test]
async fn a_chapter_name_shared_by_several_classes_goes_to_the_class_the_teacher_teaches() {
    use batayon::profiles::model::Verification;
    use batayon::profiles::store::{self as profiles, ProfileUpdate};
    let app = TestApp::new().await;
    let (me, token) = app.teacher("পঞ্চম শ্রেণির শিক্ষক", "01710000621").await;
    let update = ProfileUpdate {
        designation: None,
        institution_id: None,
        district_id: None,
        upazila_id: None,
        level_code: None,
        classes: vec![5],
        subjects: vec!["math".into()],
        bio: None,
        verification: Verification::Unverified,
    };
    profiles::save(app.db(), batayon::ids::UserId(me), update).await.unwrap();
    let path = format!("/api/v1/search/chapters?text={}", encoded("ভগ্নাংশ"));
    let mine = app.api(Method::GET, &path, None, Some(&token)).await.json();
    assert_eq!(mine[0]["chapter_id"], chapter(&app, 5, "math", 6).await, "{mine}");
    assert!(mine[0]["place"].as_str().unwrap().contains("পঞ্চম"), "her class first: {mine}");
    let anyone = app.api(Method::GET, &path, None, None).await.json();
    assert_eq!(anyone.as_array().unwrap().len(), 3, "all three classes offered to anyone: {anyone}");
}

#[tokio::test]
async fn very_common_words_still_find_the_best_with_an_estimated_total() {
    // Every query counts as "very common" here: PostgreSQL's full-text
    // search (a node still building its index, see search_changes.rs)
    // would estimate; the tantivy index every node answers from counts exactly.
    let app = TestApp::configured(|c| c.search_common_matches = 0).await;
    let (sheet, _, post, question, _) = library(&app).await;
    let found = search(&app, "গণিত ভগ্নাংশ").await;
    let ids: Vec<i64> = found["hits"].as_array().unwrap().iter().map(|h| h["id"].as_i64().unwrap()).collect();
    for id in [sheet, post, question] {
        assert!(ids.contains(&id), "{found}");
    }
    // Once built, every node answers from its own index and counts exactly
    // (PostgreSQL's estimates are only for a node still building it).
    assert_eq!(found["approximate"], false, "{found}");
    assert!(found["total"].as_u64().unwrap() >= 3, "{found}");
    assert!(found["facets"]["kind"].as_array().unwrap().len() >= 2, "{found}");
    let newest = search(&app, "ভগ্নাংশ&sort=new").await;
    assert_eq!(newest["hits"][0]["id"], question, "the newest first: {newest}");
}
