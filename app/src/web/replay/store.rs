//! SQL of replayed forms: one row per (account, key).

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseConnection, Set};

mod replayed {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "replayed_forms")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub status: Option<i32>,
        pub location: Option<String>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// What became of a key.
pub enum Claim {
    /// First seen now: this sending is the one acted on.
    New,
    /// Being acted on by another sending at this moment.
    Running,
    /// Done before: its answer.
    Done { status: u16, location: Option<String> },
}

/// Takes `key` for `user` (a unique key decides who is first), or says
/// what became of it.
pub async fn claim(db: &DatabaseConnection, user: i64, key: &str) -> Result<Claim, DbErr> {
    let row = replayed::ActiveModel {
        user_id: Set(user),
        key: Set(key.to_owned()),
        status: Set(None),
        location: Set(None),
        created_at: Set(Utc::now()),
    };
    let written = replayed::Entity::insert(row)
        .on_conflict(OnConflict::columns([replayed::Column::UserId, replayed::Column::Key]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    if written == 1 {
        return Ok(Claim::New);
    }
    let found = replayed::Entity::find_by_id((user, key.to_owned())).one(db).await?;
    Ok(match found.and_then(|r| r.status.map(|s| (s, r.location))) {
        Some((status, location)) => Claim::Done { status: status as u16, location },
        None => Claim::Running,
    })
}

/// Keeps the answer the first sending got.
pub async fn finish(
    db: &DatabaseConnection,
    user: i64,
    key: &str,
    status: u16,
    location: Option<String>,
) -> Result<(), DbErr> {
    replayed::Entity::update_many()
        .col_expr(replayed::Column::Status, Expr::value(status as i32))
        .col_expr(replayed::Column::Location, Expr::value(location))
        .filter(replayed::Column::UserId.eq(user))
        .filter(replayed::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Lets a key go again: the form was refused or failed, and may be sent
/// again once mended.
pub async fn forget(db: &DatabaseConnection, user: i64, key: &str) -> Result<(), DbErr> {
    replayed::Entity::delete_many()
        .filter(replayed::Column::UserId.eq(user))
        .filter(replayed::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn prune(db: &DatabaseConnection, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let done = replayed::Entity::delete_many().filter(replayed::Column::CreatedAt.lt(before)).exec(db).await?;
    Ok(done.rows_affected)
}
