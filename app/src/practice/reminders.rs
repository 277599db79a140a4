//! Gentle reminders: a teacher who marked a "try this in class" task done
//! two weeks ago and has logged no try of it hears once (in the portal,
//! and by SMS when she chose SMS reminders); her head teacher sees her
//! among those who may need encouragement. Never a ranking.

use std::collections::HashSet;

use chrono::{Duration, Utc};

use super::store;
use crate::ids::{ActivityId, UserId};
use crate::state::AppState;

/// How long after finishing a task a teacher is reminded.
pub const AFTER_DAYS: i64 = 14;
/// Tasks finished longer ago than this are left alone (a portal's first
/// sweep must not remind everyone of last year's courses).
const UP_TO_DAYS: i64 = 60;

/// Tasks these teachers finished at least [`AFTER_DAYS`] ago (up to
/// [`UP_TO_DAYS`]) without any try of them logged or planned.
pub async fn untried(state: &AppState, teachers: Option<&[UserId]>) -> anyhow::Result<Vec<(UserId, ActivityId)>> {
    let now = Utc::now();
    let done = crate::learning::store::study::practice_tasks_done(
        &state.db,
        now - Duration::days(UP_TO_DAYS),
        now - Duration::days(AFTER_DAYS),
        teachers,
    )
    .await?;
    let mut who: Vec<UserId> = done.iter().map(|d| d.0).collect();
    who.sort();
    who.dedup();
    let tried: HashSet<(UserId, ActivityId)> = store::tried_activities(&state.db, &who).await?.into_iter().collect();
    let mut out: Vec<(UserId, ActivityId)> =
        done.into_iter().map(|(u, a, _)| (u, a)).filter(|pair| !tried.contains(pair)).collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// Sends the reminders due; how many. Each (teacher, task) is claimed in
/// the database first, so several workers and daily sweeps send it once.
pub async fn send_due(state: &AppState) -> anyhow::Result<usize> {
    let mut sent = 0;
    for (teacher, activity) in untried(state, None).await? {
        if !store::claim_reminder(&state.db, teacher, activity).await? {
            continue;
        }
        let Some(task) = crate::learning::store::activity(&state.db, activity).await? else { continue };
        let link = format!("/practice/plan?activity={activity}");
        crate::notifications::store::notify(&state.db, teacher, "notify-practice-reminder", &task.title, &link).await?;
        sent += 1;
    }
    Ok(sent)
}
