//! SQL of officers' places.

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;

use super::entity::assignment;
use crate::ids::UserId;

pub async fn find(db: &impl ConnectionTrait, officer: UserId) -> Result<Option<assignment::Model>, DbErr> {
    assignment::Entity::find_by_id(officer).one(db).await
}

/// The places of these officers, in one query.
pub async fn of_officers(db: &impl ConnectionTrait, officers: &[UserId]) -> Result<Vec<assignment::Model>, DbErr> {
    assignment::Entity::find().filter(assignment::Column::OfficerId.is_in(officers.iter().map(|o| o.0))).all(db).await
}

/// Assigns a place, replacing the one she had.
pub async fn put(db: &impl ConnectionTrait, row: assignment::Model) -> Result<(), DbErr> {
    let columns = [
        assignment::Column::Scope,
        assignment::Column::DistrictId,
        assignment::Column::UpazilaId,
        assignment::Column::AssignedBy,
        assignment::Column::AssignedAt,
    ];
    assignment::Entity::insert(assignment::ActiveModel::from(row))
        .on_conflict(OnConflict::column(assignment::Column::OfficerId).update_columns(columns).to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Takes her place away; false when she had none.
pub async fn remove(db: &impl ConnectionTrait, officer: UserId) -> Result<bool, DbErr> {
    Ok(assignment::Entity::delete_by_id(officer).exec(db).await?.rows_affected == 1)
}
