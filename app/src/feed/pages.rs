//! The feed page, follow buttons' target and the digest switch.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::model::FollowKind;
use super::service::{self, FeedItem, Follow};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

pub fn router() -> Router<AppState> {
    Router::new().route("/feed", get(feed)).route("/follows", post(follow)).route("/feed/digest", post(digest))
}

#[derive(Template)]
#[template(path = "feed/feed.html")]
struct FeedPage {
    page: Page,
    items: Vec<FeedItem>,
    follows: Vec<Follow>,
    digest: bool,
    has_email: bool,
}

async fn feed(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    let (follows, digest) = service::following_and_digest(&state, user.id).await?;
    let teaching = crate::profiles::store::teaching_of(&state.db, user.id).await?;
    let items = service::items_for(&state, user.id, &follows, &teaching, None, 40).await?;
    let has_email = crate::accounts::store::find(&state.db, user.id).await?.is_some_and(|u| u.email.is_some());
    Ok(Html(FeedPage { page: page.titled("feed-title"), items, follows, digest, has_email }.render()?))
}

#[derive(Deserialize)]
struct FollowForm {
    kind: String,
    key: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    back: String,
}

async fn follow(
    State(state): State<AppState>,
    user: CurrentUser,
    VerifiedForm(f): VerifiedForm<FollowForm>,
) -> AppResult<Response> {
    let kind = FollowKind::parse(&f.kind).ok_or_else(|| AppError::invalid("kind", "field-follow-invalid"))?;
    let target = Follow { kind, key: f.key };
    service::follow(&state, user.id, &target, f.on == "1").await?;
    Ok(Redirect::to(&crate::web::redirect::safe_next(Some(&f.back))).into_response())
}

/// Subscribes (or not) to the digest; an account without e-mail cannot.
pub async fn subscribe(state: &AppState, user: &CurrentUser, on: bool) -> AppResult<()> {
    if on {
        let account = crate::accounts::store::find(&state.db, user.id).await?.ok_or(AppError::LoginRequired)?;
        if account.email.is_none() {
            let mut errors = FieldErrors::default();
            errors.add("subscribed", "field-digest-no-email");
            return Err(AppError::Validation(errors));
        }
    }
    Ok(super::store::subscribe(&state.db, user.id, on).await?)
}

#[derive(Deserialize)]
struct DigestForm {
    #[serde(default)]
    on: String,
}

async fn digest(
    State(state): State<AppState>,
    user: CurrentUser,
    VerifiedForm(f): VerifiedForm<DigestForm>,
) -> AppResult<Response> {
    subscribe(&state, &user, f.on == "1").await?;
    Ok(Redirect::to("/feed").into_response())
}
