//! Reports about questions, answers, posts, ideas and comments: the same
//! flow as contents' — a teacher reports with a reason, moderators hide,
//! restore or dismiss with a reason of their own, the author is told and
//! the audit log keeps it.

use chrono::Utc;
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::item_store as store;
use super::reports::{Action, Decision, MAX_DETAIL};
use crate::community::hiding;
use crate::community::reputation::{self, Privilege};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

pub const REASONS: [&str; 4] = ["spam", "inappropriate", "off_topic", "misinformation"];

#[derive(Deserialize, ToSchema, Debug)]
pub struct ItemReportInput {
    /// question | answer | post | idea | comment
    #[schema(pattern = "^(question|answer|post|idea|comment)$")]
    pub item_kind: String,
    pub item_id: i64,
    /// spam | inappropriate | off_topic | misinformation
    #[schema(pattern = "^(spam|inappropriate|off_topic|misinformation)$")]
    pub reason: String,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub detail: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ItemReportFiled {
    pub id: i64,
}

pub async fn file(state: &AppState, who: &CurrentUser, input: &ItemReportInput) -> AppResult<i64> {
    let mut errors = FieldErrors::default();
    if !REASONS.contains(&input.reason.as_str()) {
        errors.add("reason", "field-report-reason");
    }
    let detail = input.detail.as_deref().map(bangla::normalize).unwrap_or_default();
    if input.detail.as_deref().unwrap_or_default().chars().count() > MAX_DETAIL {
        errors.add("detail", "field-too-long");
    }
    errors.into_result()?;
    let found = hiding::find(state, &input.item_kind, input.item_id).await?.ok_or(AppError::NotFound)?;
    if found.hidden {
        return Err(AppError::NotFound);
    }
    // Reports on discussions share the hourly allowance of reports on contents.
    crate::web::ratelimit::hourly_allowance(
        &state.db,
        "report",
        who.id.0,
        super::reports::REPORTS_PER_HOUR,
        "quota-reports-hour",
    )
    .await?;
    if store::open_by(&state.db, &input.item_kind, input.item_id, who.id).await? {
        let mut errors = FieldErrors::default();
        errors.add("reason", "field-report-already");
        return Err(AppError::Conflict(errors));
    }
    // The open-report index settles parallel taps: one report, the others told.
    store::insert(&state.db, &input.item_kind, input.item_id, who.id, &input.reason, &detail)
        .await
        .map_err(|e| crate::web::error::on_unique(e, "reason", "field-report-already"))
}

/// Whether `who` reviews reports on community items: moderators, and
/// teachers the community trusts (the "review reports" privilege).
pub async fn may_review(state: &AppState, who: &CurrentUser) -> AppResult<bool> {
    Ok(reputation::has(&state.db, who, Privilege::ReviewReports).await?)
}

/// A decision on an item; closes its open reports. Trusted teachers may
/// hide or dismiss, but only what someone reported and is still open, not
/// their own writing, and only moderators restore (so a reviewer cannot
/// undo a moderator).
pub async fn decide(
    state: &AppState,
    moderator: &CurrentUser,
    kind: &str,
    id: i64,
    decision: &Decision,
) -> AppResult<String> {
    if !moderator.role.can_moderate() {
        reputation::require(&state.db, moderator, Privilege::ReviewReports).await?;
        if decision.action == Action::Restore {
            return Err(AppError::Forbidden);
        }
    }
    let reason = crate::content::service::moderation_reason(&decision.reason)?;
    let found = hiding::find(state, kind, id).await?.ok_or(AppError::NotFound)?;
    if found.author == moderator.id && !moderator.role.can_moderate() {
        return Err(AppError::Forbidden);
    }
    let (status, action) = match decision.action {
        Action::Hide => ("hidden", "hide"),
        Action::Restore => ("restored", "restore"),
        Action::Dismiss => ("dismissed", "dismiss-reports"),
    };
    let txn = state.db.begin().await?;
    // Closing the open reports first claims the decision: a reviewer with
    // none to close (never reported, or decided meanwhile) judges nothing.
    let closed = store::close_open(&txn, kind, id, status, moderator.id).await?;
    if closed == 0 && !moderator.role.can_moderate() {
        txn.rollback().await?;
        return Err(AppError::Forbidden);
    }
    match decision.action {
        Action::Hide => hiding::set_hidden(&txn, kind, id, true).await?,
        Action::Restore => hiding::set_hidden(&txn, kind, id, false).await?,
        Action::Dismiss => {}
    }
    let detail = serde_json::json!({ "reason": reason });
    crate::audit::record(&txn, Some(moderator.id), &format!("{kind}.{action}"), kind, id, detail).await?;
    if decision.action != Action::Dismiss {
        let key = if decision.action == Action::Hide { "notify-item-hidden" } else { "notify-item-restored" };
        crate::notifications::store::notify(&txn, found.author, key, &reason, &found.link).await?;
    }
    txn.commit().await?;
    hiding::changed(state, kind, id).await?;
    Ok(found.link)
}

/// An item with open reports, for the queue.
pub struct ReportedItem {
    pub kind: String,
    pub id: i64,
    pub title: String,
    pub link: String,
    pub hidden: bool,
    pub author: crate::ids::UserId,
    /// (reason, detail, when)
    pub reports: Vec<(String, String, chrono::DateTime<Utc>)>,
}

impl ReportedItem {
    pub fn kind_key(&self) -> String {
        format!("report-kind-{}", self.kind)
    }
}

pub async fn open_queue(state: &AppState, limit: u64) -> AppResult<Vec<ReportedItem>> {
    let mut queue: Vec<ReportedItem> = Vec::new();
    for r in store::open(&state.db, limit * 5).await? {
        let line = (r.reason, r.detail, r.created_at);
        if let Some(entry) = queue.iter_mut().find(|q| q.kind == r.item_kind && q.id == r.item_id) {
            entry.reports.push(line);
            continue;
        }
        if queue.len() as u64 >= limit {
            continue;
        }
        if let Some(f) = hiding::find(state, &r.item_kind, r.item_id).await? {
            queue.push(ReportedItem {
                kind: r.item_kind,
                id: r.item_id,
                title: f.title,
                link: f.link,
                hidden: f.hidden,
                author: f.author,
                reports: vec![line],
            });
        }
    }
    Ok(queue)
}
