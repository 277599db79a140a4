//! Institutions in their real upazilas, registered teachers (a head teacher
//! in each institution), their classes and subjects, and the officers of
//! every district and of many upazilas with their assignment rows.

use std::sync::Arc;

use batayon::accounts::model::Verification;
use batayon::ids::{DistrictId, UpazilaId, UserId};
use batayon::officers::{PlaceInput, Scope};
use batayon::state::AppState;
use batayon::web::{Lang, Role};
use sea_orm::DatabaseConnection;

use crate::sql::{Loaded, at, insert, pick, text};
use crate::world::{BASE, Sizes, World, colleague, institution_of, is_head, officer_phone, teacher_phone};

const GIVEN: [&str; 24] = [
    "নাসরিন",
    "ফারজানা",
    "শাহানা",
    "রোকসানা",
    "তাসলিমা",
    "সুমাইয়া",
    "মাহমুদা",
    "নুসরাত",
    "শারমিন",
    "রাবেয়া",
    "জান্নাতুল",
    "সালমা",
    "মোঃ রফিকুল",
    "মোঃ আনোয়ার",
    "আব্দুল করিম",
    "মাহবুব",
    "কামরুল",
    "সাইফুল",
    "জাহিদ",
    "তানভীর",
    "হাবিবুর",
    "মিজানুর",
    "শফিকুল",
    "আরিফ",
];
const FAMILY: [&str; 16] = [
    "ইসলাম",
    "আক্তার",
    "খাতুন",
    "বেগম",
    "হোসেন",
    "রহমান",
    "আহমেদ",
    "চৌধুরী",
    "সরকার",
    "দাস",
    "রায়",
    "মন্ডল",
    "বিশ্বাস",
    "হক",
    "উদ্দিন",
    "পাল",
];

pub fn name_of(n: i64) -> String {
    format!("{} {}", GIVEN[pick(n, 1, GIVEN.len())], FAMILY[pick(n, 2, FAMILY.len())])
}

fn school_word(level: &str) -> &'static str {
    match level {
        "primary" => "সরকারি প্রাথমিক বিদ্যালয়",
        "secondary" => "উচ্চ বিদ্যালয়",
        "higher_secondary" => "কলেজ",
        "madrasah" => "দাখিল মাদ্রাসা",
        _ => "কারিগরি স্কুল ও কলেজ",
    }
}

pub async fn institutions(db: &DatabaseConnection, w: &Arc<World>, s: Sizes) -> anyhow::Result<Loaded> {
    let w = w.clone();
    let cols = "id, eiin, name, name_key, district_id, upazila_id, level_code";
    insert(db, "institutions", cols, 0..s.institutions, move |i, out| {
        let (district, upazila, place) = w.upazila_of_institution(i);
        let level = &w.levels[w.level_of(i)].0;
        let name = format!("{place} {} {}", school_word(level), i % 97 + 1);
        out.push(format!(
            "({},{},{},{},{district},{upazila},{})",
            BASE + i,
            50_000_000 + i,
            text(&name),
            text(&bangla::search_key(&name)),
            text(level)
        ));
    })
    .await
}

pub async fn teachers(db: &DatabaseConnection, w: &Arc<World>, s: Sizes) -> anyhow::Result<Loaded> {
    let w = w.clone();
    let cols = "id, name, name_key, phone, email, password_hash, role, lang, designation, institution_id, district_id, \
                upazila_id, level_code, bio, photo_id, verification, verification_note, verified_at, created_at, updated_at";
    let hash = text(&w.password_hash);
    insert(db, "users", cols, 0..s.registered, move |n, out| {
        let i = institution_of(n);
        let (district, upazila, _) = w.upazila_of_institution(i);
        let level = &w.levels[w.level_of(i)].0;
        let (role, designation) =
            if is_head(n) { (Role::HeadTeacher, "প্রধান শিক্ষক") } else { (Role::Teacher, "সহকারী শিক্ষক") };
        let name = name_of(n);
        let joined = at(w.time(n, 3));
        out.push(format!(
            "({},{},{},{},NULL,{hash},{},{},{},{},{district},{upazila},{},NULL,NULL,{},NULL,{joined},{joined},{joined})",
            BASE + n,
            text(&name),
            text(&bangla::search_key(&name)),
            text(&teacher_phone(n)),
            text(role.as_str()),
            text(Lang::Bn.code()),
            text(designation),
            BASE + i,
            text(level),
            text(Verification::Verified.as_str()),
        ));
    })
    .await
}

/// Two classes of her institution's level, and one or two of their subjects.
pub async fn classes_and_subjects(db: &DatabaseConnection, w: &Arc<World>, s: Sizes) -> anyhow::Result<Vec<Loaded>> {
    let classes = {
        let w = w.clone();
        insert(db, "user_classes", "user_id, class_number", 0..s.registered, move |n, out| {
            let list = &w.levels[w.level_of(institution_of(n))].1;
            let a = pick(n, 4, list.len());
            let b = (a + 1) % list.len();
            out.push(format!("({},{})", BASE + n, list[a].0));
            if b != a {
                out.push(format!("({},{})", BASE + n, list[b].0));
            }
        })
        .await?
    };
    let subjects = {
        let w = w.clone();
        insert(db, "user_subjects", "user_id, subject_code", 0..s.registered, move |n, out| {
            let list = &w.levels[w.level_of(institution_of(n))].1;
            let codes = &list[pick(n, 4, list.len())].1;
            let a = pick(n, 5, codes.len());
            out.push(format!("({},{})", BASE + n, text(&codes[a])));
            if n % 2 == 0 && codes.len() > 1 {
                out.push(format!("({},{})", BASE + n, text(&codes[(a + 1) % codes.len()])));
            }
        })
        .await?
    };
    Ok(vec![classes, subjects])
}

/// Officer accounts (ids `BASE + 800,000,000 + k`): one per district, then
/// one per upazila (as many as the size allows).
fn officer_places(w: &World, s: Sizes) -> Vec<(i64, PlaceInput)> {
    let mut places: Vec<(i64, PlaceInput)> = w
        .districts
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let place = PlaceInput { scope: Scope::District, district_id: Some(DistrictId(*d)), upazila_id: None };
            (k as i64, place)
        })
        .collect();
    for (k, (d, u, _)) in w.upazilas.iter().enumerate().take(s.upazila_officers as usize) {
        let place =
            PlaceInput { scope: Scope::Upazila, district_id: Some(DistrictId(*d)), upazila_id: Some(UpazilaId(*u)) };
        places.push((1000 + k as i64, place));
    }
    places
}

pub const OFFICER_BASE: i64 = BASE + 800_000_000;

pub async fn officers(state: &AppState, w: &Arc<World>, s: Sizes) -> anyhow::Result<Vec<Loaded>> {
    let db = &state.db;
    let started = std::time::Instant::now();
    let places = Arc::new(officer_places(w, s));
    let rows = {
        let (w, places) = (w.clone(), places.clone());
        let cols = "id, name, name_key, phone, email, password_hash, role, lang, designation, institution_id, \
                    district_id, upazila_id, level_code, bio, photo_id, verification, verified_at, created_at, updated_at";
        insert(db, "users", cols, 0..places.len() as i64, move |k, out| {
            let (number, place) = &places[k as usize];
            let name = name_of(colleague(*number, 3) + 7);
            let joined = at(w.time(*number, 6));
            out.push(format!(
                "({},{},{},{},NULL,{},{},{},{},NULL,{},{},NULL,NULL,NULL,{},{joined},{joined},{joined})",
                OFFICER_BASE + number,
                text(&name),
                text(&bangla::search_key(&name)),
                text(&officer_phone(*number)),
                text(&w.password_hash),
                text(Role::Officer.as_str()),
                text(Lang::Bn.code()),
                text(if place.scope == Scope::District {
                    "জেলা শিক্ষা অফিসার"
                } else {
                    "উপজেলা শিক্ষা অফিসার"
                }),
                place.district_id.map_or(0, |d| d.0),
                place.upazila_id.map_or_else(|| "NULL".to_owned(), |u| u.0.to_string()),
                text(Verification::Verified.as_str()),
            ));
        })
        .await?
    };
    // Their reach comes only from assignment rows, written by the officers'
    // own function (audited), for officers that have none yet.
    let mut assigned = 0;
    for (number, place) in places.iter() {
        let officer = UserId(OFFICER_BASE + number);
        let reach = batayon::officers::reach_if_any(state, officer).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        if reach.is_none() {
            batayon::officers::assign_by_operator(db, officer, place).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            assigned += 1;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!("{:<22} {assigned:>10} rows  {seconds:>7.1} s", "officer_assignments");
    Ok(vec![rows, Loaded { table: "officer_assignments", inserted: assigned, seconds }])
}
