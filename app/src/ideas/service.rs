//! Ideas to the authorities: a teacher addresses an idea, suggestion or
//! concern to the nation, her district or her upazila; colleagues support
//! it; an officer of that place (or a moderator) gives it a status with a
//! public response, and the author and supporters are told.

use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::entity::idea;
use super::model::{IdeaKind, IdeaScope, IdeaStatus};
use super::store::{self, IdeaFilter, NewIdea};
use crate::discussion::comments::{self, CommentLine};
use crate::discussion::markdown;
use crate::ids::{DistrictId, IdeaId, UpazilaId, UserId};
use crate::items::ItemRef;
use crate::officers::Reach;
use crate::questions::model::{Author, TITLE_MAX, TITLE_MIN, check_body};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors, Role};

pub const RESPONSE_MAX: usize = 5000;

#[derive(Deserialize, ToSchema, Default, Clone, Debug)]
pub struct IdeaInput {
    /// Needed (a missing one is named among the form's errors).
    #[serde(default)]
    #[schema(required = true, value_type = IdeaKind)]
    pub kind: Option<IdeaKind>,
    #[serde(default)]
    #[schema(required = true, min_length = 10, max_length = 150)]
    pub title: String,
    /// Markdown.
    #[serde(default)]
    #[schema(required = true, min_length = 20, max_length = 20000)]
    pub body: String,
    /// The teacher's own district or upazila (from her profile), or the nation.
    #[serde(default)]
    #[schema(required = true, value_type = IdeaScope)]
    pub scope: Option<IdeaScope>,
}

#[derive(Deserialize, ToSchema, Clone, Debug)]
pub struct StatusInput {
    #[serde(default)]
    #[schema(required = true, value_type = IdeaStatus)]
    pub status: Option<IdeaStatus>,
    /// The public response the author and supporters read.
    #[serde(default)]
    #[schema(required = true, min_length = 1, max_length = 5000)]
    pub response: String,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct IdeaView {
    pub id: IdeaId,
    pub kind: IdeaKind,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub author: Author,
    pub scope: IdeaScope,
    pub district_id: Option<DistrictId>,
    pub upazila_id: Option<UpazilaId>,
    /// The place's name in the caller's language (empty for national).
    pub place: String,
    pub status: IdeaStatus,
    pub response: Option<String>,
    pub responder: Option<Author>,
    pub responded_at: Option<chrono::DateTime<chrono::Utc>>,
    pub support_count: i64,
    /// Does the caller support it?
    pub supported: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Present on a single idea, empty in lists.
    pub comments: Vec<CommentLine>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct IdeaPage {
    pub items: Vec<IdeaView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

pub async fn submit(state: &AppState, who: &CurrentUser, input: &IdeaInput) -> AppResult<idea::Model> {
    let mut errors = FieldErrors::default();
    if input.kind.is_none() {
        errors.add("kind", "field-idea-kind");
    }
    let title = bangla::normalize(&input.title);
    if crate::web::text::visible_len(&input.title) < TITLE_MIN {
        errors.add("title", "field-question-title-short");
    } else if input.title.chars().count() > TITLE_MAX {
        errors.add("title", "field-too-long");
    }
    let body = check_body(&input.body, &mut errors);
    if input.scope.is_none() {
        errors.add("scope", "field-idea-scope");
    }
    let (Some(kind), Some(scope)) = (input.kind, input.scope) else { return Err(AppError::Validation(errors)) };
    errors.into_result()?;
    crate::blocklist::check(state, &[("title", &title), ("body", &markdown::text_to_check(&body))]).await?;
    crate::discussion::limits::check(state, who, crate::discussion::limits::Writing::Post).await?;
    let me = crate::accounts::store::find(&state.db, who.id).await?.ok_or(AppError::LoginRequired)?;
    let (district_id, upazila_id) = match scope {
        IdeaScope::District => {
            (Some(me.district_id.ok_or_else(|| AppError::invalid("scope", "field-idea-place-missing"))?), None)
        }
        IdeaScope::Upazila => {
            let u = me.upazila_id.ok_or_else(|| AppError::invalid("scope", "field-idea-place-missing"))?;
            (me.district_id, Some(u))
        }
        IdeaScope::National => (None, None),
    };
    let n = NewIdea { author: who.id, kind, title: &title, body: &body, scope, district_id, upazila_id };
    let row = store::insert(&state.db, n).await?;
    crate::jobs::search_later(&state.db, row.id).await?;
    Ok(row)
}

pub async fn support(state: &AppState, who: &CurrentUser, id: IdeaId, on: bool) -> AppResult<i64> {
    let i = store::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if i.author_id == who.id {
        return Err(AppError::NotAllowed { code: "own_item", key: "idea-support-own" });
    }
    let txn = state.db.begin().await?;
    let n = store::set_support(&txn, id, who.id, on).await?;
    txn.commit().await?;
    super::kept::forget(state, id);
    super::kept::forget_support(state, who.id, id);
    crate::jobs::search_later(&state.db, id).await?;
    Ok(n)
}

/// May `who` answer for `idea`'s place? Moderators for any; an officer for
/// ideas addressed to the place an administrator assigned her: her upazila,
/// her district (and its upazilas), or all with the nation. Never by the
/// place her profile names, and not at all without an assignment.
pub async fn may_respond(state: &AppState, who: &CurrentUser, i: &idea::Model) -> AppResult<bool> {
    may_respond_for(state, who, i.scope, i.district_id, i.upazila_id).await
}

pub async fn may_respond_for(
    state: &AppState,
    who: &CurrentUser,
    scope: IdeaScope,
    district: Option<DistrictId>,
    upazila: Option<UpazilaId>,
) -> AppResult<bool> {
    if who.role.can_moderate() {
        return Ok(true);
    }
    if who.role != Role::Officer {
        return Ok(false);
    }
    Ok(match crate::officers::reach_if_any(state, who.id).await? {
        Some(Reach::Nation) => true,
        Some(reach) => scope != IdeaScope::National && reach.covers(district, upazila),
        None => false,
    })
}

pub async fn set_status(state: &AppState, who: &CurrentUser, id: IdeaId, input: &StatusInput) -> AppResult<()> {
    let i = store::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !may_respond(state, who, &i).await? {
        return Err(AppError::NotAllowed { code: "not_this_place", key: "idea-not-your-place" });
    }
    let mut errors = FieldErrors::default();
    if input.status.is_none() {
        errors.add("status", "field-idea-status");
    }
    let response = bangla::normalize_lines(&input.response);
    if crate::web::text::visible_len(&input.response) == 0 {
        errors.add("response", "field-idea-response");
    } else if input.response.chars().count() > RESPONSE_MAX {
        errors.add("response", "field-too-long");
    }
    let Some(status) = input.status else { return Err(AppError::Validation(errors)) };
    errors.into_result()?;
    let txn = state.db.begin().await?;
    store::set_status(&txn, id, status, &response, who.id).await?;
    let link = format!("/ideas/{id}");
    let mut told: Vec<UserId> = store::supporters(&txn, id).await?;
    told.push(i.author_id);
    for user in told {
        crate::notifications::store::notify(&txn, user, "notify-idea-status", &i.title, &link).await?;
    }
    let detail = serde_json::json!({ "status": status });
    crate::audit::record(&txn, Some(who.id), "idea.status", id, detail).await?;
    txn.commit().await?;
    super::kept::forget(state, id);
    crate::jobs::search_later(&state.db, id).await?;
    Ok(())
}

pub async fn list(state: &AppState, f: &IdeaFilter, viewer: Option<&CurrentUser>) -> AppResult<IdeaPage> {
    let (rows, total) = store::list(&state.db, f).await?;
    let mut items = Vec::with_capacity(rows.len());
    let lang = viewer.map(|v| v.lang).unwrap_or(crate::web::Lang::Bn);
    for r in rows {
        items.push(view_of(state, r, lang, false).await?);
    }
    Ok(IdeaPage { items, total, page: f.page, per_page: f.per_page })
}

/// An idea as `viewer` sees it: the shared view (kept a few seconds) with
/// her own support marked.
pub async fn view(state: &AppState, id: IdeaId, viewer: Option<&CurrentUser>) -> AppResult<IdeaView> {
    let lang = viewer.map(|v| v.lang).unwrap_or(crate::web::Lang::Bn);
    let shared = super::kept::idea(state, id, lang).await?;
    let mut view = (*shared).clone();
    if let Some(v) = viewer {
        view.supported = super::kept::supports(state, v.id, id).await?;
    }
    Ok(view)
}

/// The idea as everyone reading in `lang` sees it.
pub async fn build(state: &AppState, id: IdeaId, lang: crate::web::Lang) -> AppResult<IdeaView> {
    let i = store::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
    view_of(state, i, lang, true).await
}

async fn view_of(state: &AppState, i: idea::Model, lang: crate::web::Lang, full: bool) -> AppResult<IdeaView> {
    let mut people = vec![i.author_id];
    people.extend(i.responder_id);
    let people = crate::questions::views::authors(state, people).await?;
    let author_of = |id: UserId| people.get(&id).cloned().unwrap_or(Author { id, name: String::new(), reputation: 0 });
    let place = match (i.upazila_id, i.district_id) {
        (Some(u), _) => crate::places::store::upazila(&state.db, u).await?.map(|x| pick(lang, x.name_bn, x.name_en)),
        (None, Some(d)) => {
            crate::places::store::district(&state.db, d).await?.map(|x| pick(lang, x.name_bn, x.name_en))
        }
        _ => None,
    }
    .unwrap_or_default();
    let supported = false;
    let comments = if full { comments::of(state, ItemRef::from(i.id)).await? } else { Vec::new() };
    Ok(IdeaView {
        comments,
        body_html: if full { markdown::to_html(&i.body) } else { String::new() },
        author: author_of(i.author_id),
        responder: i.responder_id.map(author_of),
        place,
        supported,
        id: i.id,
        kind: i.kind,
        title: i.title,
        body: if full { i.body } else { markdown::excerpt(&i.body, 160) },
        scope: i.scope,
        district_id: i.district_id,
        upazila_id: i.upazila_id,
        status: i.status,
        response: i.response,
        responded_at: i.responded_at,
        support_count: i.support_count,
        created_at: i.created_at,
    })
}

fn pick(lang: crate::web::Lang, bn: String, en: String) -> String {
    if lang == crate::web::Lang::Bn { bn } else { en }
}
