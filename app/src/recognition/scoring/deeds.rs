//! Best online performer: deeds worth doing, each kind capped, and the
//! days she did any; and innovative teachers, from peers' confirmed nominations.

use std::collections::{BTreeMap, BTreeSet};

use super::lines::{ScoreItem, ScoreLine, line};
use super::{Deed, Inputs, Nomination, Scored, weight};
use crate::ids::UserId;
use crate::recognition::category::AwardCategory;

/// Per teacher: deeds counted per kind, and the days (Dhaka) she did any.
pub(super) fn deeds(inputs: &Inputs) -> BTreeMap<UserId, (BTreeMap<Deed, i64>, BTreeSet<chrono::NaiveDate>)> {
    let mut per: BTreeMap<UserId, (BTreeMap<Deed, i64>, BTreeSet<chrono::NaiveDate>)> = BTreeMap::new();
    for a in &inputs.acts {
        let e = per.entry(a.user).or_default();
        *e.0.entry(a.deed).or_default() += 1;
        e.1.insert(crate::recognition::period::dhaka_date(a.at));
    }
    per
}

pub(super) fn performers(inputs: &Inputs) -> Vec<Scored> {
    deeds(inputs)
        .into_iter()
        .map(|(user, (done, days))| {
            let mut lines: Vec<ScoreLine> = Deed::ALL
                .into_iter()
                .filter_map(|d| {
                    let n = done.get(&d).copied()?;
                    let (each, cap) = d.points();
                    Some(line(d.item(), n as f64, each * n.min(cap) as f64))
                })
                .collect();
            lines.push(line(ScoreItem::ActiveDays, days.len() as f64, days.len() as f64));
            Scored::of(inputs, AwardCategory::Performer, user, days.len() as i64, user.0, lines)
        })
        .collect()
}

pub(super) fn innovators(inputs: &Inputs) -> Vec<Scored> {
    let mut per: BTreeMap<UserId, Vec<&Nomination>> = BTreeMap::new();
    for n in &inputs.nominations {
        if n.nominee != n.nominator {
            per.entry(n.nominee).or_default().push(n);
        }
    }
    per.into_iter()
        .map(|(user, noms)| {
            let mut by: BTreeMap<UserId, f64> = BTreeMap::new();
            for n in &noms {
                by.insert(n.nominator, weight(inputs, n.nominator, user, n.at));
            }
            let weight_sum: f64 = by.values().sum();
            let lines = vec![
                line(ScoreItem::Nominators, by.len() as f64, 0.0),
                line(ScoreItem::NominationWeight, weight_sum, 10.0 * weight_sum),
            ];
            let latest =
                noms.iter().max_by_key(|n| n.at).map(|n| n.reason.chars().take(120).collect()).unwrap_or_default();
            Scored {
                title: latest,
                ..Scored::of(inputs, AwardCategory::Innovator, user, by.len() as i64, user.0, lines)
            }
        })
        .collect()
}
