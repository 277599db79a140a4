//! The question pages: lists, asking (similar questions first), a question
//! with its answers, votes and accept as plain forms, edits and history.
//! Everything works without JavaScript.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::api::ListParams;
use super::model::*;
use super::reputation::{self, Privilege, Reputation};
use super::store::questions::Order;
use super::votes::{self, Item};
use super::{questions, store};
use crate::ids::{AnswerId, ChapterId, QuestionId, SubjectId, UserId};
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/questions", get(list))
        .route("/questions/ask", get(ask_form).post(ask))
        .route("/questions/{id}", get(question))
        .route("/questions/{id}/answers", post(answer))
        .route("/questions/{id}/vote", post(vote_question))
        .route("/questions/{id}/edit", get(edit_form).post(edit))
        .route("/questions/{id}/revisions", get(question_history))
        .route("/questions/{id}/duplicate", post(duplicate))
        .route("/answers/{id}", get(answer_link))
        .route("/answers/{id}/vote", post(vote_answer))
        .route("/answers/{id}/accept", post(accept))
        .route("/answers/{id}/edit", get(answer_edit_form).post(answer_edit))
        .route("/answers/{id}/revisions", get(answer_history))
        .route("/teachers/{id}/reputation", get(reputation_page))
}

#[derive(Template)]
#[template(path = "community/questions.html")]
struct ListPage {
    page: Page,
    list: QuestionPage,
    sort: String,
    tag: Option<String>,
    class: Option<i32>,
}

impl ListPage {
    /// The list's address with another order (and, with `n`, another page).
    fn href(&self, sort: &str, n: &u64) -> String {
        let mut href = format!("/questions?sort={sort}");
        if let Some(t) = &self.tag {
            href.push_str(&format!("&tag={}", crate::web::context::urlencode(t)));
        }
        if let Some(c) = self.class {
            href.push_str(&format!("&class={c}"));
        }
        if *n > 1 {
            href.push_str(&format!("&page={n}"));
        }
        href
    }
    fn pages(&self) -> u64 {
        self.list.total.div_ceil(self.list.per_page).max(1)
    }
}

async fn list(State(state): State<AppState>, page: Page, Query(p): Query<ListParams>) -> AppResult<Html<String>> {
    let filter = p.filter()?;
    let sort = match filter.order {
        Order::Newest => "new",
        Order::Unanswered => "unanswered",
        Order::Votes => "votes",
    };
    let list = questions::list(&state, &filter).await?;
    let page = page.titled("questions-title");
    Ok(Html(ListPage { page, list, sort: sort.into(), tag: filter.tag, class: filter.class_number }.render()?))
}

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
struct AskQuery {
    chapter_id: Option<ChapterId>,
}

async fn ask_form(
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
struct AskForm {
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
    async fn again(
        self,
        state: &AppState,
        page: Page,
        editing: Option<QuestionId>,
        errors: FieldErrors,
        similar: Vec<QuestionSummary>,
    ) -> AppResult<AskPage> {
        let input = self.input();
        let subjects = subject_choices(state, page.lang).await?;
        Ok(AskPage {
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
        })
    }
}

async fn ask(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(f): VerifiedForm<AskForm>,
) -> AppResult<Response> {
    let page = page.titled("ask-title");
    let mut input = f.input();
    input.subject_id = subject_in_class(&state, input.class, &f.subject).await?;
    if let Err(errors) = input.validate() {
        return refused(f.again(&state, page, None, errors, vec![]).await?);
    }
    if f.confirmed.is_none() {
        let similar = questions::similar(&state, &input.title, None).await?;
        if !similar.is_empty() {
            return Ok(
                Html(f.again(&state, page, None, FieldErrors::default(), similar).await?.render()?).into_response()
            );
        }
    }
    match questions::ask(&state, &user, &input).await {
        Ok(q) => Ok(Redirect::to(&format!("/questions/{}", q.id)).into_response()),
        Err(AppError::Validation(errors)) => refused(f.again(&state, page, None, errors, vec![]).await?),
        Err(e) => Err(e),
    }
}

fn refused(form: AskPage) -> AppResult<Response> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(form.render()?)).into_response())
}

#[derive(Template)]
#[template(path = "community/question.html")]
struct QuestionPageView {
    page: Page,
    /// The shared view (not copied per request) and the viewer's votes.
    q: std::sync::Arc<QuestionView>,
    mine: std::sync::Arc<super::kept::MyVotes>,
    is_asker: bool,
    can_edit_others: bool,
    can_close: bool,
    answer_body: String,
    errors: FieldErrors,
    /// The teacher's report was received.
    reported: bool,
}

impl QuestionPageView {
    fn my_q(&self) -> i32 {
        self.mine.get(&("question", self.q.id.0)).copied().unwrap_or(0)
    }
    fn my_a(&self, answer: &i64) -> i32 {
        self.mine.get(&("answer", *answer)).copied().unwrap_or(0)
    }
    fn can_edit(&self, author: &UserId) -> bool {
        self.page.user.as_ref().is_some_and(|u| u.id == *author) || self.can_edit_others
    }
    fn markdown(&self, html: &str) -> askama::filters::Safe<String> {
        // Rendered by `markdown::to_html`, which sanitises.
        askama::filters::Safe(html.to_owned())
    }
}

async fn question_page(
    state: &AppState,
    page: Page,
    id: QuestionId,
    answer_body: String,
    errors: FieldErrors,
) -> AppResult<QuestionPageView> {
    let viewer = page.user.clone();
    let q = super::kept::question(state, id).await?;
    let mine = match &viewer {
        Some(v) => {
            let answers: Vec<i64> = q.answers.iter().map(|a| a.id.0).collect();
            super::kept::votes(state, v.id, "question", id.0, &answers).await?
        }
        None => Default::default(),
    };
    // One query for both rights: the viewer's points.
    let (can_edit_others, can_close) = match &viewer {
        Some(v) => {
            let points = if v.role.can_moderate() { i64::MAX } else { super::kept::points(state, v.id).await? };
            (
                points >= Privilege::EditOthers.points(),
                v.id == q.author.id || points >= Privilege::ReviewReports.points(),
            )
        }
        None => (false, false),
    };
    let is_asker = viewer.as_ref().is_some_and(|v| v.id == q.author.id);
    let mut page = page;
    page.title = q.title.clone();
    Ok(QuestionPageView { page, q, mine, is_asker, can_edit_others, can_close, answer_body, errors, reported: false })
}

/// `?notice=reported` after a report form.
#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    notice: Option<String>,
}

impl NoticeQuery {
    pub fn reported(&self) -> bool {
        self.notice.as_deref() == Some("reported")
    }
}

async fn question(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<QuestionId>,
    Query(n): Query<NoticeQuery>,
) -> AppResult<Html<String>> {
    let mut view = question_page(&state, page, id, String::new(), FieldErrors::default()).await?;
    view.reported = n.reported();
    Ok(Html(view.render()?))
}

#[derive(Deserialize)]
struct AnswerForm {
    #[serde(default)]
    body: String,
}

async fn answer(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<QuestionId>,
    VerifiedForm(f): VerifiedForm<AnswerForm>,
) -> AppResult<Response> {
    match questions::answer(&state, &user, id, &AnswerInput { body: f.body.clone() }).await {
        Ok(a) => Ok(Redirect::to(&format!("/questions/{id}#answer-{}", a.id)).into_response()),
        Err(AppError::Validation(errors)) => {
            let html = question_page(&state, page, id, f.body, errors).await?.render()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct VoteForm {
    value: String,
}

fn vote_value(f: &VoteForm) -> i32 {
    f.value.trim().parse().unwrap_or(99)
}

async fn vote_question(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<QuestionId>,
    VerifiedForm(f): VerifiedForm<VoteForm>,
) -> AppResult<Response> {
    votes::vote(&state, &user, Item::Question(id), vote_value(&f)).await?;
    Ok(Redirect::to(&format!("/questions/{id}#question")).into_response())
}

async fn vote_answer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AnswerId>,
    VerifiedForm(f): VerifiedForm<VoteForm>,
) -> AppResult<Response> {
    votes::vote(&state, &user, Item::Answer(id), vote_value(&f)).await?;
    answer_link(State(state), Path(id)).await
}

async fn accept(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<AnswerId>,
    VerifiedForm(_): VerifiedForm<crate::web::extract::TokenOnlyForm>,
) -> AppResult<Response> {
    let q = questions::accept(&state, &user, id).await?;
    Ok(Redirect::to(&format!("/questions/{q}#answer-{id}")).into_response())
}

async fn answer_link(State(state): State<AppState>, Path(id): Path<AnswerId>) -> AppResult<Response> {
    let a = store::questions::visible_answer(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(Redirect::to(&format!("/questions/{}#answer-{id}", a.question_id)).into_response())
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<QuestionId>,
) -> AppResult<Html<String>> {
    let q = questions::view(&state, id, Some(&user)).await?;
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

async fn edit(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<QuestionId>,
    VerifiedForm(f): VerifiedForm<AskForm>,
) -> AppResult<Response> {
    let page = page.titled("question-edit-title");
    match questions::edit_question(&state, &user, id, &f.input(), &f.note).await {
        Ok(()) => Ok(Redirect::to(&format!("/questions/{id}")).into_response()),
        Err(AppError::Validation(errors)) => refused(f.again(&state, page, Some(id), errors, vec![]).await?),
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "community/answer_edit.html")]
struct AnswerEditPage {
    page: Page,
    id: AnswerId,
    question_id: QuestionId,
    body: String,
    errors: FieldErrors,
}

async fn answer_edit_form(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<AnswerId>,
) -> AppResult<Html<String>> {
    let a = store::questions::visible_answer(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if a.author_id != user.id {
        reputation::require(&state.db, &user, Privilege::EditOthers).await?;
    }
    let page = page.titled("answer-edit-title");
    let form = AnswerEditPage { page, id, question_id: a.question_id, body: a.body, errors: FieldErrors::default() };
    Ok(Html(form.render()?))
}

#[derive(Deserialize)]
struct AnswerEditForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    note: String,
}

async fn answer_edit(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<AnswerId>,
    VerifiedForm(f): VerifiedForm<AnswerEditForm>,
) -> AppResult<Response> {
    match questions::edit_answer(&state, &user, id, &AnswerInput { body: f.body.clone() }, &f.note).await {
        Ok(q) => Ok(Redirect::to(&format!("/questions/{q}#answer-{id}")).into_response()),
        Err(AppError::Validation(errors)) => {
            let a = store::questions::visible_answer(&state.db, id).await?.ok_or(AppError::NotFound)?;
            let page = page.titled("answer-edit-title");
            let form = AnswerEditPage { page, id, question_id: a.question_id, body: f.body, errors };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(form.render()?)).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "community/revisions.html")]
struct HistoryPage {
    page: Page,
    back: String,
    revisions: Vec<RevisionView>,
}

async fn question_history(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<QuestionId>,
) -> AppResult<Html<String>> {
    store::questions::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let mut revisions = questions::history(&state, "question", id.0).await?;
    revisions.reverse();
    let page = page.titled("revisions-title");
    Ok(Html(HistoryPage { page, back: format!("/questions/{id}"), revisions }.render()?))
}

async fn answer_history(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<AnswerId>,
) -> AppResult<Html<String>> {
    let a = store::questions::visible_answer(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let mut revisions = questions::history(&state, "answer", id.0).await?;
    revisions.reverse();
    let page = page.titled("revisions-title");
    Ok(Html(HistoryPage { page, back: format!("/questions/{}#answer-{id}", a.question_id), revisions }.render()?))
}

#[derive(Deserialize)]
struct DuplicateForm {
    #[serde(default)]
    duplicate_of: String,
}

async fn duplicate(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<QuestionId>,
    VerifiedForm(f): VerifiedForm<DuplicateForm>,
) -> AppResult<Response> {
    let typed = bangla::to_ascii_digits(&f.duplicate_of);
    let typed = typed.trim().trim_start_matches('#').rsplit('/').next().unwrap_or("").to_owned();
    let of = if typed.is_empty() { None } else { Some(typed.parse::<QuestionId>().unwrap_or(QuestionId(0))) };
    match questions::close_as_duplicate(&state, &user, id, of).await {
        Ok(()) => Ok(Redirect::to(&format!("/questions/{id}")).into_response()),
        Err(AppError::Validation(errors)) => {
            let html = question_page(&state, page, id, String::new(), errors).await?.render()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => Err(e),
    }
}

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

async fn reputation_page(State(state): State<AppState>, page: Page, Path(id): Path<UserId>) -> AppResult<Html<String>> {
    let user = crate::accounts::store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let rep = reputation::of(&state.db, id).await?;
    let ladder = Privilege::ALL.iter().map(|p| (*p, rep.points >= p.points())).collect();
    let mut page = page.titled("reputation-title");
    page.title = format!("{} · {}", page.title, user.name);
    let own = page.user.as_ref().is_some_and(|u| u.id == id);
    let reviews_reports = own && rep.points >= Privilege::ReviewReports.points();
    Ok(Html(ReputationPage { page, name: user.name, rep, ladder, reviews_reports }.render()?))
}
