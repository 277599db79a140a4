//! The worker loop: take a job from `jobs`, hand it to the feature that
//! does that kind of work, record the outcome. One job at a
//! time per worker, because transcoding already uses both cores.

use std::time::Duration;

use crate::jobs::JobKind;
use crate::state::AppState;

/// Runs one due job if there is one; true if it ran one.
pub async fn run_one(state: &AppState) -> anyhow::Result<bool> {
    let Some(job) = crate::jobs::claim(&state.db).await? else {
        return Ok(false);
    };
    let payload: serde_json::Value = serde_json::from_str(&job.payload).unwrap_or_default();
    let alive = {
        let db = state.db.clone();
        let id = job.id;
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(crate::jobs::HEARTBEAT_SECS));
            every.tick().await;
            loop {
                every.tick().await;
                if let Err(e) = crate::jobs::heartbeat(&db, id).await {
                    tracing::warn!(job = %id, error = %e, "job heartbeat failed");
                }
            }
        })
    };
    let result = match job.kind {
        JobKind::MediaProcess => crate::media::process::run(state, &payload).await,
        JobKind::AwardPast => crate::credentials::rules::award_past(state, &payload).await,
        JobKind::RecognitionCompute => crate::recognition::rounds::compute(state, &payload).await,
        JobKind::SmsNotice => crate::notifications::by_sms::send(state, &payload).await,
        // Taken in batches by the indexing loop, never by `claim`.
        JobKind::SearchIndex => Err(anyhow::anyhow!("search.index jobs belong to the indexing loop")),
    };
    alive.abort();
    match result {
        Ok(()) => crate::jobs::complete(&state.db, job.id).await?,
        Err(e) => {
            tracing::warn!(job = %job.id, kind = %job.kind, attempt = job.attempts, error = %format!("{e:#}"), "job failed");
            crate::jobs::fail(&state.db, &job, &format!("{e:#}")).await?;
        }
    }
    Ok(true)
}

/// Runs jobs until the process ends; sleeps briefly when there is nothing to do.
pub async fn run(state: AppState) {
    let mut digests_checked: Option<std::time::Instant> = None;
    loop {
        // Every ten minutes: the daily digests and practice reminders, from 7
        // in the morning (Asia/Dhaka). Each is claimed once across workers.
        if digests_checked.is_none_or(|t| t.elapsed() >= Duration::from_secs(600)) {
            digests_checked = Some(std::time::Instant::now());
            if dhaka_hour() >= DIGEST_HOUR {
                match crate::feed::digest::send_due(&state).await {
                    Ok(n) if n > 0 => tracing::info!(sent = n, "daily digests sent"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "sending daily digests failed"),
                }
                // Practice reminders at a decent hour too; each is claimed once in the database.
                match crate::practice::reminders::send_due(&state).await {
                    Ok(n) if n > 0 => tracing::info!(sent = n, "practice reminders sent"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "sending practice reminders failed"),
                }
                // Tomorrow's trainings, once for each placed teacher.
                match crate::learning::training::remind_tomorrow(&state).await {
                    Ok(n) if n > 0 => tracing::info!(reminded = n, "training reminders sent"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "sending training reminders failed"),
                }
            }
            // Badges earned by finishing courses and supported practice. The
            // unique (badge, teacher) index keeps two workers from issuing twice.
            match crate::credentials::rules::sweep(&state).await {
                Ok(n) if n > 0 => tracing::info!(issued = n, "badges issued"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "issuing earned badges failed"),
            }
            // The week's and fortnight's award rounds, once each: the unique
            // (period, start) index lets one worker open a round.
            match crate::recognition::rounds::schedule_due(&state).await {
                Ok(n) if n > 0 => tracing::info!(rounds = n, "recognition rounds queued"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "queueing recognition rounds failed"),
            }
        }
        match run_one(&state).await {
            Ok(true) => continue,
            Ok(false) => tokio::time::sleep(Duration::from_secs(1)).await,
            Err(e) => {
                tracing::error!(error = %e, "worker could not take a job");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}

/// The hour (Asia/Dhaka) from which the day's digests go out.
const DIGEST_HOUR: u32 = 7;

fn dhaka_hour() -> u32 {
    use chrono::Timelike;
    crate::web::i18n::dhaka_time(chrono::Utc::now()).hour()
}

/// Runs jobs until none is due, then the search index updates (tests and
/// the demo loader use this); how many of the former ran.
pub async fn drain(state: &AppState) -> anyhow::Result<usize> {
    let mut ran = 0;
    while run_one(state).await? {
        ran += 1;
    }
    crate::search::indexer::drain(state).await?;
    Ok(ran)
}
