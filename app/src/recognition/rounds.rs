//! A round's life: created once per period (the first worker to insert
//! it wins; the unique (period, start) index refuses the others), computed
//! by a `recognition.compute` job, reviewed by moderators, who may hold a
//! candidate back with a reason, and published once.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sea_orm::{Set, TransactionTrait};

use super::category::AwardCategory;
use super::entity::{candidate, round};
use super::model::RoundStatus;
use super::period::{AwardPeriod, Period};
use super::{scoring, store};
use crate::ids::{CandidateId, RoundId, UserId};
use crate::state::AppState;
use crate::web::{AppError, AppResult};

/// Run by every worker every ten minutes: opens the round of each period
/// that has ended and has none yet, and computes again a round still under
/// review whose candidates were computed before its period ended.
pub async fn schedule_due(state: &AppState) -> anyhow::Result<usize> {
    let now = Utc::now();
    let mut queued = 0;
    for &kind in AwardPeriod::ALL {
        let period = Period::last_ended(kind, now);
        if queue(state, period, true).await?.queued {
            queued += 1;
        }
    }
    Ok(queued)
}

/// What asking for a round's candidates did.
pub struct Queued {
    pub round: RoundId,
    /// A job was queued (a published round, or one being computed, is left alone).
    pub queued: bool,
    pub published: bool,
}

/// Creates the round of `period` or, when it is under review, sends it back
/// to be computed, and queues the job. With `only_stale`, a round computed
/// after its period ended is left as it is.
async fn queue(state: &AppState, period: Period, only_stale: bool) -> anyhow::Result<Queued> {
    let txn = state.db.begin().await?;
    let created = store::create_round(&txn, period).await?;
    let r = store::round_of(&txn, period).await?.ok_or_else(|| anyhow::anyhow!("round of {period:?} not created"))?;
    let stale = r.computed_at.is_none_or(|at| at < period.until());
    let again = !created && (!only_stale || stale) && store::start_computing(&txn, r.id).await?;
    if created || again {
        crate::jobs::enqueue(&txn, crate::jobs::JobKind::RecognitionCompute, serde_json::json!({ "round": r.id.0 }))
            .await?;
    }
    txn.commit().await?;
    Ok(Queued { round: r.id, queued: created || again, published: r.status == RoundStatus::Published })
}

/// A moderator asks for the candidates of a period now (a past week the job
/// missed, or this week so far). A published round stays as it is
/// (`published` says so).
pub async fn compute_now(state: &AppState, period: Period) -> AppResult<Queued> {
    Ok(queue(state, period, false).await?)
}

/// Opens (or reopens) the round of `period` and computes it in this task,
/// without waiting for a worker (the demo loader uses this; the queued job
/// then finds the round computed and does nothing).
pub async fn compute_at_once(state: &AppState, period: Period) -> anyhow::Result<RoundId> {
    let q = queue(state, period, false).await?;
    compute(state, &serde_json::json!({ "round": q.round.0 })).await?;
    Ok(q.round)
}

/// The `recognition.compute` job.
pub async fn compute(state: &AppState, payload: &serde_json::Value) -> anyhow::Result<()> {
    let id = RoundId(payload["round"].as_i64().ok_or_else(|| anyhow::anyhow!("no round in {payload}"))?);
    let Some(r) = store::round(&state.db, id).await? else { return Ok(()) };
    if r.status != RoundStatus::Computing {
        return Ok(());
    }
    let period = Period::containing(r.period, r.starts_on);
    let inputs = store::inputs::gather(&state.db, period).await?;
    let rings = super::rings::find(&inputs);
    let ranked = scoring::rank(scoring::score(&inputs, &rings));
    let txn = state.db.begin().await?;
    // What moderators held back stays held back when the round is computed again.
    let held: HashMap<(AwardCategory, UserId, Option<crate::ids::ContentId>), String> = store::all_candidates(&txn, id)
        .await?
        .into_iter()
        .filter_map(|c| Some(((c.category, c.user_id, c.content_id), c.withheld?)))
        .collect();
    let rows = ranked
        .into_iter()
        .map(|(district, rank, s)| {
            let key = (s.category, s.user, s.content);
            candidate::ActiveModel {
                id: sea_orm::ActiveValue::NotSet,
                round_id: Set(id),
                category: Set(s.category),
                district_id: Set(district),
                rank: Set(rank),
                user_id: Set(s.user),
                content_id: Set(s.content),
                institution_id: Set(s.institution),
                title: Set(s.title),
                link: Set(s.link),
                score: Set(s.score),
                breakdown: Set(serde_json::to_string(&s.lines).unwrap_or_default()),
                withheld: Set(held.get(&key).cloned()),
            }
        })
        .collect();
    store::save_candidates(&txn, id, rows, serde_json::to_string(&rings)?).await?;
    txn.commit().await?;
    Ok(())
}

/// The winners a round would have: per category and place, the best
/// ranked candidate no moderator held back.
pub fn winners(candidates: &[candidate::Model]) -> Vec<&candidate::Model> {
    let mut taken = HashSet::new();
    let mut sorted: Vec<&candidate::Model> = candidates.iter().filter(|c| c.withheld.is_none()).collect();
    sorted.sort_by_key(|c| (c.category, c.district_id.map(|d| d.0), c.rank));
    sorted.into_iter().filter(|c| taken.insert((c.category, c.district_id))).collect()
}

/// How many districts would get a winner in each category.
pub fn district_winner_counts(candidates: &[candidate::Model]) -> Vec<(AwardCategory, usize)> {
    let winners = winners(candidates);
    AwardCategory::ALL
        .iter()
        .map(|&c| (c, winners.iter().filter(|w| w.district_id.is_some() && w.category == c).count()))
        .collect()
}

/// Publishes the round: writes the winners' awards and tells them. A second
/// publish (two moderators at once, a double click) changes nothing.
pub async fn publish(state: &AppState, who: UserId, id: RoundId) -> AppResult<usize> {
    let txn = state.db.begin().await?;
    let r = store::round(&txn, id).await?.ok_or(AppError::NotFound)?;
    if !store::mark_published(&txn, id, who).await? {
        txn.rollback().await?;
        return match r.status {
            RoundStatus::Published => Ok(0),
            _ => Err(AppError::NotAllowed { code: "round_not_ready", key: "recognition-not-ready" }),
        };
    }
    let candidates = store::all_candidates(&txn, id).await?;
    let mut written = 0;
    let mut told = HashSet::new();
    for c in winners(&candidates) {
        if store::insert_award(&txn, c).await? {
            written += 1;
            // One notice per award she won, naming it (a national and a district win of one award: one).
            if told.insert((c.user_id, c.category)) {
                let link = format!("/recognition/rounds/{}", id.0);
                let detail = format!("{} – {}", r.starts_on, r.ends_on);
                let kind = format!("notify-{}", c.category.label_key());
                crate::notifications::store::notify(&txn, c.user_id, &kind, &detail, &link).await?;
            }
        }
    }
    let detail = serde_json::json!({ "period": r.period, "starts_on": r.starts_on, "awards": written });
    crate::audit::store::record(&txn, Some(who), "recognition.publish", id, detail).await?;
    txn.commit().await?;
    // The winners are on the home page and the hall of fame.
    crate::web::page_parts::changed(state);
    Ok(written)
}

/// Holds a candidate back with a reason (or restores her), while the round is under review.
pub async fn withhold(
    state: &AppState,
    who: UserId,
    id: CandidateId,
    reason: Option<String>,
) -> AppResult<round::Model> {
    let c = store::candidate(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let r = store::round(&state.db, c.round_id).await?.ok_or(AppError::NotFound)?;
    if r.status != RoundStatus::Review {
        return Err(AppError::NotAllowed { code: "round_published", key: "recognition-already-published" });
    }
    if let Some(text) = &reason
        && text.trim().chars().count() < 5
    {
        return Err(AppError::invalid("reason", "recognition-reason-needed"));
    }
    let reason = reason.map(|t| t.trim().chars().take(500).collect::<String>());
    store::withhold(&state.db, &c, reason.clone()).await?;
    let detail =
        serde_json::json!({ "candidate": id.0, "category": c.category, "user": c.user_id.0, "reason": reason });
    crate::audit::store::record(&state.db, Some(who), "recognition.withhold", r.id, detail).await?;
    Ok(r)
}
