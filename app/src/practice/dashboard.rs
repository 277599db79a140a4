//! Practice dashboards for a school's head teacher and for upazila and
//! district education officers (each sees only their own place; an
//! administrator sees the nation): teachers enrolled, completed,
//! practising (a try logged in the last 30 days), observed (in the last
//! 30 days), circle meetings held (last 30 days); a heat table of the
//! place's districts, upazilas or schools by practice rate (practising ÷
//! registered teachers); six months of trends; CSV. Figures are counts of
//! teachers, never a ranking of them.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::journal::today;
use super::store::dashboard::{self as sql, Figure, Place};
use crate::ids::{DistrictId, InstitutionId, UpazilaId};
use crate::officers::Reach;
use crate::state::AppState;
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
    /// nation | district | upazila | school
    pub scope: String,
    pub scope_id: Option<i64>,
    pub scope_name: String,
    /// district | upazila | school: what the rows are (none for a school).
    pub rows_are: Option<String>,
    /// The first day "practising" and "observed" count from (YYYY-MM-DD).
    pub since: String,
    pub totals: DashboardLine,
    pub rows: Vec<DashboardLine>,
    pub months: Vec<MonthLine>,
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
        let up = crate::places::store::upazila(&state.db, u).await?.ok_or(AppError::NotFound)?;
        (Place::Upazila(u), Some(up.district_id), Some(u))
    } else if let Some(d) = asked.district {
        crate::places::store::district(&state.db, d).await?.ok_or(AppError::NotFound)?;
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

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The first day of the month `back` months before `d`'s.
fn month_start(d: NaiveDate, back: u32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 - back as i32;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

pub async fn build(state: &AppState, place: Place, lang: Lang) -> AppResult<PracticeDashboard> {
    let today = today();
    let since = day(today - Duration::days(WINDOW_DAYS));
    let mut figures: HashMap<Figure, HashMap<Option<i64>, i64>> = HashMap::new();
    for f in [
        Figure::Teachers,
        Figure::Enrolled,
        Figure::Completed,
        Figure::Practising,
        Figure::Observed,
        Figure::CirclesHeld,
    ] {
        figures.insert(f, sql::counts(&state.db, place, f, &since).await?);
    }
    let mut keys: Vec<Option<i64>> = figures.values().flat_map(|m| m.keys().copied()).collect();
    keys.sort();
    keys.dedup();
    let names = row_names(state, place, &keys, lang).await?;
    let get = |f: Figure, k: Option<i64>| figures.get(&f).and_then(|m| m.get(&k)).copied().unwrap_or(0);
    let line = |k: Option<i64>, place: String| {
        let teachers = get(Figure::Teachers, k);
        let practising = get(Figure::Practising, k);
        DashboardLine {
            id: k,
            place,
            teachers,
            enrolled: get(Figure::Enrolled, k),
            completed: get(Figure::Completed, k),
            practising,
            practice_percent: if teachers > 0 { practising * 100 / teachers } else { 0 },
            observed: get(Figure::Observed, k),
            circles_held: get(Figure::CirclesHeld, k),
        }
    };
    let mut rows: Vec<DashboardLine> = keys
        .iter()
        .map(|k| line(*k, names.get(k).cloned().unwrap_or_else(|| lang.t("report-place-unknown"))))
        .collect();
    let mut totals = DashboardLine { place: lang.t("report-totals"), ..DashboardLine::default() };
    for r in &rows {
        totals.teachers += r.teachers;
        totals.enrolled += r.enrolled;
        totals.completed += r.completed;
        totals.practising += r.practising;
        totals.observed += r.observed;
        totals.circles_held += r.circles_held;
    }
    if totals.teachers > 0 {
        totals.practice_percent = totals.practising * 100 / totals.teachers;
    }
    // Highest practice rate first; ties by name, so the order is the same every time.
    rows.sort_by(|a, b| b.practice_percent.cmp(&a.practice_percent).then_with(|| a.place.cmp(&b.place)));
    let first = month_start(today, MONTHS as u32 - 1);
    let by_month = sql::months(&state.db, place, &day(first)).await?;
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
    let (scope, scope_id, rows_are) = match place {
        Place::Nation => ("nation", None, Some("district")),
        Place::District(d) => ("district", Some(d.0), Some("upazila")),
        Place::Upazila(u) => ("upazila", Some(u.0), Some("school")),
        Place::School(s) => ("school", Some(s.0), None),
    };
    if rows_are.is_none() {
        rows.clear();
    }
    Ok(PracticeDashboard {
        scope: scope.into(),
        scope_id,
        scope_name: scope_name(state, place, lang).await?,
        rows_are: rows_are.map(str::to_owned),
        since,
        totals,
        rows,
        months,
    })
}

async fn scope_name(state: &AppState, place: Place, lang: Lang) -> AppResult<String> {
    let pick = |bn: String, en: String| if lang == Lang::En { en } else { bn };
    Ok(match place {
        Place::Nation => lang.t("practice-nation"),
        Place::District(d) => {
            crate::places::store::district(&state.db, d).await?.map(|x| pick(x.name_bn, x.name_en)).unwrap_or_default()
        }
        Place::Upazila(u) => {
            crate::places::store::upazila(&state.db, u).await?.map(|x| pick(x.name_bn, x.name_en)).unwrap_or_default()
        }
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
            let districts = crate::places::store::districts(&state.db).await?;
            let mut names = HashMap::new();
            for d in &districts {
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
