//! Verifying teachers: the queue and a moderator's decision.

use sea_orm::{DatabaseConnection, TransactionTrait};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::accounts::model::UserId;
use crate::audit;
use crate::profiles::model::{Profile, Verification};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

pub const MAX_REASON: usize = 500;

crate::stored_words! {
    /// A moderator's decision on a teacher waiting for verification.
    pub enum Decision {
        Verify = "verify",
        /// Needs a reason, which the teacher sees.
        Reject = "reject",
    }
}

#[derive(Deserialize, ToSchema, Debug)]
pub struct DecisionInput {
    pub decision: Decision,
    /// Required when rejecting: shown to the teacher.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub reason: String,
    /// The profile `version` the decision was made on; when given and the
    /// profile has changed since, the decision is refused (409).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Teachers waiting for verification, oldest first.
pub async fn queue(state: &AppState, limit: u64) -> AppResult<Vec<Profile>> {
    let waiting = crate::profiles::store::pending(&state.db, limit).await?;
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
    if teacher == moderator.id {
        // Nobody vouches for themselves.
        return Err(AppError::Forbidden);
    }
    let reason = bangla::normalize(&input.reason);
    let mut errors = FieldErrors::default();
    if input.decision == Decision::Reject && reason.is_empty() {
        errors.add("reason", "field-reason-needed");
    }
    if input.reason.chars().count() > MAX_REASON {
        errors.add("reason", "field-too-long");
    }
    errors.into_result()?;
    record_decision(&state.db, moderator.id, teacher, input.decision, &reason, input.version).await?;
    // The home page lists the newest verified teachers and counts them:
    // both refreshed on this node at once (elsewhere within their keep).
    crate::accounts::figures::forget(state);
    crate::web::page_parts::changed(state);
    Ok(())
}

/// Writes a decision (through profiles) and its audit entry in one transaction.
async fn record_decision(
    db: &DatabaseConnection,
    moderator: UserId,
    teacher: UserId,
    decision: Decision,
    reason: &str,
    version: Option<i64>,
) -> AppResult<()> {
    let txn = db.begin().await?;
    let (outcome, action, note) = match decision {
        Decision::Verify => (Verification::Verified, "teacher.verify", None),
        Decision::Reject => (Verification::Rejected, "teacher.reject", Some(reason.to_owned())),
    };
    let institution_id = crate::accounts::store::find(db, teacher).await?.ok_or(AppError::NotFound)?.institution_id;
    if !crate::profiles::service::set_verification(&txn, teacher, version, outcome, note).await? {
        let mut errors = FieldErrors::default();
        errors.add("decision", "field-not-pending");
        return Err(AppError::Conflict(errors));
    }
    let detail = serde_json::json!({ "reason": reason, "institution_id": institution_id, "version": version });
    audit::record(&txn, Some(moderator), action, teacher, detail).await?;
    txn.commit().await?;
    tracing::info!(moderator = moderator.0, teacher = teacher.0, action, "verification decided");
    Ok(())
}

/// Verifies a waiting teacher on behalf of `moderator` (used by the demo data).
pub async fn verify_as(db: &DatabaseConnection, moderator: UserId, teacher: UserId) -> AppResult<()> {
    record_decision(db, moderator, teacher, Decision::Verify, "", None).await
}
