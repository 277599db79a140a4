//! Writes the portal acknowledged (a redirect after the form), each with
//! what identifies it, and reading them back at the end as the teacher
//! would: her comment (by its marker and id) on the content's page, her
//! practice entry's page, her attempts at a quiz and its result page, her
//! course page without the enrol button. A write that is not there is lost.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::html;
use crate::http::{Expect, Miss};
use crate::journey::{Journeys, Teacher};
use crate::stats::{FailureKind, Stats, Step};

/// An acknowledged write.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Write {
    /// The comment's id came in the redirect's `#comment-N`; its text carries the marker.
    Comment {
        teacher: String,
        content_id: i64,
        comment_id: Option<i64>,
        marker: String,
        at_ms: u64,
    },
    /// The entry's id came in the redirect; its title carries the marker,
    /// and, once logged, what she did carries `marker-tried`.
    PracticeTry {
        teacher: String,
        log_id: i64,
        marker: String,
        logged: bool,
        at_ms: u64,
    },
    /// An attempt sent with the quiz form's idempotency key.
    QuizAttempt {
        teacher: String,
        quiz_id: i64,
        key: String,
        at_ms: u64,
    },
    Enrolment {
        teacher: String,
        course_id: i64,
        at_ms: u64,
    },
}

impl Write {
    pub fn teacher(&self) -> &str {
        match self {
            Write::Comment { teacher, .. }
            | Write::PracticeTry { teacher, .. }
            | Write::QuizAttempt { teacher, .. }
            | Write::Enrolment { teacher, .. } => teacher,
        }
    }

    fn label(&self) -> &'static str {
        match self {
            Write::Comment { .. } => "comment",
            Write::PracticeTry { .. } => "practice try",
            Write::QuizAttempt { .. } => "quiz attempt",
            Write::Enrolment { .. } => "enrolment",
        }
    }
}

/// What reading a write back showed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Verdict {
    Found,
    Lost,
    /// The page could not be read (the portal did not answer): not known.
    Unchecked,
}

#[derive(Default, Serialize, Clone, Copy)]
pub struct Counts {
    pub acknowledged: u64,
    pub found: u64,
    pub lost: u64,
    pub unchecked: u64,
}

/// The writes, read back.
#[derive(Default, Serialize)]
pub struct Tally {
    #[serde(flatten)]
    pub all: Counts,
    pub by_kind: BTreeMap<&'static str, Counts>,
    pub lost_writes: Vec<Write>,
    pub unchecked_writes: Vec<Write>,
}

impl Tally {
    fn add(&mut self, w: &Write, verdict: Verdict) {
        let kind = self.by_kind.entry(w.label()).or_default();
        for c in [&mut self.all, kind] {
            c.acknowledged += 1;
            match verdict {
                Verdict::Found => c.found += 1,
                Verdict::Lost => c.lost += 1,
                Verdict::Unchecked => c.unchecked += 1,
            }
        }
        match verdict {
            Verdict::Lost => self.lost_writes.push(w.clone()),
            Verdict::Unchecked => self.unchecked_writes.push(w.clone()),
            Verdict::Found => {}
        }
    }

    pub fn merge(&mut self, other: Tally) {
        for (k, c) in other.by_kind {
            let mine = self.by_kind.entry(k).or_default();
            for (m, o) in [(&mut self.all, c), (mine, c)] {
                m.acknowledged += o.acknowledged;
                m.found += o.found;
                m.lost += o.lost;
                m.unchecked += o.unchecked;
            }
        }
        self.lost_writes.extend(other.lost_writes);
        self.unchecked_writes.extend(other.unchecked_writes);
    }
}

/// A page read back: its text, gone (404/403/410), or not reachable.
enum Seen {
    Page(String),
    Gone,
    Unreachable,
}

/// Tries to read back: a few times, for a few seconds (a node coming back).
const READ_TRIES: u32 = 5;

/// Signs her in, trying again for a few seconds if the portal refuses.
async fn signed_in(j: &Journeys, t: &mut Teacher, stats: &mut Stats, until: Instant) -> bool {
    for _ in 0..READ_TRIES {
        if t.session.signed_in || Instant::now() >= until || j.sign_in(t, stats).await {
            return true;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    t.session.signed_in
}

/// Reads `path` as her, signing in again if she was sent to the log-in
/// page, and trying again for a few seconds while the portal does not
/// answer; nothing is asked after `until` (the read-back's time is up).
async fn read(j: &Journeys, t: &mut Teacher, stats: &mut Stats, path: &str, expect: Expect, until: Instant) -> Seen {
    for _ in 0..READ_TRIES {
        if Instant::now() >= until || !signed_in(j, t, stats, until).await {
            return Seen::Unreachable;
        }
        match j.http.fetch(&mut t.session, stats, Step::Check, path, expect).await {
            Ok(reply) => return Seen::Page(reply.body),
            Err(Miss::SignedOut) => {}
            Err(Miss::Failed(FailureKind::Status(403 | 404 | 410))) => return Seen::Gone,
            Err(Miss::Failed(_)) => tokio::time::sleep(Duration::from_secs(1)).await,
        }
    }
    Seen::Unreachable
}

fn judge(seen: &Seen, found: impl Fn(&str) -> bool) -> Verdict {
    match seen {
        Seen::Page(body) if found(body) => Verdict::Found,
        Seen::Page(_) | Seen::Gone => Verdict::Lost,
        Seen::Unreachable => Verdict::Unchecked,
    }
}

/// How stale a page may be: the portal keeps a content page's shared
/// parts for 3 s (content/shared.rs), on each node. The read-back starts
/// this long after the last write, so every page shows what the database
/// holds (a write made, or lost, on another node included).
pub const SETTLE: Duration = Duration::from_secs(4);

/// The page a write shows on, and how to tell it is there (quiz attempts
/// are counted through the API instead).
type Evidence<'a> = (String, Box<dyn Fn(&str) -> bool + Send + Sync + 'a>);

fn evidence(w: &Write) -> Option<Evidence<'_>> {
    Some(match w {
        Write::Comment { content_id, comment_id, marker, .. } => {
            let anchor = comment_id.map(|c| format!("id=\"comment-{c}\""));
            let marker = format!("({marker})");
            let found = move |b: &str| b.contains(&marker) && anchor.as_ref().is_none_or(|a| b.contains(a));
            (format!("/contents/{content_id}"), Box::new(found))
        }
        Write::PracticeTry { log_id, marker, logged, .. } => {
            let (planned, tried) = (format!("({marker})"), format!("({marker}-tried)"));
            let found = move |b: &str| b.contains(&planned) && (!logged || b.contains(&tried));
            (format!("/practice/logs/{log_id}"), Box::new(found))
        }
        Write::Enrolment { course_id, .. } => {
            let enrol = format!("/courses/{course_id}/enrol");
            (format!("/courses/{course_id}"), Box::new(move |b: &str| html::form(b, &enrol).is_none()))
        }
        Write::QuizAttempt { .. } => return None,
    })
}

/// Reads back every write of one teacher, each page once (until `until`;
/// later ones stay unchecked).
pub async fn check(j: &Journeys, t: &mut Teacher, stats: &mut Stats, until: Instant) -> Tally {
    let writes = t.writes.clone();
    let mut tally = Tally::default();
    let mut pages: HashMap<String, Seen> = HashMap::new();
    let mut attempts: BTreeMap<i64, Vec<&Write>> = BTreeMap::new();
    for w in &writes {
        let Some((path, found)) = evidence(w) else {
            if let Write::QuizAttempt { quiz_id, .. } = w {
                attempts.entry(*quiz_id).or_default().push(w);
            }
            continue;
        };
        if !pages.contains_key(&path) {
            let seen = read(j, t, stats, &path, Expect::Page, until).await;
            pages.insert(path.clone(), seen);
        }
        tally.add(w, judge(&pages[&path], found));
    }
    for (quiz, sent) in attempts {
        check_attempts(j, t, stats, (quiz, &sent), &mut tally, until).await;
    }
    tally
}

/// Her attempts at a quiz: the API lists at least as many as were
/// acknowledged, and her result page shows.
async fn check_attempts(
    j: &Journeys,
    t: &mut Teacher,
    stats: &mut Stats,
    (quiz, sent): (i64, &[&Write]),
    tally: &mut Tally,
    until: Instant,
) {
    let listed = read(j, t, stats, &format!("/api/v1/quizzes/{quiz}/attempts"), Expect::Json, until).await;
    let result = read(j, t, stats, &format!("/learn/quizzes/{quiz}/result"), Expect::Page, until).await;
    let kept = match (&listed, &result) {
        (Seen::Unreachable, _) | (_, Seen::Unreachable) => None,
        (Seen::Page(json), Seen::Page(_)) => {
            Some(serde_json::from_str::<Vec<serde_json::Value>>(json).map_or(0, |list| list.len()))
        }
        _ => Some(0),
    };
    for (i, w) in sent.iter().enumerate() {
        let verdict = match kept {
            None => Verdict::Unchecked,
            Some(n) if i < n => Verdict::Found,
            Some(_) => Verdict::Lost,
        };
        tally.add(w, verdict);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tally_counts_by_kind_and_keeps_the_lost() {
        let c =
            Write::Comment { teacher: "t".into(), content_id: 1, comment_id: Some(2), marker: "m".into(), at_ms: 5 };
        let q = Write::QuizAttempt { teacher: "t".into(), quiz_id: 1, key: "k".into(), at_ms: 6 };
        let mut a = Tally::default();
        a.add(&c, Verdict::Found);
        a.add(&q, Verdict::Lost);
        let mut b = Tally::default();
        b.add(&c, Verdict::Unchecked);
        a.merge(b);
        assert_eq!((a.all.acknowledged, a.all.found, a.all.lost, a.all.unchecked), (3, 1, 1, 1));
        assert_eq!(a.by_kind["comment"].acknowledged, 2);
        assert_eq!(a.lost_writes, vec![q]);
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["kind"], "comment");
        assert_eq!(serde_json::from_value::<Write>(json).unwrap(), c);
    }

    #[test]
    fn a_page_judges_found_lost_or_unknown() {
        assert_eq!(judge(&Seen::Page("x m y".into()), |b| b.contains('m')), Verdict::Found);
        assert_eq!(judge(&Seen::Page("x".into()), |b| b.contains('m')), Verdict::Lost);
        assert_eq!(judge(&Seen::Gone, |_| true), Verdict::Lost);
        assert_eq!(judge(&Seen::Unreachable, |_| true), Verdict::Unchecked);
    }
}
