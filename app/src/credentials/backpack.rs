//! A teacher's backpack: her badges (public or private), each with its
//! shareable verify link and JSON download, and the pathways her badges
//! add up to. Opening it also runs the award rules, so a badge earned a
//! minute ago is there without waiting for the worker.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use std::collections::HashSet;
use std::sync::Arc;

use super::entity::{achievement, credential, pathway};
use super::kept::{self, Catalogue};
use super::pages::credential_by_public_id;
use super::verification::CredentialStatus;
use super::{rules, store};
use crate::ids::{AchievementId, UserId};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::{AppError, AppResult, CurrentUser, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/backpack", get(mine))
        .route("/backpack/{id}/visibility", post(visibility))
        .route("/backpack/{id}/download", get(download))
        .route("/teachers/{id}/badges", get(public_backpack))
}

pub struct Badge {
    pub c: credential::Model,
    pub a: achievement::Model,
    pub issuer: String,
    pub status: CredentialStatus,
}

pub struct Progress {
    pub p: pathway::Model,
    pub earned: i64,
    pub steps: Vec<(String, bool)>,
}

#[derive(Template)]
#[template(path = "credentials/backpack.html")]
struct BackpackPage {
    page: Page,
    own: bool,
    badges: Vec<Badge>,
    pathways: Vec<Progress>,
}

impl BackpackPage {
    fn date(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        self.page.lang.day(crate::web::dhaka_date(*t))
    }
    fn percent(&self, p: &Progress) -> i64 {
        (p.earned.min(p.p.required as i64) * 100) / (p.p.required.max(1) as i64)
    }
}

async fn badges_of(state: &AppState, who: UserId, public_only: bool) -> AppResult<(Vec<Badge>, Arc<Catalogue>)> {
    let held = store::of_recipient(&state.db, who).await?;
    badges_among(state, held, public_only).await
}

/// Her credentials as badges, with the catalogue they were named from.
async fn badges_among(
    state: &AppState,
    held: Vec<credential::Model>,
    public_only: bool,
) -> AppResult<(Vec<Badge>, Arc<Catalogue>)> {
    let held: Vec<credential::Model> = held.into_iter().filter(|c| c.public || !public_only).collect();
    let catalogue = kept::covering(state, &held).await?;
    let now = chrono::Utc::now();
    let badges = held
        .into_iter()
        .filter_map(|c| {
            let a = catalogue.achievement(c.achievement_id)?.clone();
            let issuer = catalogue.issuer(c.issuer_id).map(|i| i.short_name.clone()).unwrap_or_default();
            let status = if c.revoked_at.is_some() {
                CredentialStatus::Revoked
            } else if c.expires_at.is_some_and(|e| e <= now) {
                CredentialStatus::Expired
            } else {
                CredentialStatus::Valid
            };
            Some(Badge { c, a, issuer, status })
        })
        .collect();
    Ok((badges, catalogue))
}

/// Every pathway with the teacher's progress on it (none held without a teacher).
pub async fn progress_of(state: &AppState, who: Option<UserId>) -> AppResult<Vec<Progress>> {
    let (badges, catalogue) = match who {
        Some(w) => badges_of(state, w, false).await?,
        None => (Vec::new(), kept::catalogue(state).await?),
    };
    Ok(progress(&catalogue, &badges))
}

fn progress(catalogue: &Catalogue, badges: &[Badge]) -> Vec<Progress> {
    // A revoked or expired badge does not count toward a pathway.
    let held: Vec<AchievementId> =
        badges.iter().filter(|b| b.status == CredentialStatus::Valid).map(|b| b.a.id).collect();
    catalogue
        .pathways
        .iter()
        .map(|p| {
            let steps: Vec<(String, bool)> = catalogue
                .steps
                .iter()
                .filter(|s| s.pathway_id == p.id)
                .filter_map(|s| catalogue.achievement(s.achievement_id))
                .map(|a| (a.name.clone(), held.contains(&a.id)))
                .collect();
            let earned = steps.iter().filter(|(_, h)| *h).count() as i64;
            Progress { p: p.clone(), earned, steps }
        })
        .collect()
}

async fn mine(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    // A badge earned a moment ago should be here now, not after the worker's next round.
    let mut held = store::of_recipient(&state.db, user.id).await?;
    let catalogue = kept::covering(&state, &held).await?;
    let ids: HashSet<AchievementId> = held.iter().map(|c| c.achievement_id).collect();
    match rules::sweep_for(&state, user.id, &catalogue.achievements, &ids).await {
        Ok(0) => {}
        Ok(_) => held = store::of_recipient(&state.db, user.id).await?,
        Err(e) => {
            tracing::warn!(error = %e, "awarding badges on opening the backpack failed");
            held = store::of_recipient(&state.db, user.id).await?;
        }
    }
    let (badges, catalogue) = badges_among(&state, held, false).await?;
    let pathways = progress(&catalogue, &badges);
    Ok(Html(BackpackPage { page: page.titled("badge-backpack"), own: true, badges, pathways }.render()?))
}

async fn public_backpack(State(state): State<AppState>, page: Page, Path(id): Path<UserId>) -> AppResult<Html<String>> {
    let owner = crate::accounts::store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let own = page.user.as_ref().is_some_and(|u| u.id == id);
    let (badges, catalogue) = badges_of(&state, id, !own).await?;
    let pathways = progress(&catalogue, &badges);
    let mut page = page;
    page.title = page.lang.t_with("badge-backpack-of", &[("name", owner.name.clone())]);
    Ok(Html(BackpackPage { page, own, badges, pathways }.render()?))
}

/// Show the badge in her public backpack ("1") or keep it to herself.
#[derive(serde::Deserialize)]
struct VisibilityForm {
    #[serde(default)]
    public: String,
}

async fn visibility(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    VerifiedForm(form): VerifiedForm<VisibilityForm>,
) -> AppResult<Redirect> {
    let c = credential_by_public_id(&state, &id).await?;
    if c.recipient_id != user.id {
        return Err(AppError::Forbidden);
    }
    store::set_public(&state.db, c.id, form.public == "1").await?;
    Ok(Redirect::to("/backpack"))
}

async fn download(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let c = credential_by_public_id(&state, &id).await?;
    let name = format!("attachment; filename=\"badge-{}.json\"", c.public_id);
    Ok(([(CONTENT_TYPE, "application/ld+json".to_owned()), (CONTENT_DISPOSITION, name)], c.document).into_response())
}
