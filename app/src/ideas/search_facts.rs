//! What search indexes of ideas: the ones anyone may see, with the
//! authorities' response, and the ids a rebuild walks. Search reads ideas
//! only through these functions.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};

use super::entity::idea;
use crate::ids::{DistrictId, IdeaId, UserId};

/// A visible idea as the index needs it.
#[derive(Clone, Debug)]
pub struct IdeaFacts {
    pub id: IdeaId,
    pub author_id: UserId,
    pub title: String,
    pub body: String,
    /// The public response of an officer or moderator.
    pub response: Option<String>,
    /// The district it is addressed to (none for the nation).
    pub district_id: Option<DistrictId>,
    pub support_count: i64,
    pub created_at: DateTime<Utc>,
}

/// The ideas among `ids` that anyone may see (not hidden).
pub async fn visible(db: &impl ConnectionTrait, ids: &[IdeaId]) -> Result<Vec<IdeaFacts>, DbErr> {
    Ok(idea::Entity::find()
        .filter(idea::Column::Id.is_in(ids.iter().copied()))
        .filter(idea::Column::Hidden.eq(false))
        .all(db)
        .await?
        .into_iter()
        .map(|i| IdeaFacts {
            id: i.id,
            author_id: i.author_id,
            title: i.title,
            body: i.body,
            response: i.response,
            district_id: i.district_id,
            support_count: i.support_count,
            created_at: i.created_at,
        })
        .collect())
}

/// Ids after `after`, in order, `limit` at most: every idea, visible or
/// not (a rebuild walks them all).
pub async fn ids_after(db: &impl ConnectionTrait, after: IdeaId, limit: u64) -> Result<Vec<IdeaId>, DbErr> {
    idea::Entity::find()
        .select_only()
        .column(idea::Column::Id)
        .filter(idea::Column::Id.gt(after))
        .order_by_asc(idea::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// Every idea, visible or not.
pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    idea::Entity::find().count(db).await
}
