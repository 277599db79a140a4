//! Writing a post: the form, saving a draft, preview and publishing.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::discussion::markdown;
use crate::ids::PostId;
use crate::posts::model::{PostCategory, PostStatus};
use crate::posts::service::{self as posts, PostInput};
use crate::posts::store;
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::form::{again, redirect_or_again};
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

#[derive(Template)]
#[template(path = "community/post_form.html")]
struct FormPage {
    page: Page,
    editing: Option<PostId>,
    published: bool,
    title: String,
    body: String,
    category: PostCategory,
    tags: String,
    categories: &'static [PostCategory],
    errors: FieldErrors,
    /// The body rendered, when the teacher asked to see it.
    preview: Option<String>,
    saved: bool,
    script_href: String,
}

impl FormPage {
    fn markdown(&self, html: &str) -> askama::filters::Safe<String> {
        // Rendered by `markdown::to_html`, which sanitises.
        askama::filters::Safe(html.to_owned())
    }
}

fn script_href(state: &AppState) -> String {
    crate::web::assets::Assets::of(state).post_js_href.clone()
}

pub(super) async fn new_form(State(state): State<AppState>, page: Page, _user: CurrentUser) -> AppResult<Html<String>> {
    let form = FormPage {
        page: page.titled("post-new-title"),
        editing: None,
        published: false,
        title: String::new(),
        body: String::new(),
        category: PostCategory::Pedagogy,
        tags: String::new(),
        categories: PostCategory::ALL,
        errors: FieldErrors::default(),
        preview: None,
        saved: false,
        script_href: script_href(&state),
    };
    Ok(Html(form.render()?))
}

#[derive(Deserialize)]
pub(super) struct PostForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    tags: String,
    /// draft | preview | publish (a button's value)
    #[serde(default)]
    action: String,
}

impl PostForm {
    fn publishing(&self) -> bool {
        self.action == "publish"
    }

    /// The post typed, or a refusal when the category is none of the words
    /// (an empty one is a draft's, left to the rules of publishing).
    fn input(&self) -> AppResult<PostInput> {
        let category = PostCategory::parse(&self.category);
        if category.is_none() && !self.category.trim().is_empty() {
            return Err(AppError::invalid("category", "field-post-category"));
        }
        Ok(PostInput {
            title: self.title.clone(),
            body: self.body.clone(),
            category,
            tags: vec![self.tags.clone()],
            publish: self.publishing(),
        })
    }

    /// Where to go after a save: the post when published, else back to the
    /// form (with the preview when asked).
    fn after(&self, id: PostId) -> String {
        match self.action.as_str() {
            "publish" => format!("/posts/{id}"),
            "preview" => format!("/posts/{id}/edit?preview=1#preview"),
            _ => format!("/posts/{id}/edit?saved=1"),
        }
    }

    /// The form again with what she typed.
    fn page(
        &self,
        state: &AppState,
        page: Page,
        editing: Option<PostId>,
        published: bool,
        errors: FieldErrors,
    ) -> AppResult<String> {
        let form = FormPage {
            page,
            editing,
            published,
            category: PostCategory::parse(&self.category).unwrap_or(PostCategory::Pedagogy),
            title: self.title.clone(),
            body: self.body.clone(),
            tags: self.tags.clone(),
            categories: PostCategory::ALL,
            errors,
            preview: None,
            saved: false,
            script_href: script_href(state),
        };
        Ok(form.render()?)
    }
}

pub(super) async fn create(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(f): VerifiedForm<PostForm>,
) -> AppResult<Response> {
    let new_again = async |errors| f.page(&state, page.clone().titled("post-new-title"), None, false, errors);
    let input = match f.input() {
        Ok(input) => input,
        Err(e) => return again(e, new_again).await,
    };
    // Kept as a draft first, so a refused publish loses nothing.
    let id = match posts::create(&state, &user, &PostInput { publish: false, ..input.clone() }).await {
        Ok(p) => p.id,
        Err(e) => return again(e, new_again).await,
    };
    if !input.publish {
        return Ok(Redirect::to(&f.after(id)).into_response());
    }
    let published = posts::update(&state, &user, id, &input).await.map(|()| f.after(id));
    redirect_or_again(published, async |errors| f.page(&state, page.titled("post-edit-title"), Some(id), false, errors))
        .await
}

#[derive(Deserialize, Default)]
pub(super) struct EditQuery {
    preview: Option<String>,
    saved: Option<String>,
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<PostId>,
    Query(q): Query<EditQuery>,
) -> AppResult<Html<String>> {
    let p = posts::own(&state, &user, id).await?;
    let tags = store::tags_of(&state.db, &[id]).await?.into_iter().map(|(_, t)| t).collect::<Vec<_>>();
    let form = FormPage {
        page: page.titled("post-edit-title"),
        editing: Some(id),
        published: p.status == PostStatus::Published,
        preview: q.preview.is_some().then(|| markdown::to_html(&p.body)),
        title: p.title,
        body: p.body,
        category: p.category,
        tags: tags.join(", "),
        categories: PostCategory::ALL,
        errors: FieldErrors::default(),
        saved: q.saved.is_some(),
        script_href: script_href(&state),
    };
    Ok(Html(form.render()?))
}

pub(super) async fn save(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<PostId>,
    VerifiedForm(f): VerifiedForm<PostForm>,
) -> AppResult<Response> {
    let published = posts::own(&state, &user, id).await?.status == PostStatus::Published;
    let saved = match f.input() {
        Ok(input) => posts::update(&state, &user, id, &input).await.map(|()| f.after(id)),
        Err(e) => Err(e),
    };
    redirect_or_again(saved, async |errors| f.page(&state, page.titled("post-edit-title"), Some(id), published, errors))
        .await
}
