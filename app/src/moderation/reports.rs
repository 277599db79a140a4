//! Reports of a content (spam, copyright, wrong chapter, inappropriate) and
//! what moderators decide: hide it, restore it, or dismiss the reports —
//! always with a reason, always in the audit log, and the author is told.
//! Hiding or showing is content's own step (`content::service::set_visibility`,
//! also behind `PATCH /api/v1/contents/{id}` with `hidden`); deciding here also
//! closes the content's open reports.

use chrono::Utc;
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::store;
use crate::audit;
use crate::content::model::ContentId;
use crate::ids::UserId;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, ratelimit};

pub use crate::content::model::REPORT_REASONS as REASONS;
pub const MAX_DETAIL: usize = 1000;
/// Reports one teacher may file in an hour (on contents and on discussions).
pub const REPORTS_PER_HOUR: u32 = 20;

#[derive(Deserialize, ToSchema, Debug)]
pub struct ReportInput {
    /// spam | copyright | wrong_chapter | inappropriate
    #[schema(pattern = "^(spam|copyright|wrong_chapter|inappropriate)$")]
    pub reason: String,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub detail: Option<String>,
}

pub async fn file(
    state: &AppState,
    who: UserId,
    id: ContentId,
    input: &ReportInput,
) -> AppResult<crate::ids::ReportId> {
    let mut errors = FieldErrors::default();
    if !REASONS.contains(&input.reason.as_str()) {
        errors.add("reason", "field-report-reason");
    }
    let detail = input.detail.as_deref().map(bangla::normalize).unwrap_or_default();
    if input.detail.as_deref().unwrap_or_default().chars().count() > MAX_DETAIL {
        errors.add("detail", "field-too-long");
    }
    errors.into_result()?;
    crate::content::store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    ratelimit::hourly_allowance(&state.db, "report", who.0, REPORTS_PER_HOUR, "quota-reports-hour").await?;
    let already = store::open_by(&state.db, id, who).await?;
    if already.is_some() {
        let mut errors = FieldErrors::default();
        errors.add("reason", "field-report-already");
        return Err(AppError::Conflict(errors));
    }
    // The open-report index settles parallel taps: one report, the others told.
    let id = store::insert(&state.db, id, who, input.reason.clone(), detail)
        .await
        .map_err(|e| crate::web::error::on_unique(e, "reason", "field-report-already"))?;
    Ok(id)
}

#[derive(Deserialize, ToSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Hide,
    Restore,
    Dismiss,
}

impl Action {
    pub fn parse(s: &str) -> Option<Action> {
        match s {
            "hide" => Some(Action::Hide),
            "restore" => Some(Action::Restore),
            "dismiss" => Some(Action::Dismiss),
            _ => None,
        }
    }
}

#[derive(Deserialize, ToSchema, Debug)]
#[schema(as = ContentDecision)]
pub struct Decision {
    pub action: Action,
    /// Why; the author is told.
    #[schema(min_length = 1, max_length = 1000)]
    pub reason: String,
}

/// A moderator's decision on a content; closes its open reports.
pub async fn decide(state: &AppState, moderator: &CurrentUser, id: ContentId, decision: &Decision) -> AppResult<()> {
    if !moderator.role.can_moderate() {
        return Err(AppError::Forbidden);
    }
    let reason = crate::content::service::moderation_reason(&decision.reason)?;
    let item = crate::content::store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let status = match decision.action {
        Action::Hide => "hidden",
        Action::Restore => "restored",
        Action::Dismiss => "dismissed",
    };
    let txn = state.db.begin().await?;
    match decision.action {
        Action::Hide => crate::content::service::set_visibility(&txn, moderator, &item, true, &reason).await?,
        Action::Restore => crate::content::service::set_visibility(&txn, moderator, &item, false, &reason).await?,
        Action::Dismiss => {
            let detail = serde_json::json!({ "reason": reason });
            audit::record(&txn, Some(moderator.id), "content.dismiss-reports", "content", id.0, detail).await?;
        }
    }
    store::close_open(&txn, id, status, moderator.id, &reason).await?;
    txn.commit().await?;
    crate::content::shared::changed(state, id);
    crate::jobs::search_later(&state.db, "content", id.0).await?;
    Ok(())
}

/// A content with open reports, for the moderators' queue.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ReportedContent {
    pub content_id: ContentId,
    pub title: String,
    pub hidden: bool,
    pub reports: Vec<ReportLine>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ReportLine {
    pub id: crate::ids::ReportId,
    pub reason: String,
    pub detail: String,
    pub created_at: chrono::DateTime<Utc>,
}

impl ReportLine {
    pub fn reason_key(&self) -> String {
        format!("report-{}", self.reason)
    }
}

pub async fn open_queue(state: &AppState, limit: u64) -> AppResult<Vec<ReportedContent>> {
    let open = store::open(&state.db, limit * 5).await?;
    let mut queue: Vec<ReportedContent> = Vec::new();
    for r in open {
        let line = ReportLine { id: r.id, reason: r.reason, detail: r.detail, created_at: r.created_at };
        if let Some(entry) = queue.iter_mut().find(|q| q.content_id == r.content_id) {
            entry.reports.push(line);
            continue;
        }
        if queue.len() as u64 >= limit {
            continue;
        }
        if let Some(c) = crate::content::store::find(&state.db, r.content_id).await? {
            queue.push(ReportedContent { content_id: c.id, title: c.title, hidden: c.hidden, reports: vec![line] });
        }
    }
    Ok(queue)
}
