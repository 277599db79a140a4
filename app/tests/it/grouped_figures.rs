//! Figures counted by the database (issue 26): a course report by district
//! and by upazila, and a practice dashboard's months, equal counts made by
//! hand over teachers of several places (some verified at a school, some
//! not, one naming no place, one of another district).

use axum::http::{Method, StatusCode};
use chrono::Utc;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::app::TestApp;
use crate::practice::{Place, api, person, place, school, tried};
use batayon::accounts::model::Role;

/// What a teacher did in the course.
#[derive(Clone, Copy, PartialEq)]
enum Did {
    Nothing,
    Started,
    Completed,
}

async fn complete(app: &TestApp, who: i64) {
    let backend = app.db().get_database_backend();
    let mark = if backend == sea_orm::DatabaseBackend::Postgres { "$1" } else { "?1" };
    let sql = format!("UPDATE enrolments SET completed_at = {mark} WHERE user_id = {who}");
    app.db().execute_raw(sea_orm::Statement::from_sql_and_values(backend, sql, [Utc::now().into()])).await.unwrap();
}

/// The report's lines as (district id, place, enrolled, started, completed), in its order.
fn lines(v: &Value) -> Vec<(Option<i64>, String, i64, i64, i64)> {
    v["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let n = |k: &str| p[k].as_i64().unwrap();
            (
                p["district_id"].as_i64(),
                p["place"].as_str().unwrap().to_owned(),
                n("enrolled"),
                n("started"),
                n("completed"),
            )
        })
        .collect()
}

async fn names(app: &TestApp, district: &str, upazila: Option<&str>) -> String {
    let d = batayon::places::store::district_by_name(app.db(), district).await.unwrap().unwrap();
    match upazila {
        Some(u) => batayon::places::store::upazila_by_name(app.db(), d.id, u).await.unwrap().unwrap().name_bn,
        None => d.name_bn,
    }
}

#[tokio::test]
async fn a_course_report_counts_each_district_and_upazila_as_by_hand() {
    let app = TestApp::new().await;
    let c = crate::learning::course(&app, 3, 0).await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    let ulipur = place(&app, "Kurigram", Some("Ulipur")).await;
    let kurigram = place(&app, "Kurigram", None).await;
    let dhaka = place(&app, "Dhaka", None).await;
    school(&app, 340001, "চিলমারী পরীক্ষা বিদ্যালয়", &chilmari).await;
    school(&app, 340002, "উলিপুর পরীক্ষা বিদ্যালয়", &ulipur).await;
    let people: [(&str, Option<i64>, &Place, Did); 8] = [
        ("01734000001", Some(340001), &chilmari, Did::Completed),
        ("01734000002", None, &chilmari, Did::Started),
        ("01734000003", Some(340001), &chilmari, Did::Nothing),
        ("01734000004", Some(340002), &ulipur, Did::Completed),
        ("01734000005", None, &ulipur, Did::Nothing),
        ("01734000006", None, &kurigram, Did::Started),
        ("01734000007", None, &dhaka, Did::Completed),
        ("01734000008", None, &dhaka, Did::Nothing),
    ];
    let enrol = |token: String| {
        let app = &app;
        let path = format!("/api/v1/courses/{}/enrolment", c.id);
        async move { assert!(app.api(Method::PUT, &path, None, Some(&token)).await.status.is_success()) }
    };
    for (i, (phone, eiin, at, did)) in people.iter().enumerate() {
        let (id, token) = person(&app, &format!("শিক্ষক {i}"), phone, Role::Teacher, *eiin, at).await;
        enrol(token.clone()).await;
        match did {
            Did::Completed => complete(&app, id).await,
            Did::Started => {
                let r = app
                    .api(
                        Method::PUT,
                        &format!("/api/v1/activities/{}/progress", c.reading),
                        Some(json!({"position_secs": 12.0})),
                        Some(&token),
                    )
                    .await;
                assert!(r.status.is_success(), "{}", r.text());
            }
            Did::Nothing => {}
        }
    }
    // One enrolled teacher names no place; one of Chilmari does not enrol.
    let (_, nowhere) = app.teacher("ঠিকানাহীন শিক্ষক", "01734000009").await;
    enrol(nowhere).await;
    person(&app, "শিক্ষক বাইরে", "01734000010", Role::Teacher, None, &chilmari).await;

    let path = format!("/api/v1/courses/{}/report", c.id);
    let all = app.api(Method::GET, &path, None, Some(&c.author)).await.json();
    let unknown = lines(&all).last().unwrap().1.clone();
    assert_eq!(
        lines(&all),
        vec![
            (Some(kurigram.district), names(&app, "Kurigram", None).await, 6, 4, 2),
            (Some(dhaka.district), names(&app, "Dhaka", None).await, 2, 1, 1),
            (None, unknown.clone(), 1, 0, 0),
        ],
        "{all}"
    );
    assert_eq!(
        (all["enrolled"].as_i64(), all["started"].as_i64(), all["completed"].as_i64()),
        (Some(9), Some(5), Some(3))
    );

    let (officer_id, officer) = app.with_role("কুড়িগ্রাম পরীক্ষা কর্মকর্তা", "01734000011", Role::Officer).await;
    crate::officers::assign_place(&app, officer_id, Some(kurigram.district), None).await;
    let own = app.api(Method::GET, &path, None, Some(&officer)).await;
    assert_eq!(own.status, StatusCode::OK);
    let own = own.json();
    let k = Some(kurigram.district);
    assert_eq!(
        lines(&own),
        vec![
            (k, names(&app, "Kurigram", Some("Chilmari")).await, 3, 2, 1),
            (k, names(&app, "Kurigram", Some("Ulipur")).await, 2, 1, 1),
            (k, unknown, 1, 1, 0),
        ],
        "{own}"
    );
    let dhaka_only =
        app.api(Method::GET, &format!("{path}?district_id={}", dhaka.district), None, Some(&c.author)).await;
    assert_eq!((dhaka_only.json()["enrolled"].as_i64(), lines(&dhaka_only.json()).len()), (Some(2), 1));
}

#[tokio::test]
async fn a_dashboards_months_count_tries_teachers_and_completions_of_its_place_only() {
    let app = TestApp::new().await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    let ulipur = place(&app, "Kurigram", Some("Ulipur")).await;
    let dhaka = place(&app, "Dhaka", None).await;
    school(&app, 350001, "চিলমারী মাস বিদ্যালয়", &chilmari).await;
    let (a, a_t) = person(&app, "মাসের শিক্ষক এক", "01735000001", Role::Teacher, Some(350001), &chilmari).await;
    let (_, b_t) = person(&app, "মাসের শিক্ষক দুই", "01735000002", Role::Teacher, None, &ulipur).await;
    let (d, d_t) = person(&app, "ঢাকার মাসের শিক্ষক", "01735000003", Role::Teacher, None, &dhaka).await;
    let (o, officer) = person(&app, "মাসের কর্মকর্তা", "01735000004", Role::Officer, None, &chilmari).await;
    crate::officers::assign_place(&app, o, Some(chilmari.district), None).await;
    // Kurigram this month: a tried twice, b once (3 tries, 2 teachers); Dhaka's try is not counted.
    tried(&app, &a_t, "প্রথম চেষ্টা", 0).await;
    tried(&app, &a_t, "দ্বিতীয় চেষ্টা", 0).await;
    tried(&app, &b_t, "উলিপুরের চেষ্টা", 0).await;
    tried(&app, &d_t, "ঢাকার চেষ্টা", 0).await;
    let c = crate::learning::course(&app, 3, 0).await;
    for token in [&a_t, &d_t] {
        app.api(Method::PUT, &format!("/api/v1/courses/{}/enrolment", c.id), None, Some(token)).await;
    }
    complete(&app, a).await;
    complete(&app, d).await;
    let (s, v) = api(&app, Method::GET, "/api/v1/practice/dashboard", None, Some(&officer)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let now = v["months"].as_array().unwrap().last().unwrap().clone();
    let n = |k: &str| now[k].as_i64().unwrap();
    assert_eq!(
        (n("tries"), n("teachers_practising"), n("observations"), n("meetings_held"), n("completions")),
        (3, 2, 0, 0, 1),
        "{v}"
    );
    let t = &v["totals"];
    assert_eq!((t["teachers"].as_i64(), t["enrolled"].as_i64(), t["completed"].as_i64()), (Some(2), Some(1), Some(1)));
    assert_eq!(v["rows"].as_array().unwrap().len(), 2, "Chilmari and Ulipur: {v}");
}
