//! Microcredentials: a teacher earns badges by finishing a course and by
//! practising with her head teacher's support (a colleague's cheer does not
//! count), once each; the credentials verify with the issuer's published
//! key, also after the key is rotated; a changed character, a revocation
//! and an expiry each show; only people acting for an issuer award and
//! revoke; endorsements, pathways and private badges behave.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::TestApp;
use crate::practice::{api, person, place, school, signed_in, tried};
use batayon::accounts::model::Role;

async fn sweep(app: &TestApp) -> usize {
    batayon::credentials::rules::sweep(&app.state).await.unwrap()
}

/// The signed credential, by the public id at the end of a /verify/… address.
async fn credential(app: &TestApp, public_id: &str) -> Value {
    let r = app.api(Method::GET, &format!("/credentials/{public_id}"), None, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("content-type").as_deref(), Some("application/ld+json"));
    r.json()
}

async fn verdict(app: &TestApp, doc: &Value) -> Value {
    let (s, v) = api(app, Method::POST, "/api/v1/verifications", Some(doc.clone()), None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

/// An issuer made through the admin's form; its id.
async fn issuer(app: &TestApp, admin: &mut crate::app::Browser<'_>, short: &str, name: &str) -> i64 {
    let r = admin
        .submit(
            "/issuers",
            &[
                ("short_name", short),
                ("name", name),
                ("name_en", ""),
                ("description", "শিক্ষক প্রশিক্ষণ"),
                ("website", ""),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let _ = app;
    r.location().rsplit('/').next().unwrap().parse().unwrap()
}

async fn badge(admin: &mut crate::app::Browser<'_>, issuer: i64, fields: &[(&str, &str)]) -> i64 {
    // The usual fields, unless the badge names its own (a form sends each field once).
    let usual = [("description", "শিক্ষকদের জন্য"), ("criteria", "শর্ত পূরণ"), ("competency", "TC7"), ("tags", "অনুশীলন")];
    let mut all: Vec<(&str, &str)> =
        usual.into_iter().filter(|(name, _)| !fields.iter().any(|(given, _)| given == name)).collect();
    all.extend_from_slice(fields);
    let r = admin.submit(&format!("/issuers/{issuer}/achievements"), &all).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    r.location().rsplit('/').next().unwrap().parse().unwrap()
}

async fn held(app: &TestApp, teacher: i64) -> Vec<batayon::credentials::entity::credential::Model> {
    batayon::credentials::store::of_recipient(app.db(), batayon::ids::UserId(teacher)).await.unwrap()
}

#[tokio::test]
async fn a_teacher_earns_badges_for_the_course_and_for_supported_practice_once_each() {
    let app = TestApp::new().await;
    let c = crate::learning::course(&app, 3, 0).await;
    let chilmari = place(&app, "Kurigram", Some("Chilmari")).await;
    school(&app, 330001, "চর বিদ্যালয়", &chilmari).await;
    app.with_role("প্রশাসক", "01733000009", Role::Admin).await;
    let (_, head_t) = person(&app, "প্রধান শিক্ষক", "01733000001", Role::HeadTeacher, Some(330001), &chilmari).await;
    let (_, friend_t) = person(&app, "সহকর্মী", "01733000003", Role::Teacher, Some(330001), &chilmari).await;
    let (teacher, t) = person(&app, "সালমা খাতুন", "01733000002", Role::Teacher, Some(330001), &chilmari).await;
    let mut admin = signed_in(&app, "01733000009", 1).await;
    let mut someone = signed_in(&app, "01733000002", 2).await;
    let r = someone.submit("/issuers", &[("short_name", "X"), ("name", "ভুয়া")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "only administrators record issuers");

    let naem = issuer(&app, &mut admin, "NAEM", "জাতীয় শিক্ষা ব্যবস্থাপনা একাডেমি").await;
    let course_badge =
        badge(&mut admin, naem, &[("name", "কোর্স সম্পন্ন"), ("rule", "course"), ("course_id", &c.id.to_string())]).await;
    let practice_badge =
        badge(&mut admin, naem, &[("name", "অনুশীলনকারী"), ("rule", "practice"), ("practice_count", "2")]).await;
    let r = admin
        .submit(
            &format!("/issuers/{naem}/achievements"),
            &[
                ("name", "অস্পষ্ট"),
                ("description", "ক"),
                ("criteria", "খ"),
                ("competency", "TC99"),
                ("rule", "practice"),
                ("practice_count", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("কাঠামো থেকে একটি দক্ষতা বেছে নিন") && r.text().contains("১ থেকে ৫০"), "{}", r.text());

    // She finishes the course: the course badge, once.
    let course = batayon::learning::store::course(app.db(), batayon::ids::CourseId(c.id)).await.unwrap().unwrap();
    let e = batayon::learning::store::study::enrol(
        app.db(),
        course.id,
        course.published_version_id.unwrap(),
        batayon::ids::UserId(teacher),
    )
    .await
    .unwrap();
    batayon::learning::store::study::complete(app.db(), e.id).await.unwrap();
    assert_eq!(sweep(&app).await, 1);
    assert_eq!(sweep(&app).await, 0, "earned once, not every round");
    // Two tries: her head teacher encourages one, a colleague the other.
    let first = tried(&app, &t, "কাগজ ভাঁজে অর্ধেক", -3).await;
    let second = tried(&app, &t, "কাঠি দিয়ে গণনা", -1).await;
    let note = |log: i64, token: String| {
        let app = &app;
        async move {
            let (s, v) = api(
                app,
                Method::POST,
                &format!("/api/v1/practice-logs/{log}/notes"),
                Some(json!({"kind": "encouragement"})),
                Some(&token),
            )
            .await;
            assert_eq!(s, StatusCode::CREATED, "{v}");
        }
    };
    note(first, head_t.clone()).await;
    note(second, friend_t.clone()).await;
    assert_eq!(sweep(&app).await, 0, "a colleague's cheer is not the head teacher's support");
    let (s, v) = api(
        &app,
        Method::POST,
        &format!("/api/v1/practice-logs/{second}/observations"),
        Some(json!({"checks": ["steps"]})),
        Some(&head_t),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(sweep(&app).await, 1, "two tries her head teacher supported");
    let mine = held(&app, teacher).await;
    assert_eq!(mine.len(), 2);
    let practice = mine.iter().find(|c| c.achievement_id.0 == practice_badge).unwrap();
    assert!(mine.iter().any(|c| c.achievement_id.0 == course_badge));

    // The credential: Open Badges 3.0 with an eddsa-rdfc-2022 proof by NAEM's did:web key.
    let doc = credential(&app, &practice.public_id).await;
    assert_eq!(doc["type"], json!(["VerifiableCredential", "OpenBadgeCredential"]));
    assert_eq!(doc["proof"]["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(doc["credentialStatus"]["type"], "BitstringStatusListEntry");
    assert_eq!(doc["credentialSubject"]["achievement"]["alignment"][0]["targetCode"], "TC7");
    let evidence = doc["evidence"].as_array().unwrap();
    assert_eq!(evidence.len(), 2, "both supported tries are the evidence");
    assert!(evidence.iter().all(|e| e["id"].as_str().unwrap().contains("/practice/logs/")));
    let did = app.api(Method::GET, &format!("/issuers/{naem}/did.json"), None, None).await.json();
    assert_eq!(doc["issuer"]["id"], did["id"]);
    let key = did["verificationMethod"][0]["publicKeyMultibase"].as_str().unwrap();
    vc::verify(&doc, &vc::public_key_from_multibase(key).unwrap()).expect("verifies with the published key");
    let v = verdict(&app, &doc).await;
    assert_eq!(v["status"], "valid", "{v}");
    assert_eq!(v["recipient_name"], "সালমা খাতুন");
    assert_eq!(v["issuer_short_name"], "NAEM");
    // One character changed: not valid.
    let mut changed = doc.clone();
    changed["credentialSubject"]["identifier"][0]["identityHash"] = json!("সালমা খাতুম");
    assert_eq!(verdict(&app, &changed).await["status"], "invalid");
    // The page the QR opens says it in Bangla.
    let page = app.browser().get(&format!("/verify/{}", practice.public_id)).await.text();
    assert!(page.contains("বৈধ, NAEM কর্তৃক প্রদত্ত"), "{page}");
    // The printed card's QR code opens the verify page with the signed short form.
    let card = app.api(Method::GET, &format!("/verify/{}/card.png", practice.public_id), None, None).await;
    assert_eq!(card.header("content-type").as_deref(), Some("image/png"));
    let grey = image::load_from_memory(&card.body).unwrap().to_luma8();
    let (w, h) = (grey.width() as usize, grey.height() as usize);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| grey.get_pixel(x as u32, y as u32)[0]);
    let (_, link) = prepared.detect_grids()[0].decode().expect("the card's QR code reads");
    assert_eq!(link, format!("{}/verify/{}#{}", app.state.config.public_url, practice.public_id, practice.compact));
    let pdf = app.api(Method::GET, &format!("/verify/{}/card.pdf", practice.public_id), None, None).await;
    assert!(pdf.body.starts_with(b"%PDF-1.4") && pdf.body.ends_with(b"%%EOF\n"));
    assert!(pdf.body.windows(16).any(|w| w == b"/Subtype /Image "), "the card is on the page");
    // Her backpack lists both; she may hide one from her public profile.
    let mut her = signed_in(&app, "01733000002", 3).await;
    let pack = her.get("/backpack").await.text();
    assert!(pack.contains("কোর্স সম্পন্ন") && pack.contains("অনুশীলনকারী"), "{pack}");
    let r = her.submit(&format!("/backpack/{}/visibility", practice.public_id), &[("public", "0")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let public = app.browser().get(&format!("/teachers/{teacher}/badges")).await.text();
    assert!(public.contains("কোর্স সম্পন্ন") && !public.contains("অনুশীলনকারী"), "{public}");
    let mut other = signed_in(&app, "01733000003", 4).await;
    let r = other.submit(&format!("/backpack/{}/visibility", practice.public_id), &[("public", "1")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "only she decides");
    let r = app.api(Method::GET, &format!("/backpack/{}/download", practice.public_id), None, None).await;
    assert_eq!(r.json(), doc, "the download is the signed credential");
    // A badge made later for the same course reaches her through the worker's job.
    let later =
        badge(&mut admin, naem, &[("name", "ভগ্নাংশ বিশেষজ্ঞ"), ("rule", "course"), ("course_id", &c.id.to_string())])
            .await;
    while batayon::worker::run_one(&app.state).await.unwrap() {}
    assert!(held(&app, teacher).await.iter().any(|c| c.achievement_id.0 == later), "past work counts for a new badge");
}

#[tokio::test]
async fn rotation_keeps_old_badges_valid_and_revocation_and_expiry_show() {
    let app = TestApp::new().await;
    let dhaka = place(&app, "Dhaka", None).await;
    app.with_role("প্রশাসক", "01734000009", Role::Admin).await;
    let (teacher, _) = person(&app, "রুমানা আক্তার", "01734000002", Role::Teacher, None, &dhaka).await;
    let (_, _) = person(&app, "মাহমুদা আক্তার", "01734000003", Role::Teacher, None, &dhaka).await;
    app.with_role("PTI কর্মকর্তা", "01734000004", Role::Teacher).await;
    app.with_role("DPE কর্মকর্তা", "01734000005", Role::Teacher).await;
    let mut admin = signed_in(&app, "01734000009", 1).await;
    let pti = issuer(&app, &mut admin, "PTI", "প্রাইমারি টিচার্স ট্রেনিং ইনস্টিটিউট").await;
    let dpe = issuer(&app, &mut admin, "DPE", "প্রাথমিক শিক্ষা অধিদপ্তর").await;
    for (i, phone) in [(pti, "01734000004"), (dpe, "01734000005")] {
        let r = admin.submit(&format!("/issuers/{i}/members"), &[("teacher", phone)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    }
    let content = badge(
        &mut admin,
        pti,
        &[("name", "ডিজিটাল কনটেন্ট নির্মাতা"), ("rule", "manual"), ("valid_days", "365"), ("competency", "TC6")],
    )
    .await;

    // PTI's staff awards by hand, with evidence; without evidence, a message.
    let mut staff = signed_in(&app, "01734000004", 2).await;
    let r = staff
        .submit(
            &format!("/achievements/{content}/award"),
            &[("teacher", "01734000002"), ("evidence", ""), ("evidence_url", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("কী দেখে ব্যাজ দিচ্ছেন"), "{}", r.text());
    let r = staff
        .submit(
            &format!("/achievements/{content}/award"),
            &[
                ("teacher", "01734000002"),
                ("evidence", "দুটি ভিডিও পাঠ মানসম্মত"),
                ("evidence_url", "https://example.org/review"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let first = r.location().rsplit('/').next().unwrap().to_owned();
    let r = staff
        .submit(&format!("/achievements/{content}/award"), &[("teacher", "01734000002"), ("evidence", "আবার")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "held already: {}", r.text());
    let mut dpe_staff = signed_in(&app, "01734000005", 3).await;
    let r = dpe_staff
        .submit(&format!("/achievements/{content}/award"), &[("teacher", "01734000003"), ("evidence", "ক")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "DPE's staff cannot award PTI's badge");
    let old = credential(&app, &first).await;
    assert!(old["validUntil"].is_string(), "a year's validity");

    // DPE endorses the badge; a later award carries the signed endorsement.
    let r = dpe_staff
        .submit(
            &format!("/achievements/{content}/endorse"),
            &[("endorser", &dpe.to_string()), ("comment", "সিপিডিতে গণ্য")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

    // A new key: the DID document keeps both; the old credential still verifies.
    let r = admin.submit(&format!("/issuers/{pti}/keys"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let did = app.api(Method::GET, &format!("/issuers/{pti}/did.json"), None, None).await.json();
    assert_eq!(did["verificationMethod"].as_array().unwrap().len(), 2);
    assert_eq!(did["assertionMethod"].as_array().unwrap().len(), 2);
    assert_eq!(verdict(&app, &old).await["status"], "valid", "signed with the retired key, still valid");
    let r = staff
        .submit(
            &format!("/achievements/{content}/award"),
            &[("teacher", "01734000003"), ("evidence", "একটি পাঠ মানসম্মত")],
        )
        .await;
    let second = r.location().rsplit('/').next().unwrap().to_owned();
    let new = credential(&app, &second).await;
    assert!(new["proof"]["verificationMethod"].as_str().unwrap().ends_with("#key-2"));
    let endorsement = &new["credentialSubject"]["achievement"]["endorsement"][0];
    assert_eq!(endorsement["type"][1], "EndorsementCredential");
    let dpe_did = app.api(Method::GET, &format!("/issuers/{dpe}/did.json"), None, None).await.json();
    let dpe_key =
        vc::public_key_from_multibase(dpe_did["verificationMethod"][0]["publicKeyMultibase"].as_str().unwrap())
            .unwrap();
    vc::verify(endorsement, &dpe_key).expect("the endorsement is DPE's signature");
    let v = verdict(&app, &new).await;
    assert_eq!(v["status"], "valid");
    assert_eq!(v["endorsed_by"][0], "প্রাথমিক শিক্ষা অধিদপ্তর");

    // Revocation: only the issuer's people; then the status list says so
    // (a list fetched, and kept by the portal, just before must not linger).
    let before = app.api(Method::GET, &format!("/credentials/status/{pti}"), None, None).await.json();
    assert_eq!(before["credentialSubject"]["statusPurpose"], "revocation");
    let r = dpe_staff.submit(&format!("/verify/{first}/revoke"), &[("reason", "ভুল")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = staff.submit(&format!("/verify/{first}/revoke"), &[("reason", "ভুল শিক্ষকের নামে দেওয়া")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(verdict(&app, &old).await["status"], "revoked");
    assert_eq!(verdict(&app, &new).await["status"], "valid", "the other badge is untouched");
    let page = app.browser().get(&format!("/verify/{first}")).await.text();
    assert!(page.contains("বাতিল") && page.contains("ভুল শিক্ষকের নামে দেওয়া"), "{page}");
    let list = app.api(Method::GET, &format!("/credentials/status/{pti}"), None, None).await.json();
    vc::verify(
        &list,
        &vc::public_key_from_multibase(did["verificationMethod"][1]["publicKeyMultibase"].as_str().unwrap()).unwrap(),
    )
    .expect("the status list is signed with the current key");
    let bits = vc::decode_list(list["credentialSubject"]["encodedList"].as_str().unwrap()).unwrap();
    let (i_old, i_new): (usize, usize) = (
        old["credentialStatus"]["statusListIndex"].as_str().unwrap().parse().unwrap(),
        new["credentialStatus"]["statusListIndex"].as_str().unwrap().parse().unwrap(),
    );
    assert!(bits.get(i_old) && !bits.get(i_new));
    assert!(bits.len() >= 131_072, "never smaller than the specification's minimum");
    let snapshot = app.api(Method::GET, "/verify/status.json", None, None).await.json();
    assert_eq!(snapshot["revoked"][pti.to_string()], json!([i_old]));

    // Expiry: a credential PTI signed whose validity ended yesterday.
    let published = did["verificationMethod"][1]["publicKeyMultibase"].as_str().unwrap();
    let pair =
        batayon::credentials::keystore::load(&app.state.config.keys_dir, batayon::ids::IssuerId(pti), 2, published)
            .unwrap();
    let mut lapsed = new.clone();
    lapsed.as_object_mut().unwrap().remove("proof");
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    lapsed["validFrom"] = json!("2024-01-01T00:00:00Z");
    lapsed["validUntil"] = json!(yesterday);
    let options = vc::proof_of(&new).unwrap();
    let lapsed = vc::sign(&lapsed, &options, &pair).unwrap();
    assert_eq!(verdict(&app, &lapsed).await["status"], "expired");
    let _ = teacher;
}

#[tokio::test]
async fn a_pathway_shows_how_many_of_its_badges_she_holds() {
    let app = TestApp::new().await;
    let dhaka = place(&app, "Dhaka", None).await;
    app.with_role("প্রশাসক", "01735000009", Role::Admin).await;
    person(&app, "লাইলী বেগম", "01735000002", Role::Teacher, None, &dhaka).await;
    let mut admin = signed_in(&app, "01735000009", 1).await;
    let naem = issuer(&app, &mut admin, "NAEM", "জাতীয় শিক্ষা ব্যবস্থাপনা একাডেমি").await;
    let mut steps = Vec::new();
    for name in ["প্রথম ধাপ", "দ্বিতীয় ধাপ", "তৃতীয় ধাপ"] {
        steps.push(batayon::ids::AchievementId(badge(&mut admin, naem, &[("name", name), ("rule", "manual")]).await));
    }
    let ids: Vec<String> = steps.iter().map(|s| s.0.to_string()).collect();
    let r = admin
        .submit("/pathways", &[("name", "পেশাগত উন্নয়ন"), ("steps", &ids[0]), ("required", "3"), ("reward", "১ ক্রেডিট")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "one badge is not a pathway");
    assert!(r.text().contains("অন্তত দুটি ব্যাজ বেছে নিন") && r.text().contains("পেশাগত উন্নয়ন"), "{}", r.text());
    let mut fields = vec![
        ("name", "পেশাগত উন্নয়ন"),
        ("description", "তিনটি মিলে এক ক্রেডিট"),
        ("required", "৩"),
        ("reward", "১ ক্রেডিট"),
    ];
    fields.extend(ids.iter().map(|i| ("steps", i.as_str())));
    let r = admin.submit("/pathways", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = signed_in(&app, "01735000002", 3).await.submit("/pathways", &fields).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "administrators define pathways");
    let r = admin
        .submit(
            &format!("/achievements/{}/award", steps[1].0),
            &[("teacher", "01735000002"), ("evidence", "প্রশিক্ষণে অংশগ্রহণ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let pack = signed_in(&app, "01735000002", 2).await.get("/backpack").await.text();
    assert!(pack.contains("৩টির মধ্যে ১টি অর্জিত — পূর্ণ হলে: ১ ক্রেডিট"), "{pack}");
    assert!(pack.contains("✓ দ্বিতীয় ধাপ") && pack.contains("○ প্রথম ধাপ"), "{pack}");
}

#[tokio::test]
async fn badges_issued_at_the_same_moment_get_their_own_status_bits() {
    let app = TestApp::new().await;
    let dhaka = place(&app, "Dhaka", None).await;
    app.with_role("প্রশাসক", "01736000009", Role::Admin).await;
    let mut teachers = Vec::new();
    for n in 0..6 {
        teachers.push(person(&app, "শিক্ষক", &format!("0173600001{n}"), Role::Teacher, None, &dhaka).await.0);
    }
    let mut admin = signed_in(&app, "01736000009", 1).await;
    let naem = issuer(&app, &mut admin, "NAEM", "জাতীয় শিক্ষা ব্যবস্থাপনা একাডেমি").await;
    let id = badge(&mut admin, naem, &[("name", "কর্মশালা"), ("rule", "manual")]).await;
    let a = batayon::credentials::store::achievement(app.db(), batayon::ids::AchievementId(id)).await.unwrap().unwrap();
    let evidence =
        [batayon::credentials::document::Evidence {
            url: None, name: "কর্মশালা".into(), narrative: "উপস্থিত".into()
        }];
    let all = teachers
        .iter()
        .map(|t| batayon::credentials::issuing::issue(&app.state, &a, batayon::ids::UserId(*t), &evidence, None));
    for issued in futures_util::future::join_all(all).await {
        assert!(matches!(issued.unwrap(), batayon::credentials::issuing::Issued::New(_)));
    }
    let mut bits = Vec::new();
    for t in teachers {
        bits.extend(held(&app, t).await.into_iter().map(|c| c.status_index));
    }
    bits.sort_unstable();
    bits.dedup();
    assert_eq!(bits.len(), 6, "six badges, six bits: {bits:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_key_rotations_at_once_leave_a_key_that_signs_valid_badges() {
    let app = TestApp::new().await;
    let dhaka = place(&app, "Dhaka", None).await;
    app.with_role("প্রশাসক", "01734100009", Role::Admin).await;
    person(&app, "রুমানা আক্তার", "01734100002", Role::Teacher, None, &dhaka).await;
    let mut admin = signed_in(&app, "01734100009", 1).await;
    let pti = issuer(&app, &mut admin, "PTI", "প্রাইমারি টিচার্স ট্রেনিং ইনস্টিটিউট").await;
    let r = admin.submit(&format!("/issuers/{pti}/members"), &[("teacher", "01734100009")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let content = badge(&mut admin, pti, &[("name", "ডিজিটাল কনটেন্ট নির্মাতা"), ("rule", "manual")]).await;

    // Four administrators' tabs press "new key" at the same moment.
    let mut tabs = Vec::new();
    for i in 0..4u8 {
        tabs.push(signed_in(&app, "01734100009", 10 + i).await);
    }
    let path = format!("/issuers/{pti}/keys");
    let replies = futures_util::future::join_all(tabs.iter_mut().map(|t| t.submit(&path, &[]))).await;
    let done = replies.iter().filter(|r| r.status == StatusCode::SEE_OTHER).count();
    assert!(done >= 1, "one rotation at least goes through");
    for r in &replies {
        assert!(matches!(r.status, StatusCode::SEE_OTHER | StatusCode::CONFLICT), "{} {}", r.status, r.text());
    }
    let did = app.api(Method::GET, &format!("/issuers/{pti}/did.json"), None, None).await.json();
    assert_eq!(did["verificationMethod"].as_array().unwrap().len(), 1 + done, "one published key per rotation");

    // A badge signed now verifies with the published key.
    let r = admin
        .submit(&format!("/achievements/{content}/award"), &[("teacher", "01734100002"), ("evidence", "দুটি পাঠ")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let id = r.location().rsplit('/').next().unwrap().to_owned();
    assert_eq!(verdict(&app, &credential(&app, &id).await).await["status"], "valid");
}

/// A credential naming a real issuer key whose body holds `k` named graphs
/// of look-alike blank nodes (an RDFC-1.0 "poison graph").
fn poisoned(did: &Value, k: usize) -> Value {
    let graphs: Vec<Value> = (0..k)
        .map(|i| {
            json!({
                "@id": format!("_:g{i}"),
                "@graph": [
                    { "@id": "_:a", "http://example.org/near": { "@id": "_:c" } },
                    { "@id": "_:b", "http://example.org/near": { "@id": "_:c" } },
                ]
            })
        })
        .collect();
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": { "id": did["id"] },
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": { "http://example.org/holds": graphs },
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2026-01-01T00:00:00Z",
            "verificationMethod": did["verificationMethod"][0]["id"],
            "proofPurpose": "assertionMethod",
            "proofValue": format!("z{}", vc::base58_encode(&[7u8; 64]))
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poisoned_credential_is_refused_within_a_second_while_the_portal_answers() {
    let app = TestApp::new().await;
    app.with_role("প্রশাসক", "01734200009", Role::Admin).await;
    let mut admin = signed_in(&app, "01734200009", 1).await;
    let pti = issuer(&app, &mut admin, "PTI", "প্রাইমারি টিচার্স ট্রেনিং ইনস্টিটিউট").await;
    let did = app.api(Method::GET, &format!("/issuers/{pti}/did.json"), None, None).await.json();
    let doc = poisoned(&did, 10);

    let started = std::time::Instant::now();
    let check = app.api(Method::POST, "/api/v1/verifications", Some(doc), None);
    let health = async {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let at = std::time::Instant::now();
        let r = app.api(Method::GET, "/healthz", None, None).await;
        (r.status, at.elapsed())
    };
    let (r, (health_status, health_took)) = tokio::join!(check, health);
    let took = started.elapsed();
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(r.header("content-type").as_deref(), Some("application/problem+json"));
    assert_eq!(r.json()["errors"][0]["field"], "credential", "{}", r.text());
    assert!(took < std::time::Duration::from_secs(1), "refused after {took:?}");
    assert_eq!(health_status, StatusCode::OK);
    assert!(health_took < std::time::Duration::from_millis(100), "/healthz took {health_took:?}");

    // A document too big to be a credential is refused before any work.
    let mut big = poisoned(&did, 1);
    big["description"] = json!("ক".repeat(12_000));
    let r = app.api(Method::POST, "/api/v1/verifications", Some(big), None).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
}

#[tokio::test]
async fn checking_documents_is_rate_limited_per_address() {
    let app = TestApp::configured(|c| c.limits.checks_per_address = 3).await;
    let doc = json!({ "type": ["VerifiableCredential"] });
    for _ in 0..3 {
        let r = app.api(Method::POST, "/api/v1/verifications", Some(doc.clone()), None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let r = app.api(Method::POST, "/api/v1/verifications", Some(doc), None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text());
    assert!(r.header("retry-after").is_some());
}

#[tokio::test]
async fn an_issuers_website_must_be_a_web_address() {
    let app = TestApp::new().await;
    app.with_role("প্রশাসক", "01734300009", Role::Admin).await;
    let mut admin = signed_in(&app, "01734300009", 1).await;
    for bad in ["javascript:alert(1)", "https://user@evil", "https://naem.gov.bd/\" onclick=\"x", "ftp://naem.gov.bd"] {
        let r = admin
            .submit(
                "/issuers",
                &[
                    ("short_name", "NAEM"),
                    ("name", "নায়েম"),
                    ("name_en", ""),
                    ("description", ""),
                    ("website", bad),
                    ("email", ""),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad} is refused");
        assert!(r.text().contains("সঠিক লিংক"), "the message says why");
    }
    let r = admin
        .submit(
            "/issuers",
            &[
                ("short_name", "NAEM"),
                ("name", "নায়েম"),
                ("name_en", ""),
                ("description", ""),
                ("website", "https://naem.gov.bd/"),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
}

/// A "clique" poison graph: five blank nodes each tied to the other four by
/// `predicates` predicates in both directions. Every look-alike group holds
/// four nodes (under the bound of six), but each Hash N-Degree Quads call
/// walks 4! orderings for every one of the hundreds of groups, and a few
/// hundred calls (under the call budget) are made.
fn clique_poisoned(did: &Value, predicates: usize) -> Value {
    let nodes = 5;
    let mut context = serde_json::Map::new();
    context.insert("@vocab".into(), json!("http://e/"));
    for p in 0..predicates {
        context.insert(format!("p{p}"), json!({ "@type": "@id" }));
    }
    let members: Vec<Value> = (0..nodes)
        .map(|i| {
            let mut node = serde_json::Map::new();
            node.insert("@id".into(), json!(format!("_:b{i}")));
            let others: Vec<Value> = (0..nodes).filter(|j| *j != i).map(|j| json!(format!("_:b{j}"))).collect();
            for p in 0..predicates {
                node.insert(format!("p{p}"), Value::Array(others.clone()));
            }
            Value::Object(node)
        })
        .collect();
    let mut doc = poisoned(did, 1);
    doc["credentialSubject"] = json!({ "@context": context, "http://example.org/holds": members });
    doc
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clique_poisoned_credential_under_the_alike_bound_is_answered_within_a_second() {
    let app = TestApp::new().await;
    app.with_role("প্রশাসক", "01734200019", Role::Admin).await;
    let mut admin = signed_in(&app, "01734200019", 1).await;
    let pti = issuer(&app, &mut admin, "PTI", "প্রাইমারি টিচার্স ট্রেনিং ইনস্টিটিউট").await;
    let did = app.api(Method::GET, &format!("/issuers/{pti}/did.json"), None, None).await.json();
    let doc = clique_poisoned(&did, 140);
    let size = serde_json::to_vec(&doc).unwrap().len();
    assert!(size < 32 * 1024, "the document fits under the body cap ({size} bytes)");

    let started = std::time::Instant::now();
    let r = app.api(Method::POST, "/api/v1/verifications", Some(doc), None).await;
    let took = started.elapsed();
    assert_ne!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    assert!(took < std::time::Duration::from_secs(1), "answered {} after {took:?}: {}", r.status, r.text());
}
