//! `batayon backup` while teachers share and comment, then `restore` into
//! an empty data folder: every committed content comes back with its file.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::http::{Method, StatusCode};
use sea_orm::EntityTrait;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::app::{TestApp, empty_database_url, fresh_database, postgres_admin_url, test_storage};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_teachers_write_restores_every_committed_content_with_its_file() {
    let source = tempfile::tempdir().unwrap();
    let postgres = postgres_admin_url().is_some();
    let (url, db) = fresh_database(source.path(), postgres).await;
    let app = Arc::new(TestApp::with_database(db).await);
    let (_, token) = app.teacher("ব্যাকআপের দিন", "01745450001").await;
    let chapter = crate::content::chapter(&app, 4, "math", 2).await;

    // A teacher keeps sharing and commenting while the backup runs.
    let committed = Arc::new(Mutex::new(Vec::<i64>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (app, token, committed, stop) = (app.clone(), token.clone(), committed.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let title = format!("পাঠ {n}");
                let id = crate::content::shared_pdf(&app, &token, chapter, &title).await;
                // Comments within a new account's hourly allowance.
                if n <= 10 {
                    let path = format!("/api/v1/contents/{id}/comments");
                    let body = json!({"body": format!("মন্তব্য {n}")});
                    let r = app.api(Method::POST, &path, Some(body), Some(&token)).await;
                    assert_eq!(r.status, StatusCode::CREATED);
                }
                committed.lock().unwrap().push(id);
            }
        })
    };
    while committed.lock().unwrap().len() < 3 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before: Vec<i64> = committed.lock().unwrap().clone();
    let target = tempfile::tempdir().unwrap();
    let folder = target.path().join("backup");
    let manifest = batayon::backup::backup(&url, &app.state.storage, &folder, false).await.expect("backup");
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    assert!(manifest.objects >= before.len() as u64);

    // Restore into an empty data folder (or database) and storage.
    let restored_dir = tempfile::tempdir().unwrap();
    let restored_url = empty_database_url(restored_dir.path(), postgres).await;
    let restored_storage = test_storage(restored_dir.path());
    batayon::backup::restore(&restored_url, &restored_storage, &folder, false).await.expect("restore");
    let restored = batayon::db::connect(&restored_url).await.unwrap();
    let contents = batayon::content::entity::content::Entity::find().all(&restored).await.unwrap();
    for id in &before {
        let row =
            contents.iter().find(|c| c.id.0 == *id).unwrap_or_else(|| panic!("content {id} was committed before"));
        let blob = batayon::media::store::blob(&restored, row.blob_id.unwrap()).await.unwrap().expect("its blob");
        let copy = restored_dir.path().join("check");
        restored_storage.fetch_to(&blob.storage_key, &copy).await.expect("its file is restored");
        let bytes = std::fs::read(&copy).unwrap();
        assert_eq!(hex::encode(Sha256::digest(&bytes)), blob.sha256, "content {id}: the identical file");
    }
    // Every content in the snapshot has its file, including those written during the backup.
    for row in &contents {
        let blob = batayon::media::store::blob(&restored, row.blob_id.unwrap()).await.unwrap().unwrap();
        assert!(restored_storage.exists(&blob.storage_key).await.unwrap(), "content {}", row.id);
    }
    let comments = batayon::content::entity::comment::Entity::find().all(&restored).await.unwrap();
    assert!(comments.len() >= before.len().min(10), "comments came back too");

    // Restoring over a database that has data is refused.
    let again = batayon::backup::restore(&restored_url, &restored_storage, &folder, false).await;
    assert!(again.is_err());
}

/// Each kind of stored file comes back: a content's file, its rendition
/// (a PDF's first-page picture), and a practice entry's photo and voice note.
#[tokio::test]
async fn a_backup_keeps_every_kind_of_stored_file() {
    let source = tempfile::tempdir().unwrap();
    let postgres = postgres_admin_url().is_some();
    let (url, db) = fresh_database(source.path(), postgres).await;
    let app = TestApp::with_database(db).await;
    let (_, token) = app.teacher("ফাইলের শিক্ষক", "01745460001").await;
    let chapter = crate::content::chapter(&app, 4, "math", 2).await;
    crate::content::shared_pdf(&app, &token, chapter, "ভগ্নাংশের কাগজ").await;
    while batayon::worker::run_one(&app.state).await.unwrap() {}

    // Her try in class, with a photo and a voice note.
    let mut her = app.browser();
    let r = her.submit("/login", &[("login", "01745460001"), ("password", "shikkhok123")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (entry, words) = crate::fixtures::planned_try(&mut her).await;
    let words: Vec<(&str, &str)> = words.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (photo, sound) = (crate::fixtures::png(400, 300), crate::fixtures::wav(2));
    let (ct, body) =
        crate::fixtures::multipart_files(&words, &[("photo", "class.png", &photo), ("voice", "voice.wav", &sound)]);
    let r = her.post_raw(&format!("{entry}/log"), &ct, body).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let log = batayon::practice::entity::log::Entity::find().one(app.db()).await.unwrap().unwrap();
    let (photo_key, voice_key) = (log.photo_key.unwrap(), log.voice_key.unwrap());
    let renditions = batayon::media::entity::rendition::Entity::find().all(app.db()).await.unwrap();
    assert!(!renditions.is_empty(), "the PDF has its first-page picture");

    let target = tempfile::tempdir().unwrap();
    let folder = target.path().join("backup");
    batayon::backup::backup(&url, &app.state.storage, &folder, false).await.expect("backup");
    let restored_dir = tempfile::tempdir().unwrap();
    let restored_url = empty_database_url(restored_dir.path(), postgres).await;
    let restored_storage = test_storage(restored_dir.path());
    batayon::backup::restore(&restored_url, &restored_storage, &folder, false).await.expect("restore");

    let restored = batayon::db::connect(&restored_url).await.unwrap();
    for blob in batayon::media::entity::blob::Entity::find().all(&restored).await.unwrap() {
        assert!(restored_storage.exists(&blob.storage_key).await.unwrap(), "the content's file");
    }
    for r in batayon::media::entity::rendition::Entity::find().all(&restored).await.unwrap() {
        assert!(restored_storage.exists(&r.storage_key).await.unwrap(), "the rendition {}", r.storage_key);
    }
    assert!(restored_storage.exists(&photo_key).await.unwrap(), "the practice photo");
    assert!(restored_storage.exists(&voice_key).await.unwrap(), "the voice note");
}

#[tokio::test]
async fn restore_refuses_a_backup_with_a_link_in_it() {
    let source = tempfile::tempdir().unwrap();
    let postgres = postgres_admin_url().is_some();
    let (url, db) = fresh_database(source.path(), postgres).await;
    let app = TestApp::with_database(db).await;
    let (_, token) = app.teacher("লিংকের শিক্ষক", "01745480001").await;
    let chapter = crate::content::chapter(&app, 4, "math", 2).await;
    crate::content::shared_pdf(&app, &token, chapter, "ভগ্নাংশের কাগজ").await;
    let target = tempfile::tempdir().unwrap();
    let folder = target.path().join("backup");
    batayon::backup::backup(&url, &app.state.storage, &folder, false).await.expect("backup");

    // Someone slips a link to a secret into the backup's files.
    let secret = target.path().join("issuer-1-key-1.secret");
    std::fs::write(&secret, "z-a-private-key").unwrap();
    std::os::unix::fs::symlink(&secret, folder.join("media").join("stolen-key")).unwrap();

    let restored_dir = tempfile::tempdir().unwrap();
    let restored_url = empty_database_url(restored_dir.path(), postgres).await;
    let restored_storage = test_storage(restored_dir.path());
    let outcome = batayon::backup::restore(&restored_url, &restored_storage, &folder, false).await;
    let error = outcome.expect_err("a backup with a link is refused");
    assert!(error.to_string().contains("not a plain file"), "{error}");
    assert!(!restored_storage.exists("stolen-key").await.unwrap(), "the linked file was not read into storage");
}
