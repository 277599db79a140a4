//! Award rules that run by themselves: a badge for finishing a course,
//! a badge for trying activities in class with the head teacher's
//! support (her encouragement or observation on a logged try), and a badge
//! for a published weekly or fortnightly recognition award. Manual
//! awards go through `issuing::issue` from the issuer's page. Earning is
//! idempotent: a rule that runs again finds the badge already held.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};

use super::document::Evidence;
use super::entity::achievement;
use super::issuing::{self, Issued};
use super::model::AchievementRule;
use super::store;
use crate::ids::{AchievementId, UserId};
use crate::profiles::service::verified_school;
use crate::state::AppState;
use crate::web::AppResult;
use crate::web::role::Role;

/// Which teachers (and badges) a round looks at.
#[derive(Clone, Copy)]
struct Scope {
    achievement: Option<AchievementId>,
    teacher: Option<UserId>,
    /// Completions and support newer than this (older ones were seen by earlier rounds).
    since: Option<DateTime<Utc>>,
}

/// The worker's round: what changed in the last two days (it runs every
/// ten minutes, so a round missed while the worker was down is caught up).
pub async fn sweep(state: &AppState) -> AppResult<usize> {
    run(state, Scope { achievement: None, teacher: None, since: Some(Utc::now() - Duration::days(2)) }).await
}

/// Everything, whenever it happened (new badges for past work, the demo).
pub async fn sweep_all(state: &AppState) -> AppResult<usize> {
    run(state, Scope { achievement: None, teacher: None, since: None }).await
}

/// The `credentials.award_past` job: one new badge, for everyone's past work.
pub async fn award_past(state: &AppState, payload: &serde_json::Value) -> anyhow::Result<()> {
    let id = payload["achievement"].as_i64().ok_or_else(|| anyhow::anyhow!("no achievement in {payload}"))?;
    let scope = Scope { achievement: Some(AchievementId(id)), teacher: None, since: None };
    let issued = run(state, scope).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    tracing::info!(achievement = id, issued, "badge awarded for past work");
    Ok(())
}

/// One teacher, when she opens her backpack: `achievements` is the badge
/// catalogue (kept in memory; each badge is read again before it is
/// issued) and `held` what she holds, revoked or not, read just before.
pub async fn sweep_for(
    state: &AppState,
    who: UserId,
    achievements: &[achievement::Model],
    held: &HashSet<AchievementId>,
) -> AppResult<usize> {
    award(state, Scope { achievement: None, teacher: Some(who), since: None }, achievements, Some(held)).await
}

async fn run(state: &AppState, scope: Scope) -> AppResult<usize> {
    let achievements: Vec<achievement::Model> = store::achievements(&state.db)
        .await?
        .into_iter()
        .filter(|a| scope.achievement.is_none_or(|only| only == a.id))
        .collect();
    award(state, scope, &achievements, None).await
}

/// Which of `who` hold badge `a`: asked of the database, or from `held`
/// when the round is one teacher's (then `who` is her or no one).
async fn holders(
    state: &AppState,
    a: &achievement::Model,
    who: &[UserId],
    held: Option<&HashSet<AchievementId>>,
) -> AppResult<HashSet<UserId>> {
    Ok(match held {
        Some(held) => who.iter().copied().filter(|_| held.contains(&a.id)).collect(),
        None => store::holders(&state.db, a.id, who).await?,
    })
}

/// Issues `a` (read again first when it came from the kept catalogue); true when new.
async fn issue(
    state: &AppState,
    a: &achievement::Model,
    who: UserId,
    evidence: &[Evidence],
    kept: bool,
) -> AppResult<bool> {
    let fresh = if kept { store::achievement(&state.db, a.id).await? } else { Some(a.clone()) };
    let Some(a) = fresh else { return Ok(false) };
    Ok(matches!(issuing::issue(state, &a, who, evidence, None).await?, Issued::New(_)))
}

async fn award(
    state: &AppState,
    scope: Scope,
    achievements: &[achievement::Model],
    held: Option<&HashSet<AchievementId>>,
) -> AppResult<usize> {
    let mut issued = 0;
    let kept = held.is_some();
    // One teacher's round looks only at the badges she does not hold yet
    // (a held one is never issued again), so it reads nothing for them.
    let achievements: Vec<&achievement::Model> =
        achievements.iter().filter(|a| held.is_none_or(|h| !h.contains(&a.id))).collect();
    for a in achievements.iter().filter(|a| a.rule == AchievementRule::Course) {
        let Some(course) = a.course_id else { continue };
        let done =
            crate::learning::store::study::completions_of_course(&state.db, course, scope.teacher, scope.since).await?;
        let who: Vec<UserId> = done.iter().map(|(e, _)| e.user_id).collect();
        let holders = holders(state, a, &who, held).await?;
        for (e, certificate) in done.into_iter().filter(|(e, _)| !holders.contains(&e.user_id)) {
            let evidence = vec![Evidence {
                url: certificate.as_ref().map(|c| format!("{}/certificates/{}", state.config.public_url, c.code)),
                name: certificate.as_ref().map_or_else(String::new, |c| c.course_title.clone()),
                narrative: "কোর্সের সব মডিউল ও কুইজ সম্পন্ন (Completed every module and quiz of the course)".into(),
            }];
            if issue(state, a, e.user_id, &evidence, kept).await? {
                issued += 1;
            }
        }
    }
    for a in achievements.iter().filter(|a| a.rule == AchievementRule::Recognition) {
        issued += recognised(state, a, scope, held).await?;
    }
    let practice: Vec<&achievement::Model> =
        achievements.iter().copied().filter(|a| a.rule == AchievementRule::Practice).collect();
    if practice.is_empty() {
        return Ok(issued);
    }
    let supported = supported_practice(state, scope).await?;
    for a in practice {
        let who: Vec<UserId> = supported.keys().copied().collect();
        let holders = holders(state, a, &who, held).await?;
        let needed = a.practice_count.unwrap_or(1).max(1) as usize;
        for (teacher, evidence) in supported.iter().filter(|(t, e)| !holders.contains(t) && e.len() >= needed) {
            if issue(state, a, *teacher, evidence, kept).await? {
                issued += 1;
            }
        }
    }
    Ok(issued)
}

/// A recognition badge for each teacher with a published award (the first
/// one found is its evidence: the award's "why" page).
async fn recognised(
    state: &AppState,
    a: &achievement::Model,
    scope: Scope,
    held: Option<&HashSet<AchievementId>>,
) -> AppResult<usize> {
    let awards = crate::recognition::store::awards_since(&state.db, scope.teacher, scope.since).await?;
    let who: Vec<UserId> = awards.iter().map(|w| w.user_id).collect();
    let holders = holders(state, a, &who, held).await?;
    let mut issued = 0;
    let mut seen = std::collections::HashSet::new();
    for w in awards.into_iter().filter(|w| !holders.contains(&w.user_id)) {
        if !seen.insert(w.user_id) {
            continue;
        }
        let evidence = vec![Evidence {
            url: Some(format!("{}/recognition/awards/{}", state.config.public_url, w.id)),
            name: crate::web::Lang::Bn.t(w.category.label_key()),
            narrative: "বাতায়নের সাপ্তাহিক/পাক্ষিক স্বীকৃতি, সহকর্মীদের রেটিং ও ব্যবহারের হিসাবে (Batayon recognition award, from colleagues' ratings and use)".into(),
        }];
        if issue(state, a, w.user_id, &evidence, held.is_some()).await? {
            issued += 1;
        }
    }
    Ok(issued)
}

/// Each teacher's tries that her own head teacher encouraged or observed.
async fn supported_practice(state: &AppState, scope: Scope) -> AppResult<HashMap<UserId, Vec<Evidence>>> {
    let logs = crate::practice::store::supported_logs(&state.db, scope.teacher, scope.since).await?;
    if logs.is_empty() {
        return Ok(HashMap::new());
    }
    let mut people: Vec<UserId> = logs.iter().flat_map(|(l, who)| who.iter().copied().chain([l.teacher_id])).collect();
    people.sort();
    people.dedup();
    let users: HashMap<UserId, _> =
        crate::accounts::store::find_many(&state.db, &people).await?.into_iter().map(|u| (u.id, u)).collect();
    let mut out: HashMap<UserId, Vec<Evidence>> = HashMap::new();
    for (log, supporters) in logs {
        let Some(teacher) = users.get(&log.teacher_id) else { continue };
        // Her head teacher: both verified at the same school by a moderator,
        // never a school either of them merely names in a profile.
        let school = verified_school(teacher);
        let by_head = school.is_some()
            && supporters
                .iter()
                .filter_map(|s| users.get(s))
                .any(|s| s.role == Role::HeadTeacher && verified_school(s) == school);
        if by_head {
            out.entry(log.teacher_id).or_default().push(Evidence {
                url: Some(format!("{}/practice/logs/{}", state.config.public_url, log.id.0)),
                name: log.title.clone(),
                narrative: format!(
                    "{}: শ্রেণিতে চেষ্টা, প্রধান শিক্ষকের সমর্থন ও পর্যবেক্ষণসহ (tried in class, supported by the head teacher)",
                    log.tried_on.unwrap_or(log.planned_on)
                ),
            });
        }
    }
    Ok(out)
}
