//! SQL of learning circles: circles, members (with their consent to let
//! the circle read their journal), meetings, agendas and who came. A
//! school's circle keeps no members of its own (`practice::circles` reads
//! who is verified at the school); rows an older version kept for it are
//! passed over here.

use chrono::{NaiveDate, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::NotSet, QueryOrder, Set};

use crate::ids::{ActivityId, CircleId, ContentId, InstitutionId, MeetingId, UserId};
use crate::practice::entity::{agenda, attendee, circle, meeting, member};
use crate::practice::model::{CircleKind, MeetingStatus};

pub async fn insert(db: &impl ConnectionTrait, new: circle::ActiveModel) -> Result<circle::Model, DbErr> {
    new.insert(db).await
}

pub async fn find(db: &impl ConnectionTrait, id: CircleId) -> Result<Option<circle::Model>, DbErr> {
    circle::Entity::find_by_id(id).one(db).await
}

pub async fn of_school(db: &impl ConnectionTrait, school: InstitutionId) -> Result<Option<circle::Model>, DbErr> {
    circle::Entity::find()
        .filter(circle::Column::Kind.eq(CircleKind::School))
        .filter(circle::Column::InstitutionId.eq(school.0))
        .one(db)
        .await
}

/// The circles other than schools' that `who` belongs to (or leads), by name.
pub async fn of_member(db: &impl ConnectionTrait, who: UserId) -> Result<Vec<circle::Model>, DbErr> {
    let ids: Vec<CircleId> = member::Entity::find()
        .filter(member::Column::UserId.eq(who.0))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.circle_id)
        .collect();
    circle::Entity::find()
        .filter(circle::Column::Id.is_in(ids.iter().map(|c| c.0)))
        .filter(circle::Column::Kind.ne(CircleKind::School))
        .order_by_asc(circle::Column::Name)
        .all(db)
        .await
}

/// Adds members (those already in keep their consent).
pub async fn add_members(
    db: &impl ConnectionTrait,
    id: CircleId,
    who: &[UserId],
    sees_journal: bool,
) -> Result<(), DbErr> {
    if who.is_empty() {
        return Ok(());
    }
    let rows = who.iter().map(|u| member::ActiveModel {
        circle_id: Set(id),
        user_id: Set(*u),
        sees_journal: Set(sees_journal),
        joined_at: Set(Utc::now()),
    });
    member::Entity::insert_many(rows)
        .on_conflict(OnConflict::columns([member::Column::CircleId, member::Column::UserId]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn members(db: &impl ConnectionTrait, id: CircleId) -> Result<Vec<member::Model>, DbErr> {
    member::Entity::find().filter(member::Column::CircleId.eq(id.0)).all(db).await
}

pub async fn set_consent(db: &impl ConnectionTrait, id: CircleId, who: UserId, sees: bool) -> Result<bool, DbErr> {
    let done = member::Entity::update_many()
        .col_expr(member::Column::SeesJournal, sea_orm::sea_query::Expr::value(sees))
        .filter(member::Column::CircleId.eq(id.0))
        .filter(member::Column::UserId.eq(who.0))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

pub async fn remove_member(db: &impl ConnectionTrait, id: CircleId, who: UserId) -> Result<(), DbErr> {
    member::Entity::delete_by_id((id, who)).exec(db).await?;
    Ok(())
}

/// True when `reader` shares a circle other than a school's with `teacher`
/// in which the teacher lets others read her journal; and whether `reader`
/// leads that circle. (Colleagues read through their verified school.)
pub async fn reads_journal(db: &impl ConnectionTrait, reader: UserId, teacher: UserId) -> Result<(bool, bool), DbErr> {
    let theirs = member::Entity::find().filter(member::Column::UserId.eq(teacher.0)).all(db).await?;
    let mine: Vec<CircleId> = member::Entity::find()
        .filter(member::Column::UserId.eq(reader.0))
        .filter(member::Column::CircleId.is_in(theirs.iter().map(|m| m.circle_id.0)))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.circle_id)
        .collect();
    if mine.is_empty() {
        return Ok((false, false));
    }
    let circles = circle::Entity::find()
        .filter(circle::Column::Id.is_in(mine.iter().map(|c| c.0)))
        .filter(circle::Column::Kind.ne(CircleKind::School))
        .all(db)
        .await?;
    let (mut reads, mut leads) = (false, false);
    for c in circles {
        if theirs.iter().any(|m| m.circle_id == c.id && m.sees_journal) {
            reads = true;
            leads |= c.lead_id == reader;
        }
    }
    Ok((reads, leads))
}

/// A meeting of `circle` scheduled by `by`.
pub async fn insert_meeting(
    db: &impl ConnectionTrait,
    circle: CircleId,
    meets_on: NaiveDate,
    place: &str,
    by: UserId,
) -> Result<meeting::Model, DbErr> {
    meeting::ActiveModel {
        id: NotSet,
        circle_id: Set(circle),
        meets_on: Set(meets_on),
        place: Set(place.to_owned()),
        status: Set(MeetingStatus::Scheduled),
        shared: Set(String::new()),
        created_by: Set(by),
        created_at: Set(Utc::now()),
        held_at: Set(None),
    }
    .insert(db)
    .await
}

pub async fn meeting(db: &impl ConnectionTrait, id: MeetingId) -> Result<Option<meeting::Model>, DbErr> {
    meeting::Entity::find_by_id(id).one(db).await
}

pub async fn meetings_of(db: &impl ConnectionTrait, id: CircleId) -> Result<Vec<meeting::Model>, DbErr> {
    meeting::Entity::find()
        .filter(meeting::Column::CircleId.eq(id.0))
        .order_by_desc(meeting::Column::MeetsOn)
        .all(db)
        .await
}

/// Marks a scheduled meeting held: true if this call did (a second
/// submission of the same record finds it held already).
pub async fn mark_held(db: &impl ConnectionTrait, id: MeetingId, shared: &str) -> Result<bool, DbErr> {
    let done = meeting::Entity::update_many()
        .col_expr(meeting::Column::Status, sea_orm::sea_query::Expr::value(MeetingStatus::Held))
        .col_expr(meeting::Column::Shared, sea_orm::sea_query::Expr::value(shared))
        .col_expr(meeting::Column::HeldAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(meeting::Column::Id.eq(id.0))
        .filter(meeting::Column::Status.eq(MeetingStatus::Scheduled))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// The meeting's agenda, in order: each item's title and what it links to.
pub async fn add_agenda(
    db: &impl ConnectionTrait,
    meeting: MeetingId,
    items: Vec<(String, Option<ActivityId>, Option<ContentId>)>,
) -> Result<(), DbErr> {
    if items.is_empty() {
        return Ok(());
    }
    let rows = items.into_iter().zip(1..).map(|((title, activity_id, content_id), position)| agenda::ActiveModel {
        meeting_id: Set(meeting),
        position: Set(position),
        title: Set(title),
        activity_id: Set(activity_id),
        content_id: Set(content_id),
    });
    agenda::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

pub async fn agenda_of(db: &impl ConnectionTrait, id: MeetingId) -> Result<Vec<agenda::Model>, DbErr> {
    agenda::Entity::find()
        .filter(agenda::Column::MeetingId.eq(id.0))
        .order_by_asc(agenda::Column::Position)
        .all(db)
        .await
}

pub async fn add_attendee(db: &impl ConnectionTrait, row: attendee::Model) -> Result<(), DbErr> {
    attendee::ActiveModel {
        meeting_id: Set(row.meeting_id),
        user_id: Set(row.user_id),
        came: Set(row.came),
        will_try: Set(row.will_try),
        log_id: Set(row.log_id),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn attendees(db: &impl ConnectionTrait, id: MeetingId) -> Result<Vec<attendee::Model>, DbErr> {
    attendee::Entity::find().filter(attendee::Column::MeetingId.eq(id.0)).all(db).await
}
