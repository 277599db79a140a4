//! SQL of rate limits: one counter per bucket and window.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{DatabaseConnection, Set};

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

/// Adds one hit to `bucket` in the window starting at `window_start`;
/// returns the hits counted in it with this one. The count comes back from
/// the same statement (`RETURNING`), so each of many parallel hits sees its
/// own number: exactly `limit` of them are let through.
pub async fn add_hit(db: &DatabaseConnection, bucket: &str, window_start: i64) -> Result<i32, DbErr> {
    let row = counter::Entity::insert(counter::ActiveModel {
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
    .exec_with_returning(db)
    .await?;
    Ok(row.hits)
}

/// Takes one hit back from `bucket` in the window starting at
/// `window_start` (never below zero).
pub async fn take_back(db: &DatabaseConnection, bucket: &str, window_start: i64) -> Result<(), DbErr> {
    counter::Entity::update_many()
        .col_expr(counter::Column::Hits, Expr::col(counter::Column::Hits).sub(1))
        .filter(counter::Column::Bucket.eq(bucket))
        .filter(counter::Column::WindowStart.eq(window_start))
        .filter(counter::Column::Hits.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets windows that ended more than a day ago.
pub async fn prune(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let cutoff = Utc::now().timestamp() - 86_400;
    let done = counter::Entity::delete_many().filter(counter::Column::WindowStart.lt(cutoff)).exec(db).await?;
    Ok(done.rows_affected)
}
