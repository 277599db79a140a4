//! The moderators' page of blocked words.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::store;
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/moderation/blocked-words", get(list).post(add))
        .route("/moderation/blocked-words/remove", post(remove))
}

#[derive(Template)]
#[template(path = "blocklist/words.html")]
struct WordsPage {
    page: Page,
    words: Vec<String>,
    errors: FieldErrors,
}

async fn render(state: &AppState, page: Page, errors: FieldErrors) -> AppResult<Html<String>> {
    let words = store::all(&state.db).await?.into_iter().map(|w| w.word).collect();
    Ok(Html(WordsPage { page: page.titled("blocked-words-title"), words, errors }.render()?))
}

async fn list(State(state): State<AppState>, page: Page, user: CurrentUser) -> AppResult<Html<String>> {
    user.require_moderator()?;
    render(&state, page, FieldErrors::default()).await
}

#[derive(Deserialize)]
struct WordForm {
    #[serde(default)]
    word: String,
}

async fn add(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(f): VerifiedForm<WordForm>,
) -> AppResult<Response> {
    user.require_moderator()?;
    let word = super::key(&f.word);
    // One word: what the analyser would see as one.
    if bangla::words(&word).len() != 1 || word.chars().count() > 40 {
        let mut errors = FieldErrors::default();
        errors.add("word", "field-blocked-one-word");
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&state, page, errors).await?).into_response());
    }
    store::add(&state.db, &word, user.id).await?;
    let detail = serde_json::json!({"word": word});
    crate::audit::record(
        &state.db,
        Some(user.id),
        "blocked_word.add",
        crate::items::ItemRef::new(crate::items::ItemKind::BlockedWord, 0),
        detail,
    )
    .await?;
    super::forget(&state);
    Ok(Redirect::to("/moderation/blocked-words").into_response())
}

async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    VerifiedForm(f): VerifiedForm<WordForm>,
) -> AppResult<Response> {
    user.require_moderator()?;
    if f.word.is_empty() {
        return Err(AppError::BadRequest("no word"));
    }
    store::remove(&state.db, &f.word).await?;
    let detail = serde_json::json!({"word": f.word});
    crate::audit::record(
        &state.db,
        Some(user.id),
        "blocked_word.remove",
        crate::items::ItemRef::new(crate::items::ItemKind::BlockedWord, 0),
        detail,
    )
    .await?;
    super::forget(&state);
    Ok(Redirect::to("/moderation/blocked-words").into_response())
}
