//! SQL of posts: blog posts, their tags and the pictures in them. Nothing
//! else writes these tables.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::NotSet, PaginatorTrait, QueryOrder, QuerySelect, Set};

use super::entity::{post, post_picture as picture, post_tag as tag};
use super::model::{PostCategory, PostStatus};
use crate::discussion::owners::Found;
use crate::ids::{BlobId, PostId, UserId};

pub struct PostText<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub category: PostCategory,
    pub tags: &'a [String],
}

pub async fn insert(db: &impl ConnectionTrait, author: UserId, t: PostText<'_>) -> Result<post::Model, DbErr> {
    let now = Utc::now();
    let row = post::ActiveModel {
        id: NotSet,
        author_id: Set(author),
        title: Set(t.title.to_owned()),
        title_key: Set(bangla::search_key(t.title)),
        body: Set(t.body.to_owned()),
        category: Set(t.category),
        status: Set(PostStatus::Draft),
        score: Set(0),
        hidden: Set(false),
        deleted_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        published_at: Set(None),
    }
    .insert(db)
    .await?;
    set_tags(db, row.id, t.tags).await?;
    Ok(row)
}

pub async fn update(db: &impl ConnectionTrait, id: PostId, t: PostText<'_>) -> Result<(), DbErr> {
    post::Entity::update_many()
        .col_expr(post::Column::Title, Expr::value(t.title))
        .col_expr(post::Column::TitleKey, Expr::value(bangla::search_key(t.title)))
        .col_expr(post::Column::Body, Expr::value(t.body))
        .col_expr(post::Column::Category, Expr::value(t.category.as_str()))
        .col_expr(post::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(post::Column::Id.eq(id))
        .exec(db)
        .await?;
    set_tags(db, id, t.tags).await
}

async fn set_tags(db: &impl ConnectionTrait, id: PostId, tags: &[String]) -> Result<(), DbErr> {
    tag::Entity::delete_many().filter(tag::Column::PostId.eq(id)).exec(db).await?;
    if !tags.is_empty() {
        tag::Entity::insert_many(tags.iter().map(|t| tag::ActiveModel { post_id: Set(id), tag: Set(t.clone()) }))
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Publishes a draft (the first publication date stays).
pub async fn publish(db: &impl ConnectionTrait, id: PostId) -> Result<(), DbErr> {
    let now = Utc::now();
    post::Entity::update_many()
        .col_expr(post::Column::Status, Expr::value(PostStatus::Published.as_str()))
        .col_expr(post::Column::PublishedAt, Expr::value(now))
        .filter(post::Column::Id.eq(id))
        .filter(post::Column::PublishedAt.is_null())
        .exec(db)
        .await?;
    post::Entity::update_many()
        .col_expr(post::Column::Status, Expr::value(PostStatus::Published.as_str()))
        .filter(post::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn soft_delete(db: &impl ConnectionTrait, id: PostId) -> Result<(), DbErr> {
    post::Entity::update_many()
        .col_expr(post::Column::DeletedAt, Expr::value(Utc::now()))
        .filter(post::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// A post that is not deleted (drafts and hidden ones included: the caller
/// decides who may see them).
pub async fn find(db: &impl ConnectionTrait, id: PostId) -> Result<Option<post::Model>, DbErr> {
    post::Entity::find_by_id(id).filter(post::Column::DeletedAt.is_null()).one(db).await
}

/// A published post that is neither deleted nor hidden: what everyone may see.
pub async fn published(db: &impl ConnectionTrait, id: PostId) -> Result<Option<post::Model>, DbErr> {
    post::Entity::find_by_id(id)
        .filter(post::Column::DeletedAt.is_null())
        .filter(post::Column::Status.eq(PostStatus::Published))
        .filter(post::Column::Hidden.eq(false))
        .one(db)
        .await
}

pub async fn tags_of(db: &impl ConnectionTrait, ids: &[PostId]) -> Result<Vec<(PostId, String)>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(tag::Entity::find()
        .filter(tag::Column::PostId.is_in(ids.iter().copied()))
        .order_by_asc(tag::Column::Tag)
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.post_id, t.tag))
        .collect())
}

#[derive(Default)]
pub struct PostFilter {
    pub category: Option<PostCategory>,
    pub tag: Option<String>,
    /// A teacher's own posts, drafts included.
    pub mine: Option<UserId>,
    pub page: u64,
    pub per_page: u64,
}

pub async fn list(db: &impl ConnectionTrait, f: &PostFilter) -> Result<(Vec<post::Model>, u64), DbErr> {
    let mut q = post::Entity::find().filter(post::Column::DeletedAt.is_null());
    match f.mine {
        Some(author) => q = q.filter(post::Column::AuthorId.eq(author)),
        None => q = q.filter(post::Column::Status.eq(PostStatus::Published)).filter(post::Column::Hidden.eq(false)),
    }
    if let Some(c) = f.category {
        q = q.filter(post::Column::Category.eq(c));
    }
    if let Some(t) = &f.tag {
        let tagged = tag::Entity::find().select_only().column(tag::Column::PostId).filter(tag::Column::Tag.eq(t));
        q = q.filter(post::Column::Id.in_subquery(sea_orm::QueryTrait::into_query(tagged)));
    }
    let total = q.clone().count(db).await?;
    let q = if f.mine.is_some() {
        q.order_by_desc(post::Column::UpdatedAt)
    } else {
        q.order_by_desc(post::Column::PublishedAt)
    };
    let rows = q.order_by_desc(post::Column::Id).offset((f.page - 1) * f.per_page).limit(f.per_page).all(db).await?;
    Ok((rows, total))
}

pub async fn add_picture(db: &impl ConnectionTrait, id: PostId, blob: BlobId) -> Result<(), DbErr> {
    let exists = picture::Entity::find_by_id((id, blob)).one(db).await?.is_some();
    if !exists {
        picture::ActiveModel { post_id: Set(id), blob_id: Set(blob), created_at: Set(Utc::now()) }.insert(db).await?;
    }
    Ok(())
}

/// The post a picture was added to, if any (pictures are shown only
/// through a post someone may see).
pub async fn posts_with_picture(db: &impl ConnectionTrait, blob: BlobId) -> Result<Vec<PostId>, DbErr> {
    Ok(picture::Entity::find()
        .filter(picture::Column::BlobId.eq(blob))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.post_id)
        .collect())
}

/// Newest published posts by any of `authors` or with any of `tags`.
pub async fn recent_for_feed(
    db: &impl ConnectionTrait,
    authors: &[UserId],
    tags: &[String],
    since: Option<chrono::DateTime<Utc>>,
    limit: u64,
) -> Result<Vec<post::Model>, DbErr> {
    use sea_orm::sea_query::Condition;
    if authors.is_empty() && tags.is_empty() {
        return Ok(Vec::new());
    }
    let mut any = Condition::any();
    if !authors.is_empty() {
        any = any.add(post::Column::AuthorId.is_in(authors.iter().copied()));
    }
    if !tags.is_empty() {
        let tagged = tag::Entity::find()
            .select_only()
            .column(tag::Column::PostId)
            .filter(tag::Column::Tag.is_in(tags.iter().cloned()));
        any = any.add(post::Column::Id.in_subquery(sea_orm::QueryTrait::into_query(tagged)));
    }
    let mut q = post::Entity::find()
        .filter(post::Column::DeletedAt.is_null())
        .filter(post::Column::Hidden.eq(false))
        .filter(post::Column::Status.eq(PostStatus::Published))
        .filter(any);
    if let Some(s) = since {
        q = q.filter(post::Column::PublishedAt.gt(s));
    }
    q.order_by_desc(post::Column::PublishedAt).limit(limit).all(db).await
}

/// Moves a post's score by `delta` in one statement (no read-modify-write
/// race between two voters) and returns the new score.
pub async fn add_to_score(db: &impl ConnectionTrait, id: PostId, delta: i64) -> Result<i64, DbErr> {
    use sea_orm::sea_query::ExprTrait;
    post::Entity::update_many()
        .col_expr(post::Column::Score, Expr::col(post::Column::Score).add(delta))
        .filter(post::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(post::Entity::find_by_id(id).one(db).await?.map_or(0, |p| p.score))
}

/// A published post whatever its visibility, for moderation.
pub async fn found(db: &impl ConnectionTrait, id: PostId) -> Result<Option<Found>, DbErr> {
    Ok(post::Entity::find_by_id(id)
        .filter(post::Column::DeletedAt.is_null())
        .filter(post::Column::Status.eq(PostStatus::Published))
        .one(db)
        .await?
        .map(|p| Found { author: p.author_id, title: p.title, link: format!("/posts/{id}"), hidden: p.hidden }))
}

pub async fn set_hidden(db: &impl ConnectionTrait, id: PostId, hidden: bool) -> Result<(), DbErr> {
    post::Entity::update_many()
        .col_expr(post::Column::Hidden, Expr::value(hidden))
        .filter(post::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// For the demo only: post `id` goes back `id % weeks` weeks, so the demo
/// has past weeks to award.
pub async fn spread_over_weeks(db: &impl ConnectionTrait, weeks: i64) -> Result<(), DbErr> {
    for p in post::Entity::find().all(db).await? {
        let back = chrono::Duration::days(7 * (p.id.0 % weeks));
        if back.is_zero() {
            continue;
        }
        post::Entity::update_many()
            .col_expr(post::Column::CreatedAt, Expr::value(p.created_at - back))
            .col_expr(post::Column::PublishedAt, Expr::value(p.published_at.map(|t| t - back)))
            .filter(post::Column::Id.eq(p.id))
            .exec(db)
            .await?;
    }
    Ok(())
}
