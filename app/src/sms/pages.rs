//! The administrators' SMS page (`/admin/sms`) and its JSON twin
//! (`GET /api/v1/sms/days`): texts and SMS each way for the last 30 days,
//! what the sent ones cost at the configured price, and how many numbers
//! said STOP.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use chrono::{Duration, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::senders::days::{self, Direction};
use crate::state::AppState;
use crate::web::problem::ProblemDetails;
use crate::web::{AppResult, CurrentUser, Page};

/// Days the page looks back over.
const DAYS: i64 = 30;

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/admin/sms", get(page))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(days_api))
}

/// One day's SMS each way.
#[derive(Serialize, ToSchema, Clone, Debug, Default)]
pub struct SmsDay {
    pub day: NaiveDate,
    /// Texts received from phones, and the SMS they took.
    pub received_texts: i64,
    pub received_sms: i64,
    /// Texts sent (a reply in three parts is one), and the SMS billed.
    pub sent_texts: i64,
    pub sent_sms: i64,
    /// What the sent SMS cost, in poisha.
    pub cost_poisha: i64,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct SmsDays {
    /// Newest first; days with no SMS left out.
    pub days: Vec<SmsDay>,
    pub sent_sms: i64,
    pub cost_poisha: i64,
    /// The price of one SMS sent, as configured.
    pub price_poisha: i64,
    pub opted_out_numbers: u64,
    /// Whether a gateway takes texts out, and whether replies come in.
    pub sending: bool,
    pub receiving: bool,
}

async fn counted(state: &AppState, who: &CurrentUser) -> AppResult<SmsDays> {
    who.require_admin()?;
    let price = state.config.senders.sms_price_poisha;
    let since = crate::web::dhaka_date(Utc::now()) - Duration::days(DAYS - 1);
    let mut by_day: Vec<SmsDay> = Vec::new();
    for d in days::since(&state.db, since).await? {
        if by_day.last().is_none_or(|last| last.day != d.day) {
            by_day.push(SmsDay { day: d.day, ..Default::default() });
        }
        let Some(line) = by_day.last_mut() else { continue };
        match d.direction {
            Direction::In => (line.received_texts, line.received_sms) = (d.messages, d.segments),
            Direction::Out => {
                (line.sent_texts, line.sent_sms) = (d.messages, d.segments);
                line.cost_poisha = d.segments * price;
            }
        }
    }
    let sent_sms = by_day.iter().map(|d| d.sent_sms).sum();
    Ok(SmsDays {
        sent_sms,
        cost_poisha: sent_sms * price,
        days: by_day,
        price_poisha: price,
        opted_out_numbers: crate::senders::stops::count(&state.db).await?,
        sending: state.config.senders.sms_url.is_some(),
        receiving: state.config.senders.sms_secret.is_some(),
    })
}

/// SMS each way for the last 30 days, with their cost (administrators only).
#[utoipa::path(get, path = "/api/v1/sms/days", tag = "admin",
    responses((status = 200, body = SmsDays), (status = 401, body = ProblemDetails), (status = 403, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn days_api(State(state): State<AppState>, who: CurrentUser) -> AppResult<Json<SmsDays>> {
    Ok(Json(counted(&state, &who).await?))
}

#[derive(Template)]
#[template(path = "sms/days.html")]
struct DaysPage {
    page: Page,
    counted: SmsDays,
}

impl DaysPage {
    fn day(&self, d: &NaiveDate) -> String {
        self.page.lang.day(*d)
    }

    /// Poisha as taka with two decimals, in the page's digits.
    fn taka(&self, poisha: &i64) -> String {
        self.page.digits(&format!("{}.{:02}", poisha / 100, poisha % 100))
    }
}

async fn page(State(state): State<AppState>, page: Page, who: CurrentUser) -> AppResult<Html<String>> {
    let counted = counted(&state, &who).await?;
    Ok(Html(DaysPage { page: page.titled("sms-days-title"), counted }.render()?))
}
