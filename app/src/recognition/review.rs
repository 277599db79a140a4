//! What moderators do: see the rounds, compute one now, review a round's
//! candidates (hold one back with a reason), publish, and confirm or decline
//! peers' nominations. Every form is CSRF-checked.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;

use super::category::Category;
use super::entity::nomination;
use super::period::{Kind, Period};
use super::views::{self, RoundView, Standing};
use super::{people, rounds, store};
use crate::ids::{CandidateId, NominationId, RoundId, UserId};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::fields::{Fields, field};
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

async fn list_html(state: &AppState, page: Page, error: Option<&'static str>) -> AppResult<Html<String>> {
    let rounds = store::rounds(&state.db, false, 30).await?.into_iter().filter_map(|r| RoundView::of(r).ok()).collect();
    let noms = store::pending_nominations(&state.db, 50).await?;
    let ids: Vec<UserId> = noms.iter().flat_map(|n| [n.nominee_id, n.nominator_id]).collect();
    let names = crate::accounts::store::names_of(&state.db, &ids).await?;
    let name = |id: &UserId| names.get(id).cloned().unwrap_or_default();
    let pending = noms
        .into_iter()
        .map(|n| Pending { nominee: name(&n.nominee_id), nominator: name(&n.nominator_id), n })
        .collect();
    Ok(Html(ListPage { page: page.titled("recognition-review"), rounds, pending, error }.render()?))
}

async fn list(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    user.require_moderator()?;
    list_html(&state, page, None).await
}

/// Compute the week or fortnight containing a day, now.
async fn compute(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(f): VerifiedForm<Fields>,
) -> AppResult<Response> {
    user.require_moderator()?;
    let kind = Kind::parse(field(&f, "period"));
    let day = NaiveDate::parse_from_str(field(&f, "date"), "%Y-%m-%d").ok();
    let (Some(kind), Some(day)) = (kind, day) else {
        let html = list_html(&state, page, Some("recognition-bad-date")).await?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    };
    let asked = rounds::compute_now(&state, Period::containing(kind, day)).await?;
    Ok(Redirect::to(&round_address(&asked)).into_response())
}

#[derive(Template)]
#[template(path = "recognition/review.html")]
struct ReviewPage {
    page: Page,
    round: RoundView,
    groups: Vec<(Category, Vec<Standing>)>,
    /// District winners as they would be published: (category, count of districts).
    district_winners: Vec<(Category, usize)>,
}

async fn review(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<RoundId>,
) -> AppResult<Response> {
    user.require_moderator()?;
    let round = RoundView::of(store::round(&state.db, id).await?.ok_or(AppError::NotFound)?)?;
    if round.is_published() {
        return Ok(Redirect::to(&format!("/recognition/rounds/{id}")).into_response());
    }
    let all = store::all_candidates(&state.db, id).await?;
    let district_winners = rounds::district_winner_counts(&all);
    let national: Vec<_> = all.into_iter().filter(|c| c.district_id.is_none()).collect();
    let groups = views::by_category(views::standings(&state, page.lang, national, &[]).await?);
    let mut page = page;
    page.title = round.words(&page.lang);
    Ok(Html(ReviewPage { page, round, groups, district_winners }.render()?).into_response())
}

async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<RoundId>,
    VerifiedForm(_f): VerifiedForm<Fields>,
) -> AppResult<Redirect> {
    user.require_moderator()?;
    rounds::publish(&state, user.id, id).await?;
    Ok(Redirect::to(&format!("/recognition/rounds/{id}")))
}

async fn compute_again(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<RoundId>,
    VerifiedForm(_f): VerifiedForm<Fields>,
) -> AppResult<Redirect> {
    user.require_moderator()?;
    let round = RoundView::of(store::round(&state.db, id).await?.ok_or(AppError::NotFound)?)?;
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

/// Holds a candidate back (with `reason`) or, with `restore`, brings her back.
async fn withhold(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<CandidateId>,
    VerifiedForm(f): VerifiedForm<Fields>,
) -> AppResult<Redirect> {
    user.require_moderator()?;
    let reason = (field(&f, "restore") != "1").then(|| field(&f, "reason").to_owned());
    let round = rounds::withhold(&state, user.id, id, reason).await?;
    Ok(Redirect::to(&format!("/recognition/review/{}", round.id)))
}

async fn decide(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<NominationId>,
    VerifiedForm(f): VerifiedForm<Fields>,
) -> AppResult<Redirect> {
    people::decide(&state, &user, id, field(&f, "decision") == "confirm").await?;
    Ok(Redirect::to("/recognition/review"))
}
