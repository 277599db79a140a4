//! Outside review of 5 December (kept views, kept dashboard figures, a
//! course report's kept author, the compacted search index, the paged
//! practice journal): authority is decided on every request whatever is
//! kept; kept figures are not recounted by changes they do not count; a
//! rebuilt index's merge does not fail while the merge policy is merging;
//! the journal's pages hold every entry once, in order, on both databases,
//! and odd page numbers are refused (API) or read as the first (page).

use std::collections::HashSet;

use axum::http::{Method, StatusCode};
use chrono::{Duration, NaiveDate, Utc};
use serde_json::{Value, json};

use crate::app::TestApp;
use crate::practice::{api, person, place, school, signed_in};
use batayon::accounts::model::Role;
use batayon::items::{ItemKind, ItemRef};
use batayon::practice::model::Entry;
use batayon::search::entry::Entry as SearchEntry;

fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(6)).date_naive()
}

/// An entry planned for `planned`, tried on `tried` when given.
fn entry(title: String, planned: NaiveDate, tried: Option<NaiveDate>, shared: bool) -> Entry {
    let mut e = Entry::plan(title, planned);
    if let Some(t) = tried {
        e.tried_on = Some(t);
        e.what_done = "কাগজ ভাঁজ করে অর্ধেক দেখালাম".into();
        e.response = "শিশুরা আগ্রহী".into();
    }
    e.shared = shared;
    e
}

/// A teacher's journal as the API gives it, a page at a time until a page
/// of fewer than 20; the ids in order.
async fn all_pages(app: &TestApp, token: &str, teacher: Option<i64>) -> (Vec<i64>, Vec<usize>) {
    let (mut ids, mut sizes) = (Vec::new(), Vec::new());
    for n in 1..=10 {
        let who = teacher.map(|t| format!("&teacher_id={t}")).unwrap_or_default();
        let (s, v) = api(app, Method::GET, &format!("/api/v1/practice-logs?page={n}{who}"), None, Some(token)).await;
        assert_eq!(s, StatusCode::OK, "page {n}: {v}");
        let page: Vec<i64> = v.as_array().unwrap().iter().map(|l| l["id"].as_i64().unwrap()).collect();
        sizes.push(page.len());
        ids.extend(&page);
        if page.len() < 20 {
            break;
        }
    }
    (ids, sizes)
}

/// Planned tries first (soonest first, the newer entry first on the same
/// day), then those made (newest first, the newer entry first on the same
/// day), every entry once, on both databases; outsiders page through her
/// shared entries only, and nothing private shows on their pages.
#[tokio::test]
async fn journal_pages_hold_every_entry_once_in_order_and_outsiders_only_shared_ones() {
    let app = TestApp::new().await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    let dhaka = place(&app, "Dhaka", None).await;
    school(&app, 350001, "চিলমারী পাতার বিদ্যালয়", &chilmari).await;
    school(&app, 350002, "ঢাকা পাতার বিদ্যালয়", &dhaka).await;
    let (her, her_t) = person(&app, "পাতার শিক্ষক", "01735000001", Role::Teacher, Some(350001), &chilmari).await;
    let (_, colleague_t) = person(&app, "পাতার সহকর্মী", "01735000002", Role::Teacher, Some(350001), &chilmari).await;
    let (_, outsider_t) = person(&app, "অন্য স্কুলের শিক্ষক", "01735000003", Role::Teacher, Some(350002), &dhaka).await;

    // 8 planned (days shared by several), 44 made (six days, many the same);
    // two in three shared.
    let today = today();
    let mut rows = Vec::new();
    for n in 0..52i64 {
        let shared = n % 3 != 0;
        let e = if n < 8 {
            entry(format!("ক্রম[{n}]"), today + Duration::days([3, 1, 3, 1, 2, 1, 5, 2][n as usize]), None, shared)
        } else {
            let tried = today - Duration::days(n % 6);
            entry(format!("ক্রম[{n}]"), tried, Some(tried), shared)
        };
        let row = batayon::practice::store::insert(app.db(), batayon::ids::UserId(her), None, &e).await.unwrap();
        rows.push((row.id.0, e));
    }
    let mut planned: Vec<&(i64, Entry)> = rows.iter().filter(|(_, e)| e.tried_on.is_none()).collect();
    planned.sort_by_key(|(id, e)| (e.planned_on, std::cmp::Reverse(*id)));
    let mut made: Vec<&(i64, Entry)> = rows.iter().filter(|(_, e)| e.tried_on.is_some()).collect();
    made.sort_by_key(|(id, e)| (std::cmp::Reverse(e.tried_on), std::cmp::Reverse(*id)));
    let expected: Vec<i64> = planned.iter().chain(made.iter()).map(|(id, _)| *id).collect();
    let shared: Vec<i64> = planned.iter().chain(made.iter()).filter(|(_, e)| e.shared).map(|(id, _)| *id).collect();

    let (mine, sizes) = all_pages(&app, &her_t, None).await;
    assert_eq!(sizes, [20, 20, 12]);
    assert_eq!(mine, expected, "planned soonest first, then newest first; ties by the newer entry");
    assert_eq!(mine.iter().collect::<HashSet<_>>().len(), 52, "no entry twice");
    let (colleague, _) = all_pages(&app, &colleague_t, Some(her)).await;
    assert_eq!(colleague, expected, "her school reads every entry, in the same order");
    let (outsider, sizes) = all_pages(&app, &outsider_t, Some(her)).await;
    assert_eq!(sizes, [20, shared.len() - 20]);
    assert_eq!(outsider, shared, "outsiders page through her shared entries only");

    // The pages in a browser: anonymous readers get the shared ones, 20 a page.
    let title = |id: i64| rows.iter().find(|(i, _)| *i == id).map(|(_, e)| e.title.clone()).unwrap();
    let mut anonymous = app.browser();
    let one = anonymous.get(&format!("/practice/teachers/{her}")).await;
    assert_eq!(one.status, StatusCode::OK);
    let one = one.text();
    assert!(shared[..20].iter().all(|id| one.contains(&title(*id))), "{one}");
    assert!(rows.iter().filter(|(_, e)| !e.shared).all(|(_, e)| !one.contains(&e.title)), "nothing private shows");
    assert!(one.contains(&format!("href=\"/practice/teachers/{her}?page=2\" rel=\"next\"")), "{one}");
    let two = anonymous.get(&format!("/practice/teachers/{her}?page=2")).await.text();
    assert!(shared[20..].iter().all(|id| two.contains(&title(*id))), "{two}");
    assert!(!shared[..20].iter().any(|id| two.contains(&title(*id))), "{two}");
    assert!(rows.iter().filter(|(_, e)| !e.shared).all(|(_, e)| !two.contains(&e.title)), "nothing private shows");
    assert!(!two.contains("rel=\"next\""), "the last page offers no older one");
    let three = anonymous.get(&format!("/practice/teachers/{her}?page=3")).await;
    assert_eq!(three.status, StatusCode::OK);
    assert!(rows.iter().all(|(_, e)| !three.text().contains(&e.title)), "past the end: nothing");
}

/// The API refuses a page it cannot have (400 when it is no number of
/// pages, 422 outside 1–100,000) and answers an empty page past the end;
/// the web page reads any odd page as the first.
#[tokio::test]
async fn odd_journal_page_numbers_are_refused_by_the_api_and_read_as_the_first_by_the_page() {
    let app = TestApp::new().await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    let (her, token) = person(&app, "পাতা গোনা শিক্ষক", "01735000011", Role::Teacher, None, &chilmari).await;
    let today = today();
    for n in 0..21 {
        let tried = today - Duration::days(n);
        let e = entry(format!("গণনা[{n}]"), tried, Some(tried), false);
        batayon::practice::store::insert(app.db(), batayon::ids::UserId(her), None, &e).await.unwrap();
    }
    for (query, status) in [
        ("page=-1", StatusCode::BAD_REQUEST),
        ("page=abc", StatusCode::BAD_REQUEST),
        ("page=1.5", StatusCode::BAD_REQUEST),
        ("page=18446744073709551616", StatusCode::BAD_REQUEST),
        ("page=0", StatusCode::UNPROCESSABLE_ENTITY),
        ("page=100001", StatusCode::UNPROCESSABLE_ENTITY),
        ("page=18446744073709551615", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let (s, v) = api(&app, Method::GET, &format!("/api/v1/practice-logs?{query}"), None, Some(&token)).await;
        assert_eq!(s, status, "{query}: {v}");
        assert_eq!(v["errors"][0]["field"], "page", "{query}: the parameter is named: {v}");
    }
    let (s, v) = api(&app, Method::GET, "/api/v1/practice-logs?page=100000", None, Some(&token)).await;
    assert_eq!((s, v), (StatusCode::OK, json!([])), "the last allowed page, past the end: empty");

    let mut b = signed_in(&app, "01735000011", 11).await;
    for odd in ["-1", "abc", "0", "100001", "99999999999999999999999", "%F0%9F%98%80"] {
        let r = b.get(&format!("/practice?page={odd}")).await;
        assert_eq!(r.status, StatusCode::OK, "page={odd}");
        let text = r.text();
        assert!(text.contains("গণনা[0]") && !text.contains("গণনা[20]"), "page={odd}: the first page");
        assert!(!text.contains("rel=\"prev\""), "page={odd}: read as the first");
    }
    let far = b.get("/practice?page=100000").await;
    assert_eq!(far.status, StatusCode::OK);
    assert!(far.text().contains("href=\"/practice?page=99999\" rel=\"prev\""));
    let twice = b.get("/practice?page=1&page=2").await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST, "a page named twice is refused, not guessed");
}

/// The totals of a dashboard as the API gives them.
fn totals(v: &Value) -> [i64; 7] {
    let t = &v["totals"];
    ["teachers", "enrolled", "completed", "practising", "practice_percent", "observed", "circles_held"]
        .map(|k| t[k].as_i64().unwrap_or(-1))
}

/// Kept figures do not carry authority: with every place's figures kept,
/// an officer of another district, a head teacher of another school and an
/// upazila officer asking for her whole district are refused, and an
/// officer moved elsewhere loses her old place at once; the CSV says what
/// the API says.
#[tokio::test]
async fn kept_dashboard_figures_are_shown_only_to_who_may_see_the_place() {
    let app = TestApp::new().await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    let dhaka = place(&app, "Dhaka", None).await;
    let a = school(&app, 350101, "গণনা বিদ্যালয় ক", &chilmari).await;
    let b = school(&app, 350102, "গণনা বিদ্যালয় খ", &chilmari).await;
    let (_, head_a) = person(&app, "প্রধান শিক্ষক ক", "01735000101", Role::HeadTeacher, Some(350101), &chilmari).await;
    let (_, head_b) = person(&app, "প্রধান শিক্ষক খ", "01735000102", Role::HeadTeacher, Some(350102), &chilmari).await;
    let (_, teacher_a) = person(&app, "শিক্ষক ক", "01735000103", Role::Teacher, Some(350101), &chilmari).await;
    person(&app, "শিক্ষক ক দুই", "01735000104", Role::Teacher, Some(350101), &chilmari).await;
    let (o1, upazila) = person(&app, "উপজেলা কর্মকর্তা", "01735000105", Role::Officer, None, &chilmari).await;
    let (o2, district) = person(&app, "জেলা কর্মকর্তা", "01735000106", Role::Officer, None, &chilmari).await;
    let (o3, other) = person(&app, "ঢাকার কর্মকর্তা", "01735000107", Role::Officer, None, &dhaka).await;
    crate::officers::assign_place(&app, o1, Some(chilmari.district), place_upazila(&app, &chilmari).await).await;
    crate::officers::assign_place(&app, o2, Some(chilmari.district), None).await;
    crate::officers::assign_place(&app, o3, Some(dhaka.district), None).await;
    crate::practice::tried(&app, &teacher_a, "গণনার খেলা", -1).await;
    let upazila_id = place_upazila(&app, &chilmari).await.unwrap();

    let board = |token: &str, query: String| {
        let (app, token) = (&app, token.to_owned());
        async move { api(app, Method::GET, &format!("/api/v1/practice/dashboard{query}"), None, Some(&token)).await }
    };
    // Every place's figures kept: the school, the upazila, the district.
    let (s, school_a) = board(&district, format!("?school={a}")).await;
    assert_eq!(s, StatusCode::OK, "{school_a}");
    let (s, whole) = board(&district, String::new()).await;
    assert_eq!((s, whole["scope"].as_str()), (StatusCode::OK, Some("district")));
    let (s, _) = board(&upazila, String::new()).await;
    assert_eq!(s, StatusCode::OK);

    for query in [format!("?school={a}"), format!("?district={}", chilmari.district), format!("?upazila={upazila_id}")]
    {
        let (s, v) = board(&other, query.clone()).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "Dhaka's officer, {query}: {v}");
    }
    let (s, _) = board(&head_b, format!("?school={a}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a head teacher sees her own school only");
    let (s, own_b) = board(&head_b, String::new()).await;
    assert_eq!((s, own_b["scope_id"].as_i64()), (StatusCode::OK, Some(b)));
    assert_ne!(totals(&own_b), totals(&school_a), "B's figures, not A's kept ones");
    let (s, _) = board(&upazila, format!("?district={}", chilmari.district)).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the district's figures are kept, but not hers");

    // Moved to Dhaka: Chilmari's kept figures are no longer hers, at once.
    crate::officers::assign_place(&app, o1, Some(dhaka.district), None).await;
    let (s, _) = board(&upazila, format!("?upazila={upazila_id}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, now) = board(&upazila, String::new()).await;
    assert_eq!((s, now["scope_id"].as_i64()), (StatusCode::OK, Some(dhaka.district)));

    // The API, the page and the CSV of a head teacher agree.
    let (_, mine) = board(&head_a, String::new()).await;
    assert_eq!(totals(&mine), totals(&school_a), "the same place, the same figures");
    let mut browser = signed_in(&app, "01735000101", 101).await;
    let page = browser.get("/practice/dashboard").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("গণনা বিদ্যালয় ক"));
    let csv = browser.get("/practice/dashboard.csv").await.text();
    let line = csv.lines().nth(1).unwrap_or("");
    let figures: Vec<i64> = line.rsplit(',').take(7).map(|n| n.parse().unwrap_or(-1)).collect();
    let mut api_figures = totals(&mine).to_vec();
    api_figures.reverse();
    assert_eq!(figures, api_figures, "{csv}");
}

async fn place_upazila(app: &TestApp, at: &crate::practice::Place) -> Option<i64> {
    let d = batayon::ids::DistrictId(at.district);
    let u = batayon::places::store::upazila_by_name(app.db(), d, "Chilmari").await.unwrap();
    u.map(|u| u.id.0)
}

/// Figures kept "a minute" are kept a minute: a question asked (or a post
/// published, a content shared, a badge issued) on the node changes none
/// of them, yet today it makes every dashboard count again, so on a busy
/// node the nation's grouped statement runs on nearly every visit.
#[tokio::test]
async fn kept_dashboard_figures_are_not_counted_again_for_a_change_they_do_not_count() {
    let app = TestApp::new().await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    school(&app, 350201, "গোনার বিদ্যালয়", &chilmari).await;
    let (_, head) = person(&app, "গোনার প্রধান শিক্ষক", "01735000201", Role::HeadTeacher, Some(350201), &chilmari).await;
    let (_, asker) = app.teacher("প্রশ্নকারী শিক্ষক", "01735000202").await;
    let dashboard = || api(&app, Method::GET, "/api/v1/practice/dashboard", None, Some(&head));
    let (s, first) = dashboard().await;
    assert_eq!(s, StatusCode::OK, "{first}");
    let (_, again) = dashboard().await;
    assert_eq!(again["counted_at"], first["counted_at"], "kept");

    let body = json!({"title": "ভগ্নাংশ শেখাতে কোন খেলা কাজে দেয়?", "body": "তৃতীয় শ্রেণিতে ভগ্নাংশ বোঝাতে সমস্যা হচ্ছে, কী করি?"});
    let r = app.api(Method::POST, "/api/v1/questions", Some(body), Some(&asker)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let (_, after) = dashboard().await;
    assert_eq!(after["counted_at"], first["counted_at"], "a question changes no practice figure: not counted again");
}

/// A course report's kept author decides nothing by itself: with the report
/// and its author kept, a teacher, another course author and an officer of
/// another district are refused, on the API and the page.
#[tokio::test]
async fn a_kept_course_author_opens_the_report_to_nobody_else() {
    let app = TestApp::new().await;
    let c = crate::learning::course(&app, 3, 0).await;
    let kurigram = batayon::places::store::district_by_name(app.db(), "Kurigram").await.unwrap().unwrap().id.0;
    let dhaka = batayon::places::store::district_by_name(app.db(), "Dhaka").await.unwrap().unwrap().id.0;
    let path = format!("/api/v1/courses/{}/report", c.id);
    let r = app.api(Method::GET, &path, None, Some(&c.author)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = app.api(Method::GET, &format!("{path}?district_id={kurigram}"), None, Some(&c.author)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    let (_, teacher) = app.teacher("রিপোর্ট দেখতে চাওয়া শিক্ষক", "01735000301").await;
    let (_, author) = app.with_role("অন্য কোর্স লেখক", "01735000302", Role::CourseAuthor).await;
    let (officer_id, officer) = app.with_role("ঢাকার রিপোর্ট কর্মকর্তা", "01735000303", Role::Officer).await;
    crate::officers::assign_place(&app, officer_id, Some(dhaka), None).await;
    for token in [&teacher, &author] {
        assert_eq!(app.api(Method::GET, &path, None, Some(token)).await.status, StatusCode::FORBIDDEN);
        let r = app.api(Method::GET, &format!("{path}?district_id={kurigram}"), None, Some(token)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(app.api(Method::GET, &path, None, None).await.status, StatusCode::UNAUTHORIZED);
    let r = app.api(Method::GET, &format!("{path}?district_id={kurigram}"), None, Some(&officer)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r = app.api(Method::GET, &path, None, Some(&officer)).await;
    assert_eq!((r.status, r.json()["district_id"].as_i64()), (StatusCode::OK, Some(dhaka)), "her own district only");
    let mut b = app.browser();
    b.addr = [10, 9, 3, 1];
    let r = b.submit("/login", &[("login", "01735000302"), ("password", "shikkhok123")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(b.get(&format!("/learn/reports/courses/{}", c.id)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(b.get(&format!("/learn/reports/courses/{}/report.csv", c.id)).await.status, StatusCode::FORBIDDEN);
    let gone = app.api(Method::GET, &format!("/api/v1/courses/{}/report", c.id + 1000), None, Some(&c.author)).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

fn search_entry(id: i64, title: &str) -> SearchEntry {
    let body = "শিক্ষক শ্রেণি পাঠ গণিত ভগ্নাংশ অর্ধেক কাগজ ভাঁজ";
    SearchEntry::new(ItemRef::new(ItemKind::Post, id), title.into(), body.into(), "".into(), Utc::now())
}

/// The end of a rebuild merges every segment while tantivy's own merge
/// policy may still be merging some of them (it starts a merge whenever
/// eight segments of a size meet, and a rebuild commits a segment per
/// 10,000 entries). Whichever merge ends second finds its segments gone;
/// when it is the compaction, the rebuild fails and starts again from an
/// empty index five seconds later.
#[tokio::test]
async fn compacting_while_the_merge_policy_merges_neither_fails_nor_loses_entries() {
    let app = TestApp::new().await;
    let engine = batayon::search::engine::of(&app.state).await.unwrap();
    let before = engine.entries(&app.state).await.unwrap();
    let (mut next, mut added, mut failures) = (700_000i64, 0u64, Vec::new());
    for round in 0..8 {
        // Commit batches until eight segments meet (the policy starts its
        // merge in that commit), then compact at once, as a rebuild does.
        for _ in 0..24 {
            let entries: Vec<SearchEntry> = (0..150)
                .map(|_| {
                    next += 1;
                    search_entry(next, &format!("সংকলন পাঠ {round}"))
                })
                .collect();
            added += entries.len() as u64;
            engine.add_new(&app.state, entries).await.unwrap();
            if engine.segments() >= 8 {
                break;
            }
        }
        if let Err(e) = engine.compact().await {
            failures.push(format!("round {round}: {e:#}"));
        }
    }
    // Whatever failed, nothing is lost.
    assert_eq!(engine.entries(&app.state).await.unwrap(), before + added);
    assert!(failures.is_empty(), "{} of 8 compactions failed: {failures:#?}", failures.len());
    assert_eq!(engine.segments(), 1, "compacted: one segment");
}

/// PostgreSQL: a node rebuilding an index of 70,001–80,000 entries commits
/// eight batches of at most 10,000; the eighth commit starts the merge
/// policy's merge of all eight, and the compaction that follows at once
/// merges the same eight. When it ends second it fails, the rebuild fails,
/// and five seconds later the node empties its index and starts again.
#[tokio::test]
async fn a_node_rebuilding_eight_batches_of_entries_builds_its_index() {
    let app = TestApp::new().await;
    if app.db().get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return;
    }
    let kind = batayon::search::entry::code(ItemKind::Post);
    let sql = format!(
        "INSERT INTO search_entries (kind, item_id, title, body, byline, created_at, rating, quality, terms, title_terms) \
         SELECT {kind}, 900000 + g, 'সংকলন ' || g, 'পাঠ', '', now(), 0, 0, to_tsvector('simple', 'পাঠ'), \
         to_tsvector('simple', 'সংকলন') FROM generate_series(1, 75000) g"
    );
    sea_orm::ConnectionTrait::execute_unprepared(app.db(), &sql).await.unwrap();
    let engine = batayon::search::engine::of(&app.state).await.unwrap();
    // Three nodes coming up (or one node three times): each rebuilds.
    let mut failures = Vec::new();
    for attempt in 0..3 {
        engine.clear(&app.state).await.unwrap();
        let started = std::time::Instant::now();
        if let Err(e) = batayon::search::follow::catch_up(&app.state).await {
            failures.push(format!("attempt {attempt}, after {:?}: {e:#}", started.elapsed()));
        }
    }
    assert!(failures.is_empty(), "{} of 3 rebuilds failed: {failures:#?}", failures.len());
    assert!(engine.whole(), "the node answers from its own index");
    assert!(engine.entries(&app.state).await.unwrap() >= 75_000);
}
