//! Short comments under questions, answers, ideas and posts: to ask for a
//! detail or add a tip, not to answer. Commenting on others' questions and
//! answers is a privilege (see reputation); on one's own question, on
//! answers to it, and on ideas and posts, any signed-in teacher may.

use std::collections::HashMap;

use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::reputation::{self, Privilege};
use super::store::comments as store;
use super::store::{ideas, posts, questions};
use crate::ids::{AnswerId, DiscussionCommentId, IdeaId, PostId, QuestionId, UserId};
use crate::state::AppState;
use crate::web::{AppError, AppResult, CurrentUser, FieldErrors};

pub const COMMENT_MIN: usize = 1;
pub const COMMENT_MAX: usize = 1000;

/// What a comment is under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Question(QuestionId),
    Answer(AnswerId),
    Idea(IdeaId),
    Post(PostId),
}

impl Target {
    pub fn kind(self) -> &'static str {
        match self {
            Target::Question(_) => "question",
            Target::Answer(_) => "answer",
            Target::Idea(_) => "idea",
            Target::Post(_) => "post",
        }
    }
    pub fn id(self) -> i64 {
        match self {
            Target::Question(q) => q.0,
            Target::Answer(a) => a.0,
            Target::Idea(i) => i.0,
            Target::Post(p) => p.0,
        }
    }
}

#[derive(Deserialize, ToSchema, Debug)]
#[schema(as = DiscussionCommentInput)]
pub struct CommentInput {
    #[serde(default)]
    #[schema(required = true, min_length = 1, max_length = 1000)]
    pub body: String,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct CommentLine {
    pub id: DiscussionCommentId,
    pub author_id: UserId,
    pub author_name: String,
    /// Plain text (shown escaped).
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// Who wrote the item, where it is shown, its title, and whose question it
/// belongs to (an answer's asker may always comment under it).
async fn about(state: &AppState, t: Target) -> AppResult<(UserId, String, String, Option<UserId>)> {
    Ok(match t {
        Target::Question(id) => {
            let q = questions::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
            (q.author_id, format!("/questions/{id}"), q.title, Some(q.author_id))
        }
        Target::Answer(id) => {
            let a = questions::visible_answer(&state.db, id).await?.ok_or(AppError::NotFound)?;
            let q = questions::visible(&state.db, a.question_id).await?.ok_or(AppError::NotFound)?;
            (a.author_id, format!("/questions/{}#answer-{id}", q.id), q.title, Some(q.author_id))
        }
        Target::Idea(id) => {
            let i = ideas::visible(&state.db, id).await?.ok_or(AppError::NotFound)?;
            (i.author_id, format!("/ideas/{id}"), i.title, None)
        }
        Target::Post(id) => {
            let p = posts::find(&state.db, id).await?.filter(|p| p.status == "published" && !p.hidden);
            let p = p.ok_or(AppError::NotFound)?;
            (p.author_id, format!("/posts/{id}"), p.title, None)
        }
    })
}

pub async fn add(state: &AppState, who: &CurrentUser, t: Target, input: &CommentInput) -> AppResult<CommentLine> {
    let body = bangla::normalize(&input.body);
    let mut errors = FieldErrors::default();
    if crate::web::text::visible_len(&input.body) < COMMENT_MIN {
        errors.add("body", "field-comment-empty");
    } else if input.body.chars().count() > COMMENT_MAX {
        errors.add("body", "field-too-long");
    }
    errors.into_result()?;
    crate::blocklist::check(state, &[("body", &body)]).await?;
    let (author, link, title, asker) = about(state, t).await?;
    let own_thread = author == who.id || asker == Some(who.id);
    if matches!(t, Target::Question(_) | Target::Answer(_)) && !own_thread {
        reputation::require(&state.db, who, Privilege::CommentEverywhere).await?;
    }
    super::limits::check(state, who, super::limits::Writing::Comment).await?;
    let txn = state.db.begin().await?;
    let row = store::insert(&txn, t.kind(), t.id(), who.id, &body).await?;
    let link = format!("{link}#comment-{}", row.id);
    if author != who.id {
        crate::notifications::store::notify(&txn, author, "notify-comment", &title, &link).await?;
    }
    let mut people: Vec<UserId> =
        store::on(&txn, t.kind(), &[t.id()]).await?.into_iter().map(|c| c.author_id).collect();
    people.push(author);
    people.extend(asker);
    super::mentions::notify(&txn, &body, &people, who.id, &title, &link).await?;
    txn.commit().await?;
    changed(state, t.kind(), t.id()).await?;
    Ok(CommentLine { id: row.id, author_id: who.id, author_name: who.name.clone(), body, created_at: row.created_at })
}

/// Deletes one's own comment (moderators: any).
pub async fn delete(state: &AppState, who: &CurrentUser, id: DiscussionCommentId) -> AppResult<String> {
    let c = store::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if c.author_id != who.id && !who.role.can_moderate() {
        return Err(AppError::Forbidden);
    }
    store::soft_delete(&state.db, id).await?;
    changed(state, &c.item_kind, c.item_id).await?;
    if c.author_id != who.id {
        let detail = serde_json::json!({"item_kind": c.item_kind, "item_id": c.item_id});
        crate::audit::record(&state.db, Some(who.id), "comment.delete", "discussion_comment", id.0, detail).await?;
    }
    Ok(match c.item_kind.as_str() {
        "idea" => format!("/ideas/{}", c.item_id),
        "post" => format!("/posts/{}", c.item_id),
        "answer" => format!("/answers/{}", c.item_id),
        _ => format!("/questions/{}", c.item_id),
    })
}

/// A comment under a question or answer changes the question's kept page.
pub async fn changed(state: &AppState, kind: &str, id: i64) -> AppResult<()> {
    match kind {
        "question" => super::kept::forget(state, QuestionId(id)),
        "answer" => {
            if let Some(a) = questions::visible_answer(&state.db, AnswerId(id)).await? {
                super::kept::forget(state, a.question_id);
            }
        }
        "post" => super::kept::forget_post(state, crate::ids::PostId(id)),
        "idea" => super::kept::forget_idea(state, IdeaId(id)),
        _ => {}
    }
    Ok(())
}

/// Comments on several items of one kind, by item.
pub async fn on(state: &AppState, kind: &str, items: &[i64]) -> AppResult<HashMap<i64, Vec<CommentLine>>> {
    let rows = store::on(&state.db, kind, items).await?;
    let ids: Vec<UserId> = rows.iter().map(|c| c.author_id).collect();
    let names = crate::accounts::store::names_of(&state.db, &ids).await?;
    let mut by_item: HashMap<i64, Vec<CommentLine>> = HashMap::new();
    for c in rows {
        by_item.entry(c.item_id).or_default().push(CommentLine {
            id: c.id,
            author_id: c.author_id,
            author_name: names.get(&c.author_id).cloned().unwrap_or_default(),
            body: c.body,
            created_at: c.created_at,
        });
    }
    Ok(by_item)
}
