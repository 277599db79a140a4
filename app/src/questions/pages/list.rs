//! The list of questions: newest, unanswered or most voted, by tag or class.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;

use crate::questions::api::ListParams;
use crate::questions::model::QuestionPage;
use crate::questions::store::questions::Order;
use crate::questions::views;
use crate::state::AppState;
use crate::web::{AppResult, Page};

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

pub(super) async fn all(
    State(state): State<AppState>,
    page: Page,
    Query(p): Query<ListParams>,
) -> AppResult<Html<String>> {
    let filter = p.filter()?;
    let sort = match filter.order {
        Order::Newest => "new",
        Order::Unanswered => "unanswered",
        Order::Votes => "votes",
    };
    let list = views::list(&state, &filter).await?;
    let page = page.titled("questions-title");
    Ok(Html(ListPage { page, list, sort: sort.into(), tag: filter.tag, class: filter.class_number }.render()?))
}
