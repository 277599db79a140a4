//! Search on several nodes (PostgreSQL): each node keeps its own index on
//! its own disk, following the change log. A change made through one node
//! is found through another within a second or two, a delete disappears,
//! a node with an empty or too old index builds it again from the
//! database, and changes committed out of order by parallel writers are
//! all applied. On SQLite (one index) only the nukta test runs.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use batayon::items::{ItemKind, ItemRef};
use batayon::search::changes::{self, Op};
use batayon::search::entry::Entry;
use batayon::search::{follow, indexer};
use sea_orm::{DatabaseBackend, TransactionTrait};
use serde_json::{Value, json};

use crate::app::TestApp;
use crate::content::{chapter, shared_pdf};

fn encoded(q: &str) -> String {
    q.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

async fn search(app: &TestApp, q: &str) -> Value {
    let r = app.api(Method::GET, &format!("/api/v1/search?q={}", encoded(q)), None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

fn ids(found: &Value) -> Vec<i64> {
    found["hits"].as_array().unwrap().iter().map(|h| h["id"].as_i64().unwrap()).collect()
}

/// Waits up to `within` for `q` on `app` to be found `n` times; how long it took.
async fn until_total(app: &TestApp, q: &str, n: u64, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let found = search(app, q).await;
        if found["total"].as_u64() == Some(n) {
            return started.elapsed();
        }
        assert!(started.elapsed() < within, "{q}: {n} expected within {within:?}, found {found}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A second portal node over the same database, with its own index folder.
async fn two_nodes() -> Option<(TestApp, TestApp)> {
    let a = TestApp::new().await;
    if a.db().get_database_backend() != DatabaseBackend::Postgres {
        return None;
    }
    let b = TestApp::with_database(a.db().clone()).await;
    assert_ne!(a.state.config.index_dir, b.state.config.index_dir);
    Some((a, b))
}

/// Writes an entry and its log row as the indexing loop does.
async fn write(app: &TestApp, entry: &Entry) {
    let txn = app.db().begin().await.unwrap();
    batayon::search::postgres::apply(&txn, std::slice::from_ref(entry), &[]).await.unwrap();
    changes::record(&txn, &[(Some(entry.item), Op::Upsert)]).await.unwrap();
    txn.commit().await.unwrap();
}

fn entry(id: i64, title: &str) -> Entry {
    Entry::new(ItemRef::new(ItemKind::Post, id), title.into(), "লগের পরীক্ষা".into(), "".into(), chrono::Utc::now())
}

#[tokio::test]
async fn a_change_through_one_node_is_found_through_another_and_a_delete_disappears() {
    let Some((a, b)) = two_nodes().await else { return };
    let (_, token) = a.teacher("লগের শিক্ষক", "01719990001").await;
    // Both nodes take index jobs; b follows the log.
    let tasks = [
        tokio::spawn(indexer::publish(a.state.clone())),
        tokio::spawn(indexer::publish(b.state.clone())),
        tokio::spawn(follow::run(b.state.clone())),
    ];
    let ch = chapter(&a, 5, "math", 2).await;
    let sheet = shared_pdf(&a, &token, ch, "জ্যামিতির কম্পাসচিত্র অনুশীলন").await;
    let took = until_total(&b, "কম্পাসচিত্র", 1, Duration::from_secs(3)).await;
    assert_eq!(ids(&search(&b, "কম্পাসচিত্র").await), vec![sheet]);
    eprintln!("found on the other node after {took:?}");

    let r = a.api(Method::DELETE, &format!("/api/v1/contents/{sheet}"), None, Some(&token)).await;
    assert!(r.status.is_success(), "{}", r.text());
    until_total(&b, "কম্পাসচিত্র", 0, Duration::from_secs(3)).await;
    let lag = follow::lag(&b.state);
    assert!(!lag.building && lag.changes <= 2, "{lag:?}");
    for t in tasks {
        t.abort();
    }
}

#[tokio::test]
async fn a_node_started_with_an_empty_index_folder_builds_it_and_answers() {
    let Some((a, b)) = two_nodes().await else { return };
    for id in 1..=3 {
        write(&a, &entry(id, &format!("নতুনঘরের পাঠ {id}"))).await;
    }
    // Not built yet: PostgreSQL's full-text search answers meanwhile.
    assert_eq!(search(&b, "নতুনঘরের").await["total"], 3);
    assert!(follow::lag(&b.state).building, "{:?}", follow::lag(&b.state));
    follow::catch_up(&b.state).await.unwrap();
    let engine = batayon::search::engine::of(&b.state).await.unwrap();
    assert!(engine.whole(), "built");
    assert_eq!(engine.entries(&b.state).await.unwrap(), 3, "every entry of the database in its own index");
    assert!(engine.local().mark().seq.is_some_and(|s| s >= 3));
    assert_eq!(search(&b, "নতুনঘরের").await["total"], 3);
    assert_eq!(follow::lag(&b.state), follow::Lag::default());
}

#[tokio::test]
async fn a_node_whose_index_is_older_than_the_pruned_log_rebuilds() {
    let Some((a, b)) = two_nodes().await else { return };
    write(&a, &entry(1, "পুরোনোপাঠ")).await;
    follow::catch_up(&b.state).await.unwrap();
    let was = batayon::search::engine::of(&b.state).await.unwrap().local().mark().seq.unwrap();

    // While b is away: a new entry, and the log pruned past it.
    write(&a, &entry(2, "পুরোনোপাঠ নতুন")).await;
    let pruned = changes::prune(a.db(), chrono::Utc::now() + chrono::Duration::minutes(1)).await.unwrap();
    assert_eq!(pruned, 2);
    let ends = changes::ends(a.db()).await.unwrap();
    assert!(ends.floor > was && ends.head == ends.floor, "{ends:?}");

    follow::catch_up(&b.state).await.unwrap();
    let engine = batayon::search::engine::of(&b.state).await.unwrap();
    assert_eq!(engine.local().mark().seq, Some(ends.head), "rebuilt up to the floor");
    assert_eq!(search(&b, "পুরোনোপাঠ").await["total"], 2, "the pruned change reached it through the rebuild");
}

#[tokio::test]
async fn a_change_committed_after_a_later_number_is_not_skipped() {
    let Some((a, b)) = two_nodes().await else { return };
    follow::catch_up(&b.state).await.unwrap();
    // The first writer takes its number and holds its transaction open...
    let first = a.db().begin().await.unwrap();
    batayon::search::postgres::apply(&first, &[entry(1, "ফাঁকপ্রথম")], &[]).await.unwrap();
    changes::record(&first, &[(Some(ItemRef::new(ItemKind::Post, 1)), Op::Upsert)]).await.unwrap();
    // ...while a second writes and commits (or waits for the first).
    let second = {
        let db = a.db().clone();
        tokio::spawn(async move {
            let txn = db.begin().await.unwrap();
            batayon::search::postgres::apply(&txn, &[entry(2, "ফাঁকদ্বিতীয়")], &[]).await.unwrap();
            changes::record(&txn, &[(Some(ItemRef::new(ItemKind::Post, 2)), Op::Upsert)]).await.unwrap();
            txn.commit().await.unwrap();
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    follow::catch_up(&b.state).await.unwrap();
    first.commit().await.unwrap();
    second.await.unwrap();
    follow::catch_up(&b.state).await.unwrap();
    assert_eq!(search(&b, "ফাঁকপ্রথম").await["total"], 1, "the change numbered first, committed last");
    assert_eq!(search(&b, "ফাঁকদ্বিতীয়").await["total"], 1);
}

#[tokio::test]
async fn fifty_parallel_writers_are_all_applied() {
    let Some((a, b)) = two_nodes().await else { return };
    follow::catch_up(&b.state).await.unwrap();
    let follower = tokio::spawn(follow::run(b.state.clone()));
    let writers: Vec<_> = (1..=50)
        .map(|id| {
            let db = a.db().clone();
            tokio::spawn(async move {
                let txn = db.begin().await.unwrap();
                let e = entry(id, &format!("সমান্তরালপাঠ {id}"));
                batayon::search::postgres::apply(&txn, std::slice::from_ref(&e), &[]).await.unwrap();
                tokio::time::sleep(Duration::from_millis((id as u64 * 7) % 40)).await;
                changes::record(&txn, &[(Some(e.item), Op::Upsert)]).await.unwrap();
                txn.commit().await.unwrap();
            })
        })
        .collect();
    for w in writers {
        w.await.unwrap();
    }
    until_total(&b, "সমান্তরালপাঠ", 50, Duration::from_secs(5)).await;
    follower.abort();
}

#[tokio::test]
async fn a_letter_typed_without_its_nukta_finds_the_word_written_with_it() {
    let app = TestApp::new().await;
    let (_, token) = app.teacher("নুক্তার শিক্ষক", "01719990002").await;
    let post = json!({"title": "শিশুদের পড়ার অভ্যাস আর বিদ্যালয়ের পাঠাগার", "body": "প্রতিদিন একটু করে পড়া।", "category": "pedagogy", "publish": true});
    let r = app.api(Method::POST, "/api/v1/posts", Some(post), Some(&token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap();
    batayon::worker::drain(&app.state).await.unwrap();
    // ড without its nukta, য without its nukta, and both written with it.
    for q in ["পডার অভ্যাস", "বিদ্যালযের পাঠাগার", "পড়া", "বিদ্যাল\u{09AF}\u{09BC}"]
    {
        assert_eq!(ids(&search(&app, q).await), vec![id], "{q}");
    }
    assert_eq!(search(&app, "পরার").await["total"], 0, "র is another letter");
}

/// A rebuild commits a batch at a time, each a segment a query must visit;
/// compacting (the end of every rebuild) leaves one, losing nothing.
#[tokio::test]
async fn compacting_an_index_of_many_segments_leaves_one_with_every_entry() {
    let app = TestApp::new().await;
    let engine = batayon::search::engine::of(&app.state).await.unwrap();
    let before = engine.entries(&app.state).await.unwrap();
    for batch in 0..3 {
        let entries = (0..4).map(|i| entry(900_000 + batch * 10 + i, &format!("খণ্ডপাঠ {batch} {i}"))).collect();
        engine.add_new(&app.state, entries).await.unwrap();
    }
    assert!(engine.segments() >= 3, "one segment per commit: {}", engine.segments());
    engine.compact().await.unwrap();
    assert_eq!(engine.segments(), 1);
    assert_eq!(engine.entries(&app.state).await.unwrap(), before + 12);
}
