//! SQL of practice journals: logs, their notes and observations, and the
//! reminders already sent.

pub mod circles;
pub mod dashboard;

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::NotSet, QueryOrder, QuerySelect, Set};

use super::entity::{log, note, observation, reminder};
use super::model::{Check, Entry, LogStatus, NoteKind};
use crate::ids::{ActivityId, MeetingId, PracticeLogId, UserId};

/// A new entry in `teacher`'s journal (from a circle meeting when `meeting` is given).
pub async fn insert(
    db: &impl ConnectionTrait,
    teacher: UserId,
    meeting: Option<MeetingId>,
    entry: &Entry,
) -> Result<log::Model, DbErr> {
    let now = Utc::now();
    let mut row = words(entry);
    row.teacher_id = Set(teacher);
    row.meeting_id = Set(meeting);
    row.photo_key = Set(None);
    row.voice_key = Set(None);
    row.voice_secs = Set(None);
    row.created_at = Set(now);
    row.insert(db).await
}

/// Replaces what entry `id` says (its teacher, meeting, photo and voice note stay).
pub async fn rewrite(db: &impl ConnectionTrait, id: PracticeLogId, entry: &Entry) -> Result<log::Model, DbErr> {
    let mut row = words(entry);
    row.id = sea_orm::ActiveValue::Unchanged(id);
    row.update(db).await
}

/// The columns an entry's words and days fill.
fn words(e: &Entry) -> log::ActiveModel {
    log::ActiveModel {
        id: NotSet,
        teacher_id: NotSet,
        status: Set(e.status()),
        title: Set(e.title.clone()),
        activity_id: Set(e.activity_id),
        content_id: Set(e.content_id),
        meeting_id: NotSet,
        class_number: Set(e.class_number),
        planned_on: Set(e.planned_on),
        tried_on: Set(e.tried_on),
        what_done: Set(e.what_done.clone()),
        response: Set(e.response.clone()),
        reflection: Set(e.reflection.clone()),
        change_next: Set(e.change_next.clone()),
        photo_key: NotSet,
        voice_key: NotSet,
        voice_secs: NotSet,
        photo_bytes: NotSet,
        voice_bytes: NotSet,
        shared: Set(e.shared),
        created_at: NotSet,
        updated_at: Set(Utc::now()),
    }
}

pub async fn save(db: &impl ConnectionTrait, changed: log::ActiveModel) -> Result<log::Model, DbErr> {
    changed.update(db).await
}

/// Shares entry `id` with the whole portal, or takes it back.
pub async fn set_shared(db: &impl ConnectionTrait, id: PracticeLogId, shared: bool) -> Result<(), DbErr> {
    log::Entity::update_many()
        .col_expr(log::Column::Shared, sea_orm::sea_query::Expr::value(shared))
        .col_expr(log::Column::UpdatedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(log::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn find(db: &impl ConnectionTrait, id: PracticeLogId) -> Result<Option<log::Model>, DbErr> {
    log::Entity::find_by_id(id).one(db).await
}

/// A teacher's journal, the planned first (soonest first), then the tried
/// (latest first); `shared_only` for readers outside her school and circles.
pub async fn journal(
    db: &impl ConnectionTrait,
    teacher: UserId,
    shared_only: bool,
    page: u64,
) -> Result<(Vec<log::Model>, bool), DbErr> {
    let mut q = log::Entity::find().filter(log::Column::TeacherId.eq(teacher.0));
    if shared_only {
        q = q.filter(log::Column::Shared.eq(true));
    }
    // Planned tries first ("planned" sorts after "done", and a planned try
    // has no day tried), soonest first; then tries made, newest first.
    let q = q
        .order_by_desc(log::Column::Status)
        .order_by_desc(log::Column::TriedOn)
        .order_by_asc(log::Column::PlannedOn)
        .order_by_desc(log::Column::Id);
    one_page(db, q, page).await
}

/// Page `page` (from 1) of `ordered`, [`JOURNAL_PAGE`] to a page, and
/// whether more follow (one row more is read to know).
async fn one_page(
    db: &impl ConnectionTrait,
    ordered: Select<log::Entity>,
    page: u64,
) -> Result<(Vec<log::Model>, bool), DbErr> {
    let mut found = ordered.offset(page.saturating_sub(1) * JOURNAL_PAGE).limit(JOURNAL_PAGE + 1).all(db).await?;
    let more = found.len() as u64 > JOURNAL_PAGE;
    found.truncate(JOURNAL_PAGE as usize);
    Ok((found, more))
}

/// Entries on one page of a journal or a school's board (a teacher's, or a
/// school's, years of tries are read a page at a time).
pub const JOURNAL_PAGE: u64 = 20;

/// Page `page` (from 1) of these teachers' logs (a school's board), tried
/// or planned, the latest changed first; and whether older ones follow.
pub async fn of_teachers(
    db: &impl ConnectionTrait,
    teachers: &[UserId],
    page: u64,
) -> Result<(Vec<log::Model>, bool), DbErr> {
    let q = log::Entity::find()
        .filter(log::Column::TeacherId.is_in(teachers.iter().map(|t| t.0)))
        .order_by_desc(log::Column::UpdatedAt)
        .order_by_desc(log::Column::Id);
    one_page(db, q, page).await
}

/// Tries shared to the whole portal, newest first.
pub async fn shared(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<log::Model>, DbErr> {
    log::Entity::find()
        .filter(log::Column::Shared.eq(true))
        .filter(log::Column::Status.eq(LogStatus::Done))
        .order_by_desc(log::Column::TriedOn)
        .order_by_desc(log::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// (teacher, activity) pairs among `teachers` with any log of the activity.
pub async fn tried_activities(
    db: &impl ConnectionTrait,
    teachers: &[UserId],
) -> Result<Vec<(UserId, ActivityId)>, DbErr> {
    if teachers.is_empty() {
        return Ok(Vec::new());
    }
    log::Entity::find()
        .select_only()
        .column(log::Column::TeacherId)
        .column(log::Column::ActivityId)
        .filter(log::Column::TeacherId.is_in(teachers.iter().map(|t| t.0)))
        .filter(log::Column::ActivityId.is_not_null())
        .into_tuple()
        .all(db)
        .await
}

pub async fn add_note(
    db: &impl ConnectionTrait,
    log: PracticeLogId,
    author: UserId,
    kind: NoteKind,
    body: &str,
) -> Result<note::Model, DbErr> {
    note::ActiveModel {
        id: NotSet,
        log_id: Set(log),
        author_id: Set(author),
        kind: Set(kind),
        body: Set(body.to_owned()),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await
}

/// Notes on these logs, oldest first.
pub async fn notes_of(db: &impl ConnectionTrait, logs: &[PracticeLogId]) -> Result<Vec<note::Model>, DbErr> {
    note::Entity::find()
        .filter(note::Column::LogId.is_in(logs.iter().map(|l| l.0)))
        .order_by_asc(note::Column::Id)
        .all(db)
        .await
}

pub async fn add_observation(
    db: &impl ConnectionTrait,
    log: PracticeLogId,
    observer: UserId,
    observed_on: chrono::NaiveDate,
    checks: &[Check],
    note: &str,
) -> Result<observation::Model, DbErr> {
    let checks: Vec<&str> = checks.iter().map(|c| c.as_str()).collect();
    observation::ActiveModel {
        id: NotSet,
        log_id: Set(log),
        observer_id: Set(observer),
        observed_on: Set(observed_on),
        checks: Set(checks.join(",")),
        note: Set(note.to_owned()),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await
}

pub async fn observations_of(
    db: &impl ConnectionTrait,
    logs: &[PracticeLogId],
) -> Result<Vec<observation::Model>, DbErr> {
    observation::Entity::find()
        .filter(observation::Column::LogId.is_in(logs.iter().map(|l| l.0)))
        .order_by_asc(observation::Column::Id)
        .all(db)
        .await
}

/// Claims the reminder for this teacher and activity: true the first time
/// only, whichever worker asks (the key is the pair).
pub async fn claim_reminder(db: &impl ConnectionTrait, teacher: UserId, activity: ActivityId) -> Result<bool, DbErr> {
    let row = reminder::ActiveModel { teacher_id: Set(teacher), activity_id: Set(activity), sent_at: Set(Utc::now()) };
    let inserted = reminder::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([reminder::Column::TeacherId, reminder::Column::ActivityId]).do_nothing().to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted == 1)
}

/// Tried logs that someone encouraged or observed, with who did: the
/// candidates for practice badges (the caller checks who counts). Only
/// `teacher`'s logs, or only teachers supported since `since`, when given.
pub async fn supported_logs(
    db: &impl ConnectionTrait,
    teacher: Option<UserId>,
    since: Option<chrono::DateTime<Utc>>,
) -> Result<Vec<(log::Model, Vec<UserId>)>, DbErr> {
    let teachers: Option<Vec<i64>> = match (teacher, since) {
        (Some(t), _) => Some(vec![t.0]),
        (None, Some(since)) => {
            let recent: Vec<PracticeLogId> = note::Entity::find()
                .select_only()
                .column(note::Column::LogId)
                .filter(note::Column::Kind.eq(NoteKind::Encouragement))
                .filter(note::Column::CreatedAt.gte(since))
                .into_tuple()
                .all(db)
                .await?
                .into_iter()
                .chain(
                    observation::Entity::find()
                        .select_only()
                        .column(observation::Column::LogId)
                        .filter(observation::Column::CreatedAt.gte(since))
                        .into_tuple::<PracticeLogId>()
                        .all(db)
                        .await?,
                )
                .collect();
            let ids: Vec<i64> = recent.iter().map(|l| l.0).collect();
            let mut who: Vec<i64> = log::Entity::find()
                .select_only()
                .column(log::Column::TeacherId)
                .filter(log::Column::Id.is_in(ids))
                .into_tuple()
                .all(db)
                .await?;
            who.sort_unstable();
            who.dedup();
            Some(who)
        }
        (None, None) => None,
    };
    let mut q = log::Entity::find().filter(log::Column::Status.eq(LogStatus::Done));
    if let Some(t) = teachers {
        q = q.filter(log::Column::TeacherId.is_in(t));
    }
    let logs = q.order_by_asc(log::Column::Id).all(db).await?;
    let ids: Vec<PracticeLogId> = logs.iter().map(|l| l.id).collect();
    let mut supporters: std::collections::HashMap<PracticeLogId, Vec<UserId>> = Default::default();
    for n in notes_of(db, &ids).await?.into_iter().filter(|n| n.kind == NoteKind::Encouragement) {
        supporters.entry(n.log_id).or_default().push(n.author_id);
    }
    for o in observations_of(db, &ids).await? {
        supporters.entry(o.log_id).or_default().push(o.observer_id);
    }
    Ok(logs
        .into_iter()
        .filter_map(|l| {
            let who = supporters.remove(&l.id)?;
            Some((l, who))
        })
        .collect())
}

/// Every stored file a journal points to (photos and voice notes), for
/// backups: these live under `practice/…`, outside the media blobs.
pub async fn storage_keys(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    let rows: Vec<(Option<String>, Option<String>)> = log::Entity::find()
        .select_only()
        .column(log::Column::PhotoKey)
        .column(log::Column::VoiceKey)
        .filter(
            sea_orm::Condition::any().add(log::Column::PhotoKey.is_not_null()).add(log::Column::VoiceKey.is_not_null()),
        )
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().flat_map(|(photo, voice)| photo.into_iter().chain(voice)).collect())
}

/// What entries show besides themselves, read in one statement: their
/// notes and observations (in the order written) with their writers' names,
/// and the instructions of the course tasks they try.
pub struct Around {
    pub notes: Vec<note::Model>,
    pub observations: Vec<observation::Model>,
    pub names: std::collections::HashMap<UserId, String>,
    pub steps: std::collections::HashMap<crate::ids::ActivityId, String>,
    pub titles: std::collections::HashMap<crate::ids::ActivityId, String>,
}

/// `alias.column AS prefixcolumn` (or `NULL AS prefixcolumn`) for every column of `E`.
fn columns<E: EntityTrait>(alias: Option<&str>, prefix: &str) -> String {
    use sea_orm::Iterable;
    let one = |c: E::Column| match alias {
        Some(a) => format!("{a}.{0} AS {prefix}{0}", c.as_str()),
        None => format!("NULL AS {prefix}{0}", c.as_str()),
    };
    E::Column::iter().map(one).collect::<Vec<_>>().join(", ")
}

/// `$from, $from+1, …` for `n` values.
fn marks(from: usize, n: usize) -> String {
    (from..from + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// The notes, observations, names and task instructions of `logs` (tasks: `activities`).
pub async fn around(
    db: &impl ConnectionTrait,
    logs: &[PracticeLogId],
    activities: &[crate::ids::ActivityId],
) -> Result<Around, DbErr> {
    use sea_orm::FromQueryResult;
    let mut found = Around {
        notes: vec![],
        observations: vec![],
        names: Default::default(),
        steps: Default::default(),
        titles: Default::default(),
    };
    if logs.is_empty() && activities.is_empty() {
        return Ok(found);
    }
    let (n, o) = (columns::<note::Entity>(Some("n"), "n_"), columns::<observation::Entity>(Some("o"), "o_"));
    let (no_n, no_o) = (columns::<note::Entity>(None, "n_"), columns::<observation::Entity>(None, "o_"));
    let (names, steps) = (crate::accounts::places_sql::names(), crate::learning::store::ACTIVITY_STEPS);
    // `IN (NULL)` matches nothing: the board may ask only for its tasks' titles.
    let in_logs = if logs.is_empty() { "NULL".to_owned() } else { marks(1, logs.len()) };
    let mut sql = format!(
        "SELECT CAST(0 AS BIGINT) AS what, {n}, {no_o}, u.name AS who_name, \
                CAST(NULL AS BIGINT) AS act_id, NULL AS act_title, NULL AS act_steps \
           FROM practice_notes n LEFT JOIN ({names}) u ON u.id = n.author_id WHERE n.log_id IN ({in_logs}) \
         UNION ALL SELECT 1, {no_n}, {o}, u.name, CAST(NULL AS BIGINT), NULL, NULL \
           FROM practice_observations o LEFT JOIN ({names}) u ON u.id = o.observer_id WHERE o.log_id IN ({in_logs})"
    );
    let mut values: Vec<sea_orm::Value> = logs.iter().map(|l| l.0.into()).collect();
    if !activities.is_empty() {
        sql.push_str(&format!(
            " UNION ALL SELECT 2, {no_n}, {no_o}, NULL, a.id, a.title, a.body FROM ({steps}) a WHERE a.id IN ({})",
            marks(logs.len() + 1, activities.len())
        ));
        values.extend(activities.iter().map(|a| sea_orm::Value::from(a.0)));
    }
    for row in db.query_all_raw(crate::db::numbered(db, &sql, values)).await? {
        match row.try_get::<i64>("", "what")? {
            0 => {
                let note = note::Model::from_query_result(&row, "n_")?;
                found.names.insert(note.author_id, row.try_get::<Option<String>>("", "who_name")?.unwrap_or_default());
                found.notes.push(note);
            }
            1 => {
                let o = observation::Model::from_query_result(&row, "o_")?;
                found.names.insert(o.observer_id, row.try_get::<Option<String>>("", "who_name")?.unwrap_or_default());
                found.observations.push(o);
            }
            _ => {
                let id = crate::ids::ActivityId(row.try_get("", "act_id")?);
                found.steps.insert(id, row.try_get("", "act_steps")?);
                found.titles.insert(id, row.try_get("", "act_title")?);
            }
        }
    }
    found.notes.sort_by_key(|n| n.id.0);
    found.observations.sort_by_key(|o| o.id.0);
    Ok(found)
}
