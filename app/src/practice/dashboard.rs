//! Practice dashboards for a school's head teacher and for upazila and
//! district education officers (each sees only their own place; an
//! administrator sees the nation): teachers enrolled, completed,
//! practising (a try logged in the last 30 days), observed (in the last
//! 30 days), circle meetings held (last 30 days); a heat table of the
//! place's districts, upazilas or schools by practice rate (practising ÷
//! registered teachers); six months of trends; CSV. Figures are counts of
//! teachers, never a ranking of them.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::figures::{Facts, Figure, Row};
use super::journal::today;
use super::model::PlaceLevel;
use super::store::dashboard::Place;
use crate::ids::{DistrictId, InstitutionId, UpazilaId};
use crate::officers::Reach;
use crate::places::memory::Places;
use crate::places::model::{District, Upazila};
use crate::state::AppState;
use crate::web::kept::KeptMap;
use crate::web::{AppError, AppResult, CurrentUser, Lang, Role, csv};

/// "Practising" and "observed" look back this many days.
pub const WINDOW_DAYS: i64 = 30;
/// Months of trends shown.
const MONTHS: usize = 6;

#[derive(Deserialize, IntoParams, Clone, Copy, Debug, Default)]
#[into_params(parameter_in = Query)]
pub struct Asked {
    pub district: Option<DistrictId>,
    pub upazila: Option<UpazilaId>,
    pub school: Option<InstitutionId>,
}

#[derive(Serialize, ToSchema, Clone, Debug, Default, PartialEq, Eq)]
pub struct DashboardLine {
    /// The row's district, upazila or school id (none: profiles that name no place).
    pub id: Option<i64>,
    pub place: String,
    pub teachers: i64,
    pub enrolled: i64,
    pub completed: i64,
    pub practising: i64,
    /// practising ÷ teachers, per cent (0 without teachers).
    pub practice_percent: i64,
    pub observed: i64,
    pub circles_held: i64,
}

impl DashboardLine {
    /// Heat band 0–4 of the practice rate, for the table's colours.
    pub fn band(&self) -> u8 {
        match self.practice_percent {
            0 => 0,
            1..=9 => 1,
            10..=24 => 2,
            25..=49 => 3,
            _ => 4,
        }
    }
}

#[derive(Serialize, ToSchema, Clone, Debug, PartialEq, Eq)]
pub struct MonthLine {
    /// YYYY-MM
    pub month: String,
    pub tries: i64,
    pub teachers_practising: i64,
    pub observations: i64,
    pub meetings_held: i64,
    pub completions: i64,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct PracticeDashboard {
    pub scope: PlaceLevel,
    pub scope_id: Option<i64>,
    pub scope_name: String,
    /// What the rows are (none for a school).
    pub rows_are: Option<PlaceLevel>,
    /// The first day "practising" and "observed" count from.
    pub since: NaiveDate,
    pub totals: DashboardLine,
    pub rows: Vec<DashboardLine>,
    pub months: Vec<MonthLine>,
    /// When these figures were counted (they are kept [`COUNTED_FOR`]).
    pub counted_at: DateTime<Utc>,
}

/// How long a place's counted figures serve: a nation's figures are one
/// grouped statement over every teacher, and an officer reading them at
/// the start of the day does not need them counted again for each visit.
/// The page says when they were counted.
pub const COUNTED_FOR: std::time::Duration = std::time::Duration::from_secs(60);

/// Kept by time only: the portal's change number moves with questions,
/// posts and shares, none of which a practice figure counts.
#[derive(Default)]
struct Counted(KeptMap<(Place, Lang), Arc<PracticeDashboard>, 1024>);

/// A try, an observation or a circle meeting was written on this node:
/// dashboards here are counted again at their next visit (a head teacher
/// who just observed sees it; other nodes within [`COUNTED_FOR`]).
pub fn recount(state: &AppState) {
    state.part::<Counted>().0.forget_where(|_| true);
}

/// [`build`], kept per place and language for [`COUNTED_FOR`]. Who may see
/// a place is decided before, on every visit ([`scope`]).
pub async fn counted(state: &AppState, place: Place, lang: Lang) -> AppResult<Arc<PracticeDashboard>> {
    let kept = &state.part::<Counted>().0;
    if let Some(found) = kept.get(&(place, lang), COUNTED_FOR) {
        return Ok(found);
    }
    let found = Arc::new(build(state, place, lang).await?);
    kept.put((place, lang), found.clone(), COUNTED_FOR);
    Ok(found)
}

/// Who has a practice dashboard: head teachers (their school), officers
/// (their place) and administrators (the nation).
pub fn sees_dashboard(role: &Role) -> bool {
    matches!(*role, Role::HeadTeacher | Role::Officer | Role::Admin)
}

fn not_yours() -> AppError {
    AppError::NotAllowed { code: "not_this_place", key: "practice-not-your-place" }
}

/// The place `who` asked for, if hers to see: a head teacher the school she
/// is verified at; an officer the place an administrator assigned her (none
/// without one) and any place inside it; an administrator anywhere.
pub async fn scope(state: &AppState, who: &CurrentUser, asked: Asked) -> AppResult<Place> {
    let own = match who.role {
        Role::Admin => Place::Nation,
        Role::Officer => match crate::officers::reach(state, who.id).await? {
            Reach::Nation => Place::Nation,
            Reach::District(d) => Place::District(d),
            Reach::Upazila(_, u) => Place::Upazila(u),
        },
        Role::HeadTeacher => {
            let me = crate::accounts::store::find(&state.db, who.id).await?.ok_or(AppError::LoginRequired)?;
            match super::access::school_of(&me) {
                Some(s) => Place::School(s),
                None => return Err(super::access::no_school(&me, "practice-dashboard-no-school")),
            }
        }
        _ => return Err(AppError::Forbidden),
    };
    // The place asked for, with the district and upazila it lies in.
    let (place, district, upazila) = if let Some(s) = asked.school {
        let school = crate::institutions::store::by_id(&state.db, s).await?.ok_or(AppError::NotFound)?;
        (Place::School(s), Some(school.district_id), school.upazila_id)
    } else if let Some(u) = asked.upazila {
        let places = crate::places::memory::current(state).await?;
        let (d, _) = upazila_in(&places, u).ok_or(AppError::NotFound)?;
        (Place::Upazila(u), Some(d.id), Some(u))
    } else if let Some(d) = asked.district {
        crate::places::memory::current(state).await?.district(d).ok_or(AppError::NotFound)?;
        (Place::District(d), Some(d), None)
    } else {
        return Ok(own);
    };
    let inside = match own {
        Place::Nation => true,
        Place::District(d) => district == Some(d),
        Place::Upazila(u) => upazila == Some(u) && !matches!(place, Place::District(_)),
        Place::School(s) => place == Place::School(s),
    };
    if inside { Ok(place) } else { Err(not_yours()) }
}

/// The first day of the month `back` months before `d`'s.
fn month_start(d: NaiveDate, back: u32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 - back as i32;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

/// A row of figures; `get` gives each figure of the row.
fn line(id: Row, place: String, get: impl Fn(Figure) -> i64) -> DashboardLine {
    let teachers = get(Figure::Teachers);
    let practising = get(Figure::Practising);
    DashboardLine {
        id,
        place,
        teachers,
        enrolled: get(Figure::Enrolled),
        completed: get(Figure::Completed),
        practising,
        practice_percent: if teachers > 0 { practising * 100 / teachers } else { 0 },
        observed: get(Figure::Observed),
        circles_held: get(Figure::CirclesHeld),
    }
}

/// The sum of the rows.
fn totals(rows: &[DashboardLine], lang: Lang) -> DashboardLine {
    let sum = |f: fn(&DashboardLine) -> i64| rows.iter().map(f).sum::<i64>();
    let figures = HashMap::from([
        (Figure::Teachers, sum(|r| r.teachers)),
        (Figure::Enrolled, sum(|r| r.enrolled)),
        (Figure::Completed, sum(|r| r.completed)),
        (Figure::Practising, sum(|r| r.practising)),
        (Figure::Observed, sum(|r| r.observed)),
        (Figure::CirclesHeld, sum(|r| r.circles_held)),
    ]);
    line(None, lang.t("report-totals"), |f| figures.get(&f).copied().unwrap_or(0))
}

/// The level of a place, and of its rows (none below a school).
fn levels(place: Place) -> (PlaceLevel, Option<i64>, Option<PlaceLevel>) {
    match place {
        Place::Nation => (PlaceLevel::Nation, None, Some(PlaceLevel::District)),
        Place::District(d) => (PlaceLevel::District, Some(d.0), Some(PlaceLevel::Upazila)),
        Place::Upazila(u) => (PlaceLevel::Upazila, Some(u.0), Some(PlaceLevel::School)),
        Place::School(s) => (PlaceLevel::School, Some(s.0), None),
    }
}

pub async fn build(state: &AppState, place: Place, lang: Lang) -> AppResult<PracticeDashboard> {
    let today = today();
    let since = today - Duration::days(WINDOW_DAYS);
    let first = month_start(today, MONTHS as u32 - 1).min(since);
    let facts = Facts::load(state, place, since, first).await?;
    let figures = facts.counts();
    let mut keys: Vec<Row> = figures.values().flat_map(|m| m.keys().copied()).collect();
    keys.sort();
    keys.dedup();
    // A school's dashboard has no rows below it: nothing to name.
    let names = match levels(place).2 {
        Some(_) => row_names(state, place, &keys, lang).await?,
        None => HashMap::new(),
    };
    let get = |k: Row, f: Figure| figures.get(&f).and_then(|m| m.get(&k)).copied().unwrap_or(0);
    let name = |k: &Row| names.get(k).cloned().unwrap_or_else(|| lang.t("report-place-unknown"));
    let mut rows: Vec<DashboardLine> = keys.iter().map(|k| line(*k, name(k), |f| get(*k, f))).collect();
    let totals = totals(&rows, lang);
    // Highest practice rate first; ties by name, so the order is the same every time.
    rows.sort_by(|a, b| b.practice_percent.cmp(&a.practice_percent).then_with(|| a.place.cmp(&b.place)));
    let by_month = facts.months();
    let months = (0..MONTHS as u32)
        .rev()
        .map(|back| {
            let m = month_start(today, back).format("%Y-%m").to_string();
            let c = by_month.get(&m).cloned().unwrap_or_default();
            MonthLine {
                month: m,
                tries: c.tries,
                teachers_practising: c.teachers_practising,
                observations: c.observations,
                meetings_held: c.meetings_held,
                completions: c.completions,
            }
        })
        .collect();
    let (scope, scope_id, rows_are) = levels(place);
    if rows_are.is_none() {
        rows.clear();
    }
    let scope_name = scope_name(state, place, lang).await?;
    Ok(PracticeDashboard { scope, scope_id, scope_name, rows_are, since, totals, rows, months, counted_at: Utc::now() })
}

/// An upazila of the places in memory, with its district.
fn upazila_in(places: &Places, u: UpazilaId) -> Option<(&District, &Upazila)> {
    places.districts.iter().find_map(|d| d.upazilas.iter().find(|x| x.id == u).map(|x| (d, x)))
}

async fn scope_name(state: &AppState, place: Place, lang: Lang) -> AppResult<String> {
    let pick = |bn: &str, en: &str| if lang == Lang::En { en.to_owned() } else { bn.to_owned() };
    let places = crate::places::memory::current(state).await?;
    Ok(match place {
        Place::Nation => lang.t("practice-nation"),
        Place::District(d) => places.district(d).map(|x| pick(&x.name_bn, &x.name_en)).unwrap_or_default(),
        Place::Upazila(u) => upazila_in(&places, u).map(|(_, x)| pick(&x.name_bn, &x.name_en)).unwrap_or_default(),
        Place::School(s) => crate::institutions::store::by_id(&state.db, s).await?.map(|x| x.name).unwrap_or_default(),
    })
}

/// The names of the rows: districts, upazilas or schools.
async fn row_names(
    state: &AppState,
    place: Place,
    keys: &[Option<i64>],
    lang: Lang,
) -> AppResult<HashMap<Option<i64>, String>> {
    let ids: Vec<i64> = keys.iter().flatten().copied().collect();
    Ok(match place {
        Place::Nation | Place::District(_) => {
            let places = crate::places::memory::current(state).await?;
            let mut names = HashMap::new();
            for d in &places.districts {
                if matches!(place, Place::Nation) && ids.contains(&d.id.0) {
                    names.insert(Some(d.id.0), d.name(&lang).to_owned());
                }
                for u in d.upazilas.iter().filter(|u| matches!(place, Place::District(_)) && ids.contains(&u.id.0)) {
                    names.insert(Some(u.id.0), u.name(&lang).to_owned());
                }
            }
            names
        }
        Place::Upazila(_) | Place::School(_) => {
            crate::institutions::store::names_of(&state.db, ids.into_iter().map(InstitutionId))
                .await?
                .into_iter()
                .map(|(k, v)| (Some(k.0), v))
                .collect()
        }
    })
}

/// The rows and totals as CSV (places are names people may have typed: defused).
pub fn rows_csv(d: &PracticeDashboard, lang: Lang) -> String {
    let mut out = String::new();
    let head = [
        "report-place",
        "practice-teachers",
        "report-enrolled",
        "report-completed",
        "practice-practising",
        "practice-rate",
        "practice-observed",
        "practice-circles-held",
    ];
    out.push_str(&head.iter().map(|k| csv::ours(&lang.t(k))).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for r in d.rows.iter().chain(std::iter::once(&d.totals)) {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}\r\n",
            csv::typed(&r.place),
            r.teachers,
            r.enrolled,
            r.completed,
            r.practising,
            r.practice_percent,
            r.observed,
            r.circles_held
        ));
    }
    out.push_str("\r\n");
    let head = [
        "practice-month",
        "practice-tries",
        "practice-practising",
        "practice-observations-n",
        "practice-circles-held",
        "report-completed",
    ];
    out.push_str(&head.iter().map(|k| csv::ours(&lang.t(k))).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for m in &d.months {
        out.push_str(&format!(
            "{},{},{},{},{},{}\r\n",
            csv::ours(&m.month),
            m.tries,
            m.teachers_practising,
            m.observations,
            m.meetings_held,
            m.completions
        ));
    }
    out
}
