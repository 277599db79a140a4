//! What the load run counts: every request's time per journey step, every
//! failure with the moment it happened (so a node killed at a known time
//! can be told apart), and the sessions found signed out.

use std::collections::{BTreeMap, HashMap};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;

/// One kind of request in a teacher's journey (a row of the report).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    LoginForm,
    SignIn,
    Home,
    Chapter,
    Content,
    Search,
    Course,
    Enrol,
    Activity,
    QuizPage,
    QuizSubmit,
    QuizResult,
    Comment,
    PracticePlanForm,
    PracticePlan,
    PracticeEntry,
    PracticeLog,
    Check,
}

impl Step {
    pub fn label(self) -> &'static str {
        match self {
            Step::LoginForm => "sign-in form",
            Step::SignIn => "sign in (POST)",
            Step::Home => "home /",
            Step::Chapter => "chapter",
            Step::Content => "content",
            Step::Search => "search",
            Step::Course => "course",
            Step::Enrol => "enrol (POST)",
            Step::Activity => "course activity",
            Step::QuizPage => "quiz page",
            Step::QuizSubmit => "quiz attempt (POST)",
            Step::QuizResult => "quiz result",
            Step::Comment => "comment (POST)",
            Step::PracticePlanForm => "practice plan form",
            Step::PracticePlan => "practice plan (POST)",
            Step::PracticeEntry => "practice entry",
            Step::PracticeLog => "practice log (POST)",
            Step::Check => "re-read (check)",
        }
    }

    pub fn is_write(self) -> bool {
        matches!(
            self,
            Step::SignIn | Step::Enrol | Step::QuizSubmit | Step::Comment | Step::PracticePlan | Step::PracticeLog
        )
    }
}

/// Why a request failed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FailureKind {
    /// An answer other than the one the step expects (a 502, a 422, a 429…).
    Status(u16),
    /// No connection, or it broke before the answer.
    Connection,
    Timeout,
    /// Anything else the HTTP client reports (a body cut short…).
    Other,
}

impl std::fmt::Display for FailureKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FailureKind::Status(code) => write!(f, "status {code}"),
            FailureKind::Connection => f.write_str("connection"),
            FailureKind::Timeout => f.write_str("timeout"),
            FailureKind::Other => f.write_str("other"),
        }
    }
}

/// A failed request, when it happened.
#[derive(Clone, Debug, Serialize)]
pub struct Failure {
    pub step: &'static str,
    pub kind: String,
    /// Milliseconds since the run started, when it failed.
    pub at_ms: u64,
    /// The same moment in wall-clock milliseconds since 1970.
    pub unix_ms: u64,
    /// When the request was sent (milliseconds since the run started).
    pub sent_ms: u64,
    pub method: &'static str,
    pub path: String,
    pub detail: String,
}

/// A response that sent a signed-in teacher back to the log-in page.
#[derive(Clone, Debug, Serialize)]
pub struct LostSession {
    pub teacher: String,
    pub at_ms: u64,
    pub unix_ms: u64,
    pub path: String,
}

/// The run's clock: offsets in milliseconds and wall-clock time.
#[derive(Clone, Copy)]
pub struct Clock {
    pub start: Instant,
    pub start_unix_ms: u64,
}

impl Clock {
    pub fn start() -> Clock {
        Clock { start: Instant::now(), start_unix_ms: unix_ms(SystemTime::now()) }
    }
    pub fn at_ms(&self, t: Instant) -> u64 {
        t.saturating_duration_since(self.start).as_millis() as u64
    }
    pub fn unix_of(&self, at_ms: u64) -> u64 {
        self.start_unix_ms + at_ms
    }
}

pub fn unix_ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// One worker's counts; merged at the end.
#[derive(Default)]
pub struct Stats {
    /// Microseconds each request took, by step.
    pub times: HashMap<Step, Vec<u32>>,
    pub errors: HashMap<Step, BTreeMap<FailureKind, u64>>,
    pub failures: Vec<Failure>,
    pub lost_sessions: Vec<LostSession>,
    /// Quiz pages that offered no attempt (passed, waiting, none left).
    pub quizzes_closed: u64,
}

impl Stats {
    pub fn took(&mut self, step: Step, micros: u128) {
        self.times.entry(step).or_default().push(micros.min(u32::MAX as u128) as u32);
    }

    pub fn failed(&mut self, step: Step, kind: FailureKind, failure: Failure) {
        *self.errors.entry(step).or_default().entry(kind).or_default() += 1;
        self.failures.push(failure);
    }

    pub fn merge(&mut self, other: Stats) {
        for (step, mut times) in other.times {
            self.times.entry(step).or_default().append(&mut times);
        }
        for (step, kinds) in other.errors {
            let mine = self.errors.entry(step).or_default();
            for (kind, n) in kinds {
                *mine.entry(kind).or_default() += n;
            }
        }
        self.failures.extend(other.failures);
        self.lost_sessions.extend(other.lost_sessions);
        self.quizzes_closed += other.quizzes_closed;
    }

    pub fn requests(&self) -> usize {
        self.times.values().map(Vec::len).sum()
    }
}

/// A step's figures, as the table and the JSON file give them.
#[derive(Serialize)]
pub struct StepFigures {
    pub step: &'static str,
    pub write: bool,
    pub requests: usize,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub errors: u64,
    pub errors_by_kind: BTreeMap<String, u64>,
}

/// The value below which `q` of the sorted times fall, in milliseconds.
fn quantile(sorted: &[u32], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i] as f64 / 1000.0
}

pub fn figures(
    step: &'static str,
    write: bool,
    times: &[u32],
    errors: &BTreeMap<FailureKind, u64>,
    secs: f64,
) -> StepFigures {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    StepFigures {
        step,
        write,
        requests: sorted.len(),
        per_second: sorted.len() as f64 / secs.max(0.001),
        p50_ms: quantile(&sorted, 0.50),
        p95_ms: quantile(&sorted, 0.95),
        p99_ms: quantile(&sorted, 0.99),
        max_ms: sorted.last().map_or(0.0, |m| *m as f64 / 1000.0),
        errors: errors.values().sum(),
        errors_by_kind: errors.iter().map(|(k, n)| (k.to_string(), *n)).collect(),
    }
}

/// Every step's figures in journey order, then the totals.
pub fn table(stats: &Stats, secs: f64) -> (Vec<StepFigures>, StepFigures) {
    let mut steps: Vec<&Step> = stats.times.keys().collect();
    steps.sort();
    let none = BTreeMap::new();
    let rows = steps
        .into_iter()
        .map(|s| figures(s.label(), s.is_write(), &stats.times[s], stats.errors.get(s).unwrap_or(&none), secs))
        .collect();
    let all: Vec<u32> = stats.times.values().flatten().copied().collect();
    let mut kinds: BTreeMap<FailureKind, u64> = BTreeMap::new();
    for (k, n) in stats.errors.values().flatten() {
        *kinds.entry(k.clone()).or_default() += n;
    }
    (rows, figures("total", false, &all, &kinds, secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_read_off_the_sorted_times() {
        let times: Vec<u32> = (1..=100).map(|ms| ms * 1000).collect();
        assert_eq!(quantile(&times, 0.5), 50.0);
        assert_eq!(quantile(&times, 0.95), 95.0);
        assert_eq!(quantile(&times, 0.99), 99.0);
        assert_eq!(quantile(&[], 0.99), 0.0);
    }
}
