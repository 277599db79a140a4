//! SQL of follows and digest subscriptions (this folder owns both tables).

use chrono::{NaiveDate, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{QueryOrder, Set};

use crate::db::entity;
use crate::feed::model::FollowKind;
use crate::ids::UserId;

entity!(follow, "follows", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: crate::ids::UserId,
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_kind: crate::feed::model::FollowKind,
    /// A teacher's or subject's id, or a tag.
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_key: String,
    pub created_at: DateTimeUtc,
});

entity!(digest, "digest_subscriptions", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: crate::ids::UserId,
    /// The Asia/Dhaka day of the last digest sent.
    pub last_sent_day: Option<chrono::NaiveDate>,
    pub created_at: DateTimeUtc,
});

pub async fn follow(db: &impl ConnectionTrait, who: UserId, kind: FollowKind, key: &str) -> Result<(), DbErr> {
    let id = (who, kind, key.to_owned());
    if follow::Entity::find_by_id(id).one(db).await?.is_none() {
        follow::ActiveModel {
            user_id: Set(who),
            target_kind: Set(kind),
            target_key: Set(key.to_owned()),
            created_at: Set(Utc::now()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

pub async fn unfollow(db: &impl ConnectionTrait, who: UserId, kind: FollowKind, key: &str) -> Result<(), DbErr> {
    follow::Entity::delete_by_id((who, kind, key.to_owned())).exec(db).await?;
    Ok(())
}

pub async fn of(db: &impl ConnectionTrait, who: UserId) -> Result<Vec<follow::Model>, DbErr> {
    follow::Entity::find()
        .filter(follow::Column::UserId.eq(who))
        .order_by_asc(follow::Column::TargetKind)
        .order_by_asc(follow::Column::TargetKey)
        .all(db)
        .await
}

/// What she follows (as [`of`] orders it) and whether she takes the
/// digest, in one query.
pub async fn follows_and_digest(
    db: &impl ConnectionTrait,
    who: UserId,
) -> Result<(Vec<(FollowKind, String)>, bool), DbErr> {
    let sql = "SELECT 0 AS part, target_kind, target_key FROM follows WHERE user_id = $1 \
               UNION ALL SELECT 1, NULL, NULL FROM digest_subscriptions WHERE user_id = $1 \
               ORDER BY part, target_kind, target_key";
    let rows = db.query_all_raw(crate::db::numbered(db, sql, vec![who.0.into()])).await?;
    let (mut follows, mut digest) = (Vec::new(), false);
    for r in rows {
        if r.try_get::<i32>("", "part")? == 1 {
            digest = true;
            continue;
        }
        let kind = r.try_get::<String>("", "target_kind")?;
        let kind = FollowKind::parse(&kind).ok_or_else(|| DbErr::Type(format!("unknown follow kind {kind}")))?;
        follows.push((kind, r.try_get::<String>("", "target_key")?));
    }
    Ok((follows, digest))
}

pub async fn is_following(db: &impl ConnectionTrait, who: UserId, kind: FollowKind, key: &str) -> Result<bool, DbErr> {
    Ok(follow::Entity::find_by_id((who, kind, key.to_owned())).one(db).await?.is_some())
}

pub async fn subscribe(db: &impl ConnectionTrait, who: UserId, on: bool) -> Result<(), DbErr> {
    let found = digest::Entity::find_by_id(who).one(db).await?;
    match (found, on) {
        (None, true) => {
            digest::ActiveModel { user_id: Set(who), last_sent_day: Set(None), created_at: Set(Utc::now()) }
                .insert(db)
                .await?;
        }
        (Some(_), false) => {
            digest::Entity::delete_by_id(who).exec(db).await?;
        }
        _ => {}
    }
    Ok(())
}

pub async fn subscribed(db: &impl ConnectionTrait, who: UserId) -> Result<bool, DbErr> {
    Ok(digest::Entity::find_by_id(who).one(db).await?.is_some())
}

/// Subscribers who have not had today's digest.
pub async fn due(db: &impl ConnectionTrait, day: NaiveDate) -> Result<Vec<UserId>, DbErr> {
    Ok(digest::Entity::find()
        .filter(digest::Column::LastSentDay.is_null().or(digest::Column::LastSentDay.ne(day)))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.user_id)
        .collect())
}

/// Marks today's digest as sent; false when another worker already did.
pub async fn mark_sent(db: &impl ConnectionTrait, who: UserId, day: NaiveDate) -> Result<bool, DbErr> {
    let done = digest::Entity::update_many()
        .col_expr(digest::Column::LastSentDay, Expr::value(day))
        .filter(digest::Column::UserId.eq(who))
        .filter(digest::Column::LastSentDay.is_null().or(digest::Column::LastSentDay.ne(day)))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Gives a claimed day back (the e-mail could not be sent).
pub async fn unmark(db: &impl ConnectionTrait, who: UserId) -> Result<(), DbErr> {
    digest::Entity::update_many()
        .col_expr(digest::Column::LastSentDay, Expr::value(Option::<NaiveDate>::None))
        .filter(digest::Column::UserId.eq(who))
        .exec(db)
        .await?;
    Ok(())
}
