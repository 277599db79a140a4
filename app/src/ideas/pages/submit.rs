//! Sending an idea, a suggestion or a concern.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use serde::Deserialize;

use crate::ideas::model::{IdeaKind, IdeaScope};
use crate::ideas::service::{self as ideas, IdeaInput};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::form::redirect_or_again;
use crate::web::{AppResult, CurrentUser, FieldErrors, Page};

#[derive(Template)]
#[template(path = "community/idea_new.html")]
struct NewPage {
    page: Page,
    kind: Option<IdeaKind>,
    scope: Option<IdeaScope>,
    title: String,
    body: String,
    errors: FieldErrors,
    kinds: &'static [IdeaKind],
    scopes: &'static [IdeaScope],
}

impl NewPage {
    fn new(page: Page, input: &IdeaInput, errors: FieldErrors) -> Self {
        NewPage {
            page: page.titled("idea-new-title"),
            kind: input.kind,
            scope: input.scope,
            title: input.title.clone(),
            body: input.body.clone(),
            errors,
            kinds: IdeaKind::ALL,
            scopes: IdeaScope::ALL,
        }
    }
}

pub(super) async fn form(page: Page, _user: CurrentUser) -> AppResult<Html<String>> {
    let input = IdeaInput { kind: Some(IdeaKind::Idea), scope: Some(IdeaScope::Upazila), ..Default::default() };
    Ok(Html(NewPage::new(page, &input, FieldErrors::default()).render()?))
}

/// The form as sent: a word that is none of the kinds or scopes is named
/// among the form's errors, not refused as a broken request.
#[derive(Deserialize)]
pub(super) struct IdeaForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

pub(super) async fn submit(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(f): VerifiedForm<IdeaForm>,
) -> AppResult<Response> {
    let input =
        IdeaInput { kind: IdeaKind::parse(&f.kind), scope: IdeaScope::parse(&f.scope), title: f.title, body: f.body };
    let sent = ideas::submit(&state, &user, &input).await.map(|i| format!("/ideas/{}", i.id));
    redirect_or_again(sent, async |errors| Ok(NewPage::new(page, &input, errors).render()?)).await
}
