//! How candidates are scored, from the facts of one period (gathered by
//! `store::inputs`). Pure arithmetic, so a test can check it by hand and
//! `docs/recognition.md` can say exactly what it does. Every score keeps
//! its lines (what was counted, and the points it gave) for "why this
//! teacher won".

mod answers;
mod contents;
mod deeds;
mod inputs;
mod leaders;
mod lines;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};

pub use self::inputs::{Act, AnswerFacts, ContentFacts, Deed, Inputs, Nomination, Person, Rating, Support, Vote};
use self::lines::total;
pub use self::lines::{ScoreItem, ScoreLine, round2};
use super::category::AwardCategory;
use crate::ids::{ContentId, DistrictId, InstitutionId, UserId};

/// A rating or vote from a teacher of the same school counts this much.
pub const SAME_SCHOOL_WEIGHT: f64 = 0.5;
/// ...and from an account younger than [`NEW_ACCOUNT_DAYS`] at the time, this much
/// (both: the product).
pub const NEW_ACCOUNT_WEIGHT: f64 = 0.5;
pub const NEW_ACCOUNT_DAYS: i64 = 30;
/// A content needs this many raters in the period to be ranked.
pub const MIN_RATERS: usize = 3;
/// The Bayesian average starts from this many ratings of [`PRIOR_STARS`].
pub const PRIOR_WEIGHT: f64 = 5.0;
pub const PRIOR_STARS: f64 = 3.0;
/// Candidates kept per category and place (the leaderboards' top ten).
pub const TOP: usize = 10;

/// A candidate before ranking.
#[derive(Clone, Debug)]
pub struct Scored {
    pub category: AwardCategory,
    pub user: UserId,
    pub district: Option<DistrictId>,
    pub content: Option<ContentId>,
    pub institution: Option<InstitutionId>,
    pub title: String,
    pub link: String,
    pub score: f64,
    /// The second key of the order: how many people's acts stand behind the score.
    pub support: i64,
    /// The third: the smaller id (content, school or teacher) first.
    pub key: i64,
    pub lines: Vec<ScoreLine>,
}

/// How much `from`'s rating, vote or nomination of `to`'s work counts.
pub fn weight(inputs: &Inputs, from: UserId, to: UserId, at: DateTime<Utc>) -> f64 {
    let (Some(f), t) = (inputs.people.get(&from), inputs.people.get(&to)) else {
        return 1.0;
    };
    let mut w = 1.0;
    if f.institution.is_some() && f.institution == t.and_then(|t| t.institution) {
        w *= SAME_SCHOOL_WEIGHT;
    }
    if at - f.joined < Duration::days(NEW_ACCOUNT_DAYS) {
        w *= NEW_ACCOUNT_WEIGHT;
    }
    w
}

/// Every category's candidates (unranked), leaving out ring members from
/// the categories rings can sway (contents, creators, answerers).
pub fn score(inputs: &Inputs, rings: &[super::rings::Ring]) -> Vec<Scored> {
    let in_ring: HashSet<UserId> = rings.iter().flat_map(|r| r.members.iter().map(|m| m.id)).collect();
    let mut all = Vec::new();
    let (contents, creators) = contents::contents_and_creators(inputs);
    all.extend(contents.into_iter().filter(|s| !in_ring.contains(&s.user)));
    all.extend(creators.into_iter().filter(|s| !in_ring.contains(&s.user)));
    all.extend(answers::answerers(inputs).into_iter().filter(|s| !in_ring.contains(&s.user)));
    all.extend(deeds::performers(inputs));
    all.extend(deeds::innovators(inputs));
    all.extend(leaders::leaders(inputs));
    all
}

fn district(inputs: &Inputs, user: UserId) -> Option<DistrictId> {
    inputs.people.get(&user).and_then(|p| p.district)
}

impl Scored {
    /// A candidate for `user` whose score is the sum of `lines`: shown by her
    /// profile unless the category names a content, school or answer.
    pub(super) fn of(
        inputs: &Inputs,
        category: AwardCategory,
        user: UserId,
        support: i64,
        key: i64,
        lines: Vec<ScoreLine>,
    ) -> Scored {
        Scored {
            category,
            user,
            district: district(inputs, user),
            content: None,
            institution: None,
            title: String::new(),
            link: format!("/teachers/{user}"),
            score: total(&lines),
            support,
            key,
            lines,
        }
    }
}

/// The documented order: higher score, then more people behind it, then the smaller id.
pub fn order(a: &Scored, b: &Scored) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then(b.support.cmp(&a.support)).then(a.key.cmp(&b.key))
}

/// The top [`TOP`] of each category nationally (place None) and in each
/// district, ranked from 1.
pub fn rank(mut all: Vec<Scored>) -> Vec<(Option<DistrictId>, i32, Scored)> {
    all.sort_by(|a, b| a.category.cmp(&b.category).then_with(|| order(a, b)));
    let mut out = Vec::new();
    let mut national: HashMap<AwardCategory, i32> = HashMap::new();
    let mut local: HashMap<(AwardCategory, DistrictId), i32> = HashMap::new();
    for s in all {
        let n = national.entry(s.category).or_default();
        if (*n as usize) < TOP {
            *n += 1;
            out.push((None, *n, s.clone()));
        }
        if let Some(d) = s.district {
            let n = local.entry((s.category, d)).or_default();
            if (*n as usize) < TOP {
                *n += 1;
                out.push((Some(d), *n, s));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(days_old: i64, school: Option<i64>) -> Person {
        Person {
            name: String::new(),
            role: crate::web::Role::Teacher,
            district: None,
            institution: school.map(InstitutionId),
            joined: Utc::now() - Duration::days(days_old),
        }
    }

    fn content(id: i64, author: i64) -> ContentFacts {
        ContentFacts {
            id: ContentId(id),
            author: UserId(author),
            title: format!("c{id}"),
            downloads: 0,
            commenters: 0,
            shared_in_period: false,
        }
    }

    /// Two contents with the same ratings from different, equally old raters.
    fn twins(first: i64, second: i64) -> Inputs {
        let mut inputs = Inputs::default();
        for id in 1..=8 {
            inputs.people.insert(UserId(id), person(100, None));
        }
        inputs.contents = vec![content(first, 1), content(second, 2)];
        for (c, author, raters) in [(first, 1, [3, 4, 5]), (second, 2, [6, 7, 8])] {
            for r in raters {
                inputs.ratings.push(Rating {
                    content: ContentId(c),
                    author: UserId(author),
                    rater: UserId(r),
                    stars: 4,
                    at: Utc::now(),
                });
            }
        }
        inputs
    }

    fn ranked_contents(inputs: &Inputs) -> Vec<i64> {
        rank(score(inputs, &[]))
            .into_iter()
            .filter(|(d, _, s)| d.is_none() && s.category == AwardCategory::Content)
            .map(|(_, _, s)| s.content.unwrap().0)
            .collect()
    }

    #[test]
    fn equal_scores_go_to_the_older_content_and_a_higher_score_leads() {
        // Same score, same raters: the smaller (older) content id first, whichever is listed first.
        assert_eq!(ranked_contents(&twins(20, 10)), vec![10, 20]);
        assert_eq!(ranked_contents(&twins(10, 20)), vec![10, 20]);
        let mut more = twins(10, 20);
        more.people.insert(UserId(9), person(100, None));
        more.ratings.push(Rating {
            content: ContentId(20),
            author: UserId(2),
            rater: UserId(9),
            stars: 5,
            at: Utc::now(),
        });
        assert_eq!(ranked_contents(&more), vec![20, 10], "a higher score leads whatever the id");
    }

    #[test]
    fn same_school_and_new_accounts_weigh_half_each() {
        let mut inputs = Inputs::default();
        inputs.people.insert(UserId(1), person(100, Some(7)));
        inputs.people.insert(UserId(2), person(100, Some(7)));
        inputs.people.insert(UserId(3), person(2, Some(8)));
        inputs.people.insert(UserId(4), person(2, Some(7)));
        let now = Utc::now();
        assert_eq!(weight(&inputs, UserId(2), UserId(1), now), 0.5);
        assert_eq!(weight(&inputs, UserId(3), UserId(1), now), 0.5);
        assert_eq!(weight(&inputs, UserId(4), UserId(1), now), 0.25);
    }
}
