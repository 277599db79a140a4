//! SQL of what a learner's course pages read about her, in one statement:
//! the course (found from itself, one of its modules or one of its
//! activities), her enrolment in it and its certificate's code; and her
//! progress with the modules she passed, in another.

use sea_orm::entity::prelude::*;
use sea_orm::{FromQueryResult, Iterable, Value};

use crate::db::numbered as statement;
use crate::ids::{ActivityId, CourseId, EnrolmentId, ModuleId, UserId};
use crate::learning::entity::{activity, course, enrolment, module};

/// Where a course page starts from.
#[derive(Clone, Copy, Debug)]
pub enum Through {
    Course(CourseId),
    Module(ModuleId),
    Activity(ActivityId),
}

/// A course with what one reader has of it.
pub struct Learner {
    pub course: course::Model,
    pub enrolment: Option<enrolment::Model>,
    /// The code of her enrolment's certificate.
    pub certificate: Option<String>,
    /// The module it was found through (an activity's, when through one).
    pub module: Option<module::Model>,
    pub activity: Option<activity::Model>,
}

/// `alias.column AS prefixcolumn, …` for every column of `E`.
fn columns<E: EntityTrait>(alias: &str, prefix: &str) -> String {
    E::Column::iter().map(|c| format!("{alias}.{0} AS {prefix}{0}", c.as_str())).collect::<Vec<_>>().join(", ")
}

/// The course reached `through`, with `who`'s enrolment and certificate
/// (none for nobody); None when there is no such course, module or activity.
pub async fn learner(
    db: &impl ConnectionTrait,
    through: Through,
    who: Option<UserId>,
) -> Result<Option<Learner>, DbErr> {
    let mut select = vec![columns::<course::Entity>("c", "c_"), columns::<enrolment::Entity>("e", "e_")];
    let (from, id) =
        match through {
            Through::Course(c) => ("courses c".to_owned(), c.0),
            Through::Module(m) => {
                select.push(columns::<module::Entity>("m", "m_"));
                ("course_modules m JOIN course_versions v ON v.id = m.version_id JOIN courses c ON c.id = v.course_id"
                .to_owned(), m.0)
            }
            Through::Activity(a) => {
                select.push(columns::<module::Entity>("m", "m_"));
                select.push(columns::<activity::Entity>("a", "a_"));
                (
                    "course_activities a JOIN course_modules m ON m.id = a.module_id \
                 JOIN course_versions v ON v.id = m.version_id JOIN courses c ON c.id = v.course_id"
                        .to_owned(),
                    a.0,
                )
            }
        };
    let key = match through {
        Through::Course(_) => "c.id",
        Through::Module(_) => "m.id",
        Through::Activity(_) => "a.id",
    };
    let sql = format!(
        "SELECT {}, k.code AS k_code FROM {from} \
           LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = $2 \
           LEFT JOIN certificates k ON k.enrolment_id = e.id \
          WHERE {key} = $1",
        select.join(", ")
    );
    let values: Vec<Value> = vec![id.into(), who.map_or(0, |w| w.0).into()];
    let Some(row) = db.query_one_raw(statement(db, &sql, values)).await? else { return Ok(None) };
    let enrolled = row.try_get::<Option<i64>>("", "e_id")?.is_some();
    let found = !matches!(through, Through::Course(_));
    Ok(Some(Learner {
        course: course::Model::from_query_result(&row, "c_")?,
        enrolment: if enrolled { Some(enrolment::Model::from_query_result(&row, "e_")?) } else { None },
        certificate: row.try_get("", "k_code")?,
        module: if found { Some(module::Model::from_query_result(&row, "m_")?) } else { None },
        activity: if matches!(through, Through::Activity(_)) {
            Some(activity::Model::from_query_result(&row, "a_")?)
        } else {
            None
        },
    }))
}

/// One enrolment's progress, in one statement: each activity's place
/// (seconds in) and whether it is done; and the modules whose quiz she passed.
pub async fn standing(
    db: &impl ConnectionTrait,
    e: EnrolmentId,
) -> Result<(Vec<(ActivityId, f64, bool)>, Vec<ModuleId>), DbErr> {
    let sql = "SELECT CAST(0 AS BIGINT) AS what, p.activity_id AS item, \
                 CAST(p.position_secs AS DOUBLE PRECISION) AS secs, \
                 CAST(CASE WHEN p.done_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS done \
               FROM activity_progress p WHERE p.enrolment_id = $1 \
               UNION ALL SELECT 1, a.module_id, 0, 1 FROM quiz_attempts a WHERE a.enrolment_id = $1 AND a.passed = $2";
    let rows = db.query_all_raw(statement(db, sql, vec![e.0.into(), true.into()])).await?;
    let (mut progress, mut passed) = (Vec::new(), Vec::new());
    for r in rows {
        let item: i64 = r.try_get("", "item")?;
        if r.try_get::<i64>("", "what")? == 0 {
            progress.push((ActivityId(item), r.try_get("", "secs")?, r.try_get::<i64>("", "done")? != 0));
        } else {
            passed.push(ModuleId(item));
        }
    }
    Ok((progress, passed))
}
