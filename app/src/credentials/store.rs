//! Queries on the credential tables.

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::entity::{achievement, credential, issuer, key, member, pathway, step};
use crate::ids::{AchievementId, CredentialId, IssuerId, UserId};

pub async fn insert_issuer(db: &impl ConnectionTrait, new: issuer::ActiveModel) -> Result<issuer::Model, DbErr> {
    new.insert(db).await
}

pub async fn issuer(db: &impl ConnectionTrait, id: IssuerId) -> Result<Option<issuer::Model>, DbErr> {
    issuer::Entity::find_by_id(id).one(db).await
}

pub async fn issuers(db: &impl ConnectionTrait) -> Result<Vec<issuer::Model>, DbErr> {
    issuer::Entity::find().order_by_asc(issuer::Column::Id).all(db).await
}

pub async fn issuers_by_ids(db: &impl ConnectionTrait, ids: &[IssuerId]) -> Result<Vec<issuer::Model>, DbErr> {
    issuer::Entity::find().filter(issuer::Column::Id.is_in(ids.to_vec())).all(db).await
}

/// An issuer's key by its number (`public_multibase`) with the issuer's
/// short name, in one query: what checking a credential's proof needs.
pub async fn key_and_issuer(
    db: &impl ConnectionTrait,
    id: IssuerId,
    number: i32,
) -> Result<Option<(String, String)>, DbErr> {
    let to_issuer = key::Entity::belongs_to(issuer::Entity).from(key::Column::IssuerId).to(issuer::Column::Id);
    key::Entity::find()
        .select_only()
        .column(key::Column::PublicMultibase)
        .column_as(Expr::col((issuer::Entity, issuer::Column::ShortName)), "short_name")
        .join(sea_orm::JoinType::InnerJoin, to_issuer.into())
        .filter(key::Column::IssuerId.eq(id))
        .filter(key::Column::Number.eq(number))
        .into_tuple()
        .one(db)
        .await
}

pub async fn keys_of(db: &impl ConnectionTrait, id: IssuerId) -> Result<Vec<key::Model>, DbErr> {
    key::Entity::find().filter(key::Column::IssuerId.eq(id)).order_by_asc(key::Column::Number).all(db).await
}

pub async fn all_keys(db: &impl ConnectionTrait) -> Result<Vec<key::Model>, DbErr> {
    key::Entity::find().order_by_asc(key::Column::IssuerId).order_by_asc(key::Column::Number).all(db).await
}

/// Retires an issuer's keys in use (a new one is about to be added).
pub async fn retire_keys(
    db: &impl ConnectionTrait,
    issuer: IssuerId,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    key::Entity::update_many()
        .col_expr(key::Column::RetiredAt, Expr::value(at))
        .filter(key::Column::IssuerId.eq(issuer))
        .filter(key::Column::RetiredAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Adds a key and retires the ones before it.
pub async fn add_key(db: &impl ConnectionTrait, new: key::Model) -> Result<(), DbErr> {
    key::Entity::update_many()
        .col_expr(key::Column::RetiredAt, Expr::value(new.created_at))
        .filter(key::Column::IssuerId.eq(new.issuer_id))
        .filter(key::Column::RetiredAt.is_null())
        .exec(db)
        .await?;
    let mut row = new.into_active_model();
    row.id = sea_orm::NotSet;
    row.insert(db).await?;
    Ok(())
}

pub async fn is_member(db: &impl ConnectionTrait, id: IssuerId, who: UserId) -> Result<bool, DbErr> {
    Ok(member::Entity::find_by_id((id, who)).one(db).await?.is_some())
}

pub async fn issuers_of_member(db: &impl ConnectionTrait, who: UserId) -> Result<Vec<IssuerId>, DbErr> {
    Ok(member::Entity::find()
        .filter(member::Column::UserId.eq(who))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.issuer_id)
        .collect())
}

pub async fn add_member(db: &impl ConnectionTrait, id: IssuerId, who: UserId) -> Result<(), DbErr> {
    if !is_member(db, id, who).await? {
        member::ActiveModel { issuer_id: Set(id), user_id: Set(who) }.insert(db).await?;
    }
    Ok(())
}

pub async fn insert_achievement(
    db: &impl ConnectionTrait,
    new: achievement::ActiveModel,
) -> Result<achievement::Model, DbErr> {
    new.insert(db).await
}

pub async fn achievement(db: &impl ConnectionTrait, id: AchievementId) -> Result<Option<achievement::Model>, DbErr> {
    achievement::Entity::find_by_id(id).one(db).await
}

pub async fn achievements(db: &impl ConnectionTrait) -> Result<Vec<achievement::Model>, DbErr> {
    achievement::Entity::find().order_by_asc(achievement::Column::Id).all(db).await
}

pub async fn achievements_of(db: &impl ConnectionTrait, id: IssuerId) -> Result<Vec<achievement::Model>, DbErr> {
    achievement::Entity::find()
        .filter(achievement::Column::IssuerId.eq(id))
        .order_by_asc(achievement::Column::Id)
        .all(db)
        .await
}

pub async fn achievements_by_ids(
    db: &impl ConnectionTrait,
    ids: &[AchievementId],
) -> Result<Vec<achievement::Model>, DbErr> {
    achievement::Entity::find().filter(achievement::Column::Id.is_in(ids.to_vec())).all(db).await
}

pub async fn set_endorsement(db: &impl ConnectionTrait, id: AchievementId, signed: String) -> Result<(), DbErr> {
    achievement::Entity::update_many()
        .col_expr(achievement::Column::Endorsement, Expr::value(signed))
        .filter(achievement::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn next_status_index(db: &impl ConnectionTrait, id: IssuerId) -> Result<i64, DbErr> {
    let max: Option<Option<i64>> = credential::Entity::find()
        .select_only()
        .column_as(credential::Column::StatusIndex.max(), "m")
        .filter(credential::Column::IssuerId.eq(id))
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().map_or(0, |m| m + 1))
}

/// Writes the row unless the teacher holds the badge already; its id.
pub async fn insert_unless_held(
    db: &impl ConnectionTrait,
    new: credential::ActiveModel,
    a: AchievementId,
    who: UserId,
) -> Result<Option<CredentialId>, DbErr> {
    let conflict = OnConflict::columns([credential::Column::AchievementId, credential::Column::RecipientId])
        .do_nothing()
        .to_owned();
    let written = credential::Entity::insert(new).on_conflict(conflict).exec_without_returning(db).await?;
    if written == 0 {
        return Ok(None);
    }
    let row = credential::Entity::find()
        .filter(credential::Column::AchievementId.eq(a))
        .filter(credential::Column::RecipientId.eq(who))
        .one(db)
        .await?;
    Ok(row.map(|c| c.id))
}

/// Fills in the signed document, its short form and its status bit.
pub async fn seal(
    db: &impl ConnectionTrait,
    id: CredentialId,
    status_index: i64,
    document: String,
    compact: String,
) -> Result<credential::Model, DbErr> {
    credential::ActiveModel {
        id: Set(id),
        status_index: Set(status_index),
        document: Set(document),
        compact: Set(compact),
        ..Default::default()
    }
    .update(db)
    .await
}

/// The credential with this id and check digits, as texted from a phone.
pub async fn by_sms_code(
    db: &impl ConnectionTrait,
    id: CredentialId,
    check_number: i32,
) -> Result<Option<credential::Model>, DbErr> {
    credential::Entity::find_by_id(id).filter(credential::Column::CheckNumber.eq(check_number)).one(db).await
}

pub async fn by_public_id(db: &impl ConnectionTrait, public_id: &str) -> Result<Option<credential::Model>, DbErr> {
    credential::Entity::find().filter(credential::Column::PublicId.eq(public_id)).one(db).await
}

pub async fn held(db: &impl ConnectionTrait, a: AchievementId, who: UserId) -> Result<bool, DbErr> {
    Ok(credential::Entity::find()
        .filter(credential::Column::AchievementId.eq(a))
        .filter(credential::Column::RecipientId.eq(who))
        .one(db)
        .await?
        .is_some())
}

/// Which of these teachers hold the badge (revoked or not: a rule does not
/// issue it again).
pub async fn holders(
    db: &impl ConnectionTrait,
    a: AchievementId,
    among: &[UserId],
) -> Result<std::collections::HashSet<UserId>, DbErr> {
    let ids: Vec<UserId> = credential::Entity::find()
        .select_only()
        .column(credential::Column::RecipientId)
        .filter(credential::Column::AchievementId.eq(a))
        .filter(credential::Column::RecipientId.is_in(among.to_vec()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().collect())
}

/// The credential at this bit of the issuer's status list.
pub async fn at_status_index(
    db: &impl ConnectionTrait,
    id: IssuerId,
    index: i64,
) -> Result<Option<credential::Model>, DbErr> {
    credential::Entity::find()
        .filter(credential::Column::IssuerId.eq(id))
        .filter(credential::Column::StatusIndex.eq(index))
        .one(db)
        .await
}

pub async fn of_recipient(db: &impl ConnectionTrait, who: UserId) -> Result<Vec<credential::Model>, DbErr> {
    credential::Entity::find()
        .filter(credential::Column::RecipientId.eq(who))
        .order_by_desc(credential::Column::IssuedAt)
        .all(db)
        .await
}

/// Status indexes of the issuer's revoked credentials.
pub async fn revoked_indexes(db: &impl ConnectionTrait, id: IssuerId) -> Result<Vec<i64>, DbErr> {
    credential::Entity::find()
        .select_only()
        .column(credential::Column::StatusIndex)
        .filter(credential::Column::IssuerId.eq(id))
        .filter(credential::Column::RevokedAt.is_not_null())
        .into_tuple()
        .all(db)
        .await
}

/// Every revoked (issuer, index), for the offline verifier's snapshot.
pub async fn all_revoked(db: &impl ConnectionTrait) -> Result<Vec<(IssuerId, i64)>, DbErr> {
    credential::Entity::find()
        .select_only()
        .column(credential::Column::IssuerId)
        .column(credential::Column::StatusIndex)
        .filter(credential::Column::RevokedAt.is_not_null())
        .into_tuple()
        .all(db)
        .await
}

pub async fn revoke(
    db: &impl ConnectionTrait,
    id: CredentialId,
    at: chrono::DateTime<chrono::Utc>,
    reason: &str,
) -> Result<bool, DbErr> {
    let r = credential::Entity::update_many()
        .col_expr(credential::Column::RevokedAt, Expr::value(at))
        .col_expr(credential::Column::RevokedReason, Expr::value(reason.to_owned()))
        .filter(credential::Column::Id.eq(id))
        .filter(credential::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

pub async fn set_public(db: &impl ConnectionTrait, id: CredentialId, public: bool) -> Result<(), DbErr> {
    credential::Entity::update_many()
        .col_expr(credential::Column::Public, Expr::value(public))
        .filter(credential::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn insert_pathway(
    db: &impl ConnectionTrait,
    new: pathway::ActiveModel,
    steps: &[AchievementId],
) -> Result<pathway::Model, DbErr> {
    let p = new.insert(db).await?;
    for a in steps {
        step::ActiveModel { pathway_id: Set(p.id), achievement_id: Set(*a) }.insert(db).await?;
    }
    Ok(p)
}

pub async fn pathways(db: &impl ConnectionTrait) -> Result<Vec<pathway::Model>, DbErr> {
    pathway::Entity::find().order_by_asc(pathway::Column::Id).all(db).await
}

pub async fn steps(db: &impl ConnectionTrait) -> Result<Vec<step::Model>, DbErr> {
    step::Entity::find().all(db).await
}

pub async fn set_endorser(db: &impl ConnectionTrait, id: AchievementId, endorser: IssuerId) -> Result<(), DbErr> {
    achievement::Entity::update_many()
        .col_expr(achievement::Column::EndorserId, Expr::value(endorser))
        .filter(achievement::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
