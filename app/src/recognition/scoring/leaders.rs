//! Institution head for leadership: her school's active teachers, their
//! tries in class, and her own notes and observations on them.

use std::collections::{BTreeMap, HashMap};

use super::deeds::deeds;
use super::lines::{ScoreItem, line, total};
use super::{Deed, Inputs, Scored};
use crate::ids::{InstitutionId, UserId};
use crate::recognition::category::AwardCategory;
use crate::web::Role;

pub(super) fn leaders(inputs: &Inputs) -> Vec<Scored> {
    let done = deeds(inputs);
    let mut heads: BTreeMap<InstitutionId, UserId> = BTreeMap::new();
    for (id, p) in &inputs.people {
        if p.role == Role::HeadTeacher
            && let Some(school) = p.institution
        {
            // Two heads of one school: the earlier account leads the list.
            heads.entry(school).and_modify(|h| *h = (*h).min(*id)).or_insert(*id);
        }
    }
    let school_of = |u: &UserId| inputs.people.get(u).and_then(|p| p.institution);
    // Active teachers and the notes on their tries, by school, in one pass each.
    let mut active: HashMap<InstitutionId, Vec<UserId>> = HashMap::new();
    for u in done.keys() {
        if let Some(school) = school_of(u) {
            active.entry(school).or_default().push(*u);
        }
    }
    let mut notes: HashMap<(UserId, InstitutionId), i64> = HashMap::new();
    for s in &inputs.support {
        if s.by != s.teacher
            && let Some(school) = school_of(&s.teacher)
        {
            *notes.entry((s.by, school)).or_default() += 1;
        }
    }
    heads
        .into_iter()
        .filter_map(|(school, head)| {
            let teachers: Vec<&UserId> =
                active.get(&school).map(|a| a.iter().filter(|u| **u != head).collect()).unwrap_or_default();
            let tries: i64 = teachers.iter().map(|u| done[*u].0.get(&Deed::PracticeTried).copied().unwrap_or(0)).sum();
            let support = notes.get(&(head, school)).copied().unwrap_or(0);
            let lines = vec![
                line(ScoreItem::ActiveTeachers, teachers.len() as f64, 5.0 * teachers.len() as f64),
                line(ScoreItem::SchoolTries, tries as f64, 2.0 * tries as f64),
                line(ScoreItem::HeadSupport, support as f64, 3.0 * support as f64),
            ];
            let score = total(&lines);
            (score > 0.0).then(|| Scored {
                institution: Some(school),
                title: inputs.schools.get(&school).cloned().unwrap_or_default(),
                ..Scored::of(inputs, AwardCategory::Leader, head, teachers.len() as i64, school.0, lines)
            })
        })
        .collect()
}
