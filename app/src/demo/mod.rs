//! `serve --demo`: a realistic Bangla data set, loaded once. Teachers across
//! many districts, with institutions, profiles and verifications, so the
//! portal can be shown and tried without real data. Later features add
//! their own parts here.

mod contents;
mod courses;
mod credentials;
pub mod files;
mod ideas;
mod people;
mod posts;
mod practice;
mod questions;
mod recognition;

use crate::accounts::model::{Role, ValidRegistration};
use crate::accounts::{password, store as accounts};
use crate::db::settings;
use crate::ids::UserId;
use crate::institutions::store::{self as institutions, NewInstitution};
use crate::places::store as places;
use crate::profiles::model::Verification;
use crate::profiles::store::{self as profiles, ProfileUpdate};
use crate::web::Lang;

const DONE_KEY: &str = "demo.teachers.v1";
const CONTENTS_KEY: &str = "demo.contents.v1";
const QUESTIONS_KEY: &str = "demo.questions.v1";
const IDEAS_KEY: &str = "demo.ideas.v1";
const POSTS_KEY: &str = "demo.posts.v1";
const COURSES_KEY: &str = "demo.courses.v1";
const PRACTICE_KEY: &str = "demo.practice.v1";
const CREDENTIALS_KEY: &str = "demo.credentials.v1";
const RECOGNITION_KEY: &str = "demo.recognition.v1";
/// Every demo account's password (documented in the README).
pub const DEMO_PASSWORD: &str = "batayon-demo";

/// A demo account's age: joined eight to twenty months ago (the same for
/// the same account), as the people it stands for would have. Made today,
/// every demo teacher would get a new account's writing limits.
pub(crate) async fn give_age(db: &sea_orm::DatabaseConnection, user: UserId) -> anyhow::Result<()> {
    let days = 240 + (user.0 * 37).rem_euclid(360);
    accounts::set_joined(db, user, chrono::Utc::now() - chrono::Duration::days(days)).await?;
    Ok(())
}

/// A small deterministic generator: the same demo data on every machine.
pub(crate) struct Dice(u64);

impl Dice {
    pub(crate) fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

pub async fn load(state: &crate::state::AppState) -> anyhow::Result<()> {
    let db = &state.db;
    if settings::get(db, DONE_KEY).await?.is_none() {
        load_people(state).await?;
    }
    if settings::get(db, CONTENTS_KEY).await?.is_none() {
        let mut dice = Dice(20_261_124);
        let sharing = crate::profiles::store::verified_teacher_ids(db).await?;
        let contents = contents::load(state, &sharing, &mut dice).await?;
        settings::set(db, CONTENTS_KEY, "1").await?;
        tracing::info!(contents, "demo contents loaded");
    }
    if settings::get(db, QUESTIONS_KEY).await?.is_none() {
        let mut dice = Dice(20_261_125);
        let teachers = crate::profiles::store::verified_teacher_ids(db).await?;
        let questions = questions::load(state, &teachers, &mut dice).await?;
        settings::set(db, QUESTIONS_KEY, "1").await?;
        tracing::info!(questions, "demo questions loaded");
    }
    if settings::get(db, IDEAS_KEY).await?.is_none() {
        let teachers = crate::profiles::store::verified_teacher_ids(db).await?;
        let ideas = ideas::load(state, &teachers).await?;
        settings::set(db, IDEAS_KEY, "1").await?;
        tracing::info!(ideas, "demo ideas loaded");
    }
    if settings::get(db, POSTS_KEY).await?.is_none() {
        let teachers = crate::profiles::store::verified_teacher_ids(db).await?;
        let posts = posts::load(state, &teachers).await?;
        settings::set(db, POSTS_KEY, "1").await?;
        tracing::info!(posts, "demo posts loaded");
    }
    if settings::get(db, COURSES_KEY).await?.is_none() {
        let teachers = crate::profiles::store::verified_teacher_ids(db).await?;
        let courses = courses::load(state, &teachers).await?;
        settings::set(db, COURSES_KEY, "1").await?;
        tracing::info!(courses, "demo course loaded");
    }
    if settings::get(db, PRACTICE_KEY).await?.is_none() {
        let tries = practice::load(state).await?;
        settings::set(db, PRACTICE_KEY, "1").await?;
        tracing::info!(tries, "demo practice loaded");
    }
    if settings::get(db, CREDENTIALS_KEY).await?.is_none() {
        let badges = credentials::load(state).await?;
        settings::set(db, CREDENTIALS_KEY, "1").await?;
        tracing::info!(badges, "demo badges issued");
    }
    if settings::get(db, RECOGNITION_KEY).await?.is_none() {
        let awards = recognition::load(state).await?;
        settings::set(db, RECOGNITION_KEY, "1").await?;
        tracing::info!(awards, "demo awards published");
    }
    Ok(())
}

/// Schools, staff and teachers with their profiles and verifications.
async fn load_people(state: &crate::state::AppState) -> anyhow::Result<()> {
    let db = &state.db;
    let hash = password::hash_now(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut dice = Dice(20_261_123);

    let schools = load_schools(state).await?;
    let moderator = load_staff(state, &hash).await?;
    load_teachers(state, &hash, &schools, moderator, &mut dice).await?;
    settings::set(db, DONE_KEY, "1").await?;
    tracing::info!(teachers = people::TEACHER_COUNT, institutions = schools.len(), "demo teachers loaded");
    Ok(())
}

/// The demo's schools, madrasahs and colleges, in their real upazilas.
async fn load_schools(state: &crate::state::AppState) -> anyhow::Result<Vec<institutions::institution::Model>> {
    let db = &state.db;
    let districts = places::districts(db).await?;
    let mut schools = Vec::new();
    for (i, (district_en, upazila_en, name, level)) in people::INSTITUTIONS.iter().enumerate() {
        let district = districts
            .iter()
            .find(|d| d.name_en == *district_en)
            .ok_or_else(|| anyhow::anyhow!("demo district {district_en} missing"))?;
        let upazila = district.upazilas.iter().find(|u| u.name_en == *upazila_en).map(|u| u.id);
        let eiin = 100_000 + (i as i64) * 137 + 11;
        let school = institutions::upsert(
            db,
            NewInstitution {
                eiin,
                name: (*name).to_owned(),
                district_id: district.id,
                upazila_id: upazila,
                level_code: (*level).to_owned(),
            },
        )
        .await?;
        schools.push(school);
    }

    Ok(schools)
}

/// A moderator, an administrator and an officer; the moderator's id.
async fn load_staff(state: &crate::state::AppState, hash: &str) -> anyhow::Result<Option<UserId>> {
    let db = &state.db;
    let staff = [
        ("নাসরিন সুলতানা", "+8801700000001", Role::Moderator),
        ("মোঃ কামরুল হাসান", "+8801700000003", Role::Admin),
        ("ফারহানা ইয়াসমিন", "+8801700000004", Role::Officer),
    ];
    let mut moderator = None;
    for (name, phone, role) in staff {
        let reg =
            ValidRegistration { name: name.into(), phone: Some(phone.into()), email: None, password: String::new() };
        let u = accounts::create_user(db, &reg, hash.to_owned(), role, Lang::Bn.code())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        give_age(db, u.id).await?;
        if role == Role::Moderator {
            moderator = Some(u.id);
        }
    }

    Ok(moderator)
}

/// The teachers: most verified by the moderator, some waiting, a few with unfinished profiles.
async fn load_teachers(
    state: &crate::state::AppState,
    hash: &str,
    schools: &[institutions::institution::Model],
    moderator: Option<UserId>,
    dice: &mut Dice,
) -> anyhow::Result<()> {
    let db = &state.db;
    for n in 0..people::TEACHER_COUNT {
        let first = people::FIRST_NAMES[dice.next(people::FIRST_NAMES.len())];
        let last = people::FAMILY_NAMES[dice.next(people::FAMILY_NAMES.len())];
        let name = format!("{first} {last}");
        // The first demo teacher has a fixed number so it can be tried at once.
        let phone = if n == 0 { "+8801700000002".to_owned() } else { format!("+88017{:08}", 10_000_000 + n * 7919) };
        let reg = ValidRegistration { name, phone: Some(phone), email: None, password: String::new() };
        let user = accounts::create_user(db, &reg, hash.to_owned(), Role::Teacher, Lang::Bn.code())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        give_age(db, user.id).await?;
        let school = &schools[dice.next(schools.len())];
        let primary = school.level_code == "primary";
        let classes: Vec<i32> = if primary {
            vec![1 + dice.next(3) as i32, 4 + dice.next(2) as i32]
        } else {
            vec![6 + dice.next(3) as i32, 9 + dice.next(2) as i32]
        };
        let subjects: Vec<String> = if primary {
            vec![["math", "bangla", "english", "science"][dice.next(4)].to_owned()]
        } else {
            vec![["math", "physics", "ict", "english", "bangla", "biology"][dice.next(6)].to_owned()]
        };
        // Most are checked already; some wait in the queue; a few never finished their profile.
        let verification = match n % 10 {
            0..=5 => Verification::Verified,
            6..=8 => Verification::Pending,
            _ => Verification::Unverified,
        };
        let complete = verification != Verification::Unverified;
        let designation = people::DESIGNATIONS[if primary { dice.next(2) } else { 2 + dice.next(3) }];
        profiles::save(
            db,
            user.id,
            ProfileUpdate {
                designation: complete.then(|| designation.to_owned()),
                institution_id: complete.then_some(school.id),
                district_id: Some(school.district_id),
                upazila_id: school.upazila_id,
                level_code: Some(school.level_code.clone()),
                classes,
                subjects,
                bio: Some(people::BIOS[dice.next(people::BIOS.len())].to_owned()),
                verification: if verification == Verification::Verified { Verification::Pending } else { verification },
            },
        )
        .await?;
        if verification == Verification::Verified
            && let Some(moderator) = moderator
        {
            crate::moderation::service::verify_as(db, moderator, user.id).await?;
        }
    }
    Ok(())
}
