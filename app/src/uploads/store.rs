//! SQL of resumable uploads: one row per upload, with how many bytes are
//! safely on disk.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{QuerySelect, Set};

use crate::ids::{UploadId, UserId};

pub mod upload {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "uploads")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub user_id: crate::ids::UserId,
        pub length: i64,
        pub received_bytes: i64,
        /// The client's Upload-Metadata, as JSON.
        pub metadata: String,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub completed_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub struct NewUpload<'a> {
    pub id: &'a UploadId,
    pub user: UserId,
    pub length: u64,
    pub metadata: String,
    pub expires_at: DateTime<Utc>,
}

pub async fn create(db: &DatabaseConnection, new: NewUpload<'_>) -> Result<(), DbErr> {
    upload::ActiveModel {
        id: Set(new.id.0.clone()),
        user_id: Set(new.user),
        length: Set(new.length as i64),
        received_bytes: Set(0),
        metadata: Set(new.metadata),
        created_at: Set(Utc::now()),
        expires_at: Set(new.expires_at),
        completed_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn find(db: &DatabaseConnection, id: &UploadId) -> Result<Option<upload::Model>, DbErr> {
    upload::Entity::find_by_id(id.0.clone()).one(db).await
}

/// Records how many bytes are synced to disk (and, when all are, that the
/// upload is complete).
pub async fn set_received(db: &DatabaseConnection, id: &UploadId, received: u64, complete: bool) -> Result<(), DbErr> {
    upload::Entity::update_many()
        .col_expr(upload::Column::ReceivedBytes, Expr::value(received as i64))
        .col_expr(upload::Column::CompletedAt, Expr::value(complete.then(Utc::now)))
        .filter(upload::Column::Id.eq(id.0.clone()))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete(db: &DatabaseConnection, id: &UploadId) -> Result<(), DbErr> {
    upload::Entity::delete_by_id(id.0.clone()).exec(db).await?;
    Ok(())
}

pub async fn expired(db: &DatabaseConnection) -> Result<Vec<UploadId>, DbErr> {
    let ids: Vec<String> = upload::Entity::find()
        .select_only()
        .column(upload::Column::Id)
        .filter(upload::Column::ExpiresAt.lt(Utc::now()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().map(UploadId).collect())
}

/// Uploads begun and neither finished nor expired, across all teachers
/// (for `/metrics`).
pub async fn in_progress(db: &DatabaseConnection) -> Result<u64, DbErr> {
    upload::Entity::find()
        .filter(upload::Column::CompletedAt.is_null())
        .filter(upload::Column::ExpiresAt.gt(Utc::now()))
        .count(db)
        .await
}

/// A teacher's unfinished uploads, and the bytes she announced in the last
/// day (for the quotas).
pub async fn usage(db: &DatabaseConnection, user: UserId) -> Result<(u64, u64), DbErr> {
    let open = upload::Entity::find()
        .filter(upload::Column::UserId.eq(user.0))
        .filter(upload::Column::CompletedAt.is_null())
        .filter(upload::Column::ExpiresAt.gt(Utc::now()))
        .count(db)
        .await?;
    let day_ago = Utc::now() - chrono::Duration::days(1);
    let bytes: Option<i64> = upload::Entity::find()
        .select_only()
        // Cast: PostgreSQL sums BIGINT into NUMERIC.
        .column_as(Expr::expr(Func::cast_as(Func::sum(Expr::col(upload::Column::Length)), "BIGINT")), "total")
        .filter(upload::Column::UserId.eq(user.0))
        .filter(upload::Column::CreatedAt.gt(day_ago))
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten();
    Ok((open, bytes.unwrap_or(0).max(0) as u64))
}
