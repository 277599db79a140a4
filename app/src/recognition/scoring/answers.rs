//! Most helpful answerer: accepted answers and colleagues' weighted up-votes.

use std::collections::{BTreeMap, HashMap};

use super::lines::{ScoreItem, line, total};
use super::{AnswerFacts, Inputs, Scored, weight};
use crate::ids::{AnswerId, UserId};
use crate::recognition::category::AwardCategory;

pub(super) fn answerers(inputs: &Inputs) -> Vec<Scored> {
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
                line(ScoreItem::AnswersAccepted, t.accepted as f64, 15.0 * t.accepted as f64),
                line(ScoreItem::AnswerUpvotes, t.ups as f64, 0.0),
                line(ScoreItem::UpvoteWeight, t.up_weight, 5.0 * t.up_weight),
                line(ScoreItem::AnswerDownvotes, t.downs as f64, -2.0 * t.downs as f64),
            ];
            let score = total(&lines);
            (score > 0.0).then(|| Scored {
                title: best.question_title.clone(),
                link: format!("/questions/{}#answer-{}", best.question, best.id),
                ..Scored::of(inputs, AwardCategory::Answerer, user, t.accepted + t.ups, user.0, lines)
            })
        })
        .collect()
}
