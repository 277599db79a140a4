//! The recognition benchmark: fills a fresh database with a busy national
//! week (teachers in schools across the 64 districts, contents, ratings,
//! downloads, comments, questions, answers, votes and tries in class), then
//! times what happens on Friday: computing the week's candidates (every
//! category, nationally and per district, with rating rings) and
//! publishing the winners. Prints the sizes and the seconds.
//!
//!     cargo run --release --bin batayon-recognition-bench
//!
//! BENCH_TEACHERS (30000), BENCH_CONTENTS (20000), BENCH_RATINGS (60000),
//! BENCH_DOWNLOADS (100000) change the sizes; BENCH_POSTGRES=postgres://…/empty_db
//! runs it on PostgreSQL instead of SQLite.

use std::time::Instant;

use batayon::accounts::entity::user;
use batayon::accounts::model::Verification;
use batayon::items::ItemKind;
use batayon::practice::model::LogStatus;
use batayon::recognition::period::{AwardPeriod, Period, dhaka_date};
use batayon::web::Role;
use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::NotSet, ConnectionTrait, DatabaseConnection, EntityTrait, Set, Value};

fn env_number(name: &str, default: i64) -> i64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Runs `INSERT INTO table (cols) VALUES …` for `rows` rows made by `row`
/// (numbers only, written by us), each batch stamped with a time inside the week.
async fn insert(
    db: &DatabaseConnection,
    table: &str,
    cols: &str,
    rows: i64,
    week: Period,
    row: impl Fn(i64) -> String,
) -> anyhow::Result<()> {
    let batch = 1000;
    let span = (Utc::now().min(week.until()) - week.from()).num_seconds().max(1);
    let mut start = 0;
    while start < rows {
        let end = (start + batch).min(rows);
        let at = week.from() + Duration::seconds(span * start / rows.max(1));
        let values: Vec<String> = (start..end).map(&row).collect();
        let sql = format!("INSERT INTO {table} ({cols}) VALUES {} ON CONFLICT DO NOTHING", values.join(","));
        let params: Vec<Value> = vec![at.into()];
        db.execute_raw(batayon::db::numbered(db, &sql, params)).await?;
        start = end;
    }
    Ok(())
}

/// The sizes of the week, from the environment.
#[derive(Clone, Copy)]
struct Sizes {
    teachers: i64,
    contents: i64,
    ratings: i64,
    downloads: i64,
}

impl Sizes {
    fn from_env() -> Sizes {
        Sizes {
            teachers: env_number("BENCH_TEACHERS", 30_000),
            contents: env_number("BENCH_CONTENTS", 20_000),
            ratings: env_number("BENCH_RATINGS", 60_000),
            downloads: env_number("BENCH_DOWNLOADS", 100_000),
        }
    }

    /// Who wrote content `c` (numbered from 0).
    fn author(&self, c: i64) -> i64 {
        1 + (c * 7) % self.teachers
    }
}

async fn fill(db: &DatabaseConnection, week: Period) -> anyhow::Result<()> {
    let sizes = Sizes::from_env();
    schools_and_teachers(db, week, &sizes).await?;
    contents_and_their_use(db, week, &sizes).await?;
    questions_and_tries(db, week, &sizes).await
}

/// A school for every ten teachers, across the districts; the first teacher of each school is its head.
async fn schools_and_teachers(db: &DatabaseConnection, week: Period, sizes: &Sizes) -> anyhow::Result<()> {
    let teachers = sizes.teachers;
    let schools = teachers / 10;
    let districts: Vec<i64> = batayon::places::store::districts(db).await?.iter().map(|d| d.id.0).collect();
    insert(db, "institutions", "eiin, name, name_key, district_id, level_code", schools, week, |i| {
        format!("({}, 'বিদ্যালয় {i}', 'বিদ্যালয় {i}', {}, 'primary')", 500_000 + i, districts[i as usize % districts.len()])
    })
    .await?;
    let hash = batayon::accounts::password::hash_now("bench-password").map_err(|e| anyhow::anyhow!("{e}"))?;
    let joined = Utc::now() - Duration::days(200);
    for start in (0..teachers).step_by(1000) {
        let batch: Vec<user::ActiveModel> = (start..(start + 1000).min(teachers))
            .map(|i| {
                let school = i % schools;
                user::ActiveModel {
                    id: NotSet,
                    name: Set(format!("শিক্ষক {i}")),
                    name_key: Set(format!("শিক্ষক {i}")),
                    phone: Set(Some(format!("+88017{:08}", 30_000_000 + i))),
                    email: Set(None),
                    password_hash: Set(hash.clone()),
                    role: Set(if i < schools { Role::HeadTeacher } else { Role::Teacher }),
                    lang: Set("bn".into()),
                    data_saver: Set(None),
                    designation: Set(None),
                    institution_id: Set(Some(batayon::ids::InstitutionId(1 + school))),
                    district_id: Set(Some(batayon::ids::DistrictId(districts[school as usize % districts.len()]))),
                    upazila_id: Set(None),
                    level_code: Set(Some("primary".into())),
                    bio: Set(None),
                    photo_id: Set(None),
                    verification: Set(Verification::Verified),
                    verification_note: Set(None),
                    verified_at: Set(Some(joined)),
                    created_at: Set(joined),
                    updated_at: Set(joined),
                }
            })
            .collect();
        user::Entity::insert_many(batch).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Contents, their ratings (raters spread over everyone), downloads and comments.
async fn contents_and_their_use(db: &DatabaseConnection, week: Period, sizes: &Sizes) -> anyhow::Result<()> {
    let Sizes { teachers, contents, ratings, downloads } = *sizes;
    let chapter: i64 = batayon::curriculum::store::tree(db).await?[0].classes[0].subjects[0].chapters[0].id.0;
    insert(
        db,
        "contents",
        "author_id, chapter_id, title, title_key, description, language, licence, kind, hidden, views, downloads, rating_sum, rating_count, created_at, updated_at",
        contents,
        week,
        |c| format!("({}, {chapter}, 'কার্যপত্র {c}', 'কার্যপত্র {c}', '', 'bn', 'CC-BY-4.0', 'link', false, 0, 0, 0, 0, $1, $1)", sizes.author(c)),
    )
    .await?;
    insert(db, "ratings", "content_id, user_id, stars, updated_at", ratings, week, |i| {
        let c = 1 + (i * 13) % contents;
        let mut rater = 1 + (i * 7919) % teachers;
        if rater == sizes.author(c - 1) {
            rater = 1 + rater % teachers;
        }
        format!("({c}, {rater}, {}, $1)", 3 + i % 3)
    })
    .await?;
    insert(db, "content_downloads", "content_id, user_id, downloaded_at", downloads, week, |i| {
        format!("({}, {}, $1)", 1 + (i * 17) % contents, 1 + (i * 104_729) % teachers)
    })
    .await?;
    insert(db, "comments", "content_id, author_id, body, created_at", contents / 2, week, |i| {
        format!("({}, {}, 'ধন্যবাদ, কাজে লাগবে', $1)", 1 + (i * 3) % contents, 1 + (i * 31) % teachers)
    })
    .await
}

/// Questions with three answers each, votes on the answers, and a try in class for every fourth teacher.
async fn questions_and_tries(db: &DatabaseConnection, week: Period, sizes: &Sizes) -> anyhow::Result<()> {
    let teachers = sizes.teachers;
    let questions = teachers / 15;
    insert(
        db,
        "questions",
        "author_id, title, title_key, body, score, answer_count, hidden, created_at, updated_at, active_at",
        questions,
        week,
        |i| format!("({}, 'প্রশ্ন {i}', 'প্রশ্ন {i}', 'কীভাবে?', 0, 0, false, $1, $1, $1)", 1 + (i * 11) % teachers),
    )
    .await?;
    insert(
        db,
        "answers",
        "question_id, author_id, body, score, hidden, created_at, updated_at",
        questions * 3,
        week,
        |i| format!("({}, {}, 'এভাবে করে দেখুন', 0, false, $1, $1)", 1 + i % questions, 1 + (i * 37) % teachers),
    )
    .await?;
    let answer = ItemKind::Answer;
    insert(db, "votes", "item_kind, item_id, user_id, value, created_at", questions * 9, week, |i| {
        let value = if i % 10 == 0 { -1 } else { 1 };
        format!("('{answer}', {}, {}, {value}, $1)", 1 + i % (questions * 3), 1 + (i * 53) % teachers)
    })
    .await?;
    // Dates are written as their text: both databases read it as the day.
    let first = week.starts_on;
    let done = LogStatus::Done;
    insert(
        db,
        "practice_logs",
        "teacher_id, status, title, planned_on, tried_on, what_done, response, reflection, change_next, shared, created_at, updated_at",
        teachers / 4,
        week,
        |i| format!("({}, '{done}', 'চেষ্টা {i}', '{first}', '{first}', '', '', '', '', false, $1, $1)", 1 + (i * 5) % teachers),
    )
    .await?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = match std::env::var("BENCH_POSTGRES") {
        Ok(url) => url,
        Err(_) => format!("sqlite://{}?mode=rwc", dir.path().join("bench.db").display()),
    };
    let db = batayon::db::connect(&url).await?;
    batayon::db::migrate(&db).await?;
    let week = Period::containing(AwardPeriod::Week, dhaka_date(Utc::now()));
    let started = Instant::now();
    fill(&db, week).await?;
    println!(
        "filled in {:.1} s ({})",
        started.elapsed().as_secs_f64(),
        if url.starts_with("postgres") { "PostgreSQL" } else { "SQLite" }
    );
    for table in ["users", "contents", "ratings", "content_downloads", "comments", "answers", "votes", "practice_logs"]
    {
        let row =
            db.query_one_raw(batayon::db::numbered(&db, &format!("SELECT COUNT(*) AS n FROM {table}"), vec![])).await?;
        let n: i64 = row.map(|r| r.try_get("", "n")).transpose()?.unwrap_or(0);
        println!("  {table:>18}: {n}");
    }
    let config = batayon::config::Config::for_tests(&dir.path().join("uploads"));
    let storage = batayon::storage::Storage::local(&dir.path().join("media"))?;
    let state = batayon::state::AppState::new(db.clone(), config, storage);
    let started = Instant::now();
    let inputs = batayon::recognition::store::inputs::gather(&db, week).await?;
    let gathered = started.elapsed();
    let rings = batayon::recognition::rings::find(&inputs);
    let scored = batayon::recognition::scoring::rank(batayon::recognition::scoring::score(&inputs, &rings));
    let scored_in = started.elapsed() - gathered;
    println!(
        "facts: {} ratings, {} contents, {} acts, {} people; rings {}; {} candidate rows",
        inputs.ratings.len(),
        inputs.contents.len(),
        inputs.acts.len(),
        inputs.people.len(),
        rings.len(),
        scored.len()
    );
    println!(
        "  gathering the facts: {:.2} s; scoring and ranking: {:.2} s",
        gathered.as_secs_f64(),
        scored_in.as_secs_f64()
    );
    let started = Instant::now();
    let round = batayon::recognition::rounds::compute_at_once(&state, week).await?;
    println!("computing the round (facts, scores, saving candidates): {:.2} s", started.elapsed().as_secs_f64());
    let moderator = batayon::ids::UserId(1);
    let started = Instant::now();
    let awards =
        batayon::recognition::rounds::publish(&state, moderator, round).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "publishing {awards} awards (with notifications and the audit line): {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
