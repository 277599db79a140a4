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
        pub request: String,
        pub status: Option<i32>,
        pub location: Option<String>,
        pub content_type: Option<String>,
        pub body: Option<Vec<u8>>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The first sending's answer.
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub content_type: Option<String>,
    pub body: Option<Vec<u8>>,
}

/// What became of a key.
pub enum Claim {
    /// First seen now: this sending is the one acted on.
    New,
    /// Being acted on by another sending at this moment.
    Running,
    /// Done before: its answer.
    Done(Answer),
    /// Used for another request (another form, another address).
    Other,
}

/// Takes `key` for `user` (a unique key decides who is first), or says
/// what became of it. A claim left unfinished longer than `stale` (its
/// node died mid-way) is taken over.
pub async fn claim(
    db: &DatabaseConnection,
    user: i64,
    key: &str,
    request: &str,
    stale: DateTime<Utc>,
) -> Result<Claim, DbErr> {
    replayed::Entity::delete_many()
        .filter(replayed::Column::UserId.eq(user))
        .filter(replayed::Column::Key.eq(key))
        .filter(replayed::Column::Status.is_null())
        .filter(replayed::Column::CreatedAt.lt(stale))
        .exec(db)
        .await?;
    let row = replayed::ActiveModel {
        user_id: Set(user),
        key: Set(key.to_owned()),
        request: Set(request.to_owned()),
        status: Set(None),
        location: Set(None),
        content_type: Set(None),
        body: Set(None),
        created_at: Set(Utc::now()),
    };
    let written = replayed::Entity::insert(row)
        .on_conflict(OnConflict::columns([replayed::Column::UserId, replayed::Column::Key]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    if written == 1 {
        return Ok(Claim::New);
    }
    let Some(found) = replayed::Entity::find_by_id((user, key.to_owned())).one(db).await? else {
        // Let go between the two statements: the caller may send again.
        return Ok(Claim::Running);
    };
    Ok(match (found.request == request, found.status) {
        (false, _) => Claim::Other,
        (true, None) => Claim::Running,
        (true, Some(status)) => Claim::Done(Answer {
            status: status as u16,
            location: found.location,
            content_type: found.content_type,
            body: found.body,
        }),
    })
}

/// Keeps the answer the first sending got.
pub async fn finish(db: &DatabaseConnection, user: i64, key: &str, answer: Answer) -> Result<(), DbErr> {
    replayed::Entity::update_many()
        .col_expr(replayed::Column::Status, Expr::value(answer.status as i32))
        .col_expr(replayed::Column::Location, Expr::value(answer.location))
        .col_expr(replayed::Column::ContentType, Expr::value(answer.content_type))
        .col_expr(replayed::Column::Body, Expr::value(answer.body))
        .filter(replayed::Column::UserId.eq(user))
        .filter(replayed::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Lets a key go again: the form was refused, failed or cut off, and may be
/// sent again.
pub async fn forget(db: &DatabaseConnection, user: i64, key: &str) -> Result<(), DbErr> {
    replayed::Entity::delete_many()
        .filter(replayed::Column::UserId.eq(user))
        .filter(replayed::Column::Key.eq(key))
        .filter(replayed::Column::Status.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn prune(db: &DatabaseConnection, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let done = replayed::Entity::delete_many().filter(replayed::Column::CreatedAt.lt(before)).exec(db).await?;
    Ok(done.rows_affected)
}
