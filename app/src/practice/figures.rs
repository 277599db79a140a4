//! The figures a practice dashboard shows, counted by the database in one
//! grouped statement (`store::dashboard::figures`): the place's teachers
//! per row (accounts' relation), who studied and completed (learning's),
//! tries, observations and circle meetings (our own tables); named here
//! per row and per month. Figures are counts of teachers, never a ranking
//! of them.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

pub use super::store::dashboard::Figure;
use super::store::dashboard::{self as sql, Counted, Monthly, Place};
use crate::state::AppState;
use crate::web::AppResult;

/// A dashboard row's key: the district, upazila or school id (None for
/// teachers whose profile names none).
pub type Row = Option<i64>;

/// One month's activity in a place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthCounts {
    pub tries: i64,
    pub teachers_practising: i64,
    pub observations: i64,
    pub meetings_held: i64,
    pub completions: i64,
}

/// A place's figures: per row from `since` on, per month from `from` on.
pub struct Facts {
    counts: HashMap<Figure, HashMap<Row, i64>>,
    months: HashMap<String, MonthCounts>,
}

impl Facts {
    pub async fn load(state: &AppState, place: Place, since: NaiveDate, from: NaiveDate) -> AppResult<Facts> {
        let from_instant = DateTime::from_naive_utc_and_offset(from.and_time(NaiveTime::MIN), Utc);
        let tallies = sql::figures(&state.db, place, since, from, from_instant).await?;
        let mut counts: HashMap<Figure, HashMap<Row, i64>> = HashMap::new();
        let mut months: HashMap<String, MonthCounts> = HashMap::new();
        for t in tallies {
            let figure = match t.what {
                Counted::Place(figure) => figure,
                Counted::Month(what) => {
                    let line = months.entry(t.month).or_default();
                    match what {
                        Monthly::Tries => {
                            line.tries += t.count;
                            line.teachers_practising += t.also;
                        }
                        Monthly::Observations => line.observations += t.count,
                        Monthly::Meetings => line.meetings_held += t.count,
                        Monthly::Completions => line.completions += t.count,
                    }
                    continue;
                }
            };
            *counts.entry(figure).or_default().entry(t.row).or_default() += t.count;
        }
        Ok(Facts { counts, months })
    }

    /// Each figure per row (tries, observations and meetings from `since` on).
    pub fn counts(&self) -> &HashMap<Figure, HashMap<Row, i64>> {
        &self.counts
    }

    /// Per month (`YYYY-MM`): tries and the teachers who tried,
    /// observations, circle meetings held, and course completions.
    pub fn months(&self) -> &HashMap<String, MonthCounts> {
        &self.months
    }
}
