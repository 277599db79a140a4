//! Filing a report on any item (one validation for every kind) and the
//! moderators' queue of items with open reports.

use super::model::{MAX_DETAIL, REPORTS_PER_HOUR, ReportLine, ReportReason, ReportedItem};
use super::store;
use super::target;
use crate::content::model::ContentId;
use crate::ids::{ReportId, UserId};
use crate::items::{ItemKind, ItemRef};
use crate::state::AppState;
use crate::web::{AppError, AppResult, FieldErrors, ratelimit};

/// `who` reports an item, giving a reason that fits its kind and maybe a
/// detail. One open report per teacher and item; the hourly allowance is
/// shared by every kind.
pub async fn file(
    state: &AppState,
    who: UserId,
    item: ItemRef,
    reason: Option<ReportReason>,
    detail: Option<&str>,
) -> AppResult<ReportId> {
    let mut errors = FieldErrors::default();
    let fitting = reason.filter(|r| r.fits(item.kind));
    if fitting.is_none() {
        errors.add("reason", "field-report-reason");
    }
    let detail = detail.unwrap_or_default();
    if detail.chars().count() > MAX_DETAIL {
        errors.add("detail", "field-too-long");
    }
    let (Some(reason), true) = (fitting, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let found = target::find(state, item).await?.ok_or(AppError::NotFound)?;
    if found.hidden {
        // The moderators have it already; nobody else sees it.
        return Err(AppError::NotFound);
    }
    ratelimit::hourly_allowance(&state.db, "report", who.0, REPORTS_PER_HOUR, "quota-reports-hour").await?;
    if store::open_by(&state.db, item, who).await? {
        return Err(AppError::Conflict(FieldErrors::one("reason".into(), "field-report-already")));
    }
    // The open-report index settles parallel taps: one report, the others told.
    store::insert(&state.db, item, who, reason, bangla::normalize(detail))
        .await
        .map_err(|e| crate::web::error::on_unique(e, "reason", "field-report-already"))
}

/// Items with open reports, oldest report first, at most `limit` items:
/// every kind for a moderator, community items only for a reviewer.
pub async fn open_queue(state: &AppState, kinds: &[ItemKind], limit: u64) -> AppResult<Vec<ReportedItem>> {
    let mut queue: Vec<ReportedItem> = Vec::new();
    for r in store::open(&state.db, kinds, limit * 5).await? {
        let item = r.item();
        let line = ReportLine {
            id: r.id,
            status: r.status,
            reason: r.reason,
            detail: r.detail,
            reporter: r.reporter_id,
            reporter_name: String::new(),
            created_at: r.created_at,
        };
        if let Some(entry) = queue.iter_mut().find(|q| q.item == item) {
            entry.reports.push(line);
            continue;
        }
        if queue.len() as u64 >= limit {
            continue;
        }
        if let Some(t) = target::find(state, item).await? {
            let content_id = (item.kind == ItemKind::Content).then_some(ContentId(item.id));
            let (title, link, hidden, author, preview) = (t.title, t.link, t.hidden, t.author, t.preview);
            let (chapter, author_name) = (t.chapter, String::new());
            let reports = vec![line];
            queue.push(ReportedItem {
                item,
                content_id,
                title,
                link,
                hidden,
                author,
                author_name,
                preview,
                chapter,
                reports,
            });
        }
    }
    name_people(state, &mut queue).await?;
    Ok(queue)
}

/// Who wrote each item and who reported it, by name, in one query.
async fn name_people(state: &AppState, queue: &mut [ReportedItem]) -> AppResult<()> {
    let ids: Vec<UserId> =
        queue.iter().flat_map(|q| std::iter::once(q.author).chain(q.reports.iter().map(|r| r.reporter))).collect();
    let names = crate::accounts::store::names_of(&state.db, &ids).await?;
    let name = |id: &UserId| names.get(id).cloned().unwrap_or_default();
    for q in queue.iter_mut() {
        q.author_name = name(&q.author);
        for r in q.reports.iter_mut() {
            r.reporter_name = name(&r.reporter);
        }
    }
    Ok(())
}
