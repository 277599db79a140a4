//! Public recognition pages: the hall of fame, a round's winners, why one
//! won (and the printable certificate), leaderboards per district, and how
//! scores are counted.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use super::category::AwardCategory;
use super::period::AwardPeriod;
use super::views::{self, RoundView, Standing};
use super::{rings, scoring, store};
use crate::ids::{AwardId, DistrictId, RoundId};
use crate::places::model::District;
use crate::state::AppState;
use crate::web::page_cache::KEEP_FOR;
use crate::web::page_parts::KeptViews;
use crate::web::{AppError, AppResult, Lang, Page};
use std::sync::Arc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/recognition", get(hall))
        .route("/recognition/rounds/{id}", get(round_page))
        .route("/recognition/awards/{id}", get(award_page))
        .route("/recognition/awards/{id}/certificate", get(certificate))
        .route("/recognition/leaderboards", get(leaderboards))
        .route("/recognition/how", get(how))
}

async fn build_hall(state: &AppState, lang: Lang) -> AppResult<Hall> {
    let mut latest = Vec::new();
    for &kind in AwardPeriod::ALL {
        latest.extend(views::latest_winners(state, lang, kind).await?);
    }
    let past = store::rounds(&state.db, true, 60).await?.into_iter().map(RoundView::of).collect();
    Ok(Hall { latest, past })
}

#[derive(Template)]
#[template(path = "recognition/hall.html")]
struct HallPage {
    page: Page,
    hall: Arc<Hall>,
}

/// The hall of fame is the same for every visitor: kept per language for
/// as long as an anonymous visitor's page (a new round shows within it).
struct Hall {
    latest: Vec<(RoundView, Vec<Standing>)>,
    past: Vec<RoundView>,
}

#[derive(Default)]
struct KeptHall(KeptViews<Lang, Hall, 4>);

async fn hall(State(state): State<AppState>, page: Page) -> AppResult<Html<String>> {
    let hall =
        state.part::<KeptHall>().0.get_or_build(&state, page.lang, KEEP_FOR, build_hall(&state, page.lang)).await?;
    Ok(Html(HallPage { page: page.titled("recognition-title"), hall }.render()?))
}

#[derive(Template)]
#[template(path = "recognition/round.html")]
struct RoundPage {
    page: Page,
    round: RoundView,
    national: Vec<Standing>,
    districts: Vec<Standing>,
}

/// A published round; moderators are sent to its review while it is not.
async fn round_page(State(state): State<AppState>, page: Page, Path(id): Path<RoundId>) -> AppResult<Response> {
    let round = RoundView::of(store::round(&state.db, id).await?.ok_or(AppError::NotFound)?);
    if !round.is_published() {
        return match page.is_moderator() {
            true => Ok(Redirect::to(&format!("/recognition/review/{id}")).into_response()),
            false => Err(AppError::NotFound),
        };
    }
    let (national, districts) =
        views::winners_of(&state, page.lang, id, false).await?.into_iter().partition(|s| s.district_id.is_none());
    let mut page = page;
    page.title = round.words(&page.lang);
    Ok(Html(RoundPage { page, round, national, districts }.render()?).into_response())
}

/// An award with its round and standing, if its round is published.
async fn award_of(state: &AppState, page: &Page, id: AwardId) -> AppResult<(RoundView, Standing)> {
    let award = store::award(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let round = RoundView::of(store::round(&state.db, award.round_id).await?.ok_or(AppError::NotFound)?);
    let c = store::candidate(&state.db, award.candidate_id).await?.ok_or(AppError::NotFound)?;
    let standing = views::standings(state, page.lang, vec![c], &[award]).await?.pop().ok_or(AppError::NotFound)?;
    Ok((round, standing))
}

#[derive(Template)]
#[template(path = "recognition/award.html")]
struct AwardPage {
    page: Page,
    round: RoundView,
    s: Standing,
    /// The candidates ranked just after the winner, for comparison.
    next: Vec<Standing>,
}

async fn award_page(State(state): State<AppState>, page: Page, Path(id): Path<AwardId>) -> AppResult<Html<String>> {
    let (round, s) = award_of(&state, &page, id).await?;
    let next = views::runners_up(&state, page.lang, &s, 3).await?;
    let mut page = page;
    page.title = format!("{} · {}", s.teacher_name, page.t(s.label_key()));
    Ok(Html(AwardPage { page, round, s, next }.render()?))
}

#[derive(Template)]
#[template(path = "recognition/certificate.html")]
struct CertificatePage {
    page: Page,
    round: RoundView,
    s: Standing,
    public_url: String,
}

async fn certificate(State(state): State<AppState>, page: Page, Path(id): Path<AwardId>) -> AppResult<Html<String>> {
    let (round, s) = award_of(&state, &page, id).await?;
    let mut page = page;
    page.title = page.t("recognition-certificate").into_owned();
    let public_url = state.config.public_url.trim_end_matches('/').to_owned();
    Ok(Html(CertificatePage { page, round, s, public_url }.render()?))
}

#[derive(Deserialize)]
struct BoardQuery {
    period: Option<String>,
    district: Option<String>,
}

#[derive(Template)]
#[template(path = "recognition/leaderboards.html")]
struct BoardPage {
    page: Page,
    kind: AwardPeriod,
    district: Option<DistrictId>,
    districts: Vec<District>,
    board: Arc<Board>,
}

impl BoardPage {
    fn periods(&self) -> &'static [AwardPeriod] {
        AwardPeriod::ALL
    }

    fn chosen(&self, d: &DistrictId) -> bool {
        self.district == Some(*d)
    }
}

/// The top ten of each category in the latest published round, for the
/// nation or one district.
async fn leaderboards(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<BoardQuery>,
) -> AppResult<Html<String>> {
    let kind = q.period.as_deref().and_then(AwardPeriod::parse).unwrap_or(AwardPeriod::Week);
    let districts = crate::places::memory::districts(&state).await?;
    let district = q.district.as_deref().and_then(|d| d.parse().ok()).filter(|d| districts.iter().any(|x| x.id == *d));
    let key = (page.lang, kind, district);
    let build = views::leaderboard(&state, page.lang, kind, district);
    let board = state.part::<KeptBoards>().0.get_or_build(&state, key, KEEP_FOR, build).await?;
    let page = page.titled("recognition-leaderboards");
    Ok(Html(BoardPage { page, kind, district, districts, board }.render()?))
}

/// A leaderboard is the same for every visitor: kept per language, period
/// and district as long as an anonymous visitor's page.
type Board = (Option<RoundView>, Vec<(AwardCategory, Vec<Standing>)>);

#[derive(Default)]
struct KeptBoards(KeptViews<BoardKey, Board, 512>);

/// A leaderboard's language, period and district (None: the nation).
type BoardKey = (Lang, AwardPeriod, Option<DistrictId>);

#[derive(Template)]
#[template(path = "recognition/how.html")]
struct HowPage {
    page: Page,
}

impl HowPage {
    fn rule(&self, key: &str) -> String {
        let n = |x: f64| self.page.dec(&x);
        self.page.lang.t_with(
            key,
            &[
                ("min", n(scoring::MIN_RATERS as f64)),
                ("prior", n(scoring::PRIOR_WEIGHT)),
                ("stars", n(scoring::PRIOR_STARS)),
                ("school", n(scoring::SAME_SCHOOL_WEIGHT)),
                ("young", n(scoring::NEW_ACCOUNT_WEIGHT)),
                ("days", n(scoring::NEW_ACCOUNT_DAYS as f64)),
                ("window", n(rings::RING_WINDOW_DAYS as f64)),
                ("share", n(rings::RING_SHARE * 100.0)),
                ("received", n(rings::RING_MIN_RECEIVED as f64)),
            ],
        )
    }
}

async fn how(page: Page) -> AppResult<Html<String>> {
    Ok(Html(HowPage { page: page.titled("recognition-how") }.render()?))
}
