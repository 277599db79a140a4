//! SMS counted per Asia/Dhaka day, each way: what the operator pays the
//! gateway for. Counted by one upsert that adds, so every node and every
//! parallel send adds its own.

use chrono::NaiveDate;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{QueryOrder, Set};

crate::stored_words! {
    /// Which way an SMS went.
    pub enum Direction {
        /// Sent by the portal (replies, reminders, codes).
        Out = "out",
        /// Received from a phone through the gateway.
        In = "in",
    }
}

mod day {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sms_days")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub day: Date,
        #[sea_orm(primary_key, auto_increment = false)]
        pub direction: super::Direction,
        /// Texts: a reply cut into three parts is one.
        pub messages: i64,
        /// SMS as the gateway bills them.
        pub segments: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One day's count one way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayCount {
    pub day: NaiveDate,
    pub direction: Direction,
    pub messages: i64,
    pub segments: i64,
}

/// Adds texts and SMS to today's count.
pub async fn add(db: &impl ConnectionTrait, direction: Direction, messages: i64, segments: i64) -> Result<(), DbErr> {
    // Dhaka keeps UTC+6 all year.
    let today = (chrono::Utc::now() + chrono::Duration::hours(6)).date_naive();
    day::Entity::insert(day::ActiveModel {
        day: Set(today),
        direction: Set(direction),
        messages: Set(messages),
        segments: Set(segments),
    })
    .on_conflict(
        OnConflict::columns([day::Column::Day, day::Column::Direction])
            .value(day::Column::Messages, Expr::col((day::Entity, day::Column::Messages)).add(messages))
            .value(day::Column::Segments, Expr::col((day::Entity, day::Column::Segments)).add(segments))
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The counts from `since` on, newest day first.
pub async fn since(db: &impl ConnectionTrait, since: NaiveDate) -> Result<Vec<DayCount>, DbErr> {
    Ok(day::Entity::find()
        .filter(day::Column::Day.gte(since))
        .order_by_desc(day::Column::Day)
        .order_by_asc(day::Column::Direction)
        .all(db)
        .await?
        .into_iter()
        .map(|d| DayCount { day: d.day, direction: d.direction, messages: d.messages, segments: d.segments })
        .collect())
}
