//! What pages and the API show of rounds, candidates and awards: teachers'
//! current names, districts' names, the period in words, the score lines.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::category::AwardCategory;
use super::entity::{award, candidate, round};
use super::model::RoundStatus;
use super::period::{AwardPeriod, Period};
use super::rings::Ring;
use super::scoring::ScoreLine;
use super::store;
use crate::ids::{AwardId, CandidateId, ContentId, DistrictId, RoundId, UserId};
use crate::state::AppState;
use crate::web::{AppError, AppResult, Lang};

/// A round as pages show it.
#[derive(Clone, Debug)]
pub struct RoundView {
    pub id: RoundId,
    pub period: Period,
    pub status: RoundStatus,
    pub computed_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub rings: Vec<Ring>,
}

impl RoundView {
    pub fn of(r: round::Model) -> RoundView {
        let rings = serde_json::from_str(&r.rings).unwrap_or_default();
        RoundView {
            id: r.id,
            period: Period::containing(r.period, r.starts_on),
            status: r.status,
            computed_at: r.computed_at,
            published_at: r.published_at,
            rings,
        }
    }

    pub fn is_published(&self) -> bool {
        self.status == RoundStatus::Published
    }

    /// Its candidates are being computed (nothing to review yet).
    pub fn is_computing(&self) -> bool {
        self.status == RoundStatus::Computing
    }

    /// Computed and waiting for a moderator: it may be published.
    pub fn in_review(&self) -> bool {
        self.status == RoundStatus::Review
    }

    /// "week of 13 – 19 November 2026" in the page's language.
    pub fn words(&self, lang: &Lang) -> String {
        let lang = *lang;
        let key = match self.period.kind {
            AwardPeriod::Week => "recognition-week-of",
            AwardPeriod::Fortnight => "recognition-fortnight-of",
        };
        lang.t_with(key, &[("from", day(lang, self.period.starts_on)), ("to", day(lang, self.period.ends_on()))])
    }

    /// Computed before the period was over: the numbers are "so far".
    pub fn early(&self) -> bool {
        self.computed_at.is_some_and(|at| at < self.period.until())
    }
}

pub fn day(lang: Lang, d: NaiveDate) -> String {
    lang.day(d)
}

/// A candidate (or winner) with what is needed to show it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Standing {
    pub candidate_id: CandidateId,
    /// Set once the round is published and this candidate won.
    pub award_id: Option<AwardId>,
    pub category: AwardCategory,
    /// None: the national ranking.
    pub district_id: Option<DistrictId>,
    pub district: Option<String>,
    pub rank: i32,
    pub teacher_id: UserId,
    pub teacher_name: String,
    pub content_id: Option<ContentId>,
    /// What she is recognised for: a content's title, an answered
    /// question, a school, a nomination's words.
    pub title: String,
    pub link: String,
    pub score: f64,
    pub breakdown: Vec<ScoreLine>,
    /// A moderator held this candidate back, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

impl Standing {
    pub fn label_key(&self) -> &'static str {
        self.category.label_key()
    }
}

/// Candidates as standings, with teachers' names and districts' names in
/// `lang`, in two queries.
pub async fn standings(
    state: &AppState,
    lang: Lang,
    candidates: Vec<candidate::Model>,
    awards: &[award::Model],
) -> AppResult<Vec<Standing>> {
    let ids: Vec<UserId> = candidates.iter().map(|c| c.user_id).collect();
    let names = crate::accounts::store::names_of(&state.db, &ids).await?;
    let places: Vec<DistrictId> = candidates.iter().filter_map(|c| c.district_id).collect();
    let districts = district_names(state, lang, &places).await?;
    let won: HashMap<CandidateId, AwardId> = awards.iter().map(|a| (a.candidate_id, a.id)).collect();
    Ok(candidates
        .into_iter()
        .map(|c| Standing {
            candidate_id: c.id,
            award_id: won.get(&c.id).copied(),
            category: c.category,
            district_id: c.district_id,
            district: c.district_id.and_then(|d| districts.get(&d).cloned()),
            rank: c.rank,
            teacher_id: c.user_id,
            teacher_name: names.get(&c.user_id).cloned().unwrap_or_default(),
            content_id: c.content_id,
            title: c.title,
            link: c.link,
            score: c.score,
            breakdown: serde_json::from_str(&c.breakdown).unwrap_or_default(),
            withheld: c.withheld,
        })
        .collect())
}

/// The names of these districts in `lang` (no query when there are none).
pub async fn district_names(
    state: &AppState,
    lang: Lang,
    ids: &[DistrictId],
) -> AppResult<HashMap<DistrictId, String>> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    Ok(crate::places::store::districts_by_id(&state.db, &ids)
        .await?
        .into_iter()
        .map(|d| (d.id, if lang == Lang::En { d.name_en } else { d.name_bn }))
        .collect())
}

/// A published round's winners (national first, then districts), as standings.
pub async fn winners_of(state: &AppState, lang: Lang, id: RoundId, national_only: bool) -> AppResult<Vec<Standing>> {
    let awards = store::awards_of_rounds(&state.db, &[id], national_only).await?;
    let ids: Vec<CandidateId> = awards.iter().map(|a| a.candidate_id).collect();
    let mut shown = standings(state, lang, store::candidates_by_id(&state.db, &ids).await?, &awards).await?;
    shown.sort_by_key(|s| (s.district_id.is_some(), s.district.clone(), s.category));
    Ok(shown)
}

/// The latest published round of `kind` with its national winners.
pub async fn latest_winners(
    state: &AppState,
    lang: Lang,
    kind: AwardPeriod,
) -> AppResult<Option<(RoundView, Vec<Standing>)>> {
    let Some(r) = store::latest_published(&state.db, kind).await? else { return Ok(None) };
    let r = RoundView::of(r);
    let winners = winners_of(state, lang, r.id, true).await?;
    Ok(Some((r, winners)))
}

/// Standings grouped by category, in the categories' order.
pub fn by_category(list: Vec<Standing>) -> Vec<(AwardCategory, Vec<Standing>)> {
    AwardCategory::ALL
        .iter()
        .map(|&c| (c, list.iter().filter(|s| s.category == c).cloned().collect::<Vec<_>>()))
        .filter(|(_, l)| !l.is_empty())
        .collect()
}

/// The top ten of each category in the latest published round of `kind`,
/// for the nation (None) or one district.
pub async fn leaderboard(
    state: &AppState,
    lang: Lang,
    kind: AwardPeriod,
    district: Option<DistrictId>,
) -> AppResult<(Option<RoundView>, Vec<(AwardCategory, Vec<Standing>)>)> {
    let Some(r) = store::latest_published(&state.db, kind).await? else { return Ok((None, Vec::new())) };
    let r = RoundView::of(r);
    let awards = store::awards_of_round(&state.db, r.id).await?;
    let list = store::candidates(&state.db, r.id, district).await?;
    let groups = by_category(standings(state, lang, list, &awards).await?);
    Ok((Some(r), groups))
}

/// Those ranked just after a winner in her category and place.
pub async fn runners_up(state: &AppState, lang: Lang, winner: &Standing, how_many: usize) -> AppResult<Vec<Standing>> {
    let round = store::candidate(&state.db, winner.candidate_id).await?.ok_or(AppError::NotFound)?.round_id;
    let next = store::candidates(&state.db, round, winner.district_id)
        .await?
        .into_iter()
        .filter(|c| c.category == winner.category && c.id != winner.candidate_id)
        .take(how_many)
        .collect();
    standings(state, lang, next, &[]).await
}
