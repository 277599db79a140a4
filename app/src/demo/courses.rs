//! The demo course, after "Anonde Gonit Shikhi": three modules of early
//! numeracy, each with a library video or reading, a classroom task and a
//! short quiz, built by a demo course author; some demo teachers have
//! finished it (with certificates), some are part-way.

use crate::accounts::model::{Login, Role, UserId, ValidRegistration};
use crate::content::store::{ListFilter, Sort};
use crate::learning::model::{
    ActivityInput, ActivityKind, AttemptInput, CourseInput, ModuleInput, QuestionKind, QuizAnswerInput,
    QuizOptionInput, QuizQuestionInput,
};
use crate::learning::{authoring, quiz, store, study};
use crate::media::MediaKind;
use crate::state::AppState;
use crate::web::{CurrentUser, Lang};

/// (module title, classroom task, [(question, [(choice, right)], explanation)])
type Module = (&'static str, &'static str, &'static [(&'static str, &'static [(&'static str, bool)], &'static str)]);

const MODULES: &[Module] = &[
    (
        "সংখ্যা গণনা: হাতের কাছের জিনিস দিয়ে",
        "শিশুদের পাঁচটি করে কাঠি, বীজ বা পাথর দিন। একজন সংখ্যা বলবে, অন্যরা ততগুলো সাজাবে।",
        &[
            (
                "গণনা শেখাতে প্রথমে কী ব্যবহার করা ভালো?",
                &[("হাতের কাছের বস্তু", true), ("শুধু বোর্ডে লেখা সংখ্যা", false)],
                "বস্তু হাতে নিয়ে গুনলে সংখ্যার ধারণা পাকা হয়।",
            ),
            ("৭ এর পরের সংখ্যা কোনটি?", &[("৬", false), ("৮", true), ("৯", false)], "৭ এর পর ৮ আসে।"),
        ],
    ),
    (
        "যোগ: একসঙ্গে করা",
        "দুই দলে বীজ ভাগ করুন, তারপর একসঙ্গে করে গুনতে বলুন। খাতায় ছবি এঁকে লিখুক: ৩ আর ২ মিলে ৫।",
        &[
            ("৩ + ৪ = ?", &[("৬", false), ("৭", true), ("৮", false)], "তিনটি আর চারটি মিলে সাতটি।"),
            (
                "যোগ বোঝাতে কোন কাজটি সবচেয়ে ভালো?",
                &[("দুই দল বস্তু একসঙ্গে করে গোনা", true), ("নামতা মুখস্থ করানো", false)],
                "একসঙ্গে করার কাজ থেকেই যোগের অর্থ আসে।",
            ),
        ],
    ),
    (
        "ভাগ করে নেওয়া: সমান ভাগ",
        "একটি রুটি বা কাগজ দুই সমান ভাগ করে দেখান। শিশুরা জোড়ায় কাগজ ভাঁজ করে অর্ধেক বানাবে।",
        &[
            (
                "একটি কাগজ দুই সমান ভাগ করলে প্রতিটি ভাগ কী?",
                &[("অর্ধেক", true), ("চার ভাগের এক ভাগ", false)],
                "দুই সমান ভাগের প্রতিটি অর্ধেক।",
            ),
            (
                "৬টি আম ৩ জনে সমান ভাগ করলে প্রত্যেকে কয়টি পাবে?",
                &[("২টি", true), ("৩টি", false), ("৬টি", false)],
                "৬ ÷ ৩ = ২।",
            ),
        ],
    ),
];

/// Teachers who finished the course, and who are part-way.
const FINISHED: usize = 6;
const STARTED: usize = 10;

pub async fn load(state: &AppState, teachers: &[UserId]) -> anyhow::Result<usize> {
    let db = &state.db;
    let author = course_author(state).await?;
    let as_user = |id: UserId, role: Role| CurrentUser {
        id,
        name: String::new(),
        role,
        lang: Lang::Bn,
        via_bearer: true,
        saver: None,
    };
    let me = as_user(author, Role::CourseAuthor);
    let input = CourseInput {
        title: "আনন্দে গণিত শিখি".into(),
        summary: "প্রথম ও দ্বিতীয় শ্রেণির শিশুদের সংখ্যা, যোগ ও ভাগের ধারণা খেলার মাধ্যমে শেখানোর কোর্স।\n\nপ্রতিটি মডিউলে একটি ছোট ভিডিও বা পাঠ, শ্রেণিকক্ষে করার একটি কাজ আর একটি ছোট কুইজ আছে। সব মডিউলে উত্তীর্ণ হলে সনদ পাবেন এবং উপজেলা রিসোর্স সেন্টারের মুখোমুখি প্রশিক্ষণের জন্য যোগ্য হবেন।".into(),
        class_number: Some(1),
        subject_code: Some("math".into()),
    };
    let course = authoring::create(state, &me, &input).await?;
    let videos = crate::content::store::page_of(
        db,
        &ListFilter { kind: Some(MediaKind::Video), sort: Sort::New, per_page: 3, ..Default::default() },
    )
    .await?;
    let pdfs = crate::content::store::page_of(
        db,
        &ListFilter { kind: Some(MediaKind::Pdf), sort: Sort::Top, per_page: 3, ..Default::default() },
    )
    .await?;
    add_modules(state, &me, course, &videos, &pdfs).await?;
    authoring::publish(state, &me, course).await?;

    // Some finish (every activity, every quiz passed), some are part-way.
    for (n, t) in teachers.iter().take(FINISHED + STARTED).enumerate() {
        let upto = if n < FINISHED { None } else { Some(n) };
        take(state, *t, course, upto).await?;
    }
    Ok(1)
}

/// The demo course, by its title.
pub async fn the_course(state: &AppState) -> anyhow::Result<Option<crate::ids::CourseId>> {
    let (rows, _) = store::published(&state.db, 1, 50).await?;
    Ok(rows.into_iter().find(|c| c.title == "আনন্দে গণিত শিখি").map(|c| c.id))
}

/// `teacher` enrols and works through the course: all of it with every
/// quiz passed (a certificate), or only the modules up to `part_way`
/// (counted round the modules).
pub async fn take(
    state: &AppState,
    teacher: UserId,
    course: crate::ids::CourseId,
    part_way: Option<usize>,
) -> anyhow::Result<()> {
    let db = &state.db;
    let who = CurrentUser {
        id: teacher,
        name: String::new(),
        role: Role::Teacher,
        lang: Lang::Bn,
        via_bearer: true,
        saver: None,
    };
    let published = store::course(db, course)
        .await?
        .and_then(|c| c.published_version_id)
        .ok_or_else(|| anyhow::anyhow!("not published"))?;
    let modules = store::modules_of(db, published).await?;
    study::enrol(state, &who, course).await?;
    for (k, m) in modules.iter().enumerate() {
        if part_way.is_some_and(|n| k > n % modules.len()) {
            break;
        }
        for a in store::activities_of(db, &[m.id]).await? {
            let done = crate::learning::model::ProgressInput { position_secs: None, done: true };
            study::record(state, &who, a.id, &done).await?;
        }
        if part_way.is_none() {
            let questions = store::questions_of(db, &[m.id]).await?;
            let ids: Vec<_> = questions.iter().map(|q| q.id).collect();
            let options = store::options_of(db, &ids).await?;
            let answers = questions
                .iter()
                .map(|q| QuizAnswerInput {
                    question_id: q.id,
                    option_ids: options.iter().filter(|o| o.question_id == q.id && o.correct).map(|o| o.id).collect(),
                    value: None,
                })
                .collect();
            let attempt = AttemptInput { idempotency_key: format!("demo-{}-{}", teacher.0, m.id.0), answers };
            quiz::submit(state, &who, m.id, &attempt).await?;
        }
    }
    Ok(())
}

/// The demo's course author (made once).
async fn course_author(state: &AppState) -> anyhow::Result<UserId> {
    let db = &state.db;
    Ok(match crate::accounts::store::find_by_login(db, &Login::Phone("+8801700000005".into())).await? {
        Some(u) => u.id,
        None => {
            let hash = crate::accounts::password::hash_now(super::DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
            let reg = ValidRegistration {
                name: "শাহানা পারভীন".into(),
                phone: Some("+8801700000005".into()),
                email: None,
                password: String::new(),
            };
            let id = crate::accounts::store::create_user(db, &reg, hash, Role::CourseAuthor, Lang::Bn.code())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .id;
            super::give_age(db, id).await?;
            id
        }
    })
}

/// The course's modules: a video or reading, a task to try in class, a short quiz.
async fn add_modules(
    state: &AppState,
    me: &CurrentUser,
    course: crate::ids::CourseId,
    videos: &[crate::content::entity::content::Model],
    pdfs: &[crate::content::entity::content::Model],
) -> anyhow::Result<()> {
    for (i, (title, task, questions)) in MODULES.iter().enumerate() {
        let module = ModuleInput {
            title: (*title).into(),
            summary: String::new(),
            pass_percent: Some(50),
            max_attempts: Some(3),
            wait_minutes: Some(10),
        };
        let m = authoring::add_module(state, me, course, &module).await?;
        let watch = match (videos.get(i), pdfs.get(i)) {
            (Some(v), _) => ActivityInput {
                kind: ActivityKind::Video,
                title: format!("ভিডিও: {}", v.title),
                body: String::new(),
                content_id: Some(v.id),
                minutes: Some(8),
            },
            (None, Some(p)) => ActivityInput {
                kind: ActivityKind::Reading,
                title: format!("পাঠ: {}", p.title),
                body: String::new(),
                content_id: Some(p.id),
                minutes: Some(10),
            },
            _ => ActivityInput {
                kind: ActivityKind::Reading,
                title: "পাঠ".into(),
                body: (*task).into(),
                content_id: None,
                minutes: Some(10),
            },
        };
        authoring::add_activity(state, me, m, &watch).await?;
        let practice = ActivityInput {
            kind: ActivityKind::Practice,
            title: "শ্রেণিকক্ষে চেষ্টা করুন".into(),
            body: (*task).into(),
            content_id: None,
            minutes: Some(20),
        };
        authoring::add_activity(state, me, m, &practice).await?;
        for (prompt, choices, explanation) in questions.iter() {
            let q = QuizQuestionInput {
                kind: QuestionKind::Single,
                prompt: (*prompt).into(),
                explanation: (*explanation).into(),
                options: choices
                    .iter()
                    .map(|(body, correct)| QuizOptionInput { body: (*body).into(), correct: *correct })
                    .collect(),
                ..Default::default()
            };
            authoring::add_question(state, me, m, &q, Lang::Bn).await?;
        }
    }
    Ok(())
}
