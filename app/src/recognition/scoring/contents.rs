//! Best content and best content creator: colleagues' weighted stars (a
//! Bayesian average for a content), downloads and commenters.

use std::collections::BTreeMap;

use super::lines::{ScoreItem, ScoreLine, line, total};
use super::{ContentFacts, Inputs, MIN_RATERS, PRIOR_STARS, PRIOR_WEIGHT, Rating, Scored, weight};
use crate::ids::{ContentId, UserId};
use crate::recognition::category::AwardCategory;

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

pub(super) fn contents_and_creators(inputs: &Inputs) -> (Vec<Scored>, Vec<Scored>) {
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
            line(ScoreItem::Raters, raters as f64, 0.0),
            line(ScoreItem::RatingWeight, weight_sum, 0.0),
            line(ScoreItem::RatingAverage, average, 10.0 * average),
        ];
        lines.extend(use_lines(c));
        let score = total(&lines);
        if raters >= MIN_RATERS {
            contents.push(Scored {
                content: Some(c.id),
                title: c.title.clone(),
                link: format!("/contents/{}", c.id),
                ..Scored::of(inputs, AwardCategory::Content, c.author, raters as i64, c.id.0, lines)
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
                line(ScoreItem::ContentsShared, shared as f64, 3.0 * shared.min(5) as f64),
                line(ScoreItem::Ratings, ratings as f64, 0.0),
                line(ScoreItem::StarsAboveTwo, stars, stars),
                line(ScoreItem::Downloads, downloads as f64, 0.5 * downloads.min(40) as f64),
                line(ScoreItem::Commenters, commenters as f64, commenters.min(20) as f64),
            ];
            let score = total(&lines);
            let (_, best) = best?;
            (score > 0.0).then(|| Scored {
                content: Some(best.id),
                title: best.title.clone(),
                link: format!("/contents/{}", best.id),
                ..Scored::of(inputs, AwardCategory::Creator, user, ratings, user.0, lines)
            })
        })
        .collect();
    (contents, creators)
}

fn use_lines(c: &ContentFacts) -> [ScoreLine; 2] {
    [
        line(ScoreItem::Downloads, c.downloads as f64, 0.5 * c.downloads.min(40) as f64),
        line(ScoreItem::Commenters, c.commenters as f64, c.commenters.min(20) as f64),
    ]
}
