//! `GET /api/v1/recognition`: a published round's winners per category,
//! nationally and per district, with their score lines.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::period::{AwardPeriod, Period};
use super::store;
use super::views::{self, RoundView, Standing};
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::ApiQuery;
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(recognition))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecognitionParams {
    /// The week (the default) or the fortnight.
    pub period: Option<AwardPeriod>,
    /// Any day of the period (Asia/Dhaka), `YYYY-MM-DD`; without it, the latest published one.
    pub date: Option<NaiveDate>,
}

/// A published round of awards.
#[derive(Serialize, ToSchema)]
pub struct Recognition {
    pub period: AwardPeriod,
    /// First and last day, Asia/Dhaka.
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    /// National winners first (district_id null), then each district's.
    pub winners: Vec<Standing>,
}

/// The winners of the week or fortnight containing `date`, with why each won.
#[utoipa::path(get, path = "/api/v1/recognition", tag = "recognition", params(RecognitionParams),
    responses((status = 200, body = Recognition), (status = 400, body = ProblemDetails), (status = 404, body = ProblemDetails)))]
async fn recognition(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiQuery(p): ApiQuery<RecognitionParams>,
) -> AppResult<Json<Recognition>> {
    let kind = p.period.unwrap_or(AwardPeriod::Week);
    let round = match p.date {
        Some(day) => store::round_of(&state.db, Period::containing(kind, day)).await?,
        None => store::latest_published(&state.db, kind).await?,
    };
    let round = RoundView::of(round.ok_or(AppError::NotFound)?);
    if !round.is_published() {
        return Err(AppError::NotFound);
    }
    let winners = views::winners_of(&state, ctx.lang, round.id, false).await?;
    Ok(Json(Recognition {
        period: kind,
        starts_on: round.period.starts_on,
        ends_on: round.period.ends_on(),
        published_at: round.published_at,
        winners,
    }))
}
