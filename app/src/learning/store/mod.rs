//! SQL of courses and their structure: versions, modules, activities,
//! quiz questions and their choices. Enrolments, progress, attempts and
//! certificates are in `study`.

pub mod learner;
pub mod reports;
pub mod study;
pub mod training;

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::NotSet, PaginatorTrait, QueryOrder, QuerySelect, Set};

use super::entity::{activity, choice, course, module, question, version};
use super::model::{ActivityInput, CourseInput, ModuleInput, QuizQuestionInput};
use super::words::{ActivityKind, CourseStatus, QuestionKind, VersionStatus};
use crate::ids::{ActivityId, CourseId, CourseVersionId, ModuleId, QuizQuestionId, UserId};

pub async fn insert_course(db: &impl ConnectionTrait, author: UserId, v: &CourseInput) -> Result<course::Model, DbErr> {
    let now = Utc::now();
    let c = course::ActiveModel {
        id: NotSet,
        author_id: Set(author),
        title: Set(v.title.trim().to_owned()),
        summary: Set(v.summary.trim().to_owned()),
        class_number: Set(v.class_number),
        subject_code: Set(v.subject_code.clone()),
        status: Set(CourseStatus::Draft),
        published_version_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    insert_version(db, c.id, 1).await?;
    Ok(c)
}

pub async fn insert_version(db: &impl ConnectionTrait, course: CourseId, number: i32) -> Result<version::Model, DbErr> {
    version::ActiveModel {
        id: NotSet,
        course_id: Set(course),
        number: Set(number),
        status: Set(VersionStatus::Draft),
        created_at: Set(Utc::now()),
        published_at: Set(None),
    }
    .insert(db)
    .await
}

pub async fn update_course(db: &impl ConnectionTrait, id: CourseId, v: &CourseInput) -> Result<(), DbErr> {
    course::Entity::update_many()
        .set(course::ActiveModel {
            title: Set(v.title.trim().to_owned()),
            summary: Set(v.summary.trim().to_owned()),
            class_number: Set(v.class_number),
            subject_code: Set(v.subject_code.clone()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .filter(course::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_status(
    db: &impl ConnectionTrait,
    id: CourseId,
    status: CourseStatus,
    published: Option<CourseVersionId>,
) -> Result<(), DbErr> {
    let mut change = course::ActiveModel { status: Set(status), updated_at: Set(Utc::now()), ..Default::default() };
    if let Some(v) = published {
        change.published_version_id = Set(Some(v));
    }
    course::Entity::update_many().set(change).filter(course::Column::Id.eq(id.0)).exec(db).await?;
    Ok(())
}

pub async fn set_version_status(
    db: &impl ConnectionTrait,
    id: CourseVersionId,
    status: VersionStatus,
) -> Result<(), DbErr> {
    let mut change = version::ActiveModel { status: Set(status), ..Default::default() };
    if status == VersionStatus::Published {
        change.published_at = Set(Some(Utc::now()));
    }
    version::Entity::update_many().set(change).filter(version::Column::Id.eq(id.0)).exec(db).await?;
    Ok(())
}

pub async fn course(db: &impl ConnectionTrait, id: CourseId) -> Result<Option<course::Model>, DbErr> {
    course::Entity::find_by_id(id).one(db).await
}

/// The courses among `ids`, in the order of `ids`.
pub async fn courses(db: &impl ConnectionTrait, ids: &[CourseId]) -> Result<Vec<course::Model>, DbErr> {
    let mut by_id: std::collections::HashMap<CourseId, course::Model> = course::Entity::find()
        .filter(course::Column::Id.is_in(ids.iter().map(|i| i.0)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    Ok(ids.iter().filter_map(|i| by_id.remove(i)).collect())
}

pub async fn version(db: &impl ConnectionTrait, id: CourseVersionId) -> Result<Option<version::Model>, DbErr> {
    version::Entity::find_by_id(id).one(db).await
}

/// The version being edited, if any.
pub async fn draft_of(db: &impl ConnectionTrait, course: CourseId) -> Result<Option<version::Model>, DbErr> {
    version::Entity::find()
        .filter(version::Column::CourseId.eq(course.0))
        .filter(version::Column::Status.eq(VersionStatus::Draft))
        .one(db)
        .await
}

pub async fn latest_number(db: &impl ConnectionTrait, course: CourseId) -> Result<i32, DbErr> {
    let v = version::Entity::find()
        .filter(version::Column::CourseId.eq(course.0))
        .order_by_desc(version::Column::Number)
        .one(db)
        .await?;
    Ok(v.map_or(0, |v| v.number))
}

/// Published courses, most recently changed first.
pub async fn published(
    db: &impl ConnectionTrait,
    page: u64,
    per_page: u64,
) -> Result<(Vec<course::Model>, u64), DbErr> {
    let q = course::Entity::find().filter(course::Column::Status.eq(CourseStatus::Published));
    let total = q.clone().count(db).await?;
    let rows = q
        .order_by_desc(course::Column::UpdatedAt)
        .order_by_desc(course::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok((rows, total))
}

pub async fn by_author(db: &impl ConnectionTrait, author: UserId) -> Result<Vec<course::Model>, DbErr> {
    course::Entity::find()
        .filter(course::Column::AuthorId.eq(author.0))
        .order_by_desc(course::Column::UpdatedAt)
        .all(db)
        .await
}

pub async fn modules_of(db: &impl ConnectionTrait, v: CourseVersionId) -> Result<Vec<module::Model>, DbErr> {
    module::Entity::find()
        .filter(module::Column::VersionId.eq(v.0))
        .order_by_asc(module::Column::Position)
        .order_by_asc(module::Column::Id)
        .all(db)
        .await
}

/// The modules of these versions, in one query (by version, then place).
pub async fn modules_of_versions(
    db: &impl ConnectionTrait,
    versions: &[CourseVersionId],
) -> Result<Vec<module::Model>, DbErr> {
    module::Entity::find()
        .filter(module::Column::VersionId.is_in(versions.iter().map(|v| v.0)))
        .order_by_asc(module::Column::VersionId)
        .order_by_asc(module::Column::Position)
        .order_by_asc(module::Column::Id)
        .all(db)
        .await
}

pub async fn module(db: &impl ConnectionTrait, id: ModuleId) -> Result<Option<module::Model>, DbErr> {
    module::Entity::find_by_id(id).one(db).await
}

pub async fn activity(db: &impl ConnectionTrait, id: ActivityId) -> Result<Option<activity::Model>, DbErr> {
    activity::Entity::find_by_id(id).one(db).await
}

/// These activities' titles, in one query.
pub async fn activity_titles(
    db: &impl ConnectionTrait,
    ids: &[ActivityId],
) -> Result<std::collections::HashMap<ActivityId, String>, DbErr> {
    let found = activity::Entity::find().filter(activity::Column::Id.is_in(ids.iter().map(|a| a.0))).all(db).await?;
    Ok(found.into_iter().map(|a| (a.id, a.title)).collect())
}

/// Activities' titles and instructions (`id`, `title`, `body`) as a
/// relation that practice journals read inside their own statement; used
/// as `(…) AS alias`.
pub const ACTIVITY_STEPS: &str = "SELECT id, title, body FROM course_activities";

/// These activities' instructions (their text), in one query.
pub async fn activity_steps(
    db: &impl ConnectionTrait,
    ids: &[ActivityId],
) -> Result<std::collections::HashMap<ActivityId, String>, DbErr> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let found = activity::Entity::find().filter(activity::Column::Id.is_in(ids.iter().map(|a| a.0))).all(db).await?;
    Ok(found.into_iter().map(|a| (a.id, a.body)).collect())
}

pub async fn question(db: &impl ConnectionTrait, id: QuizQuestionId) -> Result<Option<question::Model>, DbErr> {
    question::Entity::find_by_id(id).one(db).await
}

pub async fn activities_of(db: &impl ConnectionTrait, modules: &[ModuleId]) -> Result<Vec<activity::Model>, DbErr> {
    activity::Entity::find()
        .filter(activity::Column::ModuleId.is_in(modules.iter().map(|m| m.0)))
        .order_by_asc(activity::Column::Position)
        .order_by_asc(activity::Column::Id)
        .all(db)
        .await
}

pub async fn questions_of(db: &impl ConnectionTrait, modules: &[ModuleId]) -> Result<Vec<question::Model>, DbErr> {
    question::Entity::find()
        .filter(question::Column::ModuleId.is_in(modules.iter().map(|m| m.0)))
        .order_by_asc(question::Column::Position)
        .order_by_asc(question::Column::Id)
        .all(db)
        .await
}

pub async fn options_of(db: &impl ConnectionTrait, questions: &[QuizQuestionId]) -> Result<Vec<choice::Model>, DbErr> {
    choice::Entity::find()
        .filter(choice::Column::QuestionId.is_in(questions.iter().map(|q| q.0)))
        .order_by_asc(choice::Column::Position)
        .order_by_asc(choice::Column::Id)
        .all(db)
        .await
}

pub async fn insert_module(
    db: &impl ConnectionTrait,
    v: CourseVersionId,
    position: i32,
    m: &ModuleInput,
) -> Result<module::Model, DbErr> {
    module::ActiveModel {
        id: NotSet,
        version_id: Set(v),
        position: Set(position),
        title: Set(m.title.trim().to_owned()),
        summary: Set(m.summary.trim().to_owned()),
        pass_percent: Set(m.pass_percent.unwrap_or(70)),
        max_attempts: Set(m.max_attempts.unwrap_or(3)),
        wait_minutes: Set(m.wait_minutes.unwrap_or(0)),
    }
    .insert(db)
    .await
}

pub async fn insert_activity(
    db: &impl ConnectionTrait,
    module: ModuleId,
    position: i32,
    a: &ActivityInput,
) -> Result<activity::Model, DbErr> {
    activity::ActiveModel {
        id: NotSet,
        module_id: Set(module),
        position: Set(position),
        kind: Set(a.kind),
        title: Set(a.title.trim().to_owned()),
        body: Set(a.body.trim().to_owned()),
        content_id: Set(a.content_id),
        minutes: Set(a.minutes.unwrap_or(10)),
    }
    .insert(db)
    .await
}

/// A question and its choices (true/false gets its two).
pub async fn insert_question(
    db: &impl ConnectionTrait,
    module: ModuleId,
    position: i32,
    q: &QuizQuestionInput,
    true_false: [&str; 2],
) -> Result<question::Model, DbErr> {
    let row = question::ActiveModel {
        id: NotSet,
        module_id: Set(module),
        position: Set(position),
        kind: Set(q.kind),
        prompt: Set(q.prompt.trim().to_owned()),
        explanation: Set(q.explanation.trim().to_owned()),
        number_answer: Set(if q.kind.numeric() { q.number_answer } else { None }),
        tolerance: Set(q.tolerance.unwrap_or(0.0)),
    }
    .insert(db)
    .await?;
    let options: Vec<(String, bool)> = match q.kind {
        QuestionKind::TrueFalse => {
            let t = q.true_answer.unwrap_or(true);
            vec![(true_false[0].to_owned(), t), (true_false[1].to_owned(), !t)]
        }
        QuestionKind::Numeric => vec![],
        QuestionKind::Single | QuestionKind::Multiple => q
            .options
            .iter()
            .filter(|o| !o.body.trim().is_empty())
            .map(|o| (o.body.trim().to_owned(), o.correct))
            .collect(),
    };
    for (i, (body, correct)) in options.into_iter().enumerate() {
        choice::ActiveModel {
            id: NotSet,
            question_id: Set(row.id),
            position: Set(i as i32 + 1),
            body: Set(body),
            correct: Set(correct),
        }
        .insert(db)
        .await?;
    }
    Ok(row)
}

/// Copies a version's modules, activities, questions and choices into another.
pub async fn copy_structure(
    db: &impl ConnectionTrait,
    from: CourseVersionId,
    to: CourseVersionId,
) -> Result<(), DbErr> {
    for m in modules_of(db, from).await? {
        let new_module = module::ActiveModel { id: NotSet, version_id: Set(to), ..m.clone().into() }.insert(db).await?;
        for a in activities_of(db, &[m.id]).await? {
            activity::ActiveModel { id: NotSet, module_id: Set(new_module.id), ..a.into() }.insert(db).await?;
        }
        for q in questions_of(db, &[m.id]).await? {
            let new_q = question::ActiveModel { id: NotSet, module_id: Set(new_module.id), ..q.clone().into() }
                .insert(db)
                .await?;
            for o in options_of(db, &[q.id]).await? {
                choice::ActiveModel { id: NotSet, question_id: Set(new_q.id), ..o.into() }.insert(db).await?;
            }
        }
    }
    Ok(())
}

pub async fn delete_module(db: &impl ConnectionTrait, id: ModuleId) -> Result<(), DbErr> {
    let questions: Vec<QuizQuestionId> = questions_of(db, &[id]).await?.into_iter().map(|q| q.id).collect();
    choice::Entity::delete_many()
        .filter(choice::Column::QuestionId.is_in(questions.iter().map(|q| q.0)))
        .exec(db)
        .await?;
    question::Entity::delete_many().filter(question::Column::ModuleId.eq(id.0)).exec(db).await?;
    activity::Entity::delete_many().filter(activity::Column::ModuleId.eq(id.0)).exec(db).await?;
    module::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

pub async fn delete_activity(db: &impl ConnectionTrait, id: ActivityId) -> Result<(), DbErr> {
    activity::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

pub async fn delete_question(db: &impl ConnectionTrait, id: QuizQuestionId) -> Result<(), DbErr> {
    choice::Entity::delete_many().filter(choice::Column::QuestionId.eq(id.0)).exec(db).await?;
    question::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

pub async fn set_module_position(db: &impl ConnectionTrait, id: ModuleId, position: i32) -> Result<(), DbErr> {
    let change = module::ActiveModel { position: Set(position), ..Default::default() };
    module::Entity::update_many().set(change).filter(module::Column::Id.eq(id.0)).exec(db).await?;
    Ok(())
}

pub async fn set_activity_position(db: &impl ConnectionTrait, id: ActivityId, position: i32) -> Result<(), DbErr> {
    let change = activity::ActiveModel { position: Set(position), ..Default::default() };
    activity::Entity::update_many().set(change).filter(activity::Column::Id.eq(id.0)).exec(db).await?;
    Ok(())
}

pub async fn set_question_position(db: &impl ConnectionTrait, id: QuizQuestionId, position: i32) -> Result<(), DbErr> {
    let change = question::ActiveModel { position: Set(position), ..Default::default() };
    question::Entity::update_many().set(change).filter(question::Column::Id.eq(id.0)).exec(db).await?;
    Ok(())
}

/// How many modules each course's published version has.
pub async fn module_counts(
    db: &impl ConnectionTrait,
    versions: &[CourseVersionId],
) -> Result<std::collections::HashMap<CourseVersionId, i64>, DbErr> {
    let rows: Vec<(CourseVersionId, i64)> = module::Entity::find()
        .select_only()
        .column(module::Column::VersionId)
        .column_as(module::Column::Id.count(), "n")
        .filter(module::Column::VersionId.is_in(versions.iter().map(|v| v.0)))
        .group_by(module::Column::VersionId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

pub async fn versions_of(db: &impl ConnectionTrait, course: CourseId) -> Result<Vec<version::Model>, DbErr> {
    version::Entity::find()
        .filter(version::Column::CourseId.eq(course.0))
        .order_by_asc(version::Column::Number)
        .all(db)
        .await
}

/// The "try this in class" tasks of every published course: (task, course
/// title, task title), by course and place in it (circle agendas offer them).
pub async fn published_practice_tasks(db: &impl ConnectionTrait) -> Result<Vec<(ActivityId, String, String)>, DbErr> {
    let sql = "SELECT a.id AS id, c.title AS course, a.title AS title \
                 FROM course_activities a \
                 JOIN course_modules m ON m.id = a.module_id \
                 JOIN courses c ON c.published_version_id = m.version_id \
                WHERE a.kind = $1 AND c.status = $2 \
                ORDER BY c.title, m.position, a.position LIMIT 300";
    let values = vec![ActivityKind::Practice.as_str().into(), CourseStatus::Published.as_str().into()];
    let rows = db.query_all_raw(crate::db::numbered(db, sql, values)).await?;
    rows.iter()
        .map(|r| Ok((ActivityId(r.try_get("", "id")?), r.try_get("", "course")?, r.try_get("", "title")?)))
        .collect()
}
