//! `GET /api/v1/recognition`: a published round's winners per category,
//! nationally and per district, with their score lines.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::period::{Kind, Period};
use super::store;
use super::views::{self, RoundView, Standing};
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::extract::ApiQuery;
use crate::web::problem::ProblemDetails;
use crate::web::{AppError, AppResult, FieldErrors};

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(recognition))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecognitionParams {
    /// week (the default) | fortnight
    #[param(pattern = "^(week|fortnight)$")]
    pub period: Option<String>,
    /// Any day of the period (Asia/Dhaka); without it, the latest published one.
    #[param(value_type = Option<String>, format = Date)]
    pub date: Option<String>,
}

/// A published round of awards.
#[derive(Serialize, ToSchema)]
pub struct Recognition {
    /// week | fortnight
    pub period: Kind,
    /// First and last day, Asia/Dhaka.
    pub starts_on: String,
    pub ends_on: String,
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
    let mut errors = FieldErrors::default();
    let kind = match p.period.as_deref() {
        None => Some(Kind::Week),
        Some(text) => Kind::parse(text),
    };
    if kind.is_none() {
        errors.add("period", "recognition-bad-period");
    }
    let day = p.date.as_deref().map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"));
    if matches!(day, Some(Err(_))) {
        errors.add("date", "recognition-bad-date");
    }
    if !errors.is_empty() {
        return Err(AppError::BadParameter(errors));
    }
    let kind = kind.unwrap_or(Kind::Week);
    let round = match day {
        Some(Ok(d)) => store::round_of(&state.db, Period::containing(kind, d)).await?,
        _ => store::latest_published(&state.db, kind.as_str()).await?,
    };
    let round = RoundView::of(round.ok_or(AppError::NotFound)?)?;
    if !round.is_published() {
        return Err(AppError::NotFound);
    }
    let winners = views::winners_of(&state, ctx.lang, round.id, false).await?;
    Ok(Json(Recognition {
        period: kind,
        starts_on: round.period.starts_on.to_string(),
        ends_on: round.period.ends_on().to_string(),
        published_at: round.published_at,
        winners,
    }))
}
