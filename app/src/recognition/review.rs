//! What moderators do: see the rounds, compute one now, review a round's
//! candidates (hold one back with a reason), publish, and confirm or decline
//! peers' nominations. Every form is CSRF-checked.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use serde::Deserialize;

use super::category::AwardCategory;
use super::entity::nomination;
use super::period::{AwardPeriod, Period};
use super::views::{self, RoundView, Standing};
use super::{people, rounds, store};
use crate::ids::{CandidateId, NominationId, RoundId, UserId};
use crate::state::AppState;
use crate::web::extract::{TokenOnlyForm, VerifiedForm};
use crate::web::form::redirect_or_again;
use crate::web::{AppError, AppResult, CurrentUser, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/recognition/review", get(list).post(compute))
        .route("/recognition/review/{id}", get(review))
        .route("/recognition/review/{id}/publish", post(publish))
        .route("/recognition/review/{id}/compute", post(compute_again))
        .route("/recognition/candidates/{id}/withhold", post(withhold))
        .route("/recognition/nominations/{id}", post(decide))
}

/// A pending nomination with both teachers' names.
pub struct Pending {
    pub n: nomination::Model,
    pub nominee: String,
    pub nominator: String,
}

#[derive(Template)]
#[template(path = "recognition/review_list.html")]
struct ListPage {
    page: Page,
    rounds: Vec<RoundView>,
    pending: Vec<Pending>,
    error: Option<&'static str>,
}

impl ListPage {
    fn periods(&self) -> &'static [AwardPeriod] {
        AwardPeriod::ALL
    }
}

async fn list_html(state: &AppState, page: Page, error: Option<&'static str>) -> AppResult<String> {
    let rounds = store::rounds(&state.db, false, 30).await?.into_iter().map(RoundView::of).collect();
    let noms = store::pending_nominations(&state.db, 50).await?;
    let ids: Vec<UserId> = noms.iter().flat_map(|n| [n.nominee_id, n.nominator_id]).collect();
    let names = crate::accounts::store::names_of(&state.db, &ids).await?;
    let name = |id: &UserId| names.get(id).cloned().unwrap_or_default();
    let pending = noms
        .into_iter()
        .map(|n| Pending { nominee: name(&n.nominee_id), nominator: name(&n.nominator_id), n })
        .collect();
    Ok(ListPage { page: page.titled("recognition-review"), rounds, pending, error }.render()?)
}

async fn list(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    user.require_moderator()?;
    Ok(Html(list_html(&state, page, None).await?))
}

/// A period asked for by its kind and any day of it.
#[derive(Deserialize)]
struct ComputeForm {
    #[serde(default)]
    period: String,
    #[serde(default)]
    date: String,
}

impl ComputeForm {
    fn period(&self) -> AppResult<Period> {
        let kind = AwardPeriod::parse(&self.period);
        let day = NaiveDate::parse_from_str(self.date.trim(), "%Y-%m-%d").ok();
        match (kind, day) {
            (Some(kind), Some(day)) => Ok(Period::containing(kind, day)),
            _ => Err(AppError::invalid("date", "recognition-bad-date")),
        }
    }
}

/// Compute the week or fortnight containing a day, now.
async fn compute(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(f): VerifiedForm<ComputeForm>,
) -> AppResult<Response> {
    user.require_moderator()?;
    let asked = match f.period() {
        Ok(period) => rounds::compute_now(&state, period).await.map(|q| round_address(&q)),
        Err(e) => Err(e),
    };
    redirect_or_again(asked, async |errors| list_html(&state, page, errors.get("date")).await).await
}

#[derive(Template)]
#[template(path = "recognition/review.html")]
struct ReviewPage {
    page: Page,
    round: RoundView,
    groups: Vec<(AwardCategory, Vec<Standing>)>,
    /// District winners as they would be published: (category, count of districts).
    district_winners: Vec<(AwardCategory, usize)>,
    /// Why her last action was refused (the page shown again, not an error page).
    message: Option<String>,
}

async fn review(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<RoundId>,
) -> AppResult<Response> {
    user.require_moderator()?;
    let round = RoundView::of(store::round(&state.db, id).await?.ok_or(AppError::NotFound)?);
    if round.is_published() {
        return Ok(Redirect::to(&format!("/recognition/rounds/{id}")).into_response());
    }
    let computing = round.is_computing();
    let html = Html(review_html(&state, page, round, None).await?);
    if computing {
        // The worker is computing it: the page asks again by itself (no
        // script needed) until the candidates are there.
        return Ok(([(REFRESH, HeaderValue::from_static(REFRESH_SECONDS))], html).into_response());
    }
    Ok(html.into_response())
}

async fn review_html(state: &AppState, page: Page, round: RoundView, message: Option<String>) -> AppResult<String> {
    let all = store::all_candidates(&state.db, round.id).await?;
    let district_winners = rounds::district_winner_counts(&all);
    let national: Vec<_> = all.into_iter().filter(|c| c.district_id.is_none()).collect();
    let groups = views::by_category(views::standings(state, page.lang, national, &[]).await?);
    let mut page = page;
    page.title = round.words(&page.lang);
    Ok(ReviewPage { page, round, groups, district_winners, message }.render()?)
}

/// The header every browser follows to load a page again after a while.
const REFRESH: axum::http::HeaderName = axum::http::HeaderName::from_static("refresh");
/// How often a round being computed is asked for again, in seconds.
const REFRESH_SECONDS: &str = "5";

async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<RoundId>,
    VerifiedForm(_): VerifiedForm<TokenOnlyForm>,
) -> AppResult<Redirect> {
    user.require_moderator()?;
    rounds::publish(&state, user.id, id).await?;
    Ok(Redirect::to(&format!("/recognition/rounds/{id}")))
}

async fn compute_again(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<RoundId>,
    VerifiedForm(_): VerifiedForm<TokenOnlyForm>,
) -> AppResult<Redirect> {
    user.require_moderator()?;
    let round = RoundView::of(store::round(&state.db, id).await?.ok_or(AppError::NotFound)?);
    let asked = rounds::compute_now(&state, round.period).await?;
    Ok(Redirect::to(&round_address(&asked)))
}

/// A published round is shown to everyone; any other is reviewed.
fn round_address(asked: &rounds::Queued) -> String {
    match asked.published {
        true => format!("/recognition/rounds/{}", asked.round),
        false => format!("/recognition/review/{}", asked.round),
    }
}

/// A moderator holds a candidate back, saying why, or brings her back.
#[derive(Deserialize)]
struct WithholdForm {
    #[serde(default)]
    reason: String,
    /// Set by the "restore" button.
    #[serde(default)]
    restore: Option<String>,
}

/// Holds a candidate back (with `reason`) or, with `restore`, brings her back;
/// back to the review, at her line. A reason too short shows the review
/// again with the message.
async fn withhold(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<CandidateId>,
    VerifiedForm(f): VerifiedForm<WithholdForm>,
) -> AppResult<Response> {
    user.require_moderator()?;
    let reason = f.restore.is_none_or(|r| r != "1").then_some(f.reason);
    let round = store::candidate(&state.db, id).await?.ok_or(AppError::NotFound)?.round_id;
    let to =
        rounds::withhold(&state, user.id, id, reason).await.map(|r| format!("/recognition/review/{}#c-{id}", r.id));
    redirect_or_again(to, async |errors| {
        let message = errors.0.first().map(|e| page.lang.t(e.key));
        let round = RoundView::of(store::round(&state.db, round).await?.ok_or(AppError::NotFound)?);
        review_html(&state, page, round, message).await
    })
    .await
}

/// A moderator's answer to a nomination (the two buttons of the review list).
#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum Decision {
    Confirm,
    Decline,
}

#[derive(Deserialize)]
struct DecisionForm {
    decision: Decision,
}

async fn decide(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<NominationId>,
    VerifiedForm(f): VerifiedForm<DecisionForm>,
) -> AppResult<Redirect> {
    people::decide(&state, &user, id, matches!(f.decision, Decision::Confirm)).await?;
    Ok(Redirect::to("/recognition/review"))
}
