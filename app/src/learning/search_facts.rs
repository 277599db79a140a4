//! What search indexes of courses: the published ones, with the titles of
//! their published version's modules and activities and how many teachers
//! enrolled. Search reads courses only through these functions.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};

use super::store::study::enrolled_counts;
use super::store::{activities_of, modules_of_versions};
use crate::ids::{CourseId, CourseVersionId, ModuleId, UserId};
use crate::learning::entity::course;
use crate::learning::words::CourseStatus;

/// A published course as the index needs it.
#[derive(Clone, Debug)]
pub struct CourseFacts {
    pub id: CourseId,
    pub author_id: UserId,
    pub title: String,
    pub summary: String,
    pub class_number: Option<i32>,
    pub subject_code: Option<String>,
    /// The published version's module titles, in the course's order.
    pub modules: Vec<String>,
    /// Its activities' titles, by their place in a module.
    pub activities: Vec<String>,
    pub enrolled: i64,
    pub created_at: DateTime<Utc>,
}

/// The published courses among `ids` (a course without a published
/// version gives none).
pub async fn published(db: &impl ConnectionTrait, ids: &[CourseId]) -> Result<Vec<CourseFacts>, DbErr> {
    let rows = course::Entity::find()
        .filter(course::Column::Id.is_in(ids.iter().copied()))
        .filter(course::Column::Status.eq(CourseStatus::Published))
        .all(db)
        .await?;
    let versions: Vec<CourseVersionId> = rows.iter().filter_map(|c| c.published_version_id).collect();
    let modules = modules_of_versions(db, &versions).await?;
    let version_of: HashMap<ModuleId, CourseVersionId> = modules.iter().map(|m| (m.id, m.version_id)).collect();
    let module_ids: Vec<ModuleId> = modules.iter().map(|m| m.id).collect();
    let mut module_titles: HashMap<CourseVersionId, Vec<String>> = HashMap::new();
    for m in modules {
        module_titles.entry(m.version_id).or_default().push(m.title);
    }
    let mut activity_titles: HashMap<CourseVersionId, Vec<String>> = HashMap::new();
    for a in activities_of(db, &module_ids).await? {
        if let Some(v) = version_of.get(&a.module_id) {
            activity_titles.entry(*v).or_default().push(a.title);
        }
    }
    let enrolled = enrolled_counts(db, &rows.iter().map(|c| c.id).collect::<Vec<_>>()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|c| {
            let v = c.published_version_id?;
            Some(CourseFacts {
                id: c.id,
                author_id: c.author_id,
                title: c.title,
                summary: c.summary,
                class_number: c.class_number,
                subject_code: c.subject_code,
                modules: module_titles.remove(&v).unwrap_or_default(),
                activities: activity_titles.remove(&v).unwrap_or_default(),
                enrolled: enrolled.get(&c.id).copied().unwrap_or(0),
                created_at: c.created_at,
            })
        })
        .collect())
}

/// Ids after `after`, in order, `limit` at most: every course, published
/// or not (a rebuild walks them all).
pub async fn ids_after(db: &impl ConnectionTrait, after: CourseId, limit: u64) -> Result<Vec<CourseId>, DbErr> {
    course::Entity::find()
        .select_only()
        .column(course::Column::Id)
        .filter(course::Column::Id.gt(after))
        .order_by_asc(course::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// Every course, published or not.
pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    course::Entity::find().count(db).await
}
