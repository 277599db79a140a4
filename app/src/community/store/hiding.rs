//! What moderation needs of community items: find one whatever its
//! visibility, and hide or show it.

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;

use crate::community::entity::{answer, comment, idea, post, question};

/// Author, title (or the first words), where it is shown, and hidden.
pub struct Found {
    pub author: crate::ids::UserId,
    pub title: String,
    pub link: String,
    pub hidden: bool,
}

pub async fn find(db: &impl ConnectionTrait, kind: &str, id: i64) -> Result<Option<Found>, DbErr> {
    Ok(match kind {
        "question" => question::Entity::find_by_id(crate::ids::QuestionId(id))
            .filter(question::Column::DeletedAt.is_null())
            .one(db)
            .await?
            .map(|q| Found { author: q.author_id, title: q.title, link: format!("/questions/{id}"), hidden: q.hidden }),
        "answer" => answer::Entity::find_by_id(crate::ids::AnswerId(id))
            .filter(answer::Column::DeletedAt.is_null())
            .one(db)
            .await?
            .map(|a| Found {
                author: a.author_id,
                title: a.body.chars().take(80).collect(),
                link: format!("/questions/{}#answer-{id}", a.question_id),
                hidden: a.hidden,
            }),
        "post" => post::Entity::find_by_id(crate::ids::PostId(id))
            .filter(post::Column::DeletedAt.is_null())
            .filter(post::Column::Status.eq("published"))
            .one(db)
            .await?
            .map(|p| Found { author: p.author_id, title: p.title, link: format!("/posts/{id}"), hidden: p.hidden }),
        "idea" => idea::Entity::find_by_id(crate::ids::IdeaId(id)).one(db).await?.map(|i| Found {
            author: i.author_id,
            title: i.title,
            link: format!("/ideas/{id}"),
            hidden: i.hidden,
        }),
        "comment" => comment::Entity::find_by_id(crate::ids::DiscussionCommentId(id))
            .filter(comment::Column::DeletedAt.is_null())
            .one(db)
            .await?
            .map(|c| Found {
                author: c.author_id,
                title: c.body.chars().take(80).collect(),
                link: match c.item_kind.as_str() {
                    "answer" => format!("/answers/{}", c.item_id),
                    other => format!("/{other}s/{}", c.item_id),
                },
                hidden: c.hidden,
            }),
        _ => None,
    })
}

pub async fn set_hidden(db: &impl ConnectionTrait, kind: &str, id: i64, hidden: bool) -> Result<(), DbErr> {
    match kind {
        "question" => {
            question::Entity::update_many()
                .col_expr(question::Column::Hidden, Expr::value(hidden))
                .filter(question::Column::Id.eq(id))
                .exec(db)
                .await?;
        }
        "answer" => {
            answer::Entity::update_many()
                .col_expr(answer::Column::Hidden, Expr::value(hidden))
                .filter(answer::Column::Id.eq(id))
                .exec(db)
                .await?;
        }
        "post" => {
            post::Entity::update_many()
                .col_expr(post::Column::Hidden, Expr::value(hidden))
                .filter(post::Column::Id.eq(id))
                .exec(db)
                .await?;
        }
        "idea" => {
            idea::Entity::update_many()
                .col_expr(idea::Column::Hidden, Expr::value(hidden))
                .filter(idea::Column::Id.eq(id))
                .exec(db)
                .await?;
        }
        "comment" => {
            comment::Entity::update_many()
                .col_expr(comment::Column::Hidden, Expr::value(hidden))
                .filter(comment::Column::Id.eq(id))
                .exec(db)
                .await?;
        }
        _ => {}
    }
    Ok(())
}

/// The question a question, answer or comment belongs to, if any.
pub async fn question_of(
    db: &impl ConnectionTrait,
    kind: &str,
    id: i64,
) -> Result<Option<crate::ids::QuestionId>, DbErr> {
    let (kind, id) = match kind {
        "comment" => match comment::Entity::find_by_id(crate::ids::DiscussionCommentId(id)).one(db).await? {
            Some(c) => (c.item_kind, c.item_id),
            None => return Ok(None),
        },
        other => (other.to_owned(), id),
    };
    Ok(match kind.as_str() {
        "question" => Some(crate::ids::QuestionId(id)),
        "answer" => answer::Entity::find_by_id(crate::ids::AnswerId(id)).one(db).await?.map(|a| a.question_id),
        _ => None,
    })
}
