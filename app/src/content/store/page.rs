//! The reads behind one content page, each a single query: the content with
//! its author, file, renditions and the viewer's own rating; its comments
//! with their authors' names; and the newest contents of the same chapter
//! with their authors, sizes and thumbnails. What other features own
//! comes through the read-only views they publish (`teacher_cards` of
//! accounts, `stored_files` and `file_renditions` of media, see m0026),
//! never their tables: a page is then four queries (five with the
//! session), not twenty.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult, QueryResult};

use crate::content::entity::{comment, content};
use crate::ids::{ChapterId, ContentId, UserId};
use crate::media::RenditionKind;

pub(super) use crate::db::numbered as statement;

pub struct Author {
    pub name: String,
    pub designation: Option<String>,
    pub verified: bool,
    pub photo_id: Option<crate::ids::PhotoId>,
}

pub struct File {
    pub mime: String,
    pub size_bytes: i64,
    pub duration_secs: Option<f64>,
    pub page_count: Option<i32>,
}

pub struct Rendition {
    pub kind: crate::media::RenditionKind,
    pub mime: String,
    pub size_bytes: i64,
}

/// A content as its page shows it.
pub struct PageRow {
    pub content: content::Model,
    pub author: Author,
    pub file: Option<File>,
    pub renditions: Vec<Rendition>,
    pub my_stars: Option<i32>,
}

const CONTENT_SQL: &str = "SELECT c.*, \
       u.name AS author_name, u.designation AS author_designation, u.verified AS author_verified, \
       u.photo_id AS author_photo_id, \
       b.mime AS file_mime, b.size_bytes AS file_size, b.duration_secs AS file_duration, b.page_count AS file_pages, \
       r.stars AS my_stars, \
       d.kind AS rendition_kind, d.mime AS rendition_mime, d.size_bytes AS rendition_size \
  FROM contents c \
  JOIN teacher_cards u ON u.id = c.author_id \
  LEFT JOIN stored_files b ON b.id = c.blob_id \
  LEFT JOIN ratings r ON r.content_id = c.id AND r.user_id = $2 \
  LEFT JOIN file_renditions d ON d.blob_id = c.blob_id \
 WHERE c.id = $1 AND c.deleted_at IS NULL \
 ORDER BY d.size_bytes";

/// One content (not deleted) with everything its page shows; `viewer`'s
/// own stars when given.
pub async fn content(db: &DatabaseConnection, id: ContentId, viewer: Option<UserId>) -> Result<Option<PageRow>, DbErr> {
    let values = vec![id.0.into(), viewer.map_or(-1, |v| v.0).into()];
    let rows = db.query_all_raw(statement(db, CONTENT_SQL, values)).await?;
    let Some(first) = rows.first() else { return Ok(None) };
    let content = content::Model::from_query_result(first, "")?;
    let author = Author {
        name: first.try_get("", "author_name")?,
        designation: first.try_get("", "author_designation")?,
        verified: first.try_get("", "author_verified")?,
        photo_id: first.try_get("", "author_photo_id")?,
    };
    let file = match first.try_get::<Option<String>>("", "file_mime")? {
        Some(mime) => Some(File {
            mime,
            size_bytes: first.try_get("", "file_size")?,
            duration_secs: first.try_get("", "file_duration")?,
            page_count: first.try_get("", "file_pages")?,
        }),
        None => None,
    };
    let mut renditions = Vec::new();
    for row in &rows {
        if let Some(kind) = row.try_get::<Option<crate::media::RenditionKind>>("", "rendition_kind")? {
            renditions.push(Rendition {
                kind,
                mime: row.try_get("", "rendition_mime")?,
                size_bytes: row.try_get("", "rendition_size")?,
            });
        }
    }
    let my_stars = first.try_get("", "my_stars")?;
    Ok(Some(PageRow { content, author, file, renditions, my_stars }))
}

const COMMENTS_SQL: &str = "SELECT m.*, u.name AS author_name FROM comments m JOIN teacher_cards u ON u.id = m.author_id \
 WHERE m.content_id = $1 ORDER BY m.id";

/// The comments of a content, oldest first, each with its author's name.
pub async fn comments(db: &DatabaseConnection, id: ContentId) -> Result<Vec<(comment::Model, String)>, DbErr> {
    let rows = db.query_all_raw(statement(db, COMMENTS_SQL, vec![id.0.into()])).await?;
    rows.iter().map(|r| Ok((comment::Model::from_query_result(r, "")?, r.try_get("", "author_name")?))).collect()
}

/// A line of a list, with what the list shows besides the content itself.
pub struct SummaryRow {
    pub content: content::Model,
    pub author_name: String,
    pub size_bytes: Option<i64>,
    pub has_thumbnail: bool,
}

const CHAPTER_SQL: &str = "SELECT c.*, u.name AS author_name, b.size_bytes AS file_size, t.id AS thumbnail_id \
  FROM contents c \
  JOIN teacher_cards u ON u.id = c.author_id \
  LEFT JOIN stored_files b ON b.id = c.blob_id \
  LEFT JOIN file_renditions t ON t.blob_id = c.blob_id AND t.kind = $4 \
 WHERE c.chapter_id = $1 AND c.deleted_at IS NULL AND c.hidden = $2 \
 ORDER BY c.created_at DESC, c.id DESC LIMIT $3";

/// The newest visible contents of a chapter.
pub async fn newest_in_chapter(
    db: &DatabaseConnection,
    chapter: ChapterId,
    limit: u64,
) -> Result<Vec<SummaryRow>, DbErr> {
    let values = vec![chapter.0.into(), false.into(), (limit as i64).into(), RenditionKind::Thumbnail.into()];
    let rows = db.query_all_raw(statement(db, CHAPTER_SQL, values)).await?;
    rows.iter().map(summary_row).collect()
}

fn summary_row(r: &QueryResult) -> Result<SummaryRow, DbErr> {
    Ok(SummaryRow {
        content: content::Model::from_query_result(r, "")?,
        author_name: r.try_get("", "author_name")?,
        size_bytes: r.try_get("", "file_size")?,
        has_thumbnail: r.try_get::<Option<i64>>("", "thumbnail_id")?.is_some(),
    })
}

/// What each content costs to fetch at its lightest: its smallest video or
/// audio rendition when it has one, else its file; links cost nothing here.
pub async fn light_sizes(
    db: &DatabaseConnection,
    ids: &[ContentId],
) -> Result<std::collections::HashMap<ContentId, i64>, DbErr> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 1)).collect();
    let plays: Vec<String> = (0..RenditionKind::LIGHT_PLAYS.len()).map(|i| format!("${}", ids.len() + i + 1)).collect();
    let sql = format!(
        "SELECT c.id AS content_id, COALESCE(MIN(d.size_bytes), MAX(b.size_bytes), 0) AS bytes \
           FROM contents c \
           LEFT JOIN stored_files b ON b.id = c.blob_id \
           LEFT JOIN file_renditions d ON d.blob_id = c.blob_id AND d.kind IN ({}) \
          WHERE c.id IN ({}) GROUP BY c.id",
        plays.join(", "),
        marks.join(", ")
    );
    let mut values: Vec<sea_orm::Value> = ids.iter().map(|i| i.0.into()).collect();
    values.extend(RenditionKind::LIGHT_PLAYS.map(Into::into));
    let rows = db.query_all_raw(statement(db, &sql, values)).await?;
    rows.iter().map(|r| Ok((ContentId(r.try_get("", "content_id")?), r.try_get::<i64>("", "bytes")?))).collect()
}
