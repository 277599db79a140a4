//! What search indexes of posts: the published ones anyone may see, with
//! their tags, and the ids a rebuild walks. Search reads posts only
//! through these functions.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};

use super::entity::{post, post_tag};
use super::model::PostStatus;
use crate::ids::{PostId, UserId};

/// A published post as the index needs it.
#[derive(Clone, Debug)]
pub struct PostFacts {
    pub id: PostId,
    pub author_id: UserId,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    /// Likes less down votes.
    pub score: i64,
    /// When it was published (when it was written, for a post published
    /// before that was kept).
    pub published_at: DateTime<Utc>,
}

/// The posts among `ids` that are published and anyone may see (not
/// hidden, not deleted).
pub async fn published(db: &impl ConnectionTrait, ids: &[PostId]) -> Result<Vec<PostFacts>, DbErr> {
    let rows = post::Entity::find()
        .filter(post::Column::Id.is_in(ids.iter().copied()))
        .filter(post::Column::Status.eq(PostStatus::Published))
        .filter(post::Column::Hidden.eq(false))
        .filter(post::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let mut tags: HashMap<PostId, Vec<String>> = HashMap::new();
    for t in post_tag::Entity::find().filter(post_tag::Column::PostId.is_in(ids.iter().copied())).all(db).await? {
        tags.entry(t.post_id).or_default().push(t.tag);
    }
    Ok(rows
        .into_iter()
        .map(|p| PostFacts {
            tags: tags.remove(&p.id).unwrap_or_default(),
            id: p.id,
            author_id: p.author_id,
            title: p.title,
            body: p.body,
            score: p.score,
            published_at: p.published_at.unwrap_or(p.created_at),
        })
        .collect())
}

/// Ids after `after`, in order, `limit` at most: every post, published or
/// not (a rebuild walks them all).
pub async fn ids_after(db: &impl ConnectionTrait, after: PostId, limit: u64) -> Result<Vec<PostId>, DbErr> {
    post::Entity::find()
        .select_only()
        .column(post::Column::Id)
        .filter(post::Column::Id.gt(after))
        .order_by_asc(post::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// Every post, published or not.
pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    post::Entity::find().count(db).await
}
