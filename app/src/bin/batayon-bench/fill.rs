//! The data the pages are measured on: the demo (every page family has
//! something real to show), 100,000 more contents on every chapter, one
//! session per role, and the ids each family's page is opened at.

use std::process::{Command, Stdio};

use batayon::accounts::model::{SessionKind, UserId};
use batayon::content::entity::content;
use batayon::ids::{ChapterId, ContentId};
use chrono::Utc;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

use super::tools::{Child, server_exe};

/// Who is signed in for a family's page.
#[derive(Clone, Copy, PartialEq)]
pub enum Who {
    Teacher,
    HeadTeacher,
    Officer,
    Admin,
}

/// Session cookies of the measured people, and the pages' ids.
pub struct Fixture {
    pub teacher_cookie: String,
    pub head_cookie: String,
    pub officer_cookie: String,
    pub admin_cookie: String,
    pub teacher: UserId,
    pub others_content: ContentId,
    pub own_content: ContentId,
    pub chapter: ChapterId,
    pub question: i64,
    pub post: i64,
    pub idea: i64,
    pub course: i64,
    pub video_activity: i64,
    pub quiz_module: i64,
    pub practice_log: i64,
    pub credential: String,
}

impl Fixture {
    pub fn cookie(&self, who: Who) -> String {
        let token = match who {
            Who::Teacher => &self.teacher_cookie,
            Who::HeadTeacher => &self.head_cookie,
            Who::Officer => &self.officer_cookie,
            Who::Admin => &self.admin_cookie,
        };
        format!("batayon_session={token}")
    }
}

/// The demo, loaded by the real server once (`serve --demo`), then the
/// contents; the search index rebuilt over all of it.
pub async fn fill(data: &std::path::Path, contents: u64) -> anyhow::Result<Fixture> {
    load_demo(data).await?;
    let db = batayon::db::connect(&batayon::config::sqlite_url(&data.join("batayon.db"))).await?;
    let teachers = batayon::profiles::store::verified_teacher_ids(&db).await?;
    anyhow::ensure!(!teachers.is_empty(), "the demo made no teachers");
    fill_contents(&db, &teachers, contents).await?;
    let fixture = fixture(&db).await?;
    db.close().await?;
    let status = Command::new(server_exe()?)
        .args(["reindex", "--data", data.to_str().unwrap_or(".")])
        .stderr(Stdio::null())
        .status()?;
    anyhow::ensure!(status.success(), "batayon reindex failed");
    Ok(fixture)
}

async fn load_demo(data: &std::path::Path) -> anyhow::Result<()> {
    // Stopped (dropped) once it answers: everything is in the database.
    let _server = start_demo(data).await?;
    Ok(())
}

/// `serve --demo` on a free port until it answers (the demo loads first).
async fn start_demo(data: &std::path::Path) -> anyhow::Result<(Child, String)> {
    let port = super::tools::free_port()?;
    let addr = format!("127.0.0.1:{port}");
    let child = Child(
        Command::new(server_exe()?)
            .args(["serve", "--demo", "--no-worker", "--addr", &addr, "--data", data.to_str().unwrap_or(".")])
            .args(["--public-url", super::tools::PUBLIC_URL])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
    );
    let client = reqwest::Client::new();
    let started = std::time::Instant::now();
    while !client.get(format!("http://{addr}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
        anyhow::ensure!(started.elapsed().as_secs() < 900, "the demo did not load");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Ok((child, format!("http://{addr}")))
}

/// `contents` worksheets spread over every chapter, by the demo's teachers.
async fn fill_contents(db: &DatabaseConnection, authors: &[UserId], contents: u64) -> anyhow::Result<()> {
    let now = Utc::now();
    let chapters: Vec<ChapterId> = batayon::curriculum::store::tree(db)
        .await?
        .iter()
        .flat_map(|l| &l.classes)
        .flat_map(|c| &c.subjects)
        .flat_map(|s| s.chapters.iter().map(|c| c.id))
        .collect();
    let blobs: Vec<batayon::ids::BlobId> = batayon::media::entity::blob::Entity::find()
        .select_only()
        .column(batayon::media::entity::blob::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    anyhow::ensure!(!blobs.is_empty(), "the demo stored no files");
    let mut done = 0u64;
    while done < contents {
        let txn = db.begin().await?;
        let batch: Vec<content::ActiveModel> = (done..(done + 1000).min(contents))
            .map(|n| {
                let title = format!("অধ্যায়ের কার্যপত্র নম্বর {n}");
                content::ActiveModel {
                    id: NotSet,
                    author_id: Set(authors[n as usize % authors.len()]),
                    chapter_id: Set(chapters[n as usize % chapters.len()]),
                    title_key: Set(bangla::search_key(&title)),
                    title: Set(title),
                    description: Set("দলে বসে করার কার্যপত্র; শেষে তিনটি প্রশ্ন আছে।".into()),
                    language: Set("bn".into()),
                    licence: Set("CC-BY-4.0".into()),
                    kind: Set(batayon::media::MediaKind::Pdf),
                    blob_id: Set(Some(blobs[n as usize % blobs.len()])),
                    external_url: Set(None),
                    original_name: Set(Some("worksheet.pdf".into())),
                    hidden: Set(false),
                    deleted_at: Set(None),
                    views: Set((n % 977) as i64),
                    downloads: Set((n % 311) as i64),
                    rating_sum: Set((n % 5 * 4) as i64),
                    rating_count: Set((n % 5) as i64),
                    created_at: Set(now - chrono::Duration::seconds(n as i64 + 86_400)),
                    updated_at: Set(now),
                }
            })
            .collect();
        content::Entity::insert_many(batch).exec_without_returning(&txn).await?;
        txn.commit().await?;
        done = (done + 1000).min(contents);
    }
    Ok(())
}

async fn by_phone(db: &DatabaseConnection, phone: &str) -> anyhow::Result<UserId> {
    let login = batayon::accounts::model::Login::Phone(phone.into());
    let found = batayon::accounts::store::find_by_login(db, &login).await?;
    Ok(found.ok_or_else(|| anyhow::anyhow!("no demo account {phone}"))?.id)
}

/// The practising teacher with the most tries, her pages' ids, sessions.
async fn fixture(db: &DatabaseConnection) -> anyhow::Result<Fixture> {
    use batayon::practice::entity::log;
    let (teacher, _): (UserId, i64) = log::Entity::find()
        .select_only()
        .column(log::Column::TeacherId)
        .column_as(log::Column::Id.count(), "tries")
        .group_by(log::Column::TeacherId)
        .order_by_desc(log::Column::Id.count())
        .into_tuple()
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo logged no tries"))?;
    let practice_log =
        first(log::Entity::find().filter(log::Column::TeacherId.eq(teacher)), log::Column::Id, db).await?;
    let own =
        first(content::Entity::find().filter(content::Column::AuthorId.eq(teacher)), content::Column::Id, db).await?;
    let total = content::Entity::find().count(db).await? as i64;
    let middle = content::Entity::find()
        .filter(content::Column::AuthorId.ne(teacher))
        .filter(content::Column::Id.gte(total / 2))
        .order_by_asc(content::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no contents"))?;
    let cookie = |who: UserId| batayon::accounts::store::create_session(db, who, SessionKind::Cookie);
    Ok(Fixture {
        teacher_cookie: cookie(teacher).await?,
        head_cookie: cookie(by_phone(db, "+8801700000007").await?).await?,
        officer_cookie: cookie(by_phone(db, "+8801700000006").await?).await?,
        admin_cookie: cookie(by_phone(db, "+8801700000003").await?).await?,
        teacher,
        others_content: middle.id,
        own_content: ContentId(own),
        chapter: middle.chapter_id,
        question: community_ids(db).await?.0,
        post: community_ids(db).await?.1,
        idea: community_ids(db).await?.2,
        course: learning_ids(db).await?.0,
        video_activity: learning_ids(db).await?.1,
        quiz_module: learning_ids(db).await?.2,
        practice_log,
        credential: credential_of(db, teacher).await?,
    })
}

/// The smallest id a query finds.
async fn first<E, C>(query: sea_orm::Select<E>, id: C, db: &DatabaseConnection) -> anyhow::Result<i64>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    let found: Option<i64> = query.select_only().column(id).order_by_asc(id).into_tuple().one(db).await?;
    found.ok_or_else(|| anyhow::anyhow!("the demo has no {}", id.entity_name()))
}

/// A question with answers, a published post and an idea of the demo.
async fn community_ids(db: &DatabaseConnection) -> anyhow::Result<(i64, i64, i64)> {
    use batayon::ideas::entity::idea;
    use batayon::posts::entity::post;
    use batayon::questions::entity::answer;
    let asked = first(answer::Entity::find(), answer::Column::QuestionId, db).await?;
    let published = post::Entity::find().filter(post::Column::PublishedAt.is_not_null());
    Ok((asked, first(published, post::Column::Id, db).await?, first(idea::Entity::find(), idea::Column::Id, db).await?))
}

/// The demo course, a lesson video and a module with a quiz.
async fn learning_ids(db: &DatabaseConnection) -> anyhow::Result<(i64, i64, i64)> {
    use batayon::learning::entity::{activity, course, question};
    use batayon::learning::words::ActivityKind;
    let course = first(course::Entity::find(), course::Column::Id, db).await?;
    let video = activity::Entity::find().filter(activity::Column::Kind.eq(ActivityKind::Video));
    let quiz = first(question::Entity::find(), question::Column::ModuleId, db).await?;
    Ok((course, first(video, activity::Column::Id, db).await?, quiz))
}

/// One of her badges' public id (the verify page's address).
async fn credential_of(db: &DatabaseConnection, teacher: UserId) -> anyhow::Result<String> {
    use batayon::credentials::entity::credential;
    let found: Option<String> = credential::Entity::find()
        .filter(credential::Column::RecipientId.eq(teacher))
        .filter(credential::Column::RevokedAt.is_null())
        .select_only()
        .column(credential::Column::PublicId)
        .into_tuple()
        .one(db)
        .await?;
    match found {
        Some(id) => Ok(id),
        None => Ok(credential::Entity::find()
            .select_only()
            .column(credential::Column::PublicId)
            .into_tuple()
            .one(db)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the demo issued no badges"))?),
    }
}
