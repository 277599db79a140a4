//! Entries built from the database, a batch of ids at a time: only what
//! anyone may see (published, not hidden, not deleted) becomes an entry;
//! an id that gives none is taken out of the index.

use std::collections::HashMap;

use sea_orm::{DatabaseConnection, DbErr};

use super::entry::{Entry, kept};
use crate::accounts::model::Account;
use crate::accounts::search_facts as teacher_facts;
use crate::accounts::store as accounts;
use crate::content::search_facts as content_facts;
use crate::curriculum::memory::Curriculum;
use crate::ideas::search_facts as idea_facts;
use crate::ids::{BlobId, ContentId, CourseId, IdeaId, PostId, QuestionId, UserId};
use crate::items::{ItemKind, ItemRef};
use crate::learning::search_facts as course_facts;
use crate::posts::search_facts as post_facts;
use crate::questions::search_facts as question_facts;

/// Ids of `kind` after `after`, in order, `limit` at most (every row,
/// visible or not: a rebuild walks them all).
pub async fn ids_after(db: &DatabaseConnection, kind: ItemKind, after: i64, limit: u64) -> Result<Vec<i64>, DbErr> {
    Ok(match kind {
        ItemKind::Content => numbers(content_facts::ids_after(db, ContentId(after), limit).await?),
        ItemKind::Post => numbers(post_facts::ids_after(db, PostId(after), limit).await?),
        ItemKind::Question => numbers(question_facts::ids_after(db, QuestionId(after), limit).await?),
        ItemKind::Idea => numbers(idea_facts::ids_after(db, IdeaId(after), limit).await?),
        ItemKind::Teacher => numbers(teacher_facts::ids_after(db, UserId(after), limit).await?),
        ItemKind::Course => numbers(course_facts::ids_after(db, CourseId(after), limit).await?),
        _ => vec![],
    })
}

fn numbers<I: Into<ItemRef>>(ids: Vec<I>) -> Vec<i64> {
    ids.into_iter().map(|id| id.into().id).collect()
}

/// The entries of the visible items among `ids`.
pub async fn entries(
    db: &DatabaseConnection,
    curriculum: &Curriculum,
    kind: ItemKind,
    ids: &[i64],
) -> Result<Vec<Entry>, DbErr> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    match kind {
        ItemKind::Content => contents(db, curriculum, ids).await,
        ItemKind::Post => posts(db, ids).await,
        ItemKind::Question => questions(db, curriculum, ids).await,
        ItemKind::Idea => ideas(db, ids).await,
        ItemKind::Teacher => teachers(db, ids).await,
        ItemKind::Course => courses(db, curriculum, ids).await,
        // Answers and comments are found through what they belong to.
        _ => Ok(vec![]),
    }
}

/// Names and districts of the authors of a batch.
async fn authors(
    db: &DatabaseConnection,
    ids: impl Iterator<Item = UserId>,
) -> Result<HashMap<UserId, Account>, DbErr> {
    let mut ids: Vec<UserId> = ids.collect();
    ids.sort();
    ids.dedup();
    Ok(accounts::find_many(db, &ids).await?.into_iter().map(|u| (u.id, u)).collect())
}

/// `tags` written after a body, as a teacher would write them (#গণিত).
fn with_tags(mut body: String, tags: &[String]) -> String {
    for t in tags {
        body.push_str(&format!(" #{t}"));
    }
    body
}

fn ln1p(n: i64) -> f64 {
    (n.max(0) as f64).ln_1p()
}

async fn contents(db: &DatabaseConnection, curriculum: &Curriculum, ids: &[i64]) -> Result<Vec<Entry>, DbErr> {
    let ids: Vec<ContentId> = ids.iter().map(|i| ContentId(*i)).collect();
    let rows = content_facts::visible(db, &ids).await?;
    let people = authors(db, rows.iter().map(|r| r.author_id)).await?;
    let texts = crate::media::text::of(db, &rows.iter().filter_map(|r| r.blob_id).collect::<Vec<_>>()).await?;
    Ok(rows
        .into_iter()
        .map(|c| {
            let place = curriculum.place(c.chapter_id);
            let mut body = with_tags(c.description, &c.tags);
            // The words inside the file, after what the teacher wrote.
            if let Some(text) = c.blob_id.and_then(|b| texts.get(&b)) {
                body.push_str("\n\n");
                body.push_str(text);
            }
            let author = people.get(&c.author_id);
            let bayes = crate::content::model::ranking_score(c.rating_sum, c.rating_count);
            Entry {
                item: c.id.into(),
                title: c.title,
                body: kept(body),
                byline: author.map(|a| a.name.clone()).unwrap_or_default(),
                level_id: place.as_ref().map(|p| p.level_id.0),
                class: place.as_ref().map(|p| p.class_number as i64),
                subject_id: place.as_ref().map(|p| p.subject_id.0),
                chapter_id: Some(c.chapter_id.0),
                content_type: Some(c.kind.as_str().to_owned()),
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
    let rows = post_facts::published(db, &ids).await?;
    let people = authors(db, rows.iter().map(|r| r.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|p| {
            let body = with_tags(p.body, &p.tags);
            let author = people.get(&p.author_id);
            let byline = author.map(|a| a.name.clone()).unwrap_or_default();
            Entry {
                district_id: author.and_then(|a| a.district_id).map(|d| d.0),
                quality: ln1p(p.score),
                ..Entry::new(p.id.into(), p.title, body, byline, p.published_at)
            }
        })
        .collect())
}

async fn questions(db: &DatabaseConnection, curriculum: &Curriculum, ids: &[i64]) -> Result<Vec<Entry>, DbErr> {
    let ids: Vec<QuestionId> = ids.iter().map(|i| QuestionId(*i)).collect();
    let rows = question_facts::visible(db, &ids).await?;
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
            let mut body = with_tags(q.body, &q.tags);
            for a in &q.answers {
                body.push_str("\n\n");
                body.push_str(a);
            }
            let author = people.get(&q.author_id);
            Entry {
                item: q.id.into(),
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
                quality: ln1p(q.score) + if q.has_accepted_answer { 1.0 } else { 0.0 } + ln1p(q.answer_count) / 4.0,
            }
        })
        .collect())
}

async fn ideas(db: &DatabaseConnection, ids: &[i64]) -> Result<Vec<Entry>, DbErr> {
    let ids: Vec<IdeaId> = ids.iter().map(|i| IdeaId(*i)).collect();
    let rows = idea_facts::visible(db, &ids).await?;
    let people = authors(db, rows.iter().map(|r| r.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|i| {
            let mut body = i.body;
            if let Some(r) = &i.response {
                body.push_str("\n\n");
                body.push_str(r);
            }
            let byline = people.get(&i.author_id).map(|a| a.name.clone()).unwrap_or_default();
            Entry {
                district_id: i.district_id.map(|d| d.0),
                quality: ln1p(i.support_count),
                ..Entry::new(i.id.into(), i.title, body, byline, i.created_at)
            }
        })
        .collect())
}

async fn teachers(db: &DatabaseConnection, ids: &[i64]) -> Result<Vec<Entry>, DbErr> {
    let ids: Vec<UserId> = ids.iter().map(|i| UserId(*i)).collect();
    let rows = accounts::find_many(db, &ids).await?;
    let points = crate::questions::store::reputation::totals_of(db, &ids).await?;
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
            let verified = if u.is_verified() { 1.0 } else { 0.0 };
            let body = format!("{byline}\n{}", u.bio.unwrap_or_default());
            Entry {
                district_id: u.district_id.map(|d| d.0),
                quality: verified + ln1p(points.get(&u.id).copied().unwrap_or(0)) / 2.0,
                ..Entry::new(u.id.into(), u.name, body, byline, u.created_at)
            }
        })
        .collect())
}

/// Published courses: their summary, modules and activities as the
/// published version has them; more teachers enrolled, higher quality.
async fn courses(db: &DatabaseConnection, curriculum: &Curriculum, ids: &[i64]) -> Result<Vec<Entry>, DbErr> {
    let ids: Vec<CourseId> = ids.iter().map(|i| CourseId(*i)).collect();
    let rows = course_facts::published(db, &ids).await?;
    let people = authors(db, rows.iter().map(|r| r.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|c| {
            let mut body = c.summary;
            for title in c.modules.iter().chain(&c.activities) {
                body.push('\n');
                body.push_str(title);
            }
            let subject = curriculum
                .levels
                .iter()
                .flat_map(|l| &l.classes)
                .filter(|k| Some(k.number) == c.class_number)
                .flat_map(|k| &k.subjects)
                .find(|s| Some(&s.code) == c.subject_code.as_ref())
                .map(|s| s.id.0);
            let byline = people.get(&c.author_id).map(|a| a.name.clone()).unwrap_or_default();
            Entry {
                class: c.class_number.map(i64::from),
                subject_id: subject,
                quality: ln1p(c.enrolled),
                ..Entry::new(c.id.into(), c.title, body, byline, c.created_at)
            }
        })
        .collect())
}

/// How many rows a rebuild walks.
pub async fn count_all(db: &DatabaseConnection) -> Result<u64, DbErr> {
    Ok(content_facts::count(db).await?
        + post_facts::count(db).await?
        + question_facts::count(db).await?
        + idea_facts::count(db).await?
        + teacher_facts::count(db).await?
        + course_facts::count(db).await?)
}

/// The contents sharing the files `blobs` (their text was just read).
pub async fn contents_with_files(db: &DatabaseConnection, blobs: &[BlobId]) -> Result<Vec<i64>, DbErr> {
    Ok(numbers(content_facts::sharing_files(db, blobs).await?))
}
