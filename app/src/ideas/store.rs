//! SQL of ideas: ideas to the authorities and the teachers supporting
//! them. Nothing else writes these tables.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::NotSet, PaginatorTrait, QueryOrder, QuerySelect, Set};

use super::entity::{idea, idea_support as support};
use super::model::{IdeaKind, IdeaScope, IdeaStatus};
use crate::discussion::owners::Found;
use crate::ids::{DistrictId, IdeaId, UpazilaId, UserId};

pub struct NewIdea<'a> {
    pub author: UserId,
    pub kind: IdeaKind,
    pub title: &'a str,
    pub body: &'a str,
    pub scope: IdeaScope,
    pub district_id: Option<DistrictId>,
    pub upazila_id: Option<UpazilaId>,
}

pub async fn insert(db: &impl ConnectionTrait, n: NewIdea<'_>) -> Result<idea::Model, DbErr> {
    let now = Utc::now();
    idea::ActiveModel {
        id: NotSet,
        author_id: Set(n.author),
        kind: Set(n.kind),
        title: Set(n.title.to_owned()),
        body: Set(n.body.to_owned()),
        scope: Set(n.scope),
        district_id: Set(n.district_id),
        upazila_id: Set(n.upazila_id),
        status: Set(IdeaStatus::Open),
        response: Set(None),
        responder_id: Set(None),
        responded_at: Set(None),
        support_count: Set(0),
        hidden: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
}

pub async fn visible(db: &impl ConnectionTrait, id: IdeaId) -> Result<Option<idea::Model>, DbErr> {
    idea::Entity::find_by_id(id).filter(idea::Column::Hidden.eq(false)).one(db).await
}

/// Adds or removes `who`'s support; returns the new count.
pub async fn set_support(db: &impl ConnectionTrait, id: IdeaId, who: UserId, on: bool) -> Result<i64, DbErr> {
    let had = support::Entity::find_by_id((id, who)).one(db).await?.is_some();
    if had != on {
        if on {
            support::ActiveModel { idea_id: Set(id), user_id: Set(who), created_at: Set(Utc::now()) }
                .insert(db)
                .await?;
        } else {
            support::Entity::delete_by_id((id, who)).exec(db).await?;
        }
        idea::Entity::update_many()
            .col_expr(idea::Column::SupportCount, Expr::col(idea::Column::SupportCount).add(if on { 1 } else { -1 }))
            .filter(idea::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    Ok(idea::Entity::find_by_id(id).one(db).await?.map_or(0, |i| i.support_count))
}

pub async fn supports(db: &impl ConnectionTrait, id: IdeaId, who: UserId) -> Result<bool, DbErr> {
    Ok(support::Entity::find_by_id((id, who)).one(db).await?.is_some())
}

pub async fn supporters(db: &impl ConnectionTrait, id: IdeaId) -> Result<Vec<UserId>, DbErr> {
    Ok(support::Entity::find()
        .filter(support::Column::IdeaId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.user_id)
        .collect())
}

pub async fn set_status(
    db: &impl ConnectionTrait,
    id: IdeaId,
    status: IdeaStatus,
    response: &str,
    responder: UserId,
) -> Result<(), DbErr> {
    let now = Utc::now();
    idea::Entity::update_many()
        .col_expr(idea::Column::Status, Expr::value(status.as_str()))
        .col_expr(idea::Column::Response, Expr::value(response))
        .col_expr(idea::Column::ResponderId, Expr::value(responder))
        .col_expr(idea::Column::RespondedAt, Expr::value(now))
        .col_expr(idea::Column::UpdatedAt, Expr::value(now))
        .filter(idea::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

#[derive(Default)]
pub struct IdeaFilter {
    pub most_supported: bool,
    pub status: Option<IdeaStatus>,
    pub district_id: Option<DistrictId>,
    pub page: u64,
    pub per_page: u64,
}

pub async fn list(db: &impl ConnectionTrait, f: &IdeaFilter) -> Result<(Vec<idea::Model>, u64), DbErr> {
    let mut q = idea::Entity::find().filter(idea::Column::Hidden.eq(false));
    if let Some(s) = f.status {
        q = q.filter(idea::Column::Status.eq(s));
    }
    if let Some(d) = f.district_id {
        q = q.filter(idea::Column::DistrictId.eq(d));
    }
    let total = q.clone().count(db).await?;
    if f.most_supported {
        q = q.order_by_desc(idea::Column::SupportCount);
    }
    let rows = q
        .order_by_desc(idea::Column::CreatedAt)
        .order_by_desc(idea::Column::Id)
        .offset((f.page - 1) * f.per_page)
        .limit(f.per_page)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// An idea whatever its visibility, for moderation.
pub async fn found(db: &impl ConnectionTrait, id: IdeaId) -> Result<Option<Found>, DbErr> {
    Ok(idea::Entity::find_by_id(id).one(db).await?.map(|i| Found {
        author: i.author_id,
        title: i.title,
        link: format!("/ideas/{id}"),
        hidden: i.hidden,
    }))
}

pub async fn set_hidden(db: &impl ConnectionTrait, id: IdeaId, hidden: bool) -> Result<(), DbErr> {
    idea::Entity::update_many()
        .col_expr(idea::Column::Hidden, Expr::value(hidden))
        .filter(idea::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
