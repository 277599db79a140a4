//! SQL of the content library: contents and tags, lists, counters; its
//! comments and ratings in the modules beside this one.

pub mod comments;
pub mod demo_time;
pub mod page;
pub mod ratings;
pub mod uses;
pub mod view_days;

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::NotSet, Condition, DatabaseConnection, QueryOrder, QuerySelect, Set, TransactionSession,
    TransactionTrait,
};

use super::entity::{content, tag};
use super::model::{ContentId, ValidContent};
use crate::ids::{BlobId, UserId};
use crate::media::MediaKind;

/// Inside the caller's transaction (a savepoint) when given one.
pub async fn insert(
    db: &impl TransactionTrait<Transaction: TransactionSession>,
    author: UserId,
    v: &ValidContent,
    kind: MediaKind,
    blob_id: Option<BlobId>,
    original_name: Option<String>,
) -> Result<content::Model, DbErr> {
    let now = Utc::now();
    let txn = db.begin().await?;
    let row = content::ActiveModel {
        id: NotSet,
        author_id: Set(author),
        chapter_id: Set(v.chapter_id),
        title: Set(v.title.clone()),
        title_key: Set(bangla::search_key(&v.title)),
        description: Set(v.description.clone()),
        language: Set(v.language.clone()),
        licence: Set(v.licence.clone()),
        kind: Set(kind),
        blob_id: Set(blob_id),
        external_url: Set(v.external_url.clone()),
        original_name: Set(original_name),
        hidden: Set(false),
        deleted_at: Set(None),
        views: Set(0),
        downloads: Set(0),
        rating_sum: Set(0),
        rating_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    replace_tags(&txn, row.id, &v.tags).await?;
    txn.commit().await?;
    Ok(row)
}

async fn replace_tags(db: &impl ConnectionTrait, content_id: ContentId, tags: &[String]) -> Result<(), DbErr> {
    tag::Entity::delete_many().filter(tag::Column::ContentId.eq(content_id)).exec(db).await?;
    if !tags.is_empty() {
        tag::Entity::insert_many(
            tags.iter().map(|t| tag::ActiveModel { content_id: Set(content_id), tag: Set(t.clone()) }),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Changes the details (not the file) of a content.
pub async fn update_details(db: &DatabaseConnection, id: ContentId, v: &ValidContent) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    content::Entity::update_many()
        .col_expr(content::Column::Title, Expr::value(v.title.clone()))
        .col_expr(content::Column::TitleKey, Expr::value(bangla::search_key(&v.title)))
        .col_expr(content::Column::Description, Expr::value(v.description.clone()))
        .col_expr(content::Column::ChapterId, Expr::value(v.chapter_id))
        .col_expr(content::Column::Language, Expr::value(v.language.clone()))
        .col_expr(content::Column::Licence, Expr::value(v.licence.clone()))
        .col_expr(content::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(content::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    replace_tags(&txn, id, &v.tags).await?;
    txn.commit().await
}

pub async fn soft_delete(db: &DatabaseConnection, id: ContentId) -> Result<(), DbErr> {
    content::Entity::update_many()
        .col_expr(content::Column::DeletedAt, Expr::value(Utc::now()))
        .filter(content::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_hidden(db: &impl ConnectionTrait, id: ContentId, hidden: bool) -> Result<(), DbErr> {
    content::Entity::update_many()
        .col_expr(content::Column::Hidden, Expr::value(hidden))
        .filter(content::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Moves a content to another chapter (a moderator's answer to a "wrong
/// chapter" report).
pub async fn set_chapter(
    db: &impl ConnectionTrait,
    id: ContentId,
    chapter: crate::ids::ChapterId,
) -> Result<(), DbErr> {
    content::Entity::update_many()
        .col_expr(content::Column::ChapterId, Expr::value(chapter))
        .col_expr(content::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(content::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// A content that was not deleted (hidden ones included: moderators and
/// the author still reach them).
pub async fn find(db: &DatabaseConnection, id: ContentId) -> Result<Option<content::Model>, DbErr> {
    content::Entity::find_by_id(id).filter(content::Column::DeletedAt.is_null()).one(db).await
}

pub async fn tags(db: &DatabaseConnection, id: ContentId) -> Result<Vec<String>, DbErr> {
    Ok(tag::Entity::find().filter(tag::Column::ContentId.eq(id.0)).all(db).await?.into_iter().map(|t| t.tag).collect())
}

pub async fn count_download(db: &DatabaseConnection, id: ContentId) -> Result<(), DbErr> {
    content::Entity::update_many()
        .col_expr(content::Column::Downloads, Expr::col(content::Column::Downloads).add(1))
        .filter(content::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Other visible contents with the same file, oldest first.
pub async fn with_same_blob(
    db: &DatabaseConnection,
    blob_id: BlobId,
    except: ContentId,
) -> Result<Vec<content::Model>, DbErr> {
    visible()
        .filter(content::Column::BlobId.eq(blob_id.0))
        .filter(content::Column::Id.ne(except.0))
        .order_by_asc(content::Column::Id)
        .limit(5)
        .all(db)
        .await
}

/// Visible contents with any of these files, oldest first.
pub async fn with_blobs(db: &DatabaseConnection, blobs: &[BlobId], limit: u64) -> Result<Vec<content::Model>, DbErr> {
    visible()
        .filter(content::Column::BlobId.is_in(blobs.iter().map(|b| b.0)))
        .order_by_asc(content::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    #[default]
    New,
    Top,
    Downloads,
}

#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    /// Only these chapters (None: any).
    pub chapters: Option<Vec<crate::ids::ChapterId>>,
    pub author: Option<crate::ids::UserId>,
    pub kind: Option<MediaKind>,
    pub language: Option<String>,
    pub sort: Sort,
    pub page: u64,
    pub per_page: u64,
    /// The author's own list shows hidden contents too.
    pub include_hidden: bool,
}

fn visible() -> Select<content::Entity> {
    content::Entity::find().filter(content::Column::DeletedAt.is_null()).filter(content::Column::Hidden.eq(false))
}

/// One page of contents and the total number.
pub async fn list(db: &DatabaseConnection, f: &ListFilter) -> Result<(Vec<content::Model>, u64), DbErr> {
    let total = filtered(f).count(db).await?;
    Ok((page_of(db, f).await?, total))
}

/// One page of contents, without counting them all (short lists).
pub async fn page_of(db: &DatabaseConnection, f: &ListFilter) -> Result<Vec<content::Model>, DbErr> {
    let q = match f.sort {
        Sort::New => filtered(f).order_by_desc(content::Column::CreatedAt),
        Sort::Downloads => filtered(f).order_by_desc(content::Column::Downloads),
        Sort::Top => filtered(f).order_by_desc(Expr::cust(format!(
            "(rating_sum + {}) / (rating_count + {})",
            super::model::PRIOR_MEAN * super::model::PRIOR_VOTES,
            super::model::PRIOR_VOTES
        ))),
    };
    q.order_by_desc(content::Column::Id).offset(f.page * f.per_page).limit(f.per_page).all(db).await
}

fn filtered(f: &ListFilter) -> Select<content::Entity> {
    let q =
        if f.include_hidden { content::Entity::find().filter(content::Column::DeletedAt.is_null()) } else { visible() };
    let mut cond = Condition::all();
    if let Some(chapters) = &f.chapters {
        cond = cond.add(content::Column::ChapterId.is_in(chapters.iter().copied()));
    }
    if let Some(a) = f.author {
        cond = cond.add(content::Column::AuthorId.eq(a));
    }
    if let Some(k) = f.kind {
        cond = cond.add(content::Column::Kind.eq(k.as_str()));
    }
    if let Some(l) = &f.language {
        cond = cond.add(content::Column::Language.eq(l.as_str()));
    }
    q.filter(cond)
}

/// How many visible contents each chapter has.
pub async fn counts_by_chapter(
    db: &DatabaseConnection,
    chapters: &[crate::ids::ChapterId],
) -> Result<Vec<(crate::ids::ChapterId, i64)>, DbErr> {
    visible()
        .select_only()
        .column(content::Column::ChapterId)
        .column_as(content::Column::Id.count(), "n")
        .filter(content::Column::ChapterId.is_in(chapters.iter().copied()))
        .group_by(content::Column::ChapterId)
        .into_tuple::<(crate::ids::ChapterId, i64)>()
        .all(db)
        .await
}

/// Newest visible contents by any of `authors`, with any of `tags`, or in
/// any of `chapters` (a teacher's feed), newer than `since` when given.
pub async fn recent_for_feed(
    db: &DatabaseConnection,
    authors: &[UserId],
    tags: &[String],
    chapters: &[crate::ids::ChapterId],
    since: Option<chrono::DateTime<Utc>>,
    limit: u64,
) -> Result<Vec<content::Model>, DbErr> {
    use sea_orm::sea_query::Condition;
    if authors.is_empty() && tags.is_empty() && chapters.is_empty() {
        return Ok(Vec::new());
    }
    let mut any = Condition::any();
    if !authors.is_empty() {
        any = any.add(content::Column::AuthorId.is_in(authors.iter().copied()));
    }
    if !chapters.is_empty() {
        any = any.add(content::Column::ChapterId.is_in(chapters.iter().copied()));
    }
    if !tags.is_empty() {
        let tagged = tag::Entity::find()
            .select_only()
            .column(tag::Column::ContentId)
            .filter(tag::Column::Tag.is_in(tags.iter().cloned()));
        any = any.add(content::Column::Id.in_subquery(sea_orm::QueryTrait::into_query(tagged)));
    }
    let mut q = visible().filter(any);
    if let Some(s) = since {
        q = q.filter(content::Column::CreatedAt.gt(s));
    }
    q.order_by_desc(content::Column::CreatedAt).limit(limit).all(db).await
}

/// The visible contents among `ids`, in the order of `ids`.
pub async fn visible_in_order(db: &DatabaseConnection, ids: &[ContentId]) -> Result<Vec<content::Model>, DbErr> {
    let rows = visible().filter(content::Column::Id.is_in(ids.iter().map(|i| i.0))).all(db).await?;
    let mut by_id: std::collections::HashMap<ContentId, content::Model> = rows.into_iter().map(|r| (r.id, r)).collect();
    Ok(ids.iter().filter_map(|i| by_id.remove(i)).collect())
}
