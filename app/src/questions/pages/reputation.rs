//! A teacher's reputation: her points, what they unlock, and why they moved.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;

use crate::ids::UserId;
use crate::questions::reputation::{self, Privilege, Reputation};
use crate::state::AppState;
use crate::web::{AppError, AppResult, Page};

#[derive(Template)]
#[template(path = "community/reputation.html")]
struct ReputationPage {
    page: Page,
    name: String,
    rep: Reputation,
    ladder: Vec<(Privilege, bool)>,
    /// Her own page, with the reports queue open to her.
    reviews_reports: bool,
}

pub(super) async fn page(State(state): State<AppState>, page: Page, Path(id): Path<UserId>) -> AppResult<Html<String>> {
    let user = crate::accounts::store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let rep = reputation::of(&state.db, id).await?;
    let ladder = Privilege::ALL.iter().map(|p| (*p, rep.points >= p.points())).collect();
    let mut page = page.titled("reputation-title");
    page.title = format!("{} · {}", page.title, user.name);
    let own = page.user.as_ref().is_some_and(|u| u.id == id);
    let reviews_reports = own && rep.points >= Privilege::ReviewReports.points();
    Ok(Html(ReputationPage { page, name: user.name, rep, ladder, reviews_reports }.render()?))
}
