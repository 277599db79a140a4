use std::collections::{HashMap, HashSet};

use axum::http::{Method, StatusCode};

use crate::app::TestApp;

#[tokio::test]
async fn places_cover_8_divisions_64_districts_and_every_upazila() {
    let app = TestApp::new().await;
    let r = app.api(Method::GET, "/api/v1/places", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let divisions = r.json();
    let divisions = divisions.as_array().unwrap();
    assert_eq!(divisions.len(), 8);
    let districts: Vec<&serde_json::Value> =
        divisions.iter().flat_map(|d| d["districts"].as_array().unwrap()).collect();
    assert_eq!(districts.len(), 64);
    let upazilas: usize = districts.iter().map(|d| d["upazilas"].as_array().unwrap().len()).sum();
    assert_eq!(upazilas, 495);
    assert!(districts.iter().all(|d| !d["upazilas"].as_array().unwrap().is_empty()), "every district has upazilas");
    let kurigram = districts.iter().find(|d| d["name_en"] == "Kurigram").unwrap();
    assert_eq!(kurigram["name_bn"], "কুড়িগ্রাম");
}

/// A loose key for comparing Bangla spellings of one place name: long and
/// short vowel signs, candrabindu, ণ/ন, ড়/ড and hasanta vary between lists.
fn loose(name: &str) -> String {
    let mut s = bangla::normalize(name);
    for (from, to) in
        [("ী", "ি"), ("ূ", "ু"), ("ঁ", ""), ("ণ", "ন"), ("\u{09A1}\u{09BC}", "ড"), ("ং", "ঙ্গ"), (" ", ""), ("্", "")]
    {
        s = s.replace(from, to);
    }
    s
}

/// Compares our lists with the reference list beside the checkout
/// (../shared/data/places, present in CI). Names that changed since that
/// list was made are mapped explicitly.
#[tokio::test]
async fn our_places_match_the_reference_list() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/places");
    if !dir.exists() {
        assert!(std::env::var("CI").is_err(), "CI must have ../shared/data/places");
        eprintln!("skipped: no reference list at {}", dir.display());
        return;
    }
    let read = |file: &str| -> Vec<HashMap<String, String>> {
        csv::Reader::from_path(dir.join(file)).unwrap().deserialize().map(|r| r.unwrap()).collect()
    };
    let ref_divisions = read("divisions.csv");
    let ref_districts = read("districts.csv");
    let ref_upazilas = read("upazilas.csv");
    let app = TestApp::new().await;
    let ours = batayon::places::store::tree(app.db()).await.unwrap();

    let our_divisions: HashSet<String> = ours.iter().map(|d| bangla::normalize(&d.name_bn)).collect();
    let their_divisions: HashSet<String> = ref_divisions.iter().map(|d| bangla::normalize(&d["name_bn"])).collect();
    assert_eq!(our_divisions, their_divisions);

    let our_districts: HashMap<String, HashSet<String>> = ours
        .iter()
        .flat_map(|d| &d.districts)
        .map(|d| (bangla::normalize(&d.name_bn), d.upazilas.iter().map(|u| loose(&u.name_bn)).collect()))
        .collect();
    let district_names: HashMap<String, String> =
        ref_districts.iter().map(|d| (d["id"].clone(), bangla::normalize(&d["name_bn"]))).collect();
    assert_eq!(
        our_districts.keys().cloned().collect::<HashSet<_>>(),
        district_names.values().cloned().collect::<HashSet<_>>()
    );

    // Reference name → today's name (renamed or split since the list was made).
    let renamed: HashMap<String, String> = [
        ("জিয়ানগর", "ইন্দুরকানী"),
        ("দক্ষিণ সুনামগঞ্জ", "শান্তিগঞ্জ"),
        ("কুমিল্লা সদর", "কুমিল্লা আদর্শ সদর"),
        ("সদর দক্ষিণ", "কুমিল্লা সদর দক্ষিণ"),
        ("লক্ষীছড়ি", "লক্ষ্মীছড়ি"),
        ("মোড়েলগঞ্জ", "মোরেলগঞ্জ"),
        ("সোনারগাঁ", "সোনারগাঁও"),
        ("ভুয়াপুর", "ভূঞাপুর"),
        ("টুংগীপাড়া", "টুঙ্গিপাড়া"),
    ]
    .into_iter()
    .map(|(old, new)| (loose(old), loose(new)))
    .collect();
    let mut missing = Vec::new();
    let mut per_district: HashMap<String, usize> = HashMap::new();
    for u in &ref_upazilas {
        let district = &district_names[&u["district_id"]];
        *per_district.entry(district.clone()).or_default() += 1;
        let name = loose(&u["name_bn"]);
        let name = renamed.get(&name).cloned().unwrap_or(name);
        if !our_districts[district].contains(&name) {
            missing.push(format!("{district}: {}", u["name_bn"]));
        }
    }
    assert!(missing.is_empty(), "upazilas of the reference list that we lack: {missing:?}");
    // Upazilas created after the reference list (Shayestaganj, 2021) are the only extras.
    let extra: usize = our_districts.iter().map(|(d, ups)| ups.len().saturating_sub(per_district[d])).sum();
    assert_eq!(extra, 1);
}

#[tokio::test]
async fn the_curriculum_runs_from_levels_to_chapters() {
    let app = TestApp::new().await;
    let levels = app.api(Method::GET, "/api/v1/curriculum", None, None).await.json();
    let codes: Vec<&str> = levels.as_array().unwrap().iter().map(|l| l["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["primary", "secondary", "higher_secondary", "madrasah", "technical"]);
    let class_numbers: HashSet<i64> = levels
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["classes"].as_array().unwrap())
        .map(|c| c["number"].as_i64().unwrap())
        .collect();
    assert_eq!(class_numbers, (1..=12).collect());
    let primary = &levels[0];
    for class in primary["classes"].as_array().unwrap() {
        for code in ["math", "bangla", "english"] {
            let subject = class["subjects"].as_array().unwrap().iter().find(|s| s["code"] == code).unwrap();
            assert!(
                subject["chapters"].as_array().unwrap().len() >= 8,
                "class {} {code} has its chapters",
                class["number"]
            );
        }
        if class["number"].as_i64().unwrap() >= 3 {
            let science = class["subjects"].as_array().unwrap().iter().find(|s| s["code"] == "science").unwrap();
            assert!(!science["chapters"].as_array().unwrap().is_empty());
        }
    }
}

#[tokio::test]
async fn importing_institutions_reports_bad_rows_by_line_and_updates_by_eiin() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("institutions.csv");
    std::fs::write(
        &file,
        "eiin,name,district,upazila,level\n\
         111111,Chilmari Model School,Kurigram,Chilmari,primary\n\
         ১১১১১২,উলিপুর বালিকা বিদ্যালয়,কুড়িগ্রাম,উলিপুর,secondary\n\
         abc,No Number School,Kurigram,Ulipur,primary\n\
         111113,Lost School,Atlantis,,primary\n\
         111114,Wrong Upazila School,Kurigram,Savar,primary\n\
         111115,Odd Level School,Kurigram,,kindergarten\n\
         111111,Chilmari Model Govt. School,Kurigram,Chilmari,primary\n",
    )
    .unwrap();
    let report = batayon::institutions::import::institutions(app.db(), &file).await.unwrap();
    assert_eq!(report.accepted, 3);
    let lines: Vec<usize> = report.rejected.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [4, 5, 6, 7]);
    assert!(report.rejected[1].1.contains("Atlantis"));
    let school = batayon::institutions::store::by_eiin(app.db(), 111111).await.unwrap().unwrap();
    assert_eq!(school.name, "Chilmari Model Govt. School", "the later row updated the EIIN");
    assert!(
        batayon::institutions::store::by_eiin(app.db(), 111112).await.unwrap().is_some(),
        "Bangla digits and names accepted"
    );
    let found = app
        .api(Method::GET, "/api/v1/institutions?q=%E0%A6%89%E0%A6%B2%E0%A6%BF%E0%A6%AA%E0%A7%81%E0%A6%B0", None, None)
        .await
        .json();
    assert_eq!(found.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn importing_chapters_adds_new_ones_and_renames_existing_ones() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("chapters.csv");
    std::fs::write(
        &file,
        "level,class,subject,number,name_en,name_bn\n\
         secondary,6,math,1,Ratio and proportion,অনুপাত ও সমানুপাত\n\
         primary,5,math,1,Multiplication (revised),গুণ (সংশোধিত)\n\
         primary,5,cooking,1,Rice,ভাত\n\
         primary,5,math,0,Zero,শূন্য\n",
    )
    .unwrap();
    let report = batayon::curriculum::import::chapters(app.db(), &file).await.unwrap();
    assert_eq!(report.accepted, 2);
    assert_eq!(report.rejected.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [4, 5]);
    let tree = batayon::curriculum::store::tree(app.db()).await.unwrap();
    let chapters = |level: &str, class: i32| {
        tree.iter()
            .find(|l| l.code == level)
            .unwrap()
            .classes
            .iter()
            .find(|c| c.number == class)
            .unwrap()
            .subjects
            .iter()
            .find(|s| s.code == "math")
            .unwrap()
            .chapters
            .clone()
    };
    assert_eq!(chapters("secondary", 6)[0].name_bn, "অনুপাত ও সমানুপাত");
    let class5 = chapters("primary", 5);
    assert_eq!(class5[0].name_bn, "গুণ (সংশোধিত)");
    assert_eq!(class5.len(), 12, "renamed, not added");
}

/// Both backends end with the same tables, views and columns (names, not types).
#[tokio::test]
async fn sqlite_and_postgres_end_with_the_same_schema() {
    if crate::app::postgres_admin_url().is_none() {
        eprintln!("skipped here: runs when BATAYON_TEST_POSTGRES is set (the test script sets it)");
        return;
    }
    use sea_orm::{ConnectionTrait, Statement};
    let dir = tempfile::tempdir().unwrap();
    let (_, sqlite) = crate::app::fresh_database(dir.path(), false).await;
    let (_, postgres) = crate::app::fresh_database(dir.path(), true).await;
    let mut sqlite_columns = HashSet::new();
    let tables = sqlite
        .query_all_raw(Statement::from_string(
            sqlite.get_database_backend(),
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'",
        ))
        .await
        .unwrap();
    for t in tables {
        let table: String = t.try_get("", "name").unwrap();
        let cols = sqlite
            .query_all_raw(Statement::from_string(
                sqlite.get_database_backend(),
                format!("SELECT name FROM pragma_table_info('{table}')"),
            ))
            .await
            .unwrap();
        for c in cols {
            sqlite_columns.insert(format!("{table}.{}", c.try_get::<String>("", "name").unwrap()));
        }
    }
    let rows = postgres
        .query_all_raw(Statement::from_string(postgres.get_database_backend(), "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns WHERE table_schema = 'public'"))
        .await
        .unwrap();
    let postgres_columns: HashSet<String> = rows
        .iter()
        .map(|r| format!("{}.{}", r.try_get::<String>("", "t").unwrap(), r.try_get::<String>("", "c").unwrap()))
        // The search entries exist only with PostgreSQL (SQLite mode keeps a tantivy index).
        .filter(|c| !c.starts_with("search_entries."))
        .collect();
    assert!(postgres_columns.len() + 18 == rows.len(), "search_entries has its 18 columns");
    assert!(sqlite_columns.contains("users.password_hash"));
    assert_eq!(sqlite_columns, postgres_columns);
}
