//! Enrolments on the published courses (the demo's course when there is
//! none yet), the modules each teacher has passed (her activities done and
//! one passing attempt, its answers written as the quiz grades them),
//! classroom practice logs, and signed badges issued by the app itself.

use std::sync::Arc;

use batayon::ids::{CourseVersionId, UserId};
use batayon::learning::model::Feedback;
use batayon::learning::store as learning;
use batayon::practice::model::LogStatus;
use batayon::state::AppState;
use sea_orm::DatabaseConnection;

use crate::sql::{Loaded, at, day, insert, maybe, pick, text, truth};
use crate::world::{BASE, Sizes, World, institution_of};

/// At most this many modules of a course count (attempt ids leave room for 16).
const MODULES: usize = 16;

/// A published course as enrolments see it: per module, its activities and
/// the answers of a fully right attempt.
pub struct Course {
    pub id: i64,
    pub version: i64,
    pub modules: Vec<(i64, Vec<i64>, String)>,
}

pub async fn courses(db: &DatabaseConnection) -> anyhow::Result<Vec<Course>> {
    let (rows, _) = learning::published(db, 1, 20).await?;
    let mut courses = Vec::new();
    for c in rows {
        let Some(version) = c.published_version_id else { continue };
        courses.push(Course { id: c.id.0, version: version.0, modules: modules(db, version).await? });
    }
    courses.retain(|c| !c.modules.is_empty());
    Ok(courses)
}

async fn modules(db: &DatabaseConnection, version: CourseVersionId) -> anyhow::Result<Vec<(i64, Vec<i64>, String)>> {
    let mut out = Vec::new();
    for m in learning::modules_of(db, version).await?.into_iter().take(MODULES) {
        let activities = learning::activities_of(db, &[m.id]).await?.iter().map(|a| a.id.0).collect();
        let questions = learning::questions_of(db, &[m.id]).await?;
        let ids: Vec<_> = questions.iter().map(|q| q.id).collect();
        let options = learning::options_of(db, &ids).await?;
        let feedback: Vec<Feedback> = questions
            .iter()
            .map(|q| {
                let right = if q.kind.numeric() {
                    format!("{}", q.number_answer.unwrap_or(0.0))
                } else {
                    let names: Vec<&str> = options
                        .iter()
                        .filter(|o| o.question_id == q.id && o.correct)
                        .map(|o| o.body.as_str())
                        .collect();
                    names.join(", ")
                };
                Feedback {
                    question_id: q.id,
                    prompt: q.prompt.clone(),
                    correct: true,
                    your_answer: right.clone(),
                    right_answer: right,
                    explanation: q.explanation.clone(),
                }
            })
            .collect();
        out.push((m.id.0, activities, serde_json::to_string(&feedback)?));
    }
    Ok(out)
}

/// Enrolment `e` is registered teacher `5e`'s; she has passed this many
/// modules (never all: finishing is the app's own step, with a certificate).
fn passed(e: i64, course: &Course) -> usize {
    pick(e, 50, course.modules.len())
}

pub async fn enrolments(
    db: &DatabaseConnection,
    w: &Arc<World>,
    s: Sizes,
    cs: Arc<Vec<Course>>,
) -> anyhow::Result<Vec<Loaded>> {
    if cs.is_empty() {
        println!("no published course: no enrolments");
        return Ok(Vec::new());
    }
    let enrolled = {
        let (w, cs) = (w.clone(), cs.clone());
        let cols = "id, course_id, version_id, user_id, enrolled_at, completed_at";
        insert(db, "enrolments", cols, 0..s.enrolments, move |e, out| {
            let c = &cs[e as usize % cs.len()];
            out.push(format!("({},{},{},{},{},NULL)", BASE + e, c.id, c.version, BASE + e * 5, at(w.time(e, 51))));
        })
        .await?
    };
    let progress = {
        let (w, cs) = (w.clone(), cs.clone());
        let cols = "enrolment_id, activity_id, position_secs, done_at, updated_at";
        insert(db, "activity_progress", cols, 0..s.enrolments, move |e, out| {
            let c = &cs[e as usize % cs.len()];
            for (m, (_, activities, _)) in c.modules.iter().enumerate().take(passed(e, c)) {
                let t = at(w.after(w.time(e, 51), e * 16 + m as i64, 52));
                for a in activities {
                    out.push(format!("({},{a},0,{t},{t})", BASE + e));
                }
            }
        })
        .await?
    };
    let attempts = {
        let (w, cs) = (w.clone(), cs.clone());
        let cols = "id, enrolment_id, module_id, user_id, number, idempotency_key, answers, score_percent, passed, \
                    submitted_at";
        insert(db, "quiz_attempts", cols, 0..s.enrolments, move |e, out| {
            let c = &cs[e as usize % cs.len()];
            for (m, (module, _, answers)) in c.modules.iter().enumerate().take(passed(e, c)) {
                let t = at(w.after(w.time(e, 51), e * 16 + m as i64, 52));
                let key = text(&format!("national-{e}-{m}"));
                let (id, user) = (BASE + e * MODULES as i64 + m as i64, BASE + e * 5);
                out.push(format!(
                    "({id},{},{module},{user},1,{key},{},100,{},{t})",
                    BASE + e,
                    text(answers),
                    truth(true)
                ));
            }
        })
        .await?
    };
    Ok(vec![enrolled, progress, attempts])
}

const TRIED: [(&str, &str, &str); 3] = [
    (
        "দলে ভাগ করে গণনার খেলা",
        "শিশুরা খুব আনন্দ নিয়ে অংশ নিয়েছে, পেছনের সারির দুজন প্রথমবার উত্তর দিল।",
        "পরের বার সময় আরও ভাগ করে দেব।",
    ),
    ("ছবি দেখে গল্প বলা", "বেশিরভাগ শিশু নিজের ভাষায় গল্প বলেছে।", "ছোট দলে করলে সবাই সুযোগ পাবে।"),
    ("হাতে-কলমে পরিমাপ", "স্কেল দিয়ে মাপতে গিয়ে অনেকে ভুল থেকে শিখেছে।", "উপকরণ আগে থেকে গুছিয়ে রাখব।"),
];

pub async fn practice_logs(db: &DatabaseConnection, w: &Arc<World>, s: Sizes) -> anyhow::Result<Loaded> {
    let w = w.clone();
    let cols = "id, teacher_id, status, title, activity_id, content_id, meeting_id, class_number, planned_on, tried_on, \
                what_done, response, reflection, change_next, photo_key, voice_key, voice_secs, shared, created_at, \
                updated_at";
    insert(db, "practice_logs", cols, 0..s.practice_logs, move |p, out| {
        let n = p * 2;
        let done = p % 3 != 0;
        let (title, response, next) = TRIED[pick(p, 53, TRIED.len())];
        let classes = &w.levels[w.level_of(institution_of(n))].1;
        let class = classes[pick(n, 4, classes.len())].0;
        let planned = w.time(p, 54);
        let tried = w.after(planned, p, 55);
        let content = (p % 4 == 0).then(|| BASE + p * 559 / 243);
        let status = if done { LogStatus::Done } else { LogStatus::Planned };
        let words = |s: &str| text(if done { s } else { "" });
        out.push(format!(
            "({},{},{},{},NULL,{},NULL,{class},{},{},{},{},{},{},NULL,NULL,NULL,{},{},{})",
            BASE + p,
            BASE + n,
            text(status.as_str()),
            text(title),
            maybe(content),
            day(World::date(planned)),
            if done { day(World::date(tried)) } else { "NULL".into() },
            words(title),
            words(response),
            words("পরিকল্পনামতো হয়েছে, শিশুরা অংশ নিয়েছে।"),
            words(next),
            truth(done && p % 2 == 0),
            at(planned),
            at(if done { tried } else { planned }),
        ));
    })
    .await
}

/// Badges signed and stored by `credentials::issuing::issue` (its status
/// bit is the row id, so these are the app's own rows, one by one).
pub async fn credentials(state: &AppState, s: Sizes) -> anyhow::Result<Loaded> {
    use batayon::credentials::issuing::{Issued, issue};
    let started = std::time::Instant::now();
    let achievements = batayon::credentials::store::achievements(&state.db).await?;
    let mut inserted = 0;
    if let Some(a) = achievements.first() {
        for k in 0..s.credentials {
            // Every 500th registered teacher (at small sizes, the first ones).
            let who = UserId(BASE + if s.registered >= 1000 { k * 500 } else { k });
            if let Issued::New(_) = issue(state, a, who, &[], None).await.map_err(|e| anyhow::anyhow!("{e}"))? {
                inserted += 1;
            }
        }
    } else {
        println!("no achievement to award: no badges");
    }
    let seconds = started.elapsed().as_secs_f64();
    println!("{:<22} {inserted:>10} rows  {seconds:>7.1} s", "credentials");
    Ok(Loaded { table: "credentials", inserted, seconds })
}
