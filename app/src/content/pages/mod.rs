//! Content pages: sharing, the content page with its downloads, feedback
//! (ratings, comments, reports) and browsing.

mod browse;
mod feedback;
mod pack;
mod share;
mod view;

pub use browse::LIST_PARTS;
pub use feedback::again;
pub use view::Draft;
pub use view::file as download;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::curriculum::model::Level;
use crate::state::AppState;
use crate::web::Lang;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/contents/new", get(share::new_form).post(share::create).layer(DefaultBodyLimit::disable()))
        .route("/contents", get(browse::all))
        .route("/contents/{id}", get(view::page))
        .route("/contents/{id}/file", get(view::file))
        .route("/contents/{id}/renditions/{kind}", get(view::rendition))
        .route("/contents/{id}/edit", get(share::edit_form).post(share::update))
        .route("/contents/{id}/delete", post(share::delete))
        .route("/contents/{id}/rating", post(feedback::rate))
        .route("/contents/{id}/comments", post(feedback::comment))
        .route("/comments/{id}/edit", post(feedback::edit_comment))
        .route("/comments/{id}/delete", post(feedback::delete_comment))
        .route("/my/contents", get(browse::mine))
        .route("/curriculum/chapters/{id}", get(browse::chapter))
        .route("/curriculum/chapters/{id}/pack.pdf", get(pack::chapter_pack))
        .route("/curriculum/subjects/{id}", get(browse::subject))
}

/// A group of chapters in the chapter select (one subject of one class).
pub struct ChapterGroup {
    pub label: String,
    /// "শ্রেণি ৭ · গণিত": what the share form shows beside the chapter chosen.
    pub place: String,
    pub chapters: Vec<(crate::ids::ChapterId, String)>,
}

/// Every chapter, grouped for a plain `<select>` with `<optgroup>`s.
pub fn chapter_groups(levels: &[Level], lang: Lang) -> Vec<ChapterGroup> {
    let mut groups = Vec::new();
    for level in levels {
        for class in &level.classes {
            for subject in &class.subjects {
                if subject.chapters.is_empty() {
                    continue;
                }
                groups.push(ChapterGroup {
                    label: format!("{} · {} · {}", level.name(&lang), class.name(&lang), subject.name(&lang)),
                    place: class_and_subject(lang, class.number, subject.name(&lang)),
                    chapters: subject
                        .chapters
                        .iter()
                        .map(|c| (c.id, format!("{}. {}", lang.num(c.number as i64), c.name(&lang))))
                        .collect(),
                });
            }
        }
    }
    groups
}

/// "শ্রেণি ৭ · গণিত" (class number and subject), in the page's language.
pub fn class_and_subject(lang: Lang, class: i32, subject: &str) -> String {
    lang.t_with("share-chapter-place", &[("class", lang.num(class as i64)), ("subject", subject.to_owned())])
}

/// "শ্রেণি ৭ · গণিত · অধ্যায় ৩: …": a chapter with its class and subject.
pub fn chapter_in_place(lang: Lang, place: &crate::curriculum::model::ChapterPlace) -> String {
    let args = [
        ("place", class_and_subject(lang, place.class_number, place.subject(&lang))),
        ("number", lang.num(place.chapter_number as i64)),
        ("name", place.chapter(&lang).to_owned()),
    ];
    lang.t_with("share-chapter-chosen", &args)
}
