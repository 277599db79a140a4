//! Asking a question (the similar ones shown first) and editing one.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::ids::{ChapterId, QuestionId, SubjectId};
use crate::questions::model::{QuestionInput, QuestionSummary};
use crate::questions::reputation::{self, Privilege};
use crate::questions::{asking, editing, views};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::form::redirect_or_again;
use crate::web::{AppResult, CurrentUser, FieldErrors, Page};

#[derive(Template)]
#[template(path = "community/ask.html")]
struct AskPage {
    page: Page,
    /// The question being edited, if it is an edit.
    editing: Option<QuestionId>,
    title: String,
    body: String,
    tags: String,
    chapter_id: Option<ChapterId>,
    /// Class number and subject code chosen (optional).
    class: Option<i32>,
    subject: String,
    /// Subject codes and names (in the page's language) to choose from.
    subjects: Vec<(String, String)>,
    errors: FieldErrors,
    /// Shown after a first submit when questions like it exist.
    similar: Vec<QuestionSummary>,
    script_href: String,
}

impl AskPage {
    fn class_selected(&self, n: &i32) -> bool {
        self.class == Some(*n)
    }
}

/// The subjects teachers may pick, by code (one entry per code, whatever
/// the class), named in `lang`.
async fn subject_choices(state: &AppState, lang: crate::web::Lang) -> AppResult<Vec<(String, String)>> {
    let curriculum = crate::curriculum::memory::current(state).await?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for s in curriculum.levels.iter().flat_map(|l| &l.classes).flat_map(|c| &c.subjects) {
        if seen.insert(s.code.clone()) {
            out.push((s.code.clone(), s.name(&lang).to_owned()));
        }
    }
    Ok(out)
}

/// The subject of `code` taught in class `class`, if there is one.
async fn subject_in_class(state: &AppState, class: Option<i32>, code: &str) -> AppResult<Option<SubjectId>> {
    let (Some(n), false) = (class, code.is_empty()) else { return Ok(None) };
    let curriculum = crate::curriculum::memory::current(state).await?;
    Ok(curriculum
        .levels
        .iter()
        .flat_map(|l| &l.classes)
        .filter(|c| c.number == n)
        .flat_map(|c| &c.subjects)
        .find(|s| s.code == code)
        .map(|s| s.id))
}

#[derive(Deserialize, Default)]
pub(super) struct AskQuery {
    chapter_id: Option<ChapterId>,
}

pub(super) async fn form(
    State(state): State<AppState>,
    page: Page,
    _user: CurrentUser,
    Query(q): Query<AskQuery>,
) -> AppResult<Html<String>> {
    let page = page.titled("ask-title");
    let subjects = subject_choices(&state, page.lang).await?;
    let form = AskPage {
        page,
        editing: None,
        title: String::new(),
        body: String::new(),
        tags: String::new(),
        chapter_id: q.chapter_id,
        class: None,
        subject: String::new(),
        subjects,
        errors: FieldErrors::default(),
        similar: vec![],
        script_href: crate::web::assets::Assets::of(&state).ask_js_href.clone(),
    };
    Ok(Html(form.render()?))
}

#[derive(Deserialize)]
pub(super) struct AskForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    tags: String,
    chapter_id: Option<String>,
    #[serde(default)]
    class: String,
    #[serde(default)]
    subject: String,
    /// Present when the teacher saw the similar questions and asks anyway.
    confirmed: Option<String>,
    #[serde(default)]
    note: String,
}

impl AskForm {
    fn input(&self) -> QuestionInput {
        QuestionInput {
            title: self.title.clone(),
            body: self.body.clone(),
            tags: vec![self.tags.clone()],
            chapter_id: self.chapter_id.as_deref().and_then(|c| bangla::to_ascii_digits(c).trim().parse().ok()),
            subject_id: None::<SubjectId>,
            class: bangla::to_ascii_digits(&self.class).trim().parse().ok(),
        }
    }

    /// The form with what she typed, `errors` beside the fields and the
    /// `similar` questions above them.
    async fn page(
        self,
        state: &AppState,
        page: Page,
        editing: Option<QuestionId>,
        errors: FieldErrors,
        similar: Vec<QuestionSummary>,
    ) -> AppResult<String> {
        let input = self.input();
        let subjects = subject_choices(state, page.lang).await?;
        let form = AskPage {
            page,
            editing,
            title: self.title,
            body: self.body,
            tags: self.tags,
            chapter_id: input.chapter_id,
            class: input.class,
            subject: self.subject,
            subjects,
            errors,
            similar,
            script_href: crate::web::assets::Assets::of(state).ask_js_href.clone(),
        };
        Ok(form.render()?)
    }
}

pub(super) async fn ask(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(f): VerifiedForm<AskForm>,
) -> AppResult<Response> {
    let page = page.titled("ask-title");
    let mut input = f.input();
    input.subject_id = subject_in_class(&state, input.class, &f.subject).await?;
    if input.validate().is_ok() && f.confirmed.is_none() {
        let similar = asking::similar(&state, &input.title, None).await?;
        if !similar.is_empty() {
            return Ok(Html(f.page(&state, page, None, FieldErrors::default(), similar).await?).into_response());
        }
    }
    let asked = asking::ask(&state, &user, &input).await.map(|q| format!("/questions/{}", q.id));
    redirect_or_again(asked, async |errors| f.page(&state, page, None, errors, vec![]).await).await
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<QuestionId>,
) -> AppResult<Html<String>> {
    let q = views::view(&state, id, Some(&user)).await?;
    if q.author.id != user.id {
        reputation::require(&state.db, &user, Privilege::EditOthers).await?;
    }
    let page = page.titled("question-edit-title");
    let subjects = subject_choices(&state, page.lang).await?;
    let form = AskPage {
        page,
        editing: Some(id),
        title: q.title,
        body: q.body,
        tags: q.tags.join(", "),
        chapter_id: q.chapter_id,
        class: None,
        subject: String::new(),
        subjects,
        errors: FieldErrors::default(),
        similar: vec![],
        script_href: String::new(),
    };
    Ok(Html(form.render()?))
}

pub(super) async fn edit(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<QuestionId>,
    VerifiedForm(f): VerifiedForm<AskForm>,
) -> AppResult<Response> {
    let page = page.titled("question-edit-title");
    let edited =
        editing::edit_question(&state, &user, id, &f.input(), &f.note).await.map(|()| format!("/questions/{id}"));
    redirect_or_again(edited, async |errors| f.page(&state, page, Some(id), errors, vec![]).await).await
}
