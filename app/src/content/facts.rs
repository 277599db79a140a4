//! Content's facts for recognition (`recognition::sources::ContentSource`):
//! ratings, contents with their downloads and commenters, contents shared
//! and comments written, each period in one grouped query. Reads only
//! content's own tables.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use crate::ids::ContentId;
use crate::recognition::scoring::{Act, ContentFacts, Deed, Rating};
use crate::recognition::sources::{ContentSource, rows_between, user_id};

impl<C: ConnectionTrait> ContentSource for C {
    async fn ratings_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<Rating>, DbErr> {
        let sql = "SELECT r.content_id, c.author_id, r.user_id AS rater, r.stars, r.updated_at AS at \
                   FROM ratings r JOIN contents c ON c.id = r.content_id \
                   WHERE r.updated_at >= $1 AND r.updated_at < $2 AND NOT c.hidden AND c.deleted_at IS NULL \
                   AND r.user_id <> c.author_id";
        rows_between(self, sql, from, until, Vec::new())
            .await?
            .iter()
            .map(|r| {
                Ok(Rating {
                    content: ContentId(r.try_get("", "content_id")?),
                    author: user_id(r, "author_id")?,
                    rater: user_id(r, "rater")?,
                    stars: r.try_get("", "stars")?,
                    at: r.try_get("", "at")?,
                })
            })
            .collect()
    }

    async fn contents_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<ContentFacts>, DbErr> {
        let sql = "SELECT c.id, c.author_id, c.title, \
                   CASE WHEN c.created_at >= $1 AND c.created_at < $2 THEN 1 ELSE 0 END AS shared, \
                   (SELECT COUNT(*) FROM content_downloads d WHERE d.content_id = c.id AND d.user_id <> c.author_id \
                      AND d.downloaded_at >= $1 AND d.downloaded_at < $2) AS downloads, \
                   (SELECT COUNT(DISTINCT m.author_id) FROM comments m WHERE m.content_id = c.id AND m.author_id <> c.author_id \
                      AND m.deleted_at IS NULL AND m.created_at >= $1 AND m.created_at < $2) AS commenters \
                   FROM contents c WHERE NOT c.hidden AND c.deleted_at IS NULL AND ( \
                      (c.created_at >= $1 AND c.created_at < $2) \
                      OR c.id IN (SELECT content_id FROM ratings WHERE updated_at >= $1 AND updated_at < $2) \
                      OR c.id IN (SELECT content_id FROM content_downloads WHERE downloaded_at >= $1 AND downloaded_at < $2) \
                      OR c.id IN (SELECT content_id FROM comments WHERE created_at >= $1 AND created_at < $2))";
        rows_between(self, sql, from, until, Vec::new())
            .await?
            .iter()
            .map(|r| {
                Ok(ContentFacts {
                    id: ContentId(r.try_get("", "id")?),
                    author: user_id(r, "author_id")?,
                    title: r.try_get("", "title")?,
                    downloads: r.try_get("", "downloads")?,
                    commenters: r.try_get("", "commenters")?,
                    shared_in_period: r.try_get::<i32>("", "shared")? == 1,
                })
            })
            .collect()
    }

    async fn content_acts_in(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<Act>, DbErr> {
        let sql = "SELECT author_id, 1 AS shared, created_at AS at FROM contents \
                     WHERE created_at >= $1 AND created_at < $2 AND NOT hidden AND deleted_at IS NULL \
                   UNION ALL SELECT author_id, 0, created_at FROM comments \
                     WHERE created_at >= $1 AND created_at < $2 AND deleted_at IS NULL";
        rows_between(self, sql, from, until, Vec::new())
            .await?
            .iter()
            .map(|r| {
                let deed = match r.try_get::<i32>("", "shared")? {
                    1 => Deed::ContentShared,
                    _ => Deed::CommentWritten,
                };
                Ok(Act { user: user_id(r, "author_id")?, deed, at: r.try_get("", "at")? })
            })
            .collect()
    }

    async fn rating_pairs_in(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<(crate::ids::UserId, crate::ids::UserId)>, DbErr> {
        let sql = "SELECT r.user_id AS from_id, c.author_id AS to_id FROM ratings r JOIN contents c ON c.id = r.content_id \
                   WHERE r.updated_at >= $1 AND r.updated_at < $2";
        rows_between(self, sql, from, until, Vec::new())
            .await?
            .iter()
            .map(|r| Ok((user_id(r, "from_id")?, user_id(r, "to_id")?)))
            .collect()
    }
}
