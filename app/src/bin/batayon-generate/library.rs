//! The shared library: a few thousand files (blobs) reused by hash under
//! contents on the real chapters, their ratings, comments and downloads,
//! and the reputation good ratings earn. A content's counters are worked
//! out from the same rules that make its rows, so pages show true numbers.

use std::sync::Arc;

use batayon::content::model::LICENCES;
use batayon::content::ratings::GOOD_STARS;
use batayon::items::ItemKind;
use batayon::media::MediaKind;
use batayon::questions::reputation::Reason;
use batayon::web::Lang;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use sha2::{Digest, Sha256};

use crate::sql::{Loaded, at, day, insert, pick, text, truth};
use crate::world::{BASE, Sizes, World, colleague, content_author};

const KINDS: [(MediaKind, &str, &str); 8] = [
    (MediaKind::Pdf, "application/pdf", "pdf"),
    (MediaKind::Pdf, "application/pdf", "pdf"),
    (MediaKind::Pdf, "application/pdf", "pdf"),
    (MediaKind::Image, "image/png", "png"),
    (MediaKind::Video, "video/mp4", "mp4"),
    (MediaKind::Slides, "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    (MediaKind::Document, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    (MediaKind::Audio, "audio/mpeg", "mp3"),
];
const FORMS: [&str; 6] = ["পাঠ পরিকল্পনা", "কার্যপত্র", "মূল্যায়ন প্রশ্ন", "শ্রেণি কার্যক্রম", "ছবিসহ পাঠ", "অনুশীলনী"];
const REMARKS: [&str; 5] = [
    "খুব কাজের জিনিস, আমার ক্লাসে ব্যবহার করেছি। ধন্যবাদ!",
    "শিশুরা আগ্রহ নিয়ে অংশ নিয়েছে।",
    "চমৎকার উপস্থাপন, আরও এমন কাজ চাই।",
    "দ্বিতীয় অংশটি একটু কঠিন মনে হয়েছে।",
    "আমাদের বিদ্যালয়ে সবাই মিলে দেখেছি।",
];
const STARS: [i64; 10] = [5, 5, 4, 4, 4, 5, 3, 4, 2, 5];

pub fn sha_of(k: i64) -> String {
    hex::encode(Sha256::digest(format!("batayon-national-file-{k}").as_bytes()))
}

pub async fn blobs(db: &DatabaseConnection, w: &Arc<World>, s: Sizes) -> anyhow::Result<Loaded> {
    let w = w.clone();
    let cols = "id, sha256, size_bytes, mime, kind, storage_key, duration_secs, page_count, created_at";
    insert(db, "blobs", cols, 0..s.blobs, move |k, out| {
        let (kind, mime, ext) = KINDS[k as usize % KINDS.len()];
        let sha = sha_of(k);
        let timed = matches!(kind, MediaKind::Video | MediaKind::Audio);
        out.push(format!(
            "({},{},{},{},{},{},{},{},{})",
            BASE + k,
            text(&sha),
            40_000 + pick(k, 30, 8_000_000),
            text(mime),
            text(kind.as_str()),
            text(&batayon::media::ingest::blob_key(&sha, ext)),
            if timed { format!("{}", 60 + pick(k, 31, 900)) } else { "NULL".into() },
            if kind == MediaKind::Pdf { format!("{}", 1 + pick(k, 32, 30)) } else { "NULL".into() },
            at(w.time(k, 33)),
        ));
    })
    .await
}

/// How many ratings content `c` has, and rater `j`'s stars (j from 1).
fn ratings_of(c: i64) -> i64 {
    pick(c, 21, 5) as i64
}
fn stars(c: i64, j: i64) -> i64 {
    STARS[pick(c * 8 + j, 22, STARS.len())]
}
fn has_comment(c: i64) -> bool {
    pick(c, 23, 7) < 6
}
fn downloads_of(c: i64) -> i64 {
    pick(c, 24, 3) as i64
}

fn created(w: &World, c: i64) -> DateTime<Utc> {
    w.time(c, 7)
}

pub async fn contents(db: &DatabaseConnection, w: &Arc<World>, s: Sizes) -> anyhow::Result<Loaded> {
    let w = w.clone();
    let cols = "id, author_id, chapter_id, title, title_key, description, language, licence, kind, blob_id, \
                external_url, original_name, hidden, deleted_at, views, downloads, rating_sum, rating_count, \
                created_at, updated_at";
    insert(db, "contents", cols, 0..s.contents, move |c, out| {
        let (chapter, _, class, chapter_name) = w.chapter_of(c, 20);
        let blob = pick(c, 25, s.blobs as usize) as i64;
        let (kind, _, ext) = KINDS[blob as usize % KINDS.len()];
        let title = format!("{chapter_name}: {} {}", FORMS[pick(c, 26, FORMS.len())], c % 50 + 1);
        let description = format!("{class} শ্রেণির জন্য {chapter_name} অধ্যায়ের {}।", FORMS[pick(c, 26, FORMS.len())]);
        let count = ratings_of(c);
        let sum: i64 = (1..=count).map(|j| stars(c, j)).sum();
        let downloads = downloads_of(c);
        let views = downloads + count + pick(c, 27, 40) as i64;
        let lang = if pick(c, 28, 10) == 0 { Lang::En } else { Lang::Bn };
        let when = at(created(&w, c));
        out.push(format!(
            "({},{},{chapter},{},{},{},{},{},{},{},NULL,{},FALSE,NULL,{views},{downloads},{sum},{count},{when},{when})",
            BASE + c,
            BASE + content_author(c),
            text(&title),
            text(&bangla::search_key(&title)),
            text(&description),
            text(lang.code()),
            text(LICENCES[pick(c, 29, 3)]),
            text(kind.as_str()),
            BASE + blob,
            text(&format!("{}.{ext}", FORMS[pick(c, 26, FORMS.len())])),
        ));
    })
    .await
}

pub async fn ratings(db: &DatabaseConnection, w: &Arc<World>, s: Sizes) -> anyhow::Result<Vec<Loaded>> {
    let rows = {
        let w = w.clone();
        insert(db, "ratings", "content_id, user_id, stars, updated_at", 0..s.contents, move |c, out| {
            let author = content_author(c);
            for j in 1..=ratings_of(c) {
                let t = w.after(created(&w, c), c * 8 + j, 34);
                out.push(format!("({},{},{},{})", BASE + c, BASE + colleague(author, j), stars(c, j), at(t)));
            }
        })
        .await?
    };
    // Four or five stars give the author points, as `content::ratings::rate` does.
    let points = {
        let w = w.clone();
        let cols = "id, user_id, points, reason, item_kind, item_id, actor_id, day, capped, created_at, award_key";
        insert(db, "reputation_events", cols, 0..s.contents, move |c, out| {
            let author = content_author(c);
            for j in (1..=ratings_of(c)).filter(|j| stars(c, *j) >= GOOD_STARS as i64) {
                let t = w.after(created(&w, c), c * 8 + j, 34);
                out.push(format!(
                    "({},{},{},{},{},{},{},{},{},{},NULL)",
                    BASE + c * 8 + j,
                    BASE + author,
                    Reason::ContentRatedWell.points(),
                    text(Reason::ContentRatedWell.as_str()),
                    text(ItemKind::Content.as_str()),
                    BASE + c,
                    BASE + colleague(author, j),
                    day(World::date(t)),
                    truth(false),
                    at(t),
                ));
            }
        })
        .await?
    };
    Ok(vec![rows, points])
}

pub async fn comments_and_downloads(db: &DatabaseConnection, w: &Arc<World>, s: Sizes) -> anyhow::Result<Vec<Loaded>> {
    let comments = {
        let w = w.clone();
        let cols = "id, content_id, author_id, parent_id, body, created_at, edited_at, deleted_at";
        insert(db, "comments", cols, 0..s.contents, move |c, out| {
            if has_comment(c) {
                let t = w.after(created(&w, c), c, 35);
                let who = colleague(content_author(c), 6);
                let body = text(REMARKS[pick(c, 36, REMARKS.len())]);
                out.push(format!("({},{},{},NULL,{body},{},NULL,NULL)", BASE + c, BASE + c, BASE + who, at(t)));
            }
        })
        .await?
    };
    let downloads = {
        let w = w.clone();
        let cols = "content_id, user_id, district_id, downloaded_at";
        insert(db, "content_downloads", cols, 0..s.contents, move |c, out| {
            for j in 0..downloads_of(c) {
                let who = colleague(content_author(c), 8 + j);
                let t = w.after(created(&w, c), c * 4 + j, 37);
                out.push(format!("({},{},{},{})", BASE + c, BASE + who, w.district_of_teacher(who), at(t)));
            }
        })
        .await?
    };
    Ok(vec![comments, downloads])
}
