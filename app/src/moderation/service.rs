//! Verifying teachers: the queue and a moderator's decision.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{DatabaseConnection, QueryOrder, QuerySelect, TransactionTrait};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::accounts::entity::user;
use crate::accounts::model::UserId;
use crate::audit;
use crate::profiles::model::{Profile, Verification};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

pub const MAX_REASON: usize = 500;

#[derive(Deserialize, ToSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Verify,
    Reject,
}

#[derive(Deserialize, ToSchema, Debug)]
pub struct DecisionInput {
    pub decision: Decision,
    /// Required when rejecting: shown to the teacher.
    #[serde(default)]
    pub reason: String,
}

/// Teachers waiting for verification, oldest first.
pub async fn queue(state: &AppState, limit: u64) -> AppResult<Vec<Profile>> {
    let waiting = user::Entity::find()
        .filter(user::Column::Verification.eq(Verification::Pending.as_str()))
        .order_by_asc(user::Column::UpdatedAt)
        .limit(limit)
        .all(&state.db)
        .await?;
    let mut profiles = Vec::with_capacity(waiting.len());
    for u in waiting {
        profiles.push(crate::profiles::service::from_user(state, u).await?);
    }
    Ok(profiles)
}

/// Marks a waiting teacher verified, or turns them down with a reason;
/// the decision and the reason go to the audit log in the same transaction.
pub async fn decide(
    state: &AppState,
    moderator: &CurrentUser,
    teacher: UserId,
    input: &DecisionInput,
) -> AppResult<()> {
    moderator.require_moderator()?;
    let reason = bangla::normalize(&input.reason);
    let mut errors = FieldErrors::default();
    if input.decision == Decision::Reject && reason.is_empty() {
        errors.add("reason", "field-reason-needed");
    }
    if reason.chars().count() > MAX_REASON {
        errors.add("reason", "field-too-long");
    }
    errors.into_result()?;
    record_decision(&state.db, moderator.id, teacher, input.decision, &reason).await
}

/// Writes a decision and its audit entry in one transaction.
async fn record_decision(
    db: &DatabaseConnection,
    moderator: UserId,
    teacher: UserId,
    decision: Decision,
    reason: &str,
) -> AppResult<()> {
    let txn = db.begin().await?;
    let current = user::Entity::find_by_id(teacher.0).one(&txn).await?.ok_or(AppError::NotFound)?;
    if current.verification != Verification::Pending.as_str() {
        let mut errors = FieldErrors::default();
        errors.add("decision", "field-not-pending");
        return Err(AppError::Conflict(errors));
    }
    let (status, action, note, verified_at) = match decision {
        Decision::Verify => (Verification::Verified, "teacher.verify", None, Some(Utc::now())),
        Decision::Reject => (Verification::Rejected, "teacher.reject", Some(reason.to_owned()), None),
    };
    user::Entity::update_many()
        .col_expr(user::Column::Verification, Expr::value(status.as_str()))
        .col_expr(user::Column::VerificationNote, Expr::value(note))
        .col_expr(user::Column::VerifiedAt, Expr::value(verified_at))
        .filter(user::Column::Id.eq(teacher.0))
        .exec(&txn)
        .await?;
    let detail = serde_json::json!({ "reason": reason, "institution_id": current.institution_id });
    audit::record(&txn, Some(moderator), action, "user", teacher.0, detail).await?;
    txn.commit().await?;
    tracing::info!(moderator = moderator.0, teacher = teacher.0, action, "verification decided");
    Ok(())
}

/// Verifies a waiting teacher on behalf of `moderator` (used by the demo data).
pub async fn verify_as(db: &DatabaseConnection, moderator: UserId, teacher: UserId) -> AppResult<()> {
    record_decision(db, moderator, teacher, Decision::Verify, "").await
}
