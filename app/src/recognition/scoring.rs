//! How candidates are scored, from the facts of one period (gathered by
//! `store::inputs`). Pure arithmetic, so a test can check it by hand and
//! `docs/recognition.md` can say exactly what it does. Every score keeps
//! its lines (what was counted, and the points it gave) for "why this
//! teacher won".

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::category::Category;
use crate::ids::{AnswerId, ContentId, DistrictId, InstitutionId, QuestionId, UserId};

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

/// A teacher as the period saw her.
#[derive(Clone, Debug)]
pub struct Person {
    pub name: String,
    pub role: String,
    pub district: Option<DistrictId>,
    pub institution: Option<InstitutionId>,
    pub joined: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct Rating {
    pub content: ContentId,
    pub author: UserId,
    pub rater: UserId,
    pub stars: i32,
    pub at: DateTime<Utc>,
}

/// A visible content with a rating, download or comment in the period, or shared in it.
#[derive(Clone, Debug)]
pub struct ContentFacts {
    pub id: ContentId,
    pub author: UserId,
    pub title: String,
    /// Teachers other than the author who downloaded it in the period.
    pub downloads: i64,
    /// Teachers other than the author who commented on it in the period.
    pub commenters: i64,
    pub shared_in_period: bool,
}

/// A visible answer written in the period, or voted on in it.
#[derive(Clone, Debug)]
pub struct AnswerFacts {
    pub id: AnswerId,
    pub author: UserId,
    pub question: QuestionId,
    pub question_title: String,
    /// Written in the period and accepted by the question's asker (not herself).
    pub accepted: bool,
}

#[derive(Clone, Debug)]
pub struct Vote {
    pub answer: AnswerId,
    pub author: UserId,
    pub voter: UserId,
    pub value: i32,
    pub at: DateTime<Utc>,
}

/// Something a teacher did on the portal that is worth doing (page views are not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Deed {
    ContentShared,
    PostPublished,
    AnswerWritten,
    QuestionAsked,
    CommentWritten,
    PracticeTried,
    LessonCompleted,
}

impl Deed {
    pub const ALL: [Deed; 7] = [
        Deed::ContentShared,
        Deed::PostPublished,
        Deed::AnswerWritten,
        Deed::QuestionAsked,
        Deed::CommentWritten,
        Deed::PracticeTried,
        Deed::LessonCompleted,
    ];

    /// Points for each, and how many count in one period.
    pub fn points(self) -> (f64, i64) {
        match self {
            Deed::ContentShared => (3.0, 10),
            Deed::PostPublished => (3.0, 10),
            Deed::AnswerWritten => (2.0, 10),
            Deed::QuestionAsked => (1.0, 10),
            Deed::CommentWritten => (0.5, 20),
            Deed::PracticeTried => (3.0, 10),
            Deed::LessonCompleted => (1.0, 20),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Deed::ContentShared => "contents-shared",
            Deed::PostPublished => "posts-published",
            Deed::AnswerWritten => "answers-written",
            Deed::QuestionAsked => "questions-asked",
            Deed::CommentWritten => "comments-written",
            Deed::PracticeTried => "practice-tried",
            Deed::LessonCompleted => "lessons-completed",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Act {
    pub user: UserId,
    pub deed: Deed,
    pub at: DateTime<Utc>,
}

/// A head teacher's (or anyone's) note or observation on a teacher's try.
#[derive(Clone, Debug)]
pub struct Support {
    pub by: UserId,
    pub teacher: UserId,
}

/// A confirmed nomination made in the period.
#[derive(Clone, Debug)]
pub struct Nomination {
    pub nominee: UserId,
    pub nominator: UserId,
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// Everything one period's scores are computed from.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    pub people: HashMap<UserId, Person>,
    pub schools: HashMap<InstitutionId, String>,
    pub ratings: Vec<Rating>,
    pub contents: Vec<ContentFacts>,
    pub answers: Vec<AnswerFacts>,
    pub votes: Vec<Vote>,
    pub acts: Vec<Act>,
    pub support: Vec<Support>,
    pub nominations: Vec<Nomination>,
    /// (from, to) once per rating or up-vote in the ring window.
    pub endorsements: Vec<(UserId, UserId)>,
}

/// One line of a score: what was counted and the points it gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScoreLine {
    /// A stable code: `raters`, `rating-average`, `downloads`, …
    pub item: String,
    pub value: f64,
    pub points: f64,
}

/// A candidate before ranking.
#[derive(Clone, Debug)]
pub struct Scored {
    pub category: Category,
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

impl ScoreLine {
    /// The catalogue key of its name.
    pub fn key(&self) -> String {
        format!("score-{}", self.item)
    }
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn line(item: &str, value: f64, points: f64) -> ScoreLine {
    ScoreLine { item: item.to_owned(), value: round2(value), points: round2(points) }
}

fn total(lines: &[ScoreLine]) -> f64 {
    round2(lines.iter().map(|l| l.points).sum())
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
    let (contents, creators) = contents_and_creators(inputs);
    all.extend(contents.into_iter().filter(|s| !in_ring.contains(&s.user)));
    all.extend(creators.into_iter().filter(|s| !in_ring.contains(&s.user)));
    all.extend(answerers(inputs).into_iter().filter(|s| !in_ring.contains(&s.user)));
    all.extend(performers(inputs));
    all.extend(innovators(inputs));
    all.extend(leaders(inputs));
    all
}

fn district(inputs: &Inputs, user: UserId) -> Option<DistrictId> {
    inputs.people.get(&user).and_then(|p| p.district)
}

/// A content creator's period: contents shared, weighted stars above two,
/// ratings, downloads, commenters, and her best content.
#[derive(Default)]
struct CreatorTally<'a> {
    shared: i64,
    stars: f64,
    ratings: i64,
    downloads: i64,
    commenters: i64,
    best: Option<(f64, &'a ContentFacts)>,
}

fn contents_and_creators(inputs: &Inputs) -> (Vec<Scored>, Vec<Scored>) {
    let mut by_content: BTreeMap<ContentId, Vec<&Rating>> = BTreeMap::new();
    for r in &inputs.ratings {
        by_content.entry(r.content).or_default().push(r);
    }
    let mut contents = Vec::new();
    let mut creators: BTreeMap<UserId, CreatorTally> = BTreeMap::new();
    for c in &inputs.contents {
        let ratings = by_content.get(&c.id).map(Vec::as_slice).unwrap_or_default();
        let weights: Vec<f64> = ratings.iter().map(|r| weight(inputs, r.rater, r.author, r.at)).collect();
        let weight_sum: f64 = weights.iter().sum();
        let star_sum: f64 = ratings.iter().zip(&weights).map(|(r, w)| w * r.stars as f64).sum();
        let average = (PRIOR_WEIGHT * PRIOR_STARS + star_sum) / (PRIOR_WEIGHT + weight_sum);
        let raters = ratings.len();
        let mut lines = vec![
            line("raters", raters as f64, 0.0),
            line("rating-weight", weight_sum, 0.0),
            line("rating-average", average, 10.0 * average),
        ];
        lines.extend(use_lines(c));
        let score = total(&lines);
        if raters >= MIN_RATERS {
            contents.push(Scored {
                content: Some(c.id),
                title: c.title.clone(),
                link: format!("/contents/{}", c.id),
                ..Scored::of(inputs, Category::Content, c.author, raters as i64, c.id.0, lines)
            });
        }
        let e = creators.entry(c.author).or_default();
        e.shared += c.shared_in_period as i64;
        e.stars += ratings.iter().zip(&weights).map(|(r, w)| w * (r.stars as f64 - 2.0)).sum::<f64>();
        e.ratings += raters as i64;
        e.downloads += c.downloads;
        e.commenters += c.commenters;
        if e.best.is_none_or(|(best, _)| score > best) {
            e.best = Some((score, c));
        }
    }
    let creators = creators
        .into_iter()
        .filter_map(|(user, CreatorTally { shared, stars, ratings, downloads, commenters, best })| {
            let lines = vec![
                line("contents-shared", shared as f64, 3.0 * shared.min(5) as f64),
                line("ratings", ratings as f64, 0.0),
                line("stars-above-two", stars, stars),
                line("downloads", downloads as f64, 0.5 * downloads.min(40) as f64),
                line("commenters", commenters as f64, commenters.min(20) as f64),
            ];
            let score = total(&lines);
            let (_, best) = best?;
            (score > 0.0).then(|| Scored {
                content: Some(best.id),
                title: best.title.clone(),
                link: format!("/contents/{}", best.id),
                ..Scored::of(inputs, Category::Creator, user, ratings, user.0, lines)
            })
        })
        .collect();
    (contents, creators)
}

fn use_lines(c: &ContentFacts) -> [ScoreLine; 2] {
    [
        line("downloads", c.downloads as f64, 0.5 * c.downloads.min(40) as f64),
        line("commenters", c.commenters as f64, c.commenters.min(20) as f64),
    ]
}

fn answerers(inputs: &Inputs) -> Vec<Scored> {
    #[derive(Default)]
    struct Tally<'a> {
        accepted: i64,
        ups: i64,
        up_weight: f64,
        downs: i64,
        best: Option<(i64, &'a AnswerFacts)>,
    }
    let answers: HashMap<AnswerId, &AnswerFacts> = inputs.answers.iter().map(|a| (a.id, a)).collect();
    let mut per_answer: HashMap<AnswerId, i64> = HashMap::new();
    let mut tally: BTreeMap<UserId, Tally> = BTreeMap::new();
    for a in &inputs.answers {
        let t = tally.entry(a.author).or_default();
        t.accepted += a.accepted as i64;
    }
    for v in &inputs.votes {
        let t = tally.entry(v.author).or_default();
        if v.value > 0 {
            t.ups += 1;
            t.up_weight += weight(inputs, v.voter, v.author, v.at);
            *per_answer.entry(v.answer).or_default() += 1;
        } else if v.value < 0 {
            t.downs += 1;
        }
    }
    for a in &inputs.answers {
        let merit = 100 * a.accepted as i64 + per_answer.get(&a.id).copied().unwrap_or(0);
        let t = tally.entry(a.author).or_default();
        if t.best.is_none_or(|(m, best)| merit > m || (merit == m && a.id < best.id)) {
            t.best = Some((merit, answers[&a.id]));
        }
    }
    tally
        .into_iter()
        .filter_map(|(user, t)| {
            let (_, best) = t.best?;
            let lines = vec![
                line("answers-accepted", t.accepted as f64, 15.0 * t.accepted as f64),
                line("answer-upvotes", t.ups as f64, 0.0),
                line("upvote-weight", t.up_weight, 5.0 * t.up_weight),
                line("answer-downvotes", t.downs as f64, -2.0 * t.downs as f64),
            ];
            let score = total(&lines);
            (score > 0.0).then(|| Scored {
                title: best.question_title.clone(),
                link: format!("/questions/{}#answer-{}", best.question, best.id),
                ..Scored::of(inputs, Category::Answerer, user, t.accepted + t.ups, user.0, lines)
            })
        })
        .collect()
}

/// Per teacher: deeds counted per kind, and the days (Dhaka) she did any.
fn deeds(inputs: &Inputs) -> BTreeMap<UserId, (BTreeMap<Deed, i64>, BTreeSet<chrono::NaiveDate>)> {
    let mut per: BTreeMap<UserId, (BTreeMap<Deed, i64>, BTreeSet<chrono::NaiveDate>)> = BTreeMap::new();
    for a in &inputs.acts {
        let e = per.entry(a.user).or_default();
        *e.0.entry(a.deed).or_default() += 1;
        e.1.insert(super::period::dhaka_date(a.at));
    }
    per
}

fn performers(inputs: &Inputs) -> Vec<Scored> {
    deeds(inputs)
        .into_iter()
        .map(|(user, (done, days))| {
            let mut lines: Vec<ScoreLine> = Deed::ALL
                .into_iter()
                .filter_map(|d| {
                    let n = done.get(&d).copied()?;
                    let (each, cap) = d.points();
                    Some(line(d.code(), n as f64, each * n.min(cap) as f64))
                })
                .collect();
            lines.push(line("active-days", days.len() as f64, days.len() as f64));
            Scored::of(inputs, Category::Performer, user, days.len() as i64, user.0, lines)
        })
        .collect()
}

fn innovators(inputs: &Inputs) -> Vec<Scored> {
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
                line("nominators", by.len() as f64, 0.0),
                line("nomination-weight", weight_sum, 10.0 * weight_sum),
            ];
            let latest =
                noms.iter().max_by_key(|n| n.at).map(|n| n.reason.chars().take(120).collect()).unwrap_or_default();
            Scored { title: latest, ..Scored::of(inputs, Category::Innovator, user, by.len() as i64, user.0, lines) }
        })
        .collect()
}

fn leaders(inputs: &Inputs) -> Vec<Scored> {
    let done = deeds(inputs);
    let mut heads: BTreeMap<InstitutionId, UserId> = BTreeMap::new();
    for (id, p) in &inputs.people {
        if p.role == "head_teacher"
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
                line("active-teachers", teachers.len() as f64, 5.0 * teachers.len() as f64),
                line("school-tries", tries as f64, 2.0 * tries as f64),
                line("head-support", support as f64, 3.0 * support as f64),
            ];
            let score = total(&lines);
            (score > 0.0).then(|| Scored {
                institution: Some(school),
                title: inputs.schools.get(&school).cloned().unwrap_or_default(),
                ..Scored::of(inputs, Category::Leader, head, teachers.len() as i64, school.0, lines)
            })
        })
        .collect()
}

impl Scored {
    /// A candidate for `user` whose score is the sum of `lines`: shown by her
    /// profile unless the category names a content, school or answer.
    fn of(inputs: &Inputs, category: Category, user: UserId, support: i64, key: i64, lines: Vec<ScoreLine>) -> Scored {
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
    let mut national: HashMap<Category, i32> = HashMap::new();
    let mut local: HashMap<(Category, DistrictId), i32> = HashMap::new();
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
            role: "teacher".into(),
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
            .filter(|(d, _, s)| d.is_none() && s.category == Category::Content)
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
