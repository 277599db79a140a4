//! A chapter's best contents as printed pages
//! (`GET /curriculum/chapters/{id}/pack.pdf`): the ten rated highest, each
//! with what it is, who made it, its description and a QR code to its page,
//! for colleagues without phones to read and to find later. Public, like
//! the chapter's page.

use axum::extract::{Path, State};
use axum::response::Response;

use crate::content::entity::content;
use crate::content::lists;
use crate::content::model::ContentSummary;
use crate::content::store::{self, ListFilter, Sort};
use crate::ids::ChapterId;
use crate::printing::{Block, Pack};
use crate::state::AppState;
use crate::web::{AppError, AppResult, Lang, Page};

/// Contents a chapter's pack prints.
const IN_A_PACK: u64 = 10;
/// A description is cut here: the pack points to the page for the rest.
const DESCRIPTION_CHARS: usize = 600;

pub async fn chapter_pack(State(state): State<AppState>, page: Page, Path(id): Path<ChapterId>) -> AppResult<Response> {
    let place = crate::curriculum::memory::current(&state).await?.place(id).ok_or(AppError::NotFound)?;
    let filter =
        ListFilter { chapters: Some(vec![id]), sort: Sort::Top, page: 0, per_page: IN_A_PACK, ..Default::default() };
    let (rows, _) = store::list(&state.db, &filter).await?;
    if rows.is_empty() {
        return Err(AppError::NotFound);
    }
    let items = lists::summaries(&state, rows.clone()).await?;
    let lang = page.lang;
    let title = lang.t_with("pack-chapter-title", &[("chapter", place.chapter(&lang).to_owned())]);
    let subtitle = super::chapter_in_place(lang, &place);
    let public_url = state.config.public_url.clone();
    // Named by what it prints: a content hidden, changed or rated anew
    // makes another pack, never an old copy.
    let printed: Vec<String> = rows
        .iter()
        .zip(&items)
        .map(|(r, i)| format!("{} {} {} {}", r.id.0, r.updated_at.timestamp_millis(), i.rating.count, i.rating.average))
        .collect();
    let key = format!("chapter {id} {} {}", lang.code(), crate::printing::fingerprint(&printed));
    let pdf = crate::printing::kept_or_made(&state, key, move || {
        chapter_pack_of(lang, title, subtitle, &rows, &items, &public_url)
    })
    .await?;
    Ok(crate::printing::attachment(pdf, &format!("batayon-chapter-{id}")))
}

fn chapter_pack_of(
    lang: Lang,
    title: String,
    subtitle: String,
    rows: &[content::Model],
    items: &[ContentSummary],
    public_url: &str,
) -> Pack {
    let mut blocks = vec![Block::Title(title.clone()), Block::Subtitle(subtitle)];
    for (n, item) in items.iter().enumerate() {
        let rating = if item.rating.count > 0 {
            format!("★ {}", lang.digits(&format!("{:.1}", item.rating.average)))
        } else {
            String::new()
        };
        let about = lang.t_with(
            "pack-chapter-about",
            &[("kind", lang.t(&item.kind.label_key())), ("author", item.author_name.clone()), ("rating", rating)],
        );
        blocks.push(Block::Heading(format!("{}. {}", lang.num(n as i64 + 1), item.title)));
        blocks.push(Block::Subtitle(about.trim_end_matches([' ', '·']).to_owned()));
        let description = rows.iter().find(|r| r.id == item.id).map(|r| r.description.trim()).unwrap_or_default();
        if !description.is_empty() {
            let mut text: String = description.chars().take(DESCRIPTION_CHARS).collect();
            if description.chars().count() > DESCRIPTION_CHARS {
                text.push('…');
            }
            blocks.push(Block::Text(text));
        }
        blocks.push(Block::Link {
            url: format!("{public_url}/contents/{}", item.id.0),
            caption: lang.t_with("pack-chapter-scan", &[("title", item.title.clone())]),
        });
    }
    Pack {
        title,
        blocks,
        foot: lang.t("pack-foot"),
        page_number: Box::new(move |n, count| {
            lang.t_with("pack-page", &[("n", lang.num(n as i64)), ("count", lang.num(count as i64))])
        }),
    }
}
