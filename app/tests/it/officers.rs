//! An education officer's reach is the place an administrator assigned
//! her, never the place her profile names: clearing her profile's district
//! changes nothing; without an assignment she has none; only administrators
//! assign, and every assignment is in the audit log.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::TestApp;
use batayon::accounts::model::Role;
use batayon::ids::{DistrictId, UpazilaId, UserId};
use batayon::officers::{PlaceInput, Scope};

async fn district(app: &TestApp, name: &str) -> i64 {
    batayon::places::store::district_by_name(app.db(), name).await.unwrap().unwrap().id.0
}

async fn upazila(app: &TestApp, district: i64, name: &str) -> i64 {
    batayon::places::store::upazila_by_name(app.db(), DistrictId(district), name).await.unwrap().unwrap().id.0
}

/// Assigns `officer` a district, an upazila in it, or (neither) the nation,
/// as an operator would from the command line.
pub(crate) async fn assign_place(app: &TestApp, officer: i64, district: Option<i64>, upazila: Option<i64>) {
    let scope = match (district, upazila) {
        (_, Some(_)) => Scope::Upazila,
        (Some(_), None) => Scope::District,
        (None, None) => Scope::Nation,
    };
    let input = PlaceInput { scope, district_id: district.map(DistrictId), upazila_id: upazila.map(UpazilaId) };
    batayon::officers::assign_by_operator(app.db(), UserId(officer), &input).await.unwrap();
}

/// An administrator assigns `officer` a place through the API.
async fn assign(app: &TestApp, admin: &str, officer: i64, place: Value) -> (StatusCode, Value) {
    let r = app.api(Method::PUT, &format!("/api/v1/officers/{officer}/place"), Some(place), Some(admin)).await;
    (r.status, if r.body.is_empty() { Value::Null } else { r.json() })
}

/// A teacher of `district` (as her profile says) puts an idea to her district.
async fn district_idea(app: &TestApp, name: &str, phone: &str, district: i64) -> i64 {
    let (_, token) = app.teacher(name, phone).await;
    let r = app.api(Method::PUT, "/api/v1/me/profile", Some(json!({"district_id": district})), Some(&token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let idea = json!({
        "kind": "suggestion",
        "title": "বর্ষায় প্রশিক্ষণ অনলাইনে করা হোক",
        "body": "বর্ষায় নৌকা বন্ধ থাকে; প্রশিক্ষণ অনলাইনে হলে আমরা যোগ দিতে পারি।",
        "scope": "district",
    });
    let r = app.api(Method::POST, "/api/v1/ideas", Some(idea), Some(&token)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_i64().unwrap()
}

async fn respond(app: &TestApp, token: &str, idea: i64) -> StatusCode {
    let status = json!({"status": "planned", "response": "আগামী বর্ষা থেকে মাসে একটি অনলাইন সেশন হবে।"});
    app.api(Method::PUT, &format!("/api/v1/ideas/{idea}/status"), Some(status), Some(token)).await.status
}

#[tokio::test]
async fn an_officer_who_clears_her_profile_district_still_reaches_only_her_assigned_district() {
    let app = TestApp::new().await;
    let c = crate::learning::course(&app, 3, 0).await;
    let kurigram = district(&app, "Kurigram").await;
    let dhaka = district(&app, "Dhaka").await;
    let (_, admin) = app.with_role("প্রশাসক", "01741000001", Role::Admin).await;
    let (officer, officer_t) = app.with_role("কুড়িগ্রাম কর্মকর্তা", "01741000002", Role::Officer).await;
    let (s, v) = assign(&app, &admin, officer, json!({"scope": "district", "district_id": kurigram})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let near = district_idea(&app, "কুড়িগ্রামের শিক্ষক", "01741000003", kurigram).await;
    let far = district_idea(&app, "ঢাকার শিক্ষক", "01741000004", dhaka).await;

    // She clears the district in her profile: her reach is still Kurigram, not the nation.
    let r = app.api(Method::PUT, "/api/v1/me/profile", Some(json!({})), Some(&officer_t)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let dashboard = |query: String| {
        let (app, token) = (&app, officer_t.clone());
        async move { app.api(Method::GET, &format!("/api/v1/practice/dashboard{query}"), None, Some(&token)).await }
    };
    let own = dashboard(String::new()).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.text());
    assert_eq!((own.json()["scope"].clone(), own.json()["scope_id"].as_i64()), (json!("district"), Some(kurigram)));
    let other = dashboard(format!("?district={dhaka}")).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "another district's practice is not hers");
    let report = format!("/api/v1/courses/{}/report", c.id);
    let r = app.api(Method::GET, &format!("{report}?district_id={dhaka}"), None, Some(&officer_t)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "nor its course report");
    let r = app.api(Method::GET, &report, None, Some(&officer_t)).await;
    assert_eq!((r.status, r.json()["district_id"].as_i64()), (StatusCode::OK, Some(kurigram)), "{}", r.text());
    assert_eq!(respond(&app, &officer_t, far).await, StatusCode::FORBIDDEN, "nor its teachers' ideas");
    assert_eq!(respond(&app, &officer_t, near).await, StatusCode::OK, "her own district's ideas she answers");

    // Naming Dhaka in her profile gives her Dhaka no more than clearing it gave her the nation.
    let r = app.api(Method::PUT, "/api/v1/me/profile", Some(json!({"district_id": dhaka})), Some(&officer_t)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(dashboard(format!("?district={dhaka}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(dashboard(String::new()).await.json()["scope_id"].as_i64(), Some(kurigram));
}

#[tokio::test]
async fn an_officer_without_an_assignment_has_no_reach_whatever_her_profile_says() {
    let app = TestApp::new().await;
    let c = crate::learning::course(&app, 3, 0).await;
    let dhaka = district(&app, "Dhaka").await;
    let (_, officer_t) = app.with_role("নতুন কর্মকর্তা", "01742000001", Role::Officer).await;
    let idea = district_idea(&app, "ঢাকার শিক্ষক", "01742000002", dhaka).await;
    for profile in [json!({}), json!({"district_id": dhaka})] {
        let r = app.api(Method::PUT, "/api/v1/me/profile", Some(profile), Some(&officer_t)).await;
        assert_eq!(r.status, StatusCode::OK);
        let r = app.api(Method::GET, "/api/v1/practice/dashboard", None, Some(&officer_t)).await;
        assert_eq!(
            (r.status, r.json()["code"].clone()),
            (StatusCode::FORBIDDEN, json!("no_assignment")),
            "{}",
            r.text()
        );
        let r = app.api(Method::GET, &format!("/api/v1/courses/{}/report", c.id), None, Some(&officer_t)).await;
        assert_eq!(
            (r.status, r.json()["code"].clone()),
            (StatusCode::FORBIDDEN, json!("no_assignment")),
            "{}",
            r.text()
        );
        assert_eq!(respond(&app, &officer_t, idea).await, StatusCode::FORBIDDEN);
    }
    let mut phone = app.browser();
    phone.submit("/login", &[("login", "01742000001"), ("password", "shikkhok123")]).await;
    let page = phone.get("/practice/dashboard").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.text().contains("প্রশাসক আপনার এলাকা নির্ধারণ করেননি"), "she is told why: {}", page.text());
}

#[tokio::test]
async fn only_an_administrator_assigns_an_officer_place_and_every_assignment_is_audited() {
    let app = TestApp::new().await;
    let kurigram = district(&app, "Kurigram").await;
    let dhaka = district(&app, "Dhaka").await;
    let chilmari = upazila(&app, kurigram, "Chilmari").await;
    let (admin_id, admin) = app.with_role("প্রশাসক", "01743000001", Role::Admin).await;
    let (officer, officer_t) = app.with_role("চিলমারী কর্মকর্তা", "01743000002", Role::Officer).await;
    let (teacher, teacher_t) = app.teacher("শিক্ষক", "01743000003").await;
    let (_, moderator_t) = app.with_role("মডারেটর", "01743000004", Role::Moderator).await;
    let nation = json!({"scope": "nation"});
    for (who, token) in [("the officer herself", &officer_t), ("a teacher", &teacher_t), ("a moderator", &moderator_t)]
    {
        assert_eq!(assign(&app, token, officer, nation.clone()).await.0, StatusCode::FORBIDDEN, "{who} cannot assign");
    }
    let (s, v) = assign(&app, &admin, teacher, nation.clone()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "only officers have a place to oversee: {v}");
    let wrong = json!({"scope": "upazila", "district_id": dhaka, "upazila_id": chilmari});
    let (s, v) = assign(&app, &admin, officer, wrong).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "Chilmari is not in Dhaka: {v}");
    let (s, v) = assign(&app, &admin, officer, json!({"scope": "district"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a district needs naming: {v}");

    let place = json!({"scope": "upazila", "district_id": kurigram, "upazila_id": chilmari});
    let (s, v) = assign(&app, &admin, officer, place).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!((v["scope"].clone(), v["upazila_id"].as_i64()), (json!("upazila"), Some(chilmari)));
    assert_eq!(v["assigned_by"].as_i64(), Some(admin_id));
    let r = app.api(Method::GET, &format!("/api/v1/officers/{officer}/place"), None, Some(&admin)).await;
    assert_eq!(r.json()["upazila_id"].as_i64(), Some(chilmari));
    let r = app.api(Method::GET, "/api/v1/practice/dashboard", None, Some(&officer_t)).await;
    assert_eq!((r.json()["scope"].clone(), r.json()["scope_id"].as_i64()), (json!("upazila"), Some(chilmari)));

    // The administrators' page: the officers, and a form to move one (CSRF like every form).
    let mut desk = app.browser();
    desk.submit("/login", &[("login", "01743000001"), ("password", "shikkhok123")]).await;
    let list = desk.get("/admin/officers").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.text().contains("চিলমারী কর্মকর্তা") && list.text().contains("চিলমারী"), "{}", list.text());
    let form = desk.get(&format!("/admin/officers/{officer}")).await;
    assert_eq!(form.status, StatusCode::OK);
    let r = desk
        .submit(
            &format!("/admin/officers/{officer}"),
            &[("scope", "upazila"), ("district_id", &dhaka.to_string()), ("upazila_id", &chilmari.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "the form comes back with the message");
    let r = desk
        .submit(&format!("/admin/officers/{officer}"), &[("scope", "district"), ("district_id", &dhaka.to_string())])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = app.api(Method::GET, "/api/v1/practice/dashboard", None, Some(&officer_t)).await;
    assert_eq!(r.json()["scope_id"].as_i64(), Some(dhaka), "moved to Dhaka");
    let mut phone = app.browser();
    phone.submit("/login", &[("login", "01743000002"), ("password", "shikkhok123")]).await;
    assert_eq!(phone.get("/admin/officers").await.status, StatusCode::FORBIDDEN, "officers do not see the page");

    // Withdrawn: no reach at all.
    let r = app.api(Method::DELETE, &format!("/api/v1/officers/{officer}/place"), None, Some(&admin)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app.api(Method::GET, "/api/v1/practice/dashboard", None, Some(&officer_t)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let log =
        batayon::audit::for_subject(app.db(), batayon::items::ItemRef::new(batayon::items::ItemKind::Teacher, officer))
            .await
            .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "officer.assign").count(), 2, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| **a == "officer.withdraw").count(), 1, "{actions:?}");
    assert!(log.iter().all(|e| e.actor_id == Some(UserId(admin_id))));
}
