//! Entries built from the database, a batch of ids at a time: only what
//! anyone may see (published, not hidden, not deleted) becomes an entry;
//! an id that gives none is taken out of the index.

use std::collections::HashMap;

use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};

use super::entry::{Entry, Kind, kept};
use crate::accounts::entity::user;
use crate::community::entity::{answer, idea, post, post_tag, question, question_tag};
use crate::content::entity::{content, tag as content_tag};
use crate::curriculum::memory::Curriculum;
use crate::ids::{ContentId, CourseId, IdeaId, PostId, QuestionId, UserId};
use crate::learning::entity::course;

/// Ids of `kind` after `after`, in order, `limit` at most (every row,
/// visible or not: a rebuild walks them all).
pub async fn ids_after(db: &DatabaseConnection, kind: Kind, after: i64, limit: u64) -> Result<Vec<i64>, DbErr> {
    macro_rules! ids {
        ($entity:ident, $id:path) => {
            $entity::Entity::find()
                .select_only()
                .column($entity::Column::Id)
                .filter($entity::Column::Id.gt($id(after)))
                .order_by_asc($entity::Column::Id)
                .limit(limit)
                .into_tuple::<$id>()
                .all(db)
                .await?
                .into_iter()
                .map(|id| id.0)
                .collect()
        };
    }
    Ok(match kind {
        Kind::Content => ids!(content, ContentId),
        Kind::Post => ids!(post, PostId),
        Kind::Question => ids!(question, QuestionId),
        Kind::Idea => ids!(idea, IdeaId),
        Kind::Teacher => ids!(user, UserId),
        Kind::Course => ids!(course, CourseId),
    })
}

/// The entries of the visible items among `ids`.
pub async fn entries(
    db: &DatabaseConnection,
    curriculum: &Curriculum,
    kind: Kind,
    ids: &[i64],
) -> Result<Vec<Entry>, DbErr> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    match kind {
        Kind::Content => contents(db, curriculum, ids).await,
        Kind::Post => posts(db, ids).await,
        Kind::Question => questions(db, curriculum, ids).await,
        Kind::Idea => ideas(db, ids).await,
        Kind::Teacher => teachers(db, ids).await,
        Kind::Course => courses(db, curriculum, ids).await,
    }
}

/// Names and districts of the authors of a batch.
async fn authors(
    db: &DatabaseConnection,
    ids: impl Iterator<Item = UserId>,
) -> Result<HashMap<UserId, user::Model>, DbErr> {
    let mut ids: Vec<UserId> = ids.collect();
    ids.sort();
    ids.dedup();
    Ok(user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|u| (u.id, u)).collect())
}

/// `tags` written after a body, as a teacher would write them (#গণিত).
fn with_tags(mut body: String, tags: Option<&Vec<String>>) -> String {
    for t in tags.into_iter().flatten() {
        body.push_str(&format!(" #{t}"));
    }
    body
}

fn ln1p(n: i64) -> f64 {
    (n.max(0) as f64).ln_1p()
}

async fn contents(db: &DatabaseConnection, curriculum: &Curriculum, ids: &[i64]) -> Result<Vec<Entry>, DbErr> {
    let ids: Vec<ContentId> = ids.iter().map(|i| ContentId(*i)).collect();
    let rows = content::Entity::find()
        .filter(content::Column::Id.is_in(ids.clone()))
        .filter(content::Column::Hidden.eq(false))
        .filter(content::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let mut tags: HashMap<ContentId, Vec<String>> = HashMap::new();
    for t in content_tag::Entity::find().filter(content_tag::Column::ContentId.is_in(ids)).all(db).await? {
        tags.entry(t.content_id).or_default().push(t.tag);
    }
    let people = authors(db, rows.iter().map(|r| r.author_id)).await?;
    let texts = crate::media::text::of(db, &rows.iter().filter_map(|r| r.blob_id).collect::<Vec<_>>()).await?;
    Ok(rows
        .into_iter()
        .map(|c| {
            let place = curriculum.place(c.chapter_id);
            let mut body = with_tags(c.description.clone(), tags.get(&c.id));
            // The words inside the file, after what the teacher wrote.
            if let Some(text) = c.blob_id.and_then(|b| texts.get(&b)) {
                body.push_str("\n\n");
                body.push_str(text);
            }
            let author = people.get(&c.author_id);
            let bayes = crate::content::model::ranking_score(c.rating_sum, c.rating_count);
            Entry {
                kind: Kind::Content,
                id: c.id.0,
                title: c.title,
                body: kept(body),
                byline: author.map(|a| a.name.clone()).unwrap_or_default(),
                level_id: place.as_ref().map(|p| p.level_id.0),
                class: place.as_ref().map(|p| p.class_number as i64),
                subject_id: place.as_ref().map(|p| p.subject_id.0),
                chapter_id: Some(c.chapter_id.0),
                content_type: Some(c.kind),
                language: Some(c.language),
                licence: Some(c.licence),
                district_id: author.and_then(|a| a.district_id).map(|d| d.0),
                created_at: c.created_at,
                rating: if c.rating_count > 0 { c.rating_sum as f64 / c.rating_count as f64 } else { 0.0 },
                quality: (bayes - 3.0).max(0.0) + ln1p(c.downloads) / 2.0,
            }
        })
        .collect())
}

async fn posts(db: &DatabaseConnection, ids: &[i64]) -> Result<Vec<Entry>, DbErr> {
    let ids: Vec<PostId> = ids.iter().map(|i| PostId(*i)).collect();
    let rows = post::Entity::find()
        .filter(post::Column::Id.is_in(ids.clone()))
        .filter(post::Column::Status.eq("published"))
        .filter(post::Column::Hidden.eq(false))
        .filter(post::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let mut tags: HashMap<PostId, Vec<String>> = HashMap::new();
    for t in post_tag::Entity::find().filter(post_tag::Column::PostId.is_in(ids)).all(db).await? {
        tags.entry(t.post_id).or_default().push(t.tag);
    }
    let people = authors(db, rows.iter().map(|r| r.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|p| {
            let body = with_tags(p.body.clone(), tags.get(&p.id));
            let author = people.get(&p.author_id);
            let byline = author.map(|a| a.name.clone()).unwrap_or_default();
            let published = p.published_at.unwrap_or(p.created_at);
            Entry {
                district_id: author.and_then(|a| a.district_id).map(|d| d.0),
                quality: ln1p(p.score),
                ..Entry::new(Kind::Post, p.id.0, p.title, body, byline, published)
            }
        })
        .collect())
}

async fn questions(db: &DatabaseConnection, curriculum: &Curriculum, ids: &[i64]) -> Result<Vec<Entry>, DbErr> {
    let ids: Vec<QuestionId> = ids.iter().map(|i| QuestionId(*i)).collect();
    let rows = question::Entity::find()
        .filter(question::Column::Id.is_in(ids.clone()))
        .filter(question::Column::Hidden.eq(false))
        .filter(question::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let mut tags: HashMap<QuestionId, Vec<String>> = HashMap::new();
    for t in question_tag::Entity::find().filter(question_tag::Column::QuestionId.is_in(ids.clone())).all(db).await? {
        tags.entry(t.question_id).or_default().push(t.tag);
    }
    let mut answers: HashMap<QuestionId, Vec<String>> = HashMap::new();
    for a in answer::Entity::find()
        .filter(answer::Column::QuestionId.is_in(ids))
        .filter(answer::Column::Hidden.eq(false))
        .filter(answer::Column::DeletedAt.is_null())
        .order_by_desc(answer::Column::Score)
        .all(db)
        .await?
    {
        answers.entry(a.question_id).or_default().push(a.body);
    }
    let people = authors(db, rows.iter().map(|r| r.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|q| {
            let place = q.chapter_id.and_then(|c| curriculum.place(c));
            let subject_class = q.subject_id.and_then(|s| {
                curriculum
                    .levels
                    .iter()
                    .flat_map(|l| l.classes.iter().map(move |c| (l, c)))
                    .find_map(|(l, c)| c.subjects.iter().any(|x| x.id == s).then_some((l.id.0, c.number as i64)))
            });
            let mut body = with_tags(q.body.clone(), tags.get(&q.id));
            for a in answers.get(&q.id).into_iter().flatten() {
                body.push_str("\n\n");
                body.push_str(a);
            }
            let author = people.get(&q.author_id);
            Entry {
                kind: Kind::Question,
                id: q.id.0,
                title: q.title,
                body: kept(body),
                byline: author.map(|a| a.name.clone()).unwrap_or_default(),
                level_id: place.as_ref().map(|p| p.level_id.0).or(subject_class.map(|(l, _)| l)),
                class: q.class_number.map(i64::from).or(subject_class.map(|(_, c)| c)),
                subject_id: q.subject_id.map(|s| s.0),
                chapter_id: q.chapter_id.map(|c| c.0),
                content_type: None,
                language: None,
                licence: None,
                district_id: author.and_then(|a| a.district_id).map(|d| d.0),
                created_at: q.created_at,
                rating: 0.0,
                quality: ln1p(q.score)
                    + if q.accepted_answer_id.is_some() { 1.0 } else { 0.0 }
                    + ln1p(q.answer_count) / 4.0,
            }
        })
        .collect())
}

async fn ideas(db: &DatabaseConnection, ids: &[i64]) -> Result<Vec<Entry>, DbErr> {
    let ids: Vec<IdeaId> = ids.iter().map(|i| IdeaId(*i)).collect();
    let rows =
        idea::Entity::find().filter(idea::Column::Id.is_in(ids)).filter(idea::Column::Hidden.eq(false)).all(db).await?;
    let people = authors(db, rows.iter().map(|r| r.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|i| {
            let mut body = i.body.clone();
            if let Some(r) = &i.response {
                body.push_str("\n\n");
                body.push_str(r);
            }
            let byline = people.get(&i.author_id).map(|a| a.name.clone()).unwrap_or_default();
            Entry {
                district_id: i.district_id.map(|d| d.0),
                quality: ln1p(i.support_count),
                ..Entry::new(Kind::Idea, i.id.0, i.title, body, byline, i.created_at)
            }
        })
        .collect())
}

async fn teachers(db: &DatabaseConnection, ids: &[i64]) -> Result<Vec<Entry>, DbErr> {
    let ids: Vec<UserId> = ids.iter().map(|i| UserId(*i)).collect();
    let rows = user::Entity::find().filter(user::Column::Id.is_in(ids.clone())).all(db).await?;
    let points = crate::community::store::reputation::totals_of(db, &ids).await?;
    let schools = crate::institutions::store::names_of(db, rows.iter().filter_map(|u| u.institution_id)).await?;
    Ok(rows
        .into_iter()
        .map(|u| {
            let school = u.institution_id.and_then(|i| schools.get(&i)).cloned().unwrap_or_default();
            let designation = u.designation.clone().unwrap_or_default();
            let byline = [designation.as_str(), school.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            let verified = if u.verification == "verified" { 1.0 } else { 0.0 };
            let body = format!("{byline}\n{}", u.bio.unwrap_or_default());
            Entry {
                district_id: u.district_id.map(|d| d.0),
                quality: verified + ln1p(points.get(&u.id).copied().unwrap_or(0)) / 2.0,
                ..Entry::new(Kind::Teacher, u.id.0, u.name, body, byline, u.created_at)
            }
        })
        .collect())
}

/// Published courses: their summary, modules and activities as the
/// published version has them; more teachers enrolled, higher quality.
async fn courses(db: &DatabaseConnection, curriculum: &Curriculum, ids: &[i64]) -> Result<Vec<Entry>, DbErr> {
    use crate::learning::store::{self as learning, study};
    let ids: Vec<CourseId> = ids.iter().map(|i| CourseId(*i)).collect();
    let rows = course::Entity::find()
        .filter(course::Column::Id.is_in(ids))
        .filter(course::Column::Status.eq("published"))
        .all(db)
        .await?;
    let people = authors(db, rows.iter().map(|r| r.author_id)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for c in rows {
        let Some(v) = c.published_version_id else { continue };
        let modules = learning::modules_of(db, v).await?;
        let module_ids: Vec<_> = modules.iter().map(|m| m.id).collect();
        let activities = learning::activities_of(db, &module_ids).await?;
        let mut body = c.summary.clone();
        for m in &modules {
            body.push('\n');
            body.push_str(&m.title);
        }
        for a in &activities {
            body.push('\n');
            body.push_str(&a.title);
        }
        let subject = curriculum
            .levels
            .iter()
            .flat_map(|l| &l.classes)
            .filter(|k| Some(k.number) == c.class_number)
            .flat_map(|k| &k.subjects)
            .find(|s| Some(&s.code) == c.subject_code.as_ref())
            .map(|s| s.id.0);
        let enrolled = study::count_enrolled(db, c.id).await? as i64;
        let byline = people.get(&c.author_id).map(|a| a.name.clone()).unwrap_or_default();
        out.push(Entry {
            class: c.class_number.map(i64::from),
            subject_id: subject,
            quality: ln1p(enrolled),
            ..Entry::new(Kind::Course, c.id.0, c.title, body, byline, c.created_at)
        });
    }
    Ok(out)
}

/// How many rows a rebuild walks.
pub async fn count_all(db: &DatabaseConnection) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    Ok(content::Entity::find().count(db).await?
        + post::Entity::find().count(db).await?
        + question::Entity::find().count(db).await?
        + idea::Entity::find().count(db).await?
        + user::Entity::find().count(db).await?
        + course::Entity::find().count(db).await?)
}

/// The contents sharing the files `blobs` (their text was just read).
pub async fn contents_with_blobs(db: &DatabaseConnection, blobs: &[i64]) -> Result<Vec<i64>, DbErr> {
    let blobs: Vec<crate::ids::BlobId> = blobs.iter().map(|b| crate::ids::BlobId(*b)).collect();
    Ok(content::Entity::find()
        .select_only()
        .column(content::Column::Id)
        .filter(content::Column::BlobId.is_in(blobs))
        .into_tuple::<ContentId>()
        .all(db)
        .await?
        .into_iter()
        .map(|id| id.0)
        .collect())
}
