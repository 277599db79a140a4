//! The notifications page and "mark all read".

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use super::by_sms::{self, SmsReminders};
use super::{Notification, store, view};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::{AppResult, CurrentUser, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(page))
        .route("/notifications/read", post(read_all))
        .route("/notifications/sms", post(choose_sms))
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    page: Page,
    items: Vec<Notification>,
    sms: SmsReminders,
}

async fn page(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    let lang = page.lang;
    let items = store::recent(&state.db, user.id, 50).await?.into_iter().map(|e| view(e, lang)).collect();
    let sms = by_sms::standing(&state, &user).await?;
    Ok(Html(NotificationsPage { page: page.titled("notifications-title"), items, sms }.render()?))
}

#[derive(serde::Deserialize)]
struct SmsForm {
    /// The checkbox: sent when ticked, absent when not.
    #[serde(default)]
    on: Option<String>,
}

async fn choose_sms(
    State(state): State<AppState>,
    user: CurrentUser,
    VerifiedForm(form): VerifiedForm<SmsForm>,
) -> AppResult<Response> {
    by_sms::set(&state, &user, form.on.is_some()).await?;
    Ok(Redirect::to("/notifications#sms").into_response())
}

async fn read_all(
    State(state): State<AppState>,
    user: CurrentUser,
    VerifiedForm(_): VerifiedForm<crate::web::extract::TokenOnlyForm>,
) -> AppResult<Response> {
    store::mark_all_read(&state.db, user.id).await?;
    super::forget_unread(&state, user.id);
    Ok(Redirect::to("/notifications").into_response())
}
