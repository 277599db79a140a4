//! Rate limits kept in the database, so every portal node behind a load
//! balancer counts the same attempts. Fixed windows: each bucket (say
//! `login:addr:10.0.0.7`) may be hit `limit` times per window.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{DatabaseConnection, Set};

use super::error::{AppError, AppResult};

mod counter {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "rate_limits")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub bucket: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub window_start: i64,
        pub hits: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Counts one attempt in `bucket`; refuses with the seconds to wait once
/// more than `limit` attempts fell in the current window.
pub async fn hit(db: &DatabaseConnection, bucket: &str, limit: u32, window_secs: i64) -> AppResult<()> {
    let now = Utc::now().timestamp();
    let window_start = now - now.rem_euclid(window_secs);
    counter::Entity::insert(counter::ActiveModel {
        bucket: Set(bucket.to_owned()),
        window_start: Set(window_start),
        hits: Set(1),
    })
    // Qualified: PostgreSQL calls a bare `hits` ambiguous next to EXCLUDED.
    .on_conflict(
        OnConflict::columns([counter::Column::Bucket, counter::Column::WindowStart])
            .value(counter::Column::Hits, Expr::col((counter::Entity, counter::Column::Hits)).add(1))
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let hits = counter::Entity::find_by_id((bucket.to_owned(), window_start)).one(db).await?.map_or(1, |c| c.hits);
    if hits as i64 > limit as i64 {
        return Err(AppError::RateLimited { retry_after_secs: std::cmp::max(window_start + window_secs - now, 1) });
    }
    Ok(())
}

/// Forgets windows that ended more than a day ago.
pub async fn prune(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let cutoff = Utc::now().timestamp() - 86_400;
    let done = counter::Entity::delete_many().filter(counter::Column::WindowStart.lt(cutoff)).exec(db).await?;
    Ok(done.rows_affected)
}
