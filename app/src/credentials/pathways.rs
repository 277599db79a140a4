//! Pathways: badges that stack into a larger recognition (five badges make
//! one CPD credit). Anyone sees them and what they need; a signed-in
//! teacher sees her progress; administrators define them.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, Response};
use axum::routing::get;
use sea_orm::Set;
use serde::{Deserialize, Serialize};

use super::backpack::{Progress, progress_of};
use super::entity::{achievement, pathway};
use super::model::number;
use super::pages::{Form, kept};
use super::store;
use crate::ids::AchievementId;
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::fields::all;
use crate::web::form::redirect_or_again;
use crate::web::role::Role;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

pub fn router() -> Router<AppState> {
    Router::new().route("/pathways", get(list).post(create))
}

#[derive(Template)]
#[template(path = "credentials/pathways.html")]
struct PathwaysPage {
    page: Page,
    pathways: Vec<Progress>,
    achievements: Vec<achievement::Model>,
    form: Form,
}

impl PathwaysPage {
    fn picked(&self, id: &AchievementId) -> bool {
        all(&self.form.typed, "steps").any(|s| s == id.0.to_string())
    }
}

async fn render(state: &AppState, page: Page, form: Form) -> AppResult<String> {
    let who = page.user.as_ref().map(|u| u.id);
    let pathways = progress_of(state, who).await?;
    let achievements = if page.is_admin() { store::achievements(&state.db).await? } else { Vec::new() };
    Ok(PathwaysPage { page: page.titled("badge-pathways"), pathways, achievements, form }.render()?)
}

async fn list(State(state): State<AppState>, page: Page) -> AppResult<Html<String>> {
    Ok(Html(render(&state, page, Form::default()).await?))
}

/// A pathway as an administrator defines it: its badges are the `steps`
/// ticked (repeated fields).
#[derive(Default, Deserialize, Serialize)]
#[serde(default)]
struct PathwayForm {
    name: String,
    description: String,
    required: String,
    reward: String,
    steps: Vec<String>,
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(form): VerifiedForm<PathwayForm>,
) -> AppResult<Response> {
    if user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let result = define(&state, &form).await;
    redirect_or_again(result, async |e| render(&state, page, kept(e, &form)).await).await
}

/// Checks and records a pathway; where to go next.
async fn define(state: &AppState, f: &PathwayForm) -> AppResult<String> {
    let steps: Vec<AchievementId> = f.steps.iter().filter_map(|s| s.parse().ok()).map(AchievementId).collect();
    let known = store::achievements_by_ids(&state.db, &steps).await?;
    let required: Option<i32> = number(&f.required);
    let mut errors = FieldErrors::default();
    for (name, value) in [("name", &f.name), ("reward", &f.reward)] {
        if value.trim().is_empty() {
            errors.add(name, "error-required");
        }
    }
    if known.len() < 2 || known.len() != steps.len() {
        errors.add("steps", "badge-pathway-steps");
    }
    if !required.is_some_and(|r| r >= 1 && r as usize <= known.len()) {
        errors.add("required", "badge-pathway-required");
    }
    errors.into_result()?;
    store::insert_pathway(
        &state.db,
        pathway::ActiveModel {
            name: Set(f.name.trim().into()),
            description: Set(f.description.trim().into()),
            required: Set(required.unwrap_or(1)),
            reward: Set(f.reward.trim().into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        },
        &steps,
    )
    .await?;
    crate::web::page_parts::changed(state);
    Ok("/pathways".into())
}
