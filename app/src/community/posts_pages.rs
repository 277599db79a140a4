//! The blog pages: the list, a post, and the writing form. Without
//! JavaScript the form has "save draft", "preview" and "publish" buttons;
//! with it, `post.js` also saves the draft a few seconds after each change.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::markdown;
use super::posts::{self, CATEGORIES, PostInput, PostPage, PostView};
use super::posts_api::PostParams;
use super::store::posts::PostFilter;
use super::votes::{self, Item};
use crate::ids::PostId;
use crate::state::AppState;
use crate::web::extract::VerifiedForm;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/posts", get(list))
        .route("/posts/new", get(new_form).post(create))
        .route("/posts/{id}", get(one))
        .route("/posts/{id}/edit", get(edit_form).post(save))
        .route("/posts/{id}/vote", post(vote))
        .route("/posts/{id}/delete", post(delete))
        .route("/my/posts", get(mine))
}

#[derive(Template)]
#[template(path = "community/posts.html")]
struct ListPage {
    page: Page,
    list: PostPage,
    category: Option<String>,
    categories: [&'static str; 4],
    mine: bool,
}

async fn list(State(state): State<AppState>, page: Page, Query(p): Query<PostParams>) -> AppResult<Html<String>> {
    let f = p.filter()?;
    let list = posts::list(&state, &f).await?;
    let page = page.titled("posts-title");
    Ok(Html(ListPage { page, list, category: f.category, categories: CATEGORIES, mine: false }.render()?))
}

async fn mine(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Query(p): Query<PostParams>,
) -> AppResult<Html<String>> {
    let f = PostFilter { mine: Some(user.id), ..p.filter()? };
    let list = posts::list(&state, &f).await?;
    let page = page.titled("my-posts-title");
    Ok(Html(ListPage { page, list, category: None, categories: CATEGORIES, mine: true }.render()?))
}

#[derive(Template)]
#[template(path = "community/post.html")]
struct PostPageView {
    page: Page,
    post: PostView,
    is_author: bool,
    reported: bool,
}

impl PostPageView {
    fn markdown(&self, html: &str) -> askama::filters::Safe<String> {
        // Rendered by `markdown::to_html`, which sanitises.
        askama::filters::Safe(html.to_owned())
    }
}

async fn one(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<PostId>,
    Query(n): Query<super::pages::NoticeQuery>,
) -> AppResult<Html<String>> {
    let post = posts::view(&state, id, page.user.as_ref()).await?;
    let is_author = page.user.as_ref().is_some_and(|u| u.id == post.author.id);
    let mut page = page;
    page.title = post.title.clone();
    Ok(Html(PostPageView { page, post, is_author, reported: n.reported() }.render()?))
}

#[derive(Template)]
#[template(path = "community/post_form.html")]
struct FormPage {
    page: Page,
    editing: Option<PostId>,
    published: bool,
    title: String,
    body: String,
    category: String,
    tags: String,
    categories: [&'static str; 4],
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

async fn new_form(State(state): State<AppState>, page: Page, _user: CurrentUser) -> AppResult<Html<String>> {
    let form = FormPage {
        page: page.titled("post-new-title"),
        editing: None,
        published: false,
        title: String::new(),
        body: String::new(),
        category: "pedagogy".into(),
        tags: String::new(),
        categories: CATEGORIES,
        errors: FieldErrors::default(),
        preview: None,
        saved: false,
        script_href: script_href(&state),
    };
    Ok(Html(form.render()?))
}

#[derive(Deserialize)]
struct PostForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    tags: String,
    /// draft | preview | publish
    #[serde(default)]
    action: String,
}

impl PostForm {
    fn input(&self) -> PostInput {
        PostInput {
            title: self.title.clone(),
            body: self.body.clone(),
            category: self.category.clone(),
            tags: vec![self.tags.clone()],
            publish: self.action == "publish",
        }
    }
    fn refused(
        self,
        state: &AppState,
        page: Page,
        editing: Option<PostId>,
        published: bool,
        errors: FieldErrors,
    ) -> AppResult<Response> {
        let form = FormPage {
            page,
            editing,
            published,
            title: self.title,
            body: self.body,
            category: self.category,
            tags: self.tags,
            categories: CATEGORIES,
            errors,
            preview: None,
            saved: false,
            script_href: script_href(state),
        };
        Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(form.render()?)).into_response())
    }
}

/// Where the form goes after a save: the post when published, else back
/// to the form (with the preview when asked).
fn after(id: PostId, action: &str) -> Response {
    match action {
        "publish" => Redirect::to(&format!("/posts/{id}")).into_response(),
        "preview" => Redirect::to(&format!("/posts/{id}/edit?preview=1#preview")).into_response(),
        _ => Redirect::to(&format!("/posts/{id}/edit?saved=1")).into_response(),
    }
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    VerifiedForm(f): VerifiedForm<PostForm>,
) -> AppResult<Response> {
    let input = f.input();
    if input.publish {
        // Keep the text as a draft first, so a refused publish loses nothing.
        let draft = PostInput { publish: false, ..input.clone() };
        match posts::create(&state, &user, &draft).await {
            Ok(p) => return publish_or_refuse(&state, page, &user, p.id, f).await,
            Err(AppError::Validation(errors)) => {
                return f.refused(&state, page.titled("post-new-title"), None, false, errors);
            }
            Err(e) => return Err(e),
        }
    }
    match posts::create(&state, &user, &input).await {
        Ok(p) => Ok(after(p.id, &f.action)),
        Err(AppError::Validation(errors)) => f.refused(&state, page.titled("post-new-title"), None, false, errors),
        Err(e) => Err(e),
    }
}

async fn publish_or_refuse(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    id: PostId,
    f: PostForm,
) -> AppResult<Response> {
    match posts::update(state, user, id, &f.input()).await {
        Ok(()) => Ok(after(id, &f.action)),
        Err(AppError::Validation(errors)) => f.refused(state, page.titled("post-edit-title"), Some(id), false, errors),
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
struct EditQuery {
    preview: Option<String>,
    saved: Option<String>,
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<PostId>,
    Query(q): Query<EditQuery>,
) -> AppResult<Html<String>> {
    let p = posts::own(&state, &user, id).await?;
    let tags = super::store::posts::tags_of(&state.db, &[id]).await?.into_iter().map(|(_, t)| t).collect::<Vec<_>>();
    let form = FormPage {
        page: page.titled("post-edit-title"),
        editing: Some(id),
        published: p.status == "published",
        preview: q.preview.is_some().then(|| markdown::to_html(&p.body)),
        title: p.title,
        body: p.body,
        category: p.category,
        tags: tags.join(", "),
        categories: CATEGORIES,
        errors: FieldErrors::default(),
        saved: q.saved.is_some(),
        script_href: script_href(&state),
    };
    Ok(Html(form.render()?))
}

async fn save(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    Path(id): Path<PostId>,
    VerifiedForm(f): VerifiedForm<PostForm>,
) -> AppResult<Response> {
    let published = posts::own(&state, &user, id).await?.status == "published";
    match posts::update(&state, &user, id, &f.input()).await {
        Ok(()) => Ok(after(id, &f.action)),
        Err(AppError::Validation(errors)) => {
            f.refused(&state, page.titled("post-edit-title"), Some(id), published, errors)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct VoteForm {
    value: String,
}

async fn vote(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PostId>,
    VerifiedForm(f): VerifiedForm<VoteForm>,
) -> AppResult<Response> {
    votes::vote(&state, &user, Item::Post(id), f.value.trim().parse().unwrap_or(99)).await?;
    Ok(Redirect::to(&format!("/posts/{id}#likes")).into_response())
}

async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PostId>,
    VerifiedForm(_): VerifiedForm<crate::web::extract::TokenOnlyForm>,
) -> AppResult<Response> {
    posts::delete(&state, &user, id).await?;
    Ok(Redirect::to("/my/posts").into_response())
}
