//! Demo practice, so the dashboards tell a true story: at three schools
//! (a char school in Chilmari, a haor school in Tahirpur, a coastal school
//! in Shyamnagar) the head teacher runs a circle that meets monthly, and
//! teachers log tries with reflections, comments and observations, more
//! each month; elsewhere teachers finish the course and log nothing.

use chrono::{Duration, Utc};

use super::{DEMO_PASSWORD, Dice, courses};
use crate::accounts::model::{Login, Role, UserId, ValidRegistration};
use crate::ids::{ActivityId, CourseId, InstitutionId};
use crate::institutions::store as institutions;
use crate::officers::{PlaceInput, Scope};
use crate::practice::circles;
use crate::practice::journal;
use crate::practice::meetings::{self, AgendaInput, MeetingInput, PersonRecord, RecordInput};
use crate::practice::model::{Check, CircleKind, NoteInput, NoteKind, ObservationInput, PracticeInput};
use crate::profiles::model::Verification;
use crate::profiles::store::{self as profiles, ProfileUpdate};
use crate::state::AppState;
use crate::web::{CurrentUser, Lang};

/// (EIIN of the demo school, head teacher, phone; extra teachers)
const SCHOOLS: &[(usize, &str, &str, &[&str])] = &[
    (2, "মোছাঃ হাসিনা খাতুন", "+8801700000007", &["রোকসানা পারভীন", "আব্দুল মালেক", "শিউলি রানী", "মাহমুদা আক্তার"]),
    (4, "সুধীর চন্দ্র দাস", "+8801700000008", &["রুমানা আক্তার", "জহিরুল ইসলাম", "মিনতি রানী তালুকদার"]),
    (10, "মোঃ আবু সাঈদ", "+8801700000009", &["তাসলিমা খাতুন", "রবিউল ইসলাম", "লাইলী বেগম"]),
];

/// Chilmari schools where teachers finished the course and log nothing.
const NEIGHBOURS: &[(&str, &[&str])] = &[
    ("চিলমারী বালাবাড়ী সরকারি প্রাথমিক বিদ্যালয়", &["নাজমা বেগম", "হারুন অর রশিদ", "পারুল আক্তার"]),
    ("চিলমারী অষ্টমীর চর সরকারি প্রাথমিক বিদ্যালয়", &["সুমি আক্তার", "মোঃ ফরিদ মিয়া", "রেহানা খাতুন", "আনোয়ারা বেগম"]),
];

/// What each try was (the same place in the list as [`DONE`]).
const TITLES: &[&str] = &["কাঠি দিয়ে গণনা", "বীজ দিয়ে যোগ", "কাগজ ভাঁজে অর্ধেক", "সংখ্যারেখায় লাফিয়ে যোগ", "আম ভাগের গল্পে সমান ভাগ"];

const DONE: &[&str] = &[
    "দলে ভাগ করে কাঠি দিয়ে গুনতে দিলাম; প্রত্যেক দল নিজের সংখ্যা বোর্ডে লিখল।",
    "বাড়ি থেকে আনা বীজ দিয়ে দুই দল মিলিয়ে যোগ করালাম।",
    "কাগজ ভাঁজ করে অর্ধেক আর চার ভাগের এক ভাগ দেখালাম, শিশুরা জোড়ায় করল।",
    "উঠানে চক দিয়ে সংখ্যারেখা এঁকে লাফিয়ে লাফিয়ে যোগ করালাম।",
    "আম ভাগের গল্প বলে ছয়টি পাথর তিনজনে ভাগ করতে দিলাম।",
];
const RESPONSE: &[&str] = &[
    "পেছনের বেঞ্চের শিশুরাও হাত তুলল; দুজন প্রথমবার নিজে থেকে উত্তর দিল।",
    "সবাই খুব আনন্দ পেল, তবে কয়েকজন গুনতে গিয়ে তাড়াহুড়ো করল।",
    "জোড়ায় কাজ করে একে অন্যকে বুঝিয়ে দিল; হইচই একটু বেশি হয়েছিল।",
    "যারা সাধারণত চুপ থাকে তারাও বস্তু হাতে নিয়ে গুনল।",
];
const REFLECTION: &[&str] = &[
    "হাতে-কলমে কাজ করলে শিশুরা নিজেরাই সংখ্যার মানে ধরতে পারে।",
    "দল ছোট রাখলে সবাই অংশ নিতে পারে।",
    "আগে থেকে উপকরণ গুছিয়ে রাখায় সময় বাঁচল।",
];
const CHANGE: &[&str] = &[
    "পরের বার প্রত্যেক দলে একজন দলনেতা ঠিক করে দেব।",
    "আরও বেশি উপকরণ আনব যাতে অপেক্ষা করতে না হয়।",
    "শেষে পাঁচ মিনিট রাখব শিশুরা কী শিখল তা বলার জন্য।",
];

fn as_user(id: UserId, role: Role) -> CurrentUser {
    CurrentUser { id, name: String::new(), role, lang: Lang::Bn, via_bearer: true, saver: None }
}

/// A day `offset` days from today (Asia/Dhaka), as a form takes it.
fn day(offset: i64) -> String {
    (crate::web::dhaka_date(Utc::now()) + Duration::days(offset)).format("%Y-%m-%d").to_string()
}

/// A demo account of `role` at `school`, verified; the existing one if loaded before.
async fn account(
    state: &AppState,
    name: &str,
    phone: &str,
    role: Role,
    school: &institutions::institution::Model,
) -> anyhow::Result<UserId> {
    let db = &state.db;
    if let Some(u) = crate::accounts::store::find_by_login(db, &Login::Phone(phone.into())).await? {
        return Ok(u.id);
    }
    let hash = crate::accounts::password::hash_now(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let reg = ValidRegistration { name: name.into(), phone: Some(phone.into()), email: None, password: String::new() };
    let user = crate::accounts::store::create_user(db, &reg, hash, role, Lang::Bn.code())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    super::give_age(db, user.id).await?;
    let designation = if role == Role::HeadTeacher {
        "প্রধান শিক্ষক"
    } else {
        "সহকারী শিক্ষক"
    };
    profiles::save(
        db,
        user.id,
        ProfileUpdate {
            designation: Some(designation.into()),
            institution_id: Some(school.id),
            district_id: Some(school.district_id),
            upazila_id: school.upazila_id,
            level_code: Some(school.level_code.clone()),
            classes: vec![1, 2],
            subjects: vec!["math".into()],
            bio: None,
            verification: Verification::Pending,
        },
    )
    .await?;
    if let Some(moderator) = crate::accounts::store::find_by_login(db, &Login::Phone("+8801700000001".into())).await? {
        crate::moderation::service::verify_as(db, moderator.id, user.id).await?;
    }
    Ok(user.id)
}

pub async fn load(state: &AppState) -> anyhow::Result<usize> {
    let db = &state.db;
    let Some(course) = courses::the_course(state).await? else { return Ok(0) };
    let tasks: Vec<ActivityId> =
        crate::learning::store::published_practice_tasks(db).await?.into_iter().map(|t| t.0).collect();
    if tasks.is_empty() {
        return Ok(0);
    }
    let mut dice = Dice(20_261_126);
    let mut tries = 0;
    let mut practising: Vec<InstitutionId> = Vec::new();
    for (index, head_name, head_phone, extra) in SCHOOLS {
        let eiin = 100_000 + (*index as i64) * 137 + 11;
        let Some(school) = institutions::by_eiin(db, eiin).await? else { continue };
        practising.push(school.id);
        let head = account(state, head_name, head_phone, Role::HeadTeacher, &school).await?;
        for (k, name) in extra.iter().enumerate() {
            account(state, name, &format!("+88017000002{}{k}", index % 10), Role::Teacher, &school).await?;
        }
        let teachers: Vec<UserId> = crate::accounts::store::of_institution(db, school.id)
            .await?
            .into_iter()
            .filter(|u| u.role == Role::Teacher && u.verification == Verification::Verified)
            .map(|u| u.id)
            .collect();
        for t in &teachers {
            if crate::learning::store::study::enrolment(db, course, *t).await?.is_none() {
                courses::take(state, *t, course, None).await?;
            }
        }
        // The circle meets monthly; what teachers say they will try becomes their plan.
        let lead = as_user(head, Role::HeadTeacher);
        circle_year(state, &lead, &school, &teachers, &tasks).await?;
        // Tries over three months, more in the latest: practice is catching on.
        tries += try_months(state, &lead, &teachers, &tasks, &mut dice).await?;
    }
    neighbours_and_others(state, course, &practising).await?;
    chilmari_officer(state).await?;
    Ok(tries)
}

/// A school's circle: three monthly meetings held, the next one scheduled.
async fn circle_year(
    state: &AppState,
    lead: &CurrentUser,
    school: &institutions::institution::Model,
    teachers: &[UserId],
    tasks: &[ActivityId],
) -> anyhow::Result<()> {
    let circle = circles::create(state, lead, CircleKind::School, &format!("{} শিখন সার্কেল", school.name)).await?;
    for (m, ago) in [(0usize, 75i64), (1, 45), (2, 15)] {
        let task = tasks[m % tasks.len()];
        let input = MeetingInput {
            meets_on: day(-ago),
            place: "বিদ্যালয়ের অফিস কক্ষ".into(),
            agenda: vec![AgendaInput { activity_id: Some(task), content_id: None, title: None }],
        };
        let meeting = meetings::schedule(state, lead, circle, &input).await?;
        let people = teachers
            .iter()
            .enumerate()
            .map(|(n, t)| PersonRecord {
                user_id: *t,
                came: (n + m) % 4 != 3,
                will_try: (ago == 15 && n % 2 == 0).then(|| "পরের সপ্তাহে দলে ভাগ করে করাব".to_owned()),
                agenda_position: Some(1),
                class_number: Some(1 + (n % 2) as i32),
                planned_on: Some(day(3 + n as i64)),
            })
            .collect();
        let shared = "সদস্যরা গত মাসের চেষ্টার অভিজ্ঞতা বললেন; কোন দলে কী কাজ দিলে সবাই অংশ নেয় তা নিয়ে আলোচনা হলো।";
        meetings::record(state, lead, meeting, &RecordInput { shared: shared.into(), people }).await?;
    }
    let next = MeetingInput {
        meets_on: day(14),
        place: "বিদ্যালয়ের অফিস কক্ষ".into(),
        agenda: vec![AgendaInput { activity_id: Some(tasks[tasks.len() - 1]), content_id: None, title: None }],
    };
    meetings::schedule(state, lead, circle, &next).await?;
    Ok(())
}

/// Each teacher's tries over three months, some encouraged or observed by the head; how many.
async fn try_months(
    state: &AppState,
    lead: &CurrentUser,
    teachers: &[UserId],
    tasks: &[ActivityId],
    dice: &mut Dice,
) -> anyhow::Result<usize> {
    let mut tries = 0;
    for (n, t) in teachers.iter().enumerate() {
        let me = as_user(*t, Role::Teacher);
        for ago in [80i64, 40, 20, 6].iter().skip((n % 3) + usize::from(n % 4 == 3)) {
            let what = dice.next(DONE.len());
            let input = PracticeInput {
                activity_id: Some(tasks[dice.next(tasks.len())]),
                title: Some(TITLES[what].into()),
                class_number: Some(1 + dice.next(2) as i32),
                planned_on: Some(day(-ago - 2)),
                tried_on: Some(day(-ago)),
                what_done: Some(DONE[what].into()),
                response: Some(RESPONSE[dice.next(RESPONSE.len())].into()),
                reflection: Some(REFLECTION[dice.next(REFLECTION.len())].into()),
                change_next: Some(CHANGE[dice.next(CHANGE.len())].into()),
                shared: Some(dice.next(3) == 0),
                ..Default::default()
            };
            let id = journal::create(state, &me, &input).await?;
            tries += 1;
            if dice.next(2) == 0 {
                let note = NoteInput {
                    kind: NoteKind::Encouragement,
                    body: Some("চমৎকার! পরের সভায় সবাইকে বলবেন।".into()),
                };
                journal::add_note(state, lead, id, &note).await?;
            }
            if *ago <= 40 && dice.next(2) == 0 {
                let seen = ObservationInput {
                    observed_on: Some(day(-ago)),
                    checks: vec![Check::Prepared, Check::Steps, Check::AllChildren],
                    note: Some("শিশুরা মনোযোগী ছিল; শেষে কী শিখল তা জিজ্ঞেস করলে আরও ভালো হতো।".into()),
                };
                journal::observe(state, lead, id, &seen).await?;
            }
        }
    }
    Ok(tries)
}

/// Two neighbouring Chilmari schools whose teachers finished the course
/// without a circle, and a few teachers elsewhere who finished it too.
async fn neighbours_and_others(state: &AppState, course: CourseId, practising: &[InstitutionId]) -> anyhow::Result<()> {
    let db = &state.db;
    if let Some(chilmari) = institutions::by_eiin(db, 100_000 + 2 * 137 + 11).await? {
        for (k, (name, teachers)) in NEIGHBOURS.iter().enumerate() {
            let school = institutions::upsert(
                db,
                institutions::NewInstitution {
                    eiin: 190_001 + k as i64,
                    name: (*name).into(),
                    district_id: chilmari.district_id,
                    upazila_id: chilmari.upazila_id,
                    level_code: "primary".into(),
                },
            )
            .await?;
            for (n, teacher) in teachers.iter().enumerate() {
                let t = account(state, teacher, &format!("+88017000003{k}{n}"), Role::Teacher, &school).await?;
                if crate::learning::store::study::enrolment(db, course, t).await?.is_none() {
                    courses::take(state, t, course, None).await?;
                }
            }
        }
    }
    // Elsewhere most teachers finish the course too, and nobody logs a try.
    let others = crate::profiles::store::verified_teacher_ids(db).await?;
    let mut finished = 0;
    for t in others {
        let user = crate::accounts::store::find(db, t).await?;
        if user.and_then(|u| u.institution_id).is_none_or(|s| practising.contains(&s)) {
            continue;
        }
        if crate::learning::store::study::enrolment(db, course, t).await?.is_none() && finished < 24 {
            courses::take(state, t, course, None).await?;
            finished += 1;
        }
    }
    Ok(())
}

/// An upazila education officer for Chilmari, to see her schools' figures.
async fn chilmari_officer(state: &AppState) -> anyhow::Result<()> {
    let db = &state.db;
    if let Some(chilmari) = institutions::by_eiin(db, 100_000 + 2 * 137 + 11).await?
        && crate::accounts::store::find_by_login(db, &Login::Phone("+8801700000006".into())).await?.is_none()
    {
        let hash = crate::accounts::password::hash_now(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
        let reg = ValidRegistration {
            name: "উপজেলা শিক্ষা অফিসার, চিলমারী".into(),
            phone: Some("+8801700000006".into()),
            email: None,
            password: String::new(),
        };
        let officer = crate::accounts::store::create_user(db, &reg, hash, Role::Officer, Lang::Bn.code())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        super::give_age(db, officer.id).await?;
        let place = ProfileUpdate {
            designation: Some("উপজেলা শিক্ষা অফিসার".into()),
            institution_id: None,
            district_id: Some(chilmari.district_id),
            upazila_id: chilmari.upazila_id,
            level_code: None,
            classes: Vec::new(),
            subjects: Vec::new(),
            bio: None,
            verification: Verification::Unverified,
        };
        profiles::save(db, officer.id, place).await?;
        let scope = if chilmari.upazila_id.is_some() { Scope::Upazila } else { Scope::District };
        let place = PlaceInput { scope, district_id: Some(chilmari.district_id), upazila_id: chilmari.upazila_id };
        crate::officers::assign_by_operator(db, officer.id, &place).await?;
    }
    Ok(())
}
