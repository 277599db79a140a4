//! What other pages show of recognition: the week's winners on the home
//! page, and a teacher's awards and ambassadorships on her profile.

use super::category::AwardCategory;
use super::period::AwardPeriod;
use super::store;
use super::views::{self, RoundView, Standing};
use crate::ids::{AwardId, DistrictId, UserId};
use crate::state::AppState;
use crate::web::{AppResult, Lang};

/// The latest published week's national winners (or, before any week was
/// published, the fortnight's), for the home page.
pub async fn featured(state: &AppState, lang: Lang) -> AppResult<Option<(RoundView, Vec<Standing>)>> {
    match views::latest_winners(state, lang, AwardPeriod::Week).await? {
        Some(week) => Ok(Some(week)),
        None => views::latest_winners(state, lang, AwardPeriod::Fortnight).await,
    }
}

/// One award as a line on a profile.
pub struct Mark {
    pub award: AwardId,
    pub category: AwardCategory,
    pub period: String,
    /// The district's name for a district award; None: national.
    pub district: Option<String>,
}

/// A teacher's recognition: her latest awards and the districts she is an ambassador of.
pub struct Marks {
    pub awards: Vec<Mark>,
    pub ambassador_of: Vec<(DistrictId, String)>,
}

pub async fn of_teacher(state: &AppState, lang: Lang, user: UserId) -> AppResult<Marks> {
    let awards = store::awards_of_teacher(&state.db, user, 8).await?;
    let ambassador = store::ambassador_of(&state.db, user).await?;
    if awards.is_empty() && ambassador.is_empty() {
        return Ok(Marks { awards: Vec::new(), ambassador_of: Vec::new() });
    }
    let places: Vec<DistrictId> =
        awards.iter().filter_map(|a| a.district_id).chain(ambassador.iter().map(|a| a.district_id)).collect();
    let districts = views::district_names(state, lang, &places).await?;
    let round_ids: Vec<_> = awards.iter().map(|a| a.round_id).collect();
    let rounds: Vec<RoundView> =
        store::rounds_by_id(&state.db, &round_ids).await?.into_iter().map(RoundView::of).collect();
    let awards = awards
        .into_iter()
        .filter_map(|a| {
            let round = rounds.iter().find(|r| r.id == a.round_id)?;
            Some(Mark {
                award: a.id,
                category: a.category,
                period: round.words(&lang),
                district: a.district_id.and_then(|d| districts.get(&d).cloned()),
            })
        })
        .collect();
    let ambassador_of = ambassador
        .into_iter()
        .map(|a| (a.district_id, districts.get(&a.district_id).cloned().unwrap_or_default()))
        .collect();
    Ok(Marks { awards, ambassador_of })
}
