//! What pages keep in memory and what they still read on every visit:
//! places are reference data held in memory (a change shows once the
//! memory is refreshed); a badge's QR code is drawn once, but whether the
//! badge is revoked is read on every visit to its verify page; the home
//! page's figures count teachers in one pass and districts by the index.

use std::sync::atomic::Ordering;

use axum::http::StatusCode;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

use crate::app::TestApp;
use crate::practice::{person, place, school, signed_in};
use batayon::accounts::model::Role;

#[tokio::test]
async fn a_renamed_upazila_and_district_show_once_the_places_in_memory_are_refreshed() {
    let app = TestApp::new().await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    let kurigram = batayon::places::store::district_by_name(app.db(), "Kurigram").await.unwrap().unwrap();
    let ulipur = batayon::places::store::upazila_by_name(app.db(), kurigram.id, "Ulipur").await.unwrap().unwrap();
    let rangamati = batayon::places::store::district_by_name(app.db(), "Rangamati").await.unwrap().unwrap();
    person(&app, "রুমানা আক্তার", "01734100002", Role::Teacher, None, &chilmari).await;
    let mut teacher = signed_in(&app, "01734100002", 1).await;
    let form = teacher.get("/profile/edit").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains("উলিপুর"), "{}", form.text());
    assert!(teacher.get("/recognition/leaderboards").await.text().contains("রাঙ্গামাটি"));

    // The operator renames an upazila and a district in the database.
    let mut u = ulipur.into_active_model();
    u.name_bn = Set("উলিপুর বন্দর".into());
    u.update(app.db()).await.unwrap();
    let mut d = rangamati.into_active_model();
    d.name_bn = Set("রাঙামাটি পার্বত্য".into());
    d.update(app.db()).await.unwrap();

    // Held in memory: the pages do not read the places on every visit.
    assert!(!teacher.get("/profile/edit").await.text().contains("উলিপুর বন্দর"));
    assert!(!teacher.get("/recognition/leaderboards").await.text().contains("রাঙামাটি পার্বত্য"));

    // Refreshed (as after a change on this node, or REFRESH_SECS later): the next pages show it.
    batayon::places::memory::forget(&app.state);
    let form = teacher.get("/profile/edit").await.text();
    assert!(form.contains("উলিপুর বন্দর"), "{form}");
    assert!(teacher.get("/recognition/leaderboards").await.text().contains("রাঙামাটি পার্বত্য"));
    let api = app.api(axum::http::Method::GET, "/api/v1/places", None, None).await.text();
    assert!(api.contains("উলিপুর বন্দর") && api.contains("রাঙামাটি পার্বত্য"));
}

/// The `<div class="qr" …>…</div>` of a verify page.
fn qr_of(page: &str) -> String {
    let start = page.find("<div class=\"qr\"").expect("a QR code");
    let end = start + page[start..].find("</div>").unwrap();
    page[start..end].to_owned()
}

#[tokio::test]
async fn a_badge_verified_once_shows_revoked_on_the_very_next_visit() {
    let app = TestApp::new().await;
    let dhaka = place(&app, "Dhaka", None).await;
    app.with_role("প্রশাসক", "01734100009", Role::Admin).await;
    person(&app, "রুমানা আক্তার", "01734100002", Role::Teacher, None, &dhaka).await;
    app.with_role("PTI কর্মকর্তা", "01734100004", Role::Teacher).await;
    let mut admin = signed_in(&app, "01734100009", 1).await;
    let issuer = [
        ("short_name", "PTI"),
        ("name", "প্রাইমারি টিচার্স ট্রেনিং ইনস্টিটিউট"),
        ("name_en", ""),
        ("description", "শিক্ষক প্রশিক্ষণ"),
        ("website", ""),
        ("email", ""),
    ];
    let r = admin.submit("/issuers", &issuer).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let pti = r.location().rsplit('/').next().unwrap().to_owned();
    let r = admin.submit(&format!("/issuers/{pti}/members"), &[("teacher", "01734100004")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let fields = [
        ("name", "ডিজিটাল কনটেন্ট নির্মাতা"),
        ("description", "শিক্ষকদের জন্য"),
        ("criteria", "শর্ত পূরণ"),
        ("competency", "TC6"),
        ("tags", "অনুশীলন"),
        ("rule", "manual"),
        ("valid_days", "365"),
    ];
    let r = admin.submit(&format!("/issuers/{pti}/achievements"), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let badge = r.location().rsplit('/').next().unwrap().to_owned();
    let mut staff = signed_in(&app, "01734100004", 2).await;
    let award = [("teacher", "01734100002"), ("evidence", "দুটি ভিডিও পাঠ মানসম্মত"), ("evidence_url", "")];
    let r = staff.submit(&format!("/achievements/{badge}/award"), &award).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let id = r.location().rsplit('/').next().unwrap().to_owned();

    let mut visitor = app.browser();
    let first = visitor.get(&format!("/verify/{id}")).await.text();
    assert!(first.contains("বৈধ, PTI কর্তৃক প্রদত্ত"), "{first}");
    assert!(!first.contains("বাতিল — PTI"));
    let r = staff.submit(&format!("/verify/{id}/revoke"), &[("reason", "ভুল শিক্ষকের নামে দেওয়া")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    app.queries.store(0, Ordering::SeqCst);
    let next = visitor.get(&format!("/verify/{id}")).await.text();
    // The credential's row (with its revocation) and the key with its issuer.
    assert_eq!(app.queries.swap(0, Ordering::SeqCst), 2, "statements for a verify visit");
    assert!(next.contains("বাতিল — PTI এই ব্যাজ বাতিল করেছে"), "{next}");
    assert!(next.contains("ভুল শিক্ষকের নামে দেওয়া"));
    assert!(!next.contains("বৈধ, PTI কর্তৃক প্রদত্ত"));
    assert_eq!(qr_of(&first), qr_of(&next), "the same QR code, drawn once");
    assert!(qr_of(&next).contains("<path d=\"M"), "a drawn code");
}

#[tokio::test]
async fn the_portal_figures_count_teachers_verified_teachers_and_districts_reached() {
    let app = TestApp::new().await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    let dhaka = place(&app, "Dhaka", None).await;
    let sylhet = place(&app, "Sylhet", None).await;
    school(&app, 310101, "চিলমারী সরকারি প্রাথমিক বিদ্যালয়", &chilmari).await;
    person(&app, "রুমানা আক্তার", "01734100002", Role::Teacher, Some(310101), &chilmari).await;
    person(&app, "মাহমুদা আক্তার", "01734100003", Role::HeadTeacher, Some(310101), &chilmari).await;
    person(&app, "সালমা খাতুন", "01734100004", Role::Teacher, None, &dhaka).await;
    person(&app, "করিম উদ্দিন", "01734100005", Role::Officer, None, &sylhet).await;
    app.with_role("নাসরিন", "01734100006", Role::Teacher).await;
    app.with_role("প্রশাসক", "01734100009", Role::Admin).await;

    let everyone = batayon::accounts::entity::user::Entity::find().all(app.db()).await.unwrap();
    let teaching: Vec<_> = everyone.iter().filter(|u| u.role.teaches()).collect();
    let verified =
        teaching.iter().filter(|u| u.verification == batayon::accounts::model::Verification::Verified).count();
    let mut reached: Vec<_> = everyone.iter().filter_map(|u| u.district_id).collect();
    reached.sort();
    reached.dedup();
    assert_eq!((teaching.len(), verified, reached.len()), (4, 2, 3), "the people made here");
    let counted = batayon::accounts::store::count_teachers(app.db()).await.unwrap();
    assert_eq!(counted, (teaching.len() as u64, verified as u64));
    let districts = batayon::accounts::store::count_districts_reached(app.db()).await.unwrap();
    assert_eq!(districts, reached.len() as u64);
    let figures = batayon::accounts::figures::current(&app.state).await.unwrap();
    assert_eq!((figures.teachers, figures.verified, figures.districts), (4, 2, 3));
    let home = app.browser().get("/").await.text();
    assert!(home.contains("<strong>৪</strong>") && home.contains("<strong>৩</strong>"), "{home}");
}
