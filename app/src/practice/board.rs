//! A school's practice board: who tried what, and when, for the school's
//! head teacher and teachers (those a moderator verified there); the head
//! teacher also sees who finished a "try this in class" task two weeks ago
//! and has not tried it yet — to encourage, privately. Never a ranking.

use std::collections::HashMap;

use super::access::{self, Standing};
use super::model::PracticeLog;
use super::{journal, reminders, store};
use crate::ids::{InstitutionId, UserId};
use crate::state::AppState;
use crate::web::kept::KeptMap;
use crate::web::page_parts::KEEP_FOR;
use crate::web::{AppError, AppResult, CurrentUser, Role};

pub struct NeedsEncouragement {
    pub id: UserId,
    pub name: String,
    /// The tasks she finished and has not tried.
    pub tasks: Vec<String>,
}

pub struct Board {
    pub school: String,
    pub entries: Vec<PracticeLog>,
    /// Only for the head teacher, on the first page.
    pub encourage: Vec<NeedsEncouragement>,
    pub head: bool,
    /// This page's number (from 1), and whether older entries follow.
    pub number: u64,
    pub more: bool,
}

/// Schools' names, the same for every reader: kept a moment.
#[derive(Default)]
struct KeptNames(KeptMap<InstitutionId, String, 1024>);

async fn school_name(state: &AppState, id: InstitutionId) -> AppResult<String> {
    let kept = state.part::<KeptNames>();
    if let Some(name) = kept.0.get(&id, KEEP_FOR) {
        return Ok(name);
    }
    let name = crate::institutions::store::by_id(&state.db, id).await?.map(|s| s.name).unwrap_or_default();
    kept.0.put(id, name.clone(), KEEP_FOR);
    Ok(name)
}

/// Page `number` (from 1) of the reader's school's board.
pub async fn of_my_school(state: &AppState, who: &CurrentUser, number: u64) -> AppResult<Board> {
    let me = crate::accounts::store::find(&state.db, who.id).await?.ok_or(AppError::LoginRequired)?;
    let school_id = access::school_of(&me).ok_or_else(|| access::no_school(&me, "practice-board-no-school"))?;
    let school = school_name(state, school_id).await?;
    let teachers = crate::accounts::store::verified_at(&state.db, school_id).await?;
    let head = who.role == Role::HeadTeacher;
    let ids: Vec<UserId> = teachers.iter().map(|t| t.id).collect();
    // Everyone on the board is of the reader's school: colleagues read and
    // comment; the head teacher observes.
    let who_is: HashMap<UserId, (String, Standing)> = teachers
        .iter()
        .map(|t| {
            let own = t.id == who.id;
            (t.id, (t.name.clone(), Standing { own, reads: true, comments: true, observes: head && !own, head }))
        })
        .collect();
    let (logs, more) = store::of_teachers(&state.db, &ids, number).await?;
    // The head teacher's reminders' tasks are named with the entries' own.
    let untried = match head && number == 1 {
        true => reminders::untried(state, Some(&ids)).await.map_err(AppError::Internal)?,
        false => Vec::new(),
    };
    let tasks: Vec<_> = untried.iter().map(|(_, a)| *a).collect();
    let (entries, titles) = journal::views_naming(state, logs, &who_is, &tasks).await?;
    let mut encourage = Vec::new();
    for t in teachers.iter().filter(|t| head && t.id != who.id) {
        let tasks: Vec<String> =
            untried.iter().filter(|(u, _)| *u == t.id).filter_map(|(_, a)| titles.get(a).cloned()).collect();
        if !tasks.is_empty() {
            encourage.push(NeedsEncouragement { id: t.id, name: t.name.clone(), tasks });
        }
    }
    Ok(Board { school, entries, encourage, head, number, more })
}
