//! Every saved version of a question or answer, the first included.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, Set};

use crate::ids::UserId;
use crate::items::ItemRef;
use crate::questions::entity::revision;

pub struct NewRevision<'a> {
    pub item: ItemRef,
    pub editor: UserId,
    pub title: Option<&'a str>,
    pub body: &'a str,
    pub note: &'a str,
}

pub async fn add(db: &impl ConnectionTrait, r: NewRevision<'_>) -> Result<(), DbErr> {
    revision::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        item_kind: Set(r.item.kind),
        item_id: Set(r.item.id),
        editor_id: Set(r.editor),
        title: Set(r.title.map(str::to_owned)),
        body: Set(r.body.to_owned()),
        note: Set(r.note.to_owned()),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Oldest first.
pub async fn of(db: &impl ConnectionTrait, item: ItemRef) -> Result<Vec<revision::Model>, DbErr> {
    revision::Entity::find()
        .filter(revision::Column::ItemKind.eq(item.kind))
        .filter(revision::Column::ItemId.eq(item.id))
        .order_by_asc(revision::Column::CreatedAt)
        .order_by_asc(revision::Column::Id)
        .all(db)
        .await
}
