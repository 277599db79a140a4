//! The facts a practice dashboard counts, each from its owner: the
//! place's teachers and the row each counts in (accounts), who studied and
//! completed (learning), tries, observations and circle meetings (our own
//! store); then counted per row and per month here. Figures are counts of
//! teachers, never a ranking of them.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::store::dashboard::{self as sql, Place};
use crate::ids::UserId;
use crate::state::AppState;
use crate::web::AppResult;

/// Above this many teachers a place's facts are read for everyone and
/// sorted here, rather than named one by one in a query.
const NAMED_AT_MOST: usize = 2000;

/// A dashboard row's key: the district, upazila or school id (None for
/// teachers whose profile names none).
pub type Row = Option<i64>;

/// What a dashboard counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Figure {
    /// Teachers (and head teachers) registered there.
    Teachers,
    /// Teachers with any enrolment.
    Enrolled,
    /// Teachers who completed at least one course.
    Completed,
    /// Teachers with a logged try in the window.
    Practising,
    /// Teachers observed in the window.
    Observed,
    /// Circle meetings held in the window.
    CirclesHeld,
}

/// One month's activity in a place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthCounts {
    pub tries: i64,
    pub teachers_practising: i64,
    pub observations: i64,
    pub meetings_held: i64,
    pub completions: i64,
}

/// The place's facts from `from` on.
pub struct Facts {
    /// Each teacher of the place, and her row.
    teachers: HashMap<UserId, Row>,
    /// Teachers who enrolled, and whether they completed a course.
    learners: Vec<(UserId, bool)>,
    completions: Vec<(UserId, DateTime<Utc>)>,
    tries: Vec<(UserId, NaiveDate)>,
    observations: Vec<(UserId, NaiveDate)>,
    meetings: Vec<(Row, NaiveDate)>,
}

/// The teachers of `place`, each with the row she counts in.
async fn teachers(state: &AppState, place: Place) -> AppResult<HashMap<UserId, Row>> {
    let (district, upazila, school) = match place {
        Place::Nation => (None, None, None),
        Place::District(d) => (Some(d), None, None),
        Place::Upazila(u) => (None, Some(u), None),
        Place::School(s) => (None, None, Some(s)),
    };
    let found = crate::accounts::store::teacher_places(&state.db, district, upazila, school).await?;
    Ok(found
        .into_iter()
        .map(|(id, d, u, s)| {
            let row = match place {
                Place::Nation => d.map(|d| d.0),
                Place::District(_) => u.map(|u| u.0),
                Place::Upazila(_) | Place::School(_) => s.map(|s| s.0),
            };
            (id, row)
        })
        .collect())
}

impl Facts {
    pub async fn load(state: &AppState, place: Place, from: NaiveDate) -> AppResult<Facts> {
        let teachers = teachers(state, place).await?;
        let ids: Vec<UserId> = teachers.keys().copied().collect();
        let named = (ids.len() <= NAMED_AT_MOST).then_some(ids.as_slice());
        let db = &state.db;
        let since = DateTime::from_naive_utc_and_offset(from.and_time(NaiveTime::MIN), Utc);
        Ok(Facts {
            learners: crate::learning::store::study::learners(db, named).await?,
            completions: crate::learning::store::study::completions_since(db, since, named).await?,
            tries: sql::tries_since(db, from, named).await?,
            observations: sql::observations_since(db, from, named).await?,
            meetings: sql::meetings_held_since(db, place, from).await?,
            teachers,
        })
    }

    fn row(&self, teacher: &UserId) -> Option<Row> {
        self.teachers.get(teacher).copied()
    }

    /// Each figure per row, with tries, observations and meetings counted
    /// from `since` on.
    pub fn counts(&self, since: NaiveDate) -> HashMap<Figure, HashMap<Row, i64>> {
        let mut out: HashMap<Figure, HashMap<Row, i64>> = HashMap::new();
        let mut add = |f: Figure, row: Row| *out.entry(f).or_default().entry(row).or_default() += 1;
        for row in self.teachers.values() {
            add(Figure::Teachers, *row);
        }
        for (who, completed) in &self.learners {
            if let Some(row) = self.row(who) {
                add(Figure::Enrolled, row);
                if *completed {
                    add(Figure::Completed, row);
                }
            }
        }
        for (figure, facts) in [(Figure::Practising, &self.tries), (Figure::Observed, &self.observations)] {
            let who: HashSet<UserId> = facts.iter().filter(|(_, day)| *day >= since).map(|(t, _)| *t).collect();
            for row in who.iter().filter_map(|t| self.row(t)) {
                add(figure, row);
            }
        }
        for (row, _) in self.meetings.iter().filter(|(_, day)| *day >= since) {
            add(Figure::CirclesHeld, *row);
        }
        out
    }

    /// Per month (`YYYY-MM`): tries and the teachers who tried,
    /// observations, circle meetings held, and course completions.
    pub fn months(&self) -> HashMap<String, MonthCounts> {
        let month = |d: NaiveDate| d.format("%Y-%m").to_string();
        let mut out: HashMap<String, MonthCounts> = HashMap::new();
        let mut tried: HashSet<(String, UserId)> = HashSet::new();
        for (t, day) in self.tries.iter().filter(|(t, _)| self.row(t).is_some()) {
            let line = out.entry(month(*day)).or_default();
            line.tries += 1;
            if tried.insert((month(*day), *t)) {
                line.teachers_practising += 1;
            }
        }
        for (_, day) in self.observations.iter().filter(|(t, _)| self.row(t).is_some()) {
            out.entry(month(*day)).or_default().observations += 1;
        }
        for (_, day) in &self.meetings {
            out.entry(month(*day)).or_default().meetings_held += 1;
        }
        for (_, at) in self.completions.iter().filter(|(t, _)| self.row(t).is_some()) {
            out.entry(month(at.date_naive())).or_default().completions += 1;
        }
        out
    }
}
