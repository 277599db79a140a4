//! Course reports for the course's author, administrators and education
//! officers (an officer whose profile names a district sees that district
//! only): enrolled, started and completed teachers by district and
//! upazila, each quiz question's share of right answers (a low one points
//! to a confusing question), and the course's batches with their fill and
//! attendance; each table as CSV.

use std::collections::HashMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::model::Feedback;
use super::store::{self, reports, training};
use super::words::BatchStatus;
use crate::ids::{BatchId, CourseId, CourseVersionId, DistrictId, ModuleId, QuizQuestionId, UserId};
use crate::state::AppState;
use crate::web::csv;
use crate::web::kept::KeptMap;
use crate::web::page_cache::KEEP_FOR;
use crate::web::{AppError, AppResult, CurrentUser, Lang, Role};

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct PlaceLine {
    pub district_id: Option<DistrictId>,
    /// The district's name, or the upazila's when one district is shown.
    pub place: String,
    pub enrolled: i64,
    pub started: i64,
    pub completed: i64,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct QuestionLine {
    pub question_id: QuizQuestionId,
    pub version: i32,
    pub module: String,
    pub prompt: String,
    pub answered: i64,
    pub right: i64,
    /// Per cent of answers that were right (0 when none yet).
    pub right_percent: i64,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct BatchLine {
    pub id: BatchId,
    pub title: String,
    pub starts_on: chrono::NaiveDate,
    pub capacity: i32,
    pub placed: i64,
    /// Per cent of place-days marked present so far.
    pub attendance_percent: i64,
    pub status: BatchStatus,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct CourseReport {
    pub course_id: CourseId,
    pub title: String,
    /// The district shown (an officer's own, or the one asked for).
    pub district_id: Option<DistrictId>,
    pub enrolled: i64,
    pub started: i64,
    pub completed: i64,
    pub places: Vec<PlaceLine>,
    pub questions: Vec<QuestionLine>,
    pub batches: Vec<BatchLine>,
}

/// The district `who` may see: any (None: all) for the course's author and
/// administrators; for an officer, the district an administrator assigned
/// her (an upazila's officer, its district: the report goes no finer), or
/// any with the nation; nobody else, nor an officer with no place.
async fn scope(
    state: &AppState,
    who: &CurrentUser,
    author: UserId,
    asked: Option<DistrictId>,
) -> AppResult<Option<DistrictId>> {
    if who.role == Role::Admin || who.id == author {
        return Ok(asked);
    }
    if who.role != Role::Officer {
        return Err(AppError::Forbidden);
    }
    let own = match crate::officers::reach(state, who.id).await? {
        crate::officers::Reach::Nation => return Ok(asked),
        crate::officers::Reach::District(d) | crate::officers::Reach::Upazila(d, _) => d,
    };
    match asked {
        Some(a) if a != own => Err(AppError::NotAllowed { code: "not_this_place", key: "report-not-your-place" }),
        _ => Ok(Some(own)),
    }
}

pub async fn course(
    state: &AppState,
    who: &CurrentUser,
    id: CourseId,
    asked: Option<DistrictId>,
    lang: Lang,
) -> AppResult<CourseReport> {
    let (author, title) = author_and_title(state, id).await?;
    let district = scope(state, who, author, asked).await?;
    // Everyone allowed this district's figures sees the same: kept a moment.
    let kept = state.part::<KeptReports>();
    if let Some(found) = kept.0.get(&(id, district, lang), KEEP_FOR) {
        return Ok(found);
    }
    let tallies = reports::by_place(&state.db, id, district).await?;
    let places = places(state, &tallies, district, lang).await?;
    let questions = questions(state, id, district).await?;
    let batches = batches(state, id, district).await?;
    let report = CourseReport {
        course_id: id,
        title,
        district_id: district,
        enrolled: places.iter().map(|p| p.enrolled).sum(),
        started: places.iter().map(|p| p.started).sum(),
        completed: places.iter().map(|p| p.completed).sum(),
        places,
        questions,
        batches,
    };
    kept.0.put((id, district, lang), report.clone(), KEEP_FOR);
    Ok(report)
}

/// Reports as computed a moment ago, per course, district shown and language
/// (authority is checked before, on every request).
#[derive(Default)]
struct KeptReports(KeptMap<(CourseId, Option<DistrictId>, Lang), CourseReport, 256>);

/// A course's author (who may read its reports) and title, kept a moment:
/// a course never changes author, and a new title shows within seconds.
#[derive(Default)]
struct KeptAuthors(KeptMap<CourseId, (UserId, String), 256>);

async fn author_and_title(state: &AppState, id: CourseId) -> AppResult<(UserId, String)> {
    let kept = state.part::<KeptAuthors>();
    if let Some(found) = kept.0.get(&id, KEEP_FOR) {
        return Ok(found);
    }
    let c = store::course(&state.db, id).await?.ok_or(AppError::NotFound)?;
    kept.0.put(id, (c.author_id, c.title.clone()), KEEP_FOR);
    Ok((c.author_id, c.title))
}

/// Enrolled, started and completed by district, or by upazila when one
/// district is shown; most enrolled first.
async fn places(
    state: &AppState,
    tallies: &[reports::PlaceTally],
    district: Option<DistrictId>,
    lang: Lang,
) -> AppResult<Vec<PlaceLine>> {
    let districts = crate::places::memory::districts(state).await?;
    let name = |bn: &str, en: &str| if lang == Lang::En { en.to_owned() } else { bn.to_owned() };
    let unknown = lang.t("report-place-unknown");
    let mut grouped: HashMap<String, PlaceLine> = HashMap::new();
    for t in tallies {
        let (d, u) = (t.district, t.upazila);
        let dist = d.and_then(|d| districts.iter().find(|x| x.id == d));
        let place = match (district, dist) {
            (Some(_), Some(x)) => u
                .and_then(|u| x.upazilas.iter().find(|y| y.id == u))
                .map_or_else(|| unknown.clone(), |y| name(&y.name_bn, &y.name_en)),
            (None, Some(x)) => name(&x.name_bn, &x.name_en),
            _ => unknown.clone(),
        };
        let line = grouped.entry(place.clone()).or_insert(PlaceLine {
            district_id: d,
            place,
            enrolled: 0,
            started: 0,
            completed: 0,
        });
        line.enrolled += t.enrolled;
        line.started += t.started;
        line.completed += t.completed;
    }
    let mut places: Vec<PlaceLine> = grouped.into_values().collect();
    places.sort_by(|a, b| b.enrolled.cmp(&a.enrolled).then(a.place.cmp(&b.place)));
    Ok(places)
}

/// Every version's questions with the share of right answers among those
/// of the teachers counted (enrolled, of `district` when one is shown).
async fn questions(state: &AppState, id: CourseId, district: Option<DistrictId>) -> AppResult<Vec<QuestionLine>> {
    let versions = store::versions_of(&state.db, id).await?;
    let version_ids: Vec<CourseVersionId> = versions.iter().map(|v| v.id).collect();
    let number: HashMap<CourseVersionId, i32> = versions.iter().map(|v| (v.id, v.number)).collect();
    let modules: HashMap<ModuleId, (String, i32)> = store::modules_of_versions(&state.db, &version_ids)
        .await?
        .into_iter()
        .map(|m| (m.id, (m.title, number.get(&m.version_id).copied().unwrap_or(0))))
        .collect();
    let ids: Vec<ModuleId> = modules.keys().copied().collect();
    let mut tally: HashMap<QuizQuestionId, (i64, i64)> = HashMap::new();
    for answers in reports::answers(&state.db, id, district).await? {
        let feedback: Vec<Feedback> = serde_json::from_value(answers).unwrap_or_default();
        for f in feedback {
            let t = tally.entry(f.question_id).or_default();
            t.0 += 1;
            t.1 += i64::from(f.correct);
        }
    }
    Ok(store::questions_of(&state.db, &ids)
        .await?
        .into_iter()
        .map(|q| {
            let (module, version) = modules.get(&q.module_id).cloned().unwrap_or_default();
            let (answered, right) = tally.get(&q.id).copied().unwrap_or((0, 0));
            QuestionLine {
                question_id: q.id,
                version,
                module,
                prompt: q.prompt,
                answered,
                right,
                right_percent: if answered > 0 { right * 100 / answered } else { 0 },
            }
        })
        .collect())
}

/// The course's batches in the district shown (and those of no district),
/// with their fill and attendance.
async fn batches(state: &AppState, id: CourseId, district: Option<DistrictId>) -> AppResult<Vec<BatchLine>> {
    let shown: Vec<_> = training::for_course(&state.db, id)
        .await?
        .into_iter()
        .filter(|b| district.is_none() || b.district_id.is_none() || b.district_id == district)
        .collect();
    let ids: Vec<BatchId> = shown.iter().map(|b| b.id).collect();
    let placed = training::placed_counts(&state.db, &ids).await?;
    let present = training::attendance_counts(&state.db, &ids).await?;
    Ok(shown
        .into_iter()
        .map(|b| {
            let placed = placed.get(&b.id).copied().unwrap_or(0);
            let possible = placed * i64::from(b.days);
            let present = present.get(&b.id).copied().unwrap_or(0);
            BatchLine {
                id: b.id,
                title: b.title,
                starts_on: b.starts_on,
                capacity: b.capacity,
                placed,
                attendance_percent: if possible > 0 { present * 100 / possible } else { 0 },
                status: b.status,
            }
        })
        .collect())
}

/// The report's tables as one CSV: places, then questions, then batches.
pub fn csv(r: &CourseReport) -> String {
    let mut out = String::from("place,enrolled,started,completed\r\n");
    for p in &r.places {
        out.push_str(&format!("{},{},{},{}\r\n", csv::typed(&p.place), p.enrolled, p.started, p.completed));
    }
    out.push_str("\r\nversion,module,question,answered,right,right_percent\r\n");
    for q in &r.questions {
        out.push_str(&format!(
            "{},{},{},{},{},{}\r\n",
            q.version,
            csv::typed(&q.module),
            csv::typed(&q.prompt),
            q.answered,
            q.right,
            q.right_percent
        ));
    }
    out.push_str("\r\nbatch,starts_on,capacity,placed,attendance_percent,status\r\n");
    for b in &r.batches {
        out.push_str(&format!(
            "{},{},{},{},{},{}\r\n",
            csv::typed(&b.title),
            b.starts_on,
            b.capacity,
            b.placed,
            b.attendance_percent,
            b.status
        ));
    }
    out
}
