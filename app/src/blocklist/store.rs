//! SQL of the blocked words.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, Set};

use crate::db::entity;
use crate::ids::UserId;

entity!(word, "blocked_words", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub word: String,
    pub added_by: crate::ids::UserId,
    pub created_at: DateTimeUtc,
});

pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<word::Model>, DbErr> {
    word::Entity::find().order_by_asc(word::Column::Word).all(db).await
}

pub async fn add(db: &impl ConnectionTrait, w: &str, by: UserId) -> Result<(), DbErr> {
    if word::Entity::find_by_id(w.to_owned()).one(db).await?.is_none() {
        word::ActiveModel { word: Set(w.to_owned()), added_by: Set(by), created_at: Set(Utc::now()) }
            .insert(db)
            .await?;
    }
    Ok(())
}

pub async fn remove(db: &impl ConnectionTrait, w: &str) -> Result<(), DbErr> {
    word::Entity::delete_by_id(w.to_owned()).exec(db).await?;
    Ok(())
}
