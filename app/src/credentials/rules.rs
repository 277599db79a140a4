//! Award rules that run by themselves: a badge for finishing a course,
//! and a badge for trying activities in class with the head teacher's
//! support (her encouragement or observation on a logged try). Manual
//! awards go through `issuing::issue` from the issuer's page. Earning is
//! idempotent: a rule that runs again finds the badge already held.

use std::collections::HashMap;

use super::document::Evidence;
use super::entity::achievement;
use super::issuing::{self, Issued};
use super::store;
use crate::ids::UserId;
use crate::state::AppState;
use crate::web::AppResult;
use crate::web::role::Role;

/// Issues every badge that is due; returns how many were issued.
pub async fn sweep(state: &AppState) -> AppResult<usize> {
    run(state, None).await
}

/// The same for one teacher (when she opens her backpack).
pub async fn sweep_for(state: &AppState, who: UserId) -> AppResult<usize> {
    run(state, Some(who)).await
}

async fn run(state: &AppState, only: Option<UserId>) -> AppResult<usize> {
    let mine = |u: UserId| only.is_none_or(|o| o == u);
    let mut issued = 0;
    let achievements = store::achievements(&state.db).await?;
    let practice: Vec<&achievement::Model> = achievements.iter().filter(|a| a.rule == "practice").collect();
    for a in achievements.iter().filter(|a| a.rule == "course") {
        let Some(course) = a.course_id else { continue };
        for (e, certificate) in crate::learning::store::study::completions_of_course(&state.db, course).await? {
            if !mine(e.user_id) || store::held(&state.db, a.id, e.user_id).await? {
                continue;
            }
            let evidence = vec![Evidence {
                url: certificate.as_ref().map(|c| format!("{}/certificates/{}", state.config.public_url, c.code)),
                name: certificate.as_ref().map_or_else(String::new, |c| c.course_title.clone()),
                narrative: "কোর্সের সব মডিউল ও কুইজ সম্পন্ন (Completed every module and quiz of the course)".into(),
            }];
            if let Issued::New(_) = issuing::issue(state, a, e.user_id, &evidence, None).await? {
                issued += 1;
            }
        }
    }
    if !practice.is_empty() {
        for (teacher, evidence) in supported_practice(state).await? {
            if !mine(teacher) {
                continue;
            }
            for a in &practice {
                if evidence.len() >= a.practice_count.unwrap_or(1).max(1) as usize
                    && let Issued::New(_) = issuing::issue(state, a, teacher, &evidence, None).await?
                {
                    issued += 1;
                }
            }
        }
    }
    Ok(issued)
}

/// Each teacher's tries that her own head teacher encouraged or observed.
async fn supported_practice(state: &AppState) -> AppResult<HashMap<UserId, Vec<Evidence>>> {
    let logs = crate::practice::store::supported_logs(&state.db).await?;
    let mut people: Vec<UserId> = logs.iter().flat_map(|(l, who)| who.iter().copied().chain([l.teacher_id])).collect();
    people.sort();
    people.dedup();
    let users: HashMap<UserId, _> =
        crate::accounts::store::find_many(&state.db, &people).await?.into_iter().map(|u| (u.id, u)).collect();
    let mut out: HashMap<UserId, Vec<Evidence>> = HashMap::new();
    for (log, supporters) in logs {
        let Some(teacher) = users.get(&log.teacher_id) else { continue };
        let by_head = supporters.iter().filter_map(|s| users.get(s)).any(|s| {
            Role::parse(&s.role) == Some(Role::HeadTeacher)
                && s.institution_id.is_some()
                && s.institution_id == teacher.institution_id
        });
        if by_head {
            out.entry(log.teacher_id).or_default().push(Evidence {
                url: Some(format!("{}/practice/logs/{}", state.config.public_url, log.id.0)),
                name: log.title.clone(),
                narrative: format!(
                    "{}: শ্রেণিতে চেষ্টা, প্রধান শিক্ষকের সমর্থন ও পর্যবেক্ষণসহ (tried in class, supported by the head teacher)",
                    log.tried_on.as_deref().unwrap_or(&log.planned_on)
                ),
            });
        }
    }
    Ok(out)
}
