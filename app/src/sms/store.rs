//! SQL of SMS: replies received (each once) and the quiz a number is
//! taking.

use chrono::{DateTime, Utc};
use sea_orm::Set;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, OnConflict};

crate::db::entity!(received, "sms_received", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub gateway_id: String,
    pub phone: String,
    pub body: String,
    pub received_at: DateTimeUtc,
});

crate::db::entity!(quiz, "sms_quizzes", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub phone: String,
    pub user_id: crate::ids::UserId,
    pub module_id: crate::ids::ModuleId,
    /// JSON: the questions as asked (`super::quiz::Asked`).
    pub questions: String,
    /// JSON: the answers so far (`super::quiz::Given`).
    pub answers: String,
    pub position: i32,
    pub started_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
});

/// Writes down a reply the gateway posted; false when its id was written
/// before (a retry or a replay): the unique id decides, race or not.
pub async fn received_first(
    db: &impl ConnectionTrait,
    gateway_id: &str,
    phone: &str,
    body: &str,
) -> Result<bool, DbErr> {
    let row = received::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        gateway_id: Set(gateway_id.to_owned()),
        phone: Set(phone.to_owned()),
        body: Set(body.to_owned()),
        received_at: Set(Utc::now()),
    };
    let written = received::Entity::insert(row)
        .on_conflict(OnConflict::column(received::Column::GatewayId).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(written == 1)
}

/// Forgets a reply that could not be acted on, so that its retry is.
pub async fn forget_received(db: &impl ConnectionTrait, gateway_id: &str) -> Result<(), DbErr> {
    received::Entity::delete_many().filter(received::Column::GatewayId.eq(gateway_id)).exec(db).await?;
    Ok(())
}

pub async fn quiz_of(db: &impl ConnectionTrait, phone: &str) -> Result<Option<quiz::Model>, DbErr> {
    quiz::Entity::find_by_id(phone.to_owned()).one(db).await
}

/// Starts a quiz for the number, in place of any it was taking.
pub async fn begin_quiz(db: &impl ConnectionTrait, row: quiz::Model) -> Result<(), DbErr> {
    let row: quiz::ActiveModel = row.into();
    quiz::Entity::insert(row.reset_all())
        .on_conflict(
            OnConflict::column(quiz::Column::Phone)
                .update_columns([
                    quiz::Column::UserId,
                    quiz::Column::ModuleId,
                    quiz::Column::Questions,
                    quiz::Column::Answers,
                    quiz::Column::Position,
                    quiz::Column::StartedAt,
                    quiz::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Records the answer to the question at `position` of the quiz started at
/// `started`; false when that question was answered already (the same
/// reply twice, two replies at once): only one of them moves the quiz on.
pub async fn answered(
    db: &impl ConnectionTrait,
    phone: &str,
    started: DateTime<Utc>,
    position: i32,
    answers: String,
) -> Result<bool, DbErr> {
    let done = quiz::Entity::update_many()
        .col_expr(quiz::Column::Answers, Expr::value(answers))
        .col_expr(quiz::Column::Position, Expr::value(position + 1))
        .col_expr(quiz::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(quiz::Column::Phone.eq(phone))
        .filter(quiz::Column::StartedAt.eq(started))
        .filter(quiz::Column::Position.eq(position))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// How long a grading may run before another text may take it over (the
/// node grading it died).
const GRADING_SECS: i64 = 60;

/// Takes the grading of a quiz whose `count` questions are all answered;
/// false when another text is grading it (two last answers at once), so
/// the result goes out once.
pub async fn claim_grading(
    db: &impl ConnectionTrait,
    phone: &str,
    started: DateTime<Utc>,
    count: i32,
) -> Result<bool, DbErr> {
    let now = Utc::now();
    let stalled = chrono::Duration::seconds(GRADING_SECS);
    let done = quiz::Entity::update_many()
        .col_expr(quiz::Column::Position, Expr::value(count + 1))
        .col_expr(quiz::Column::UpdatedAt, Expr::value(now))
        .filter(quiz::Column::Phone.eq(phone))
        .filter(quiz::Column::StartedAt.eq(started))
        .filter(
            sea_orm::Condition::any().add(quiz::Column::Position.eq(count)).add(
                sea_orm::Condition::all()
                    .add(quiz::Column::Position.eq(count + 1))
                    .add(quiz::Column::UpdatedAt.lt(now - stalled)),
            ),
        )
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Gives a grading that failed back, so her next text grades again.
pub async fn release_grading(
    db: &impl ConnectionTrait,
    phone: &str,
    started: DateTime<Utc>,
    count: i32,
) -> Result<(), DbErr> {
    quiz::Entity::update_many()
        .col_expr(quiz::Column::Position, Expr::value(count))
        .filter(quiz::Column::Phone.eq(phone))
        .filter(quiz::Column::StartedAt.eq(started))
        .filter(quiz::Column::Position.eq(count + 1))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends the quiz started at `started` (not one begun since).
pub async fn end_quiz(db: &impl ConnectionTrait, phone: &str, started: DateTime<Utc>) -> Result<(), DbErr> {
    quiz::Entity::delete_many()
        .filter(quiz::Column::Phone.eq(phone))
        .filter(quiz::Column::StartedAt.eq(started))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets replies received before `before` and quizzes left since before
/// `left_before`; how many rows went.
pub async fn prune(db: &impl ConnectionTrait, before: DateTime<Utc>, left_before: DateTime<Utc>) -> Result<u64, DbErr> {
    let received = received::Entity::delete_many().filter(received::Column::ReceivedAt.lt(before)).exec(db).await?;
    let quizzes = quiz::Entity::delete_many().filter(quiz::Column::UpdatedAt.lt(left_before)).exec(db).await?;
    Ok(received.rows_affected + quizzes.rows_affected)
}
