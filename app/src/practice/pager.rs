//! Newer and older pages of a journal or the school's board: the `?page=`
//! they take and the links `practice/_pager.html` shows.

use serde::Deserialize;

use crate::web::Page;

/// The links to the newer and older pages of a journal or the school's
/// board (`practice/_pager.html`); the first page's address has no number.
pub(super) struct Pager {
    pub newer: Option<String>,
    pub older: Option<String>,
}

impl Pager {
    pub fn new(page: &Page, number: u64, more: bool) -> Pager {
        let href = |n: u64| if n <= 1 { page.path.clone() } else { format!("{}?page={n}", page.path) };
        Pager { newer: (number > 1).then(|| href(number - 1)), older: more.then(|| href(number + 1)) }
    }
}

/// `?page=` of a journal or the school's board.
#[derive(Deserialize)]
pub(super) struct PageQuery {
    page: Option<String>,
}

impl PageQuery {
    /// The page asked for; anything but 1–100,000 is the first.
    pub fn number(&self) -> u64 {
        self.page.as_deref().and_then(|p| p.parse().ok()).filter(|n| (1..=100_000).contains(n)).unwrap_or(1)
    }
}
