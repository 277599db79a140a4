//! Rating rings: teachers who mostly rate (and up-vote) each other. Found
//! for each round over the ratings and up-votes of [`RING_WINDOW_DAYS`]
//! up to its end, listed for moderators, and kept from winning.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::scoring::Inputs;
use crate::ids::UserId;

/// Rings are looked for in the ratings and up-votes of this many days up to
/// the period's end.
pub const RING_WINDOW_DAYS: i64 = 90;
/// A teacher is in a ring when at least this share of the ratings and
/// up-votes she received (and at least [`RING_MIN_RECEIVED`] of them) came
/// from teachers she rated or up-voted back, and at least one of those is
/// in the same position.
pub const RING_SHARE: f64 = 0.6;
pub const RING_MIN_RECEIVED: i64 = 3;

/// Teachers who mostly rate each other, as found for a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ring {
    pub members: Vec<RingMember>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RingMember {
    pub id: UserId,
    pub name: String,
    /// Ratings and up-votes received in the window, and how many came from the ring's partners.
    pub received: i64,
    pub from_partners: i64,
}

/// Rings in the window's endorsements: components of mutual pairs whose
/// members each received most of their endorsements from their partners.
pub fn find(inputs: &Inputs) -> Vec<Ring> {
    let mut count: HashMap<(UserId, UserId), i64> = HashMap::new();
    for &(from, to) in &inputs.endorsements {
        if from != to {
            *count.entry((from, to)).or_default() += 1;
        }
    }
    let mut partners: BTreeMap<UserId, BTreeSet<UserId>> = BTreeMap::new();
    let mut received: HashMap<UserId, i64> = HashMap::new();
    for (&(from, to), &n) in &count {
        *received.entry(to).or_default() += n;
        if count.contains_key(&(to, from)) {
            partners.entry(to).or_default().insert(from);
        }
    }
    let from_partners = |t: UserId| -> i64 {
        partners.get(&t).map(|ps| ps.iter().map(|p| count.get(&(*p, t)).copied().unwrap_or(0)).sum()).unwrap_or(0)
    };
    let flagged: BTreeSet<UserId> = partners
        .keys()
        .copied()
        .filter(|&t| {
            let got = received.get(&t).copied().unwrap_or(0);
            got >= RING_MIN_RECEIVED && from_partners(t) as f64 >= RING_SHARE * got as f64
        })
        .collect();
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    for &start in &flagged {
        if !seen.insert(start) {
            continue;
        }
        let mut group = vec![start];
        let mut next = vec![start];
        while let Some(t) = next.pop() {
            for p in partners.get(&t).into_iter().flatten() {
                if flagged.contains(p) && seen.insert(*p) {
                    group.push(*p);
                    next.push(*p);
                }
            }
        }
        if group.len() >= 2 {
            group.sort();
            let members = group
                .into_iter()
                .map(|id| RingMember {
                    id,
                    name: inputs.people.get(&id).map(|p| p.name.clone()).unwrap_or_default(),
                    received: received.get(&id).copied().unwrap_or(0),
                    from_partners: from_partners(id),
                })
                .collect();
            found.push(Ring { members });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endorse(inputs: &mut Inputs, from: i64, to: i64, times: usize) {
        for _ in 0..times {
            inputs.endorsements.push((UserId(from), UserId(to)));
        }
    }

    #[test]
    fn teachers_who_mostly_rate_each_other_form_a_ring_and_a_popular_friend_does_not() {
        let mut inputs = Inputs::default();
        // 1, 2 and 3 rate each other; 4 and 1 rated each other once, but 4 is rated by many.
        for (a, b) in [(1, 2), (2, 1), (1, 3), (3, 1), (2, 3), (3, 2)] {
            endorse(&mut inputs, a, b, 2);
        }
        endorse(&mut inputs, 4, 1, 1);
        endorse(&mut inputs, 1, 4, 1);
        for other in 10..20 {
            endorse(&mut inputs, other, 4, 1);
        }
        let rings = find(&inputs);
        assert_eq!(rings.len(), 1);
        let members: Vec<i64> = rings[0].members.iter().map(|m| m.id.0).collect();
        assert_eq!(members, vec![1, 2, 3]);
        assert_eq!(rings[0].members[0].received, 5);
        assert_eq!(rings[0].members[0].from_partners, 5);
    }
}
