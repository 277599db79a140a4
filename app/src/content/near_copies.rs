//! Near-copies of a content: other contents whose file has nearly the same
//! text (the same worksheet saved again, lightly edited, or exported to
//! another format). Its author and moderators see them, so the author can
//! credit, improve or withdraw hers and moderators can merge the library.

use serde::Serialize;
use utoipa::ToSchema;

use super::model::ContentId;
use super::service;
use super::store;
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser};

/// Near-copies listed at most.
const SHOWN: u64 = 5;

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct NearCopy {
    pub id: ContentId,
    pub title: String,
    pub author_name: String,
    /// Estimated share of the text in common, in per cent (70–100).
    pub percent: i64,
}

/// The near-copies of `id`, for its author or a moderator.
pub async fn of(state: &AppState, who: &CurrentUser, id: ContentId) -> AppResult<Vec<NearCopy>> {
    let row = service::visible_to(state, Some(who), id).await?;
    if row.author_id != who.id && !who.role.can_moderate() {
        return Err(AppError::Forbidden);
    }
    let Some(blob) = row.blob_id else { return Ok(Vec::new()) };
    let near = crate::media::likeness::near_copies(&state.db, blob).await?;
    if near.is_empty() {
        return Ok(Vec::new());
    }
    let blobs: Vec<_> = near.iter().map(|(b, _)| *b).collect();
    let rows = store::with_blobs(&state.db, &blobs, SHOWN).await?;
    let authors: Vec<_> = rows.iter().map(|r| r.author_id).collect();
    let names = crate::accounts::store::names_of(&state.db, &authors).await?;
    let mut found: Vec<NearCopy> = rows
        .into_iter()
        .filter(|r| r.id != id)
        .map(|r| {
            let share = near.iter().find(|(b, _)| Some(*b) == r.blob_id).map_or(0.0, |(_, s)| *s);
            NearCopy {
                id: r.id,
                author_name: names.get(&r.author_id).cloned().unwrap_or_default(),
                title: r.title,
                percent: (share * 100.0).round() as i64,
            }
        })
        .collect();
    found.sort_by(|a, b| b.percent.cmp(&a.percent).then(a.id.0.cmp(&b.id.0)));
    Ok(found)
}
