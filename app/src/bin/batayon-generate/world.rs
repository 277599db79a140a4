//! The sizes, scaled from one number, and the fixed rules that tie every
//! generated row to its index. The rules use ratios, never the totals, so
//! the same index gives the same row at every size: a larger run tops up.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::sql::pick;

/// First id of each generated table: far above what the app hands out, so
/// generated keys and the app's own rows never meet on PostgreSQL (whose
/// sequences are left alone).
pub const BASE: i64 = 1_000_000_000;

/// The seeds' figures at 900,000 teachers, as fractions of the teachers.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    pub teachers: i64,
    pub registered: i64,
    pub institutions: i64,
    pub contents: i64,
    pub blobs: i64,
    pub questions: i64,
    pub enrolments: i64,
    pub practice_logs: i64,
    pub credentials: i64,
    pub upazila_officers: i64,
}

impl Sizes {
    pub fn of(teachers: i64) -> Sizes {
        let registered = teachers * 27 / 40; // 607,500 of 900,000
        Sizes {
            teachers,
            registered,
            institutions: (teachers * 2 / 15).max(1), // 120,000
            contents: teachers * 7 / 9,               // 700,000
            blobs: (teachers / 250).max(8),           // 3,600 files shared by hash
            questions: teachers / 9,                  // 100,000
            enrolments: registered / 5,               // 121,500
            practice_logs: registered / 2,            // 303,750
            credentials: (registered / 500).max(2),   // 1,215 signed badges
            upazila_officers: teachers / 1500,        // 600 → every upazila's officer
        }
    }

    /// Every index's partner lies inside the generated rows (and colleagues
    /// up to 80 places away exist).
    pub fn check(&self) -> anyhow::Result<()> {
        anyhow::ensure!(self.teachers >= 300, "--teachers must be at least 300");
        let last = |n: i64| (n - 1).max(0);
        anyhow::ensure!(
            institution_of(last(self.registered)) < self.institutions
                && content_author(last(self.contents)) < self.registered
                && question_author(last(self.questions)) < self.registered
                && last(self.practice_logs) * 559 / 243 < self.contents,
            "sizes out of step"
        );
        Ok(())
    }

    pub fn print(&self) {
        println!(
            "sizes: {} teachers ({} registered, {} unregistered, counted by their institutions), {} institutions, \
             {} contents over {} shared files, {} questions, {} enrolments, {} practice logs, {} signed badges, \
             64 district officers and up to {} upazila officers",
            self.teachers,
            self.registered,
            self.teachers - self.registered,
            self.institutions,
            self.contents,
            self.blobs,
            self.questions,
            self.enrolments,
            self.practice_logs,
            self.credentials,
            self.upazila_officers
        );
    }
}

/// Registered teacher `n`'s phone: `+88019` and `n + 1` in eight digits.
pub fn teacher_phone(n: i64) -> String {
    format!("+88019{:08}", n + 1)
}

/// Officer `k`'s phone (district officers 0–63, upazila officers from 1000).
pub fn officer_phone(k: i64) -> String {
    format!("+88018{:08}", k + 1)
}

/// Registered teacher `n` works at institution `n·16/82` (about five each;
/// the ratios stay a little inside the totals, so every index has its row).
pub fn institution_of(n: i64) -> i64 {
    n * 16 / 82
}

/// The head teacher of an institution is its first registered teacher.
pub fn is_head(n: i64) -> bool {
    n == 0 || institution_of(n) != institution_of(n - 1)
}

/// The author of content `c` (contents spread evenly over the teachers).
pub fn content_author(c: i64) -> i64 {
    c * 242 / 280
}

/// The asker of question `q`.
pub fn question_author(q: i64) -> i64 {
    q * 242 / 40
}

/// Another teacher near `n` (never `n`), the `j`-th of her colleagues.
pub fn colleague(n: i64, j: i64) -> i64 {
    let step = 1 + j * 7;
    if n >= step { n - step } else { n + step }
}

/// A level's classes, each with its subjects' codes.
pub type Classes = Vec<(i32, Vec<String>)>;

/// Reference data every row points into: real districts, upazilas, chapters.
pub struct World {
    pub now: DateTime<Utc>,
    /// (district, upazila) of every upazila.
    pub upazilas: Vec<(i64, i64, String)>,
    pub districts: Vec<i64>,
    /// (chapter, subject, class number, chapter name).
    pub chapters: Vec<(i64, i64, i32, String)>,
    /// Per level: code, and its classes with their subjects' codes.
    pub levels: Vec<(String, Classes)>,
    pub password_hash: String,
}

impl World {
    /// A moment in the past year, the same for the same index and salt.
    pub fn time(&self, i: i64, salt: u64) -> DateTime<Utc> {
        self.now - Duration::seconds(pick(i, salt, 365 * 86_400) as i64 + 3_600)
    }

    pub fn date(t: DateTime<Utc>) -> NaiveDate {
        batayon::web::dhaka_date(t)
    }

    /// Institution `i`'s level (six in ten primary, a quarter secondary …).
    pub fn level_of(&self, i: i64) -> usize {
        const SHARE: [usize; 20] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 3, 3, 2];
        let l = SHARE[pick(i, 11, 20)];
        if l < self.levels.len() && !self.levels[l].1.is_empty() { l } else { 0 }
    }

    pub fn upazila_of_institution(&self, i: i64) -> &(i64, i64, String) {
        &self.upazilas[pick(i, 12, self.upazilas.len())]
    }

    pub fn chapter_of(&self, i: i64, salt: u64) -> &(i64, i64, i32, String) {
        &self.chapters[pick(i, salt, self.chapters.len())]
    }
}

impl World {
    /// A moment between `from` and now, the same for the same index and salt.
    pub fn after(&self, from: DateTime<Utc>, i: i64, salt: u64) -> DateTime<Utc> {
        let span = (self.now - from).num_seconds().max(1);
        from + Duration::seconds(pick(i, salt, span as usize) as i64)
    }

    /// The district a registered teacher's institution is in.
    pub fn district_of_teacher(&self, n: i64) -> i64 {
        self.upazila_of_institution(crate::world::institution_of(n)).0
    }
}

/// Reads the real places and curriculum, and hashes the password once.
pub async fn load(state: &batayon::state::AppState, password: &str) -> anyhow::Result<World> {
    let districts = batayon::places::store::districts(&state.db).await?;
    let mut upazilas = Vec::new();
    for d in &districts {
        for u in &d.upazilas {
            upazilas.push((d.id.0, u.id.0, u.name_bn.clone()));
        }
    }
    let curriculum = batayon::curriculum::memory::current(state).await?;
    let mut chapters = Vec::new();
    let mut levels = Vec::new();
    for l in &curriculum.levels {
        let mut classes = Vec::new();
        for c in &l.classes {
            for s in &c.subjects {
                chapters.extend(s.chapters.iter().map(|ch| (ch.id.0, s.id.0, c.number, ch.name_bn.clone())));
            }
            if !c.subjects.is_empty() {
                classes.push((c.number, c.subjects.iter().map(|s| s.code.clone()).collect()));
            }
        }
        levels.push((l.code.clone(), classes));
    }
    anyhow::ensure!(!upazilas.is_empty() && !chapters.is_empty(), "no places or chapters: run `batayon migrate` first");
    let password_hash = batayon::accounts::password::hash_now(password).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(World {
        now: Utc::now(),
        districts: districts.iter().map(|d| d.id.0).collect(),
        upazilas,
        chapters,
        levels,
        password_hash,
    })
}
