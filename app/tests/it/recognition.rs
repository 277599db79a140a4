//! Recognition: a week's scores computed from a fixed set of ratings,
//! downloads, comments, answers, votes, tries and nominations equal the
//! ones worked out by hand (docs/recognition.md); the moderator publishes
//! once, however often she presses; a rating ring does not win; self-ratings
//! and self-nominations are refused; one round per period however many
//! workers ask; ambassadors show on profiles.

use axum::http::{Method, StatusCode};
use chrono::{Duration, Utc};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::app::TestApp;
use crate::content::{chapter, shared_pdf};
use crate::practice::{api, person, place, school, signed_in, tried};
use batayon::accounts::model::Role;
use batayon::recognition::category::AwardCategory;
use batayon::recognition::model::RoundStatus;
use batayon::recognition::period::{AwardPeriod, Period, dhaka_date};

/// Makes accounts 100 days old, so their ratings count in full.
async fn age(app: &TestApp, ids: &[i64]) {
    for id in ids {
        let sql = "UPDATE users SET created_at = $1 WHERE id = $2";
        let values = vec![(Utc::now() - Duration::days(100)).into(), (*id).into()];
        app.db().execute_raw(batayon::db::numbered(app.db(), sql, values)).await.unwrap();
    }
}

async fn rate(app: &TestApp, token: &str, content: i64, stars: i32) -> StatusCode {
    let (s, _) = api(
        app,
        Method::PUT,
        &format!("/api/v1/contents/{content}/rating"),
        Some(json!({"stars": stars})),
        Some(token),
    )
    .await;
    s
}

fn today() -> String {
    dhaka_date(Utc::now()).to_string()
}

/// The moderator computes this week now, the worker runs, and the round's id.
async fn compute_week(app: &TestApp, moderator: &mut crate::app::Browser<'_>) -> i64 {
    let r = moderator.submit("/recognition/review", &[("period", "week"), ("date", &today())]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    batayon::worker::drain(&app.state).await.unwrap();
    r.location().trim_start_matches("/recognition/review/").parse().unwrap()
}

/// The national winner of `category` in the API's answer.
fn national<'a>(v: &'a Value, category: &str) -> &'a Value {
    v["winners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["category"] == category && w["district_id"].is_null())
        .unwrap_or_else(|| panic!("no national {category} winner in {v}"))
}

fn line(w: &Value, item: &str) -> (f64, f64) {
    let l = w["breakdown"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["item"] == item)
        .unwrap_or_else(|| panic!("{item} in {w}"));
    (l["value"].as_f64().unwrap(), l["points"].as_f64().unwrap())
}

#[tokio::test]
async fn a_week_scores_as_worked_out_by_hand_and_is_published_once() {
    let app = TestApp::new().await;
    let kurigram = place(&app, "Kurigram", Some("Chilmari")).await;
    school(&app, 410001, "চিলমারী সরকারি প্রাথমিক বিদ্যালয়", &kurigram).await;
    school(&app, 410002, "রমনা সরকারি প্রাথমিক বিদ্যালয়", &kurigram).await;
    let (anowara, a_token) = person(&app, "আনোয়ারা বেগম", "01711000001", Role::Teacher, Some(410001), &kurigram).await;
    let (head, h_token) = person(&app, "হাবিবুর রহমান", "01711000002", Role::HeadTeacher, Some(410001), &kurigram).await;
    let mut raters = Vec::new();
    for (i, eiin) in [(1, 410002), (2, 410002), (3, 410002), (4, 410001), (5, 410002)] {
        raters.push(
            person(&app, &format!("রেটার {i}"), &format!("0171200000{i}"), Role::Teacher, Some(eiin), &kurigram).await,
        );
    }
    // Raters 1–4 (and Anowara, and the head) are old accounts; rater 5 joined today.
    age(&app, &[anowara, head, raters[0].0, raters[1].0, raters[2].0, raters[3].0]).await;
    app.with_role("মডারেটর", "01719999999", Role::Moderator).await;
    let mut moderator = signed_in(&app, "01719999999", 1).await;

    // Best content: 5, 4, 4 from another school (weight 1), 5 from her own school (½), 3 from a new account (½).
    let c = shared_pdf(&app, &a_token, chapter(&app, 3, "math", 2).await, "ভগ্নাংশ শেখার কার্ড").await;
    for ((_, t), stars) in raters.iter().zip([5, 4, 4, 5, 3]) {
        assert_eq!(rate(&app, t, c, stars).await, StatusCode::OK);
    }
    assert_eq!(rate(&app, &a_token, c, 5).await, StatusCode::FORBIDDEN, "no rating of one's own work");
    for (_, t) in &raters[..2] {
        let r = app.api(Method::GET, &format!("/api/v1/contents/{c}/file"), None, Some(t)).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let (s, _) = api(
        &app,
        Method::POST,
        &format!("/api/v1/contents/{c}/comments"),
        Some(json!({"body": "খুব কাজের কার্ড, ধন্যবাদ"})),
        Some(&raters[2].1),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);

    // Most helpful answerer: rater 1 asks, Anowara answers, rater 1 accepts, rater 2 up-votes.
    let (s, q) = api(&app, Method::POST, "/api/v1/questions", Some(json!({"title": "ভগ্নাংশ কীভাবে বোঝাব?", "body": "তৃতীয় শ্রেণির শিশুরা অর্ধেক আর চার ভাগের এক ভাগ গুলিয়ে ফেলে। কী করি?", "tags": ["math"]})), Some(&raters[0].1)).await;
    assert_eq!(s, StatusCode::CREATED, "{q}");
    let q = q["id"].as_i64().unwrap();
    let (s, a) = api(
        &app,
        Method::POST,
        &format!("/api/v1/questions/{q}/answers"),
        Some(json!({"body": "কাগজ ভাঁজ করে দেখান, তারপর রুটি ভাগ করার গল্প বলুন।"})),
        Some(&a_token),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let a = a["id"].as_i64().unwrap();
    let (s, _) = api(&app, Method::POST, &format!("/api/v1/answers/{a}/accept"), None, Some(&raters[0].1)).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) =
        api(&app, Method::PUT, &format!("/api/v1/answers/{a}/vote"), Some(json!({"value": 1})), Some(&raters[1].1))
            .await;
    assert_eq!(s, StatusCode::OK);

    // Leadership: Anowara logs a try, her head teacher encourages it.
    let log = tried(&app, &a_token, "ভাঁজ করা কাগজে ভগ্নাংশ", 0).await;
    let (s, v) = api(
        &app,
        Method::POST,
        &format!("/api/v1/practice-logs/{log}/notes"),
        Some(json!({"kind": "encouragement", "body": ""})),
        Some(&h_token),
    )
    .await;
    assert!(s.is_success(), "{s} {v}");

    // Innovative teacher: rater 2 (another school) and rater 4 (her school) nominate; a moderator confirms both.
    let mut nominators = Vec::new();
    for (phone, n) in [("01712000002", 21u8), ("01712000004", 22)] {
        let mut b = signed_in(&app, phone, n).await;
        let r = b
            .submit(
                &format!("/teachers/{anowara}/nominate"),
                &[("reason", "শ্রেণিকক্ষে কাগজ ভাঁজ করে ভগ্নাংশ শেখানোর নতুন উপায় বের করেছেন")],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        nominators.push(b);
    }
    let again = nominators[0]
        .submit(&format!("/teachers/{anowara}/nominate"), &[("reason", "আবারও একই সপ্তাহে মনোনয়ন দিতে চাই, কারণ তিনি দারুণ")])
        .await;
    // A clash with what is there already keeps the form, as every form does (web::form): 409.
    assert_eq!(again.status, StatusCode::CONFLICT, "once a week per colleague");
    assert!(again.text().contains("আবারও একই সপ্তাহে"), "her words are kept");
    let mut own = signed_in(&app, "01711000001", 40).await;
    let r = own
        .submit(&format!("/teachers/{anowara}/nominate"), &[("reason", "আমি নিজেকে মনোনয়ন দিচ্ছি কারণ আমি খুব ভালো")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no self-nomination");
    let list = moderator.get("/recognition/review").await.text();
    let ids: Vec<i64> = list
        .match_indices("/recognition/nominations/")
        .map(|(i, _)| list[i + 25..].split('"').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "both nominations wait");
    for id in ids {
        let r = moderator.submit(&format!("/recognition/nominations/{id}"), &[("decision", "confirm")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }

    let round = compute_week(&app, &mut moderator).await;
    let path = format!("/api/v1/recognition?period=week&date={}", today());
    assert_eq!(app.api(Method::GET, &path, None, None).await.status, StatusCode::NOT_FOUND, "not before publishing");
    let review = moderator.get(&format!("/recognition/review/{round}")).await.text();
    assert!(review.contains("ভগ্নাংশ শেখার কার্ড"), "the moderator sees the candidates");

    // Publishing twice (a double click) writes the awards once.
    for _ in 0..2 {
        let r = moderator.submit(&format!("/recognition/review/{round}/publish"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    }
    let again = moderator.submit("/recognition/review", &[("period", "week"), ("date", &today())]).await;
    assert_eq!(
        again.location(),
        format!("/recognition/rounds/{round}"),
        "a published week is shown, not computed again"
    );
    let awards = batayon::recognition::store::count_awards(app.db(), batayon::ids::RoundId(round)).await.unwrap();
    // Six national awards and six for Kurigram.
    assert_eq!(awards, 12);

    let v = app.api(Method::GET, &path, None, None).await;
    assert_eq!(v.status, StatusCode::OK, "{}", v.text());
    let v = v.json();

    // Content: weights 1+1+1+½+½ = 4, stars 5+4+4+2.5+1.5 = 17, average (5×3+17)/(5+4) = 3.56 → 35.56;
    // two downloads → 1; one commenter → 1.
    let w = national(&v, "content");
    assert_eq!(w["content_id"], c);
    assert_eq!(line(w, "raters"), (5.0, 0.0));
    assert_eq!(line(w, "rating-weight"), (4.0, 0.0));
    assert_eq!(line(w, "rating-average"), (3.56, 35.56));
    assert_eq!(line(w, "downloads"), (2.0, 1.0));
    assert_eq!(line(w, "commenters"), (1.0, 1.0));
    assert_eq!(w["score"], 37.56);
    // Creator: one content 3; stars above two 3+2+2+1.5+0.5 = 9; downloads 1; commenters 1.
    let w = national(&v, "creator");
    assert_eq!(w["teacher_id"], anowara);
    assert_eq!(line(w, "stars-above-two"), (9.0, 9.0));
    assert_eq!(w["score"], 14.0);
    // Answerer: accepted 15 + one up-vote 5.
    let w = national(&v, "answerer");
    assert_eq!(w["teacher_id"], anowara);
    assert_eq!(w["score"], 20.0);
    // Performer: content 3 + answer 2 + try 3 + one active day 1.
    let w = national(&v, "performer");
    assert_eq!(w["teacher_id"], anowara);
    assert_eq!(w["score"], 9.0, "{w}");
    // Innovator: one nomination from another school (1) and one from her own (½) → 15.
    let w = national(&v, "innovator");
    assert_eq!(line(w, "nominators"), (2.0, 0.0));
    assert_eq!(w["score"], 15.0);
    // Leader: one active teacher 5 + one try 2 + one encouragement 3.
    let w = national(&v, "leader");
    assert_eq!(w["teacher_id"], head);
    assert_eq!(w["title"], "চিলমারী সরকারি প্রাথমিক বিদ্যালয়");
    assert_eq!(w["score"], 10.0);

    // Why she won, her certificate, her profile, the home page and her notification.
    let award = national(&v, "content")["award_id"].as_i64().unwrap();
    let why = app.browser().get(&format!("/recognition/awards/{award}")).await;
    assert_eq!(why.status, StatusCode::OK);
    assert!(why.text().contains("৩৫.৫৬"), "the numbers, in Bangla digits");
    assert_eq!(app.browser().get(&format!("/recognition/awards/{award}/certificate")).await.status, StatusCode::OK);
    let profile = app.browser().get(&format!("/teachers/{anowara}")).await.text();
    assert!(profile.contains(&format!("/recognition/awards/{award}")), "a mark on her profile");
    // (Signed in: anonymous visitors may get the home page of three seconds ago.)
    let home = own.get("/").await.text();
    assert!(home.contains("ভগ্নাংশ শেখার কার্ড") && home.contains("id=\"recognition\""), "featured on the home page");
    let (_, notes) = api(&app, Method::GET, "/api/v1/notifications", None, Some(&a_token)).await;
    assert!(notes.to_string().contains("/recognition/rounds/"), "she is told: {notes}");
    let board =
        app.browser().get(&format!("/recognition/leaderboards?district={}", kurigram_id(&app).await)).await.text();
    assert!(board.contains("আনোয়ারা বেগম"), "on Kurigram's leaderboard");
}

async fn kurigram_id(app: &TestApp) -> i64 {
    batayon::places::store::district_by_name(app.db(), "Kurigram").await.unwrap().unwrap().id.0
}

#[tokio::test]
async fn a_rating_ring_is_listed_for_moderators_and_does_not_win() {
    let app = TestApp::new().await;
    let ch = chapter(&app, 3, "math", 2).await;
    let mut ring = Vec::new();
    for i in 0..4 {
        let (id, t) = app.teacher(&format!("চক্র {i}"), &format!("0173100000{i}")).await;
        let c = shared_pdf(&app, &t, ch, &format!("চক্রের কনটেন্ট {i}")).await;
        ring.push((id, t, c));
    }
    let (honest, h_token) = app.teacher("সৎ শিক্ষক", "01732000000").await;
    let h = shared_pdf(&app, &h_token, ch, "সত্যিকারের ভালো কনটেন্ট").await;
    let mut others = Vec::new();
    for i in 0..4 {
        others.push(app.teacher(&format!("পাঠক {i}"), &format!("0173300000{i}")).await);
    }
    let mut old: Vec<i64> = ring.iter().map(|r| r.0).chain(others.iter().map(|o| o.0)).collect();
    old.push(honest);
    age(&app, &old).await;
    // The ring rates each other's work five stars; four independent colleagues give the honest content four.
    for (a, (_, t, _)) in ring.iter().enumerate() {
        for (b, (_, _, c)) in ring.iter().enumerate() {
            if a != b {
                assert_eq!(rate(&app, t, *c, 5).await, StatusCode::OK);
            }
        }
    }
    for (_, t) in &others {
        assert_eq!(rate(&app, t, h, 4).await, StatusCode::OK);
    }
    app.with_role("মডারেটর", "01739999999", Role::Moderator).await;
    let mut moderator = signed_in(&app, "01739999999", 2).await;
    let round = compute_week(&app, &mut moderator).await;
    let review = moderator.get(&format!("/recognition/review/{round}")).await.text();
    for i in 0..4 {
        assert!(review.contains(&format!("চক্র {i}")), "ring member {i} listed");
    }
    let r = moderator.submit(&format!("/recognition/review/{round}/publish"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let v = app.api(Method::GET, &format!("/api/v1/recognition?period=week&date={}", today()), None, None).await.json();
    // Without the ring check a ring content would win: (5×3+15)/(5+3) = 3.75 against (5×3+16)/(5+4) = 3.44.
    assert_eq!(national(&v, "content")["content_id"], h, "{v}");
    assert_eq!(national(&v, "creator")["teacher_id"], honest);
    assert!(!v.to_string().contains("চক্রের কনটেন্ট"), "no ring member wins anything rated");
}

#[tokio::test]
async fn one_round_per_period_however_many_workers_ask() {
    let app = TestApp::new().await;
    let (a, b) = tokio::join!(
        batayon::recognition::rounds::schedule_due(&app.state),
        batayon::recognition::rounds::schedule_due(&app.state)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 2, "a week and a fortnight, once");
    assert_eq!(batayon::recognition::rounds::schedule_due(&app.state).await.unwrap(), 0);
    batayon::worker::drain(&app.state).await.unwrap();
    // Computed after its period ended: not computed again.
    assert_eq!(batayon::recognition::rounds::schedule_due(&app.state).await.unwrap(), 0);
    let rounds = batayon::recognition::store::rounds(app.db(), false, 10).await.unwrap();
    assert_eq!(rounds.len(), 2);
    assert!(rounds.iter().all(|r| r.status == RoundStatus::Review));
    let week = Period::last_ended(AwardPeriod::Week, Utc::now());
    assert!(rounds.iter().any(|r| r.starts_on == week.starts_on));
    let bad = app.api(Method::GET, "/api/v1/recognition?period=month", None, None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["errors"][0]["field"], "period");
}

#[tokio::test]
async fn administrators_appoint_district_ambassadors_shown_on_profiles() {
    let app = TestApp::new().await;
    let sylhet = place(&app, "Sylhet", None).await;
    let (teacher, _) = person(&app, "নাসরিন আক্তার", "01741000001", Role::Teacher, None, &sylhet).await;
    app.with_role("অ্যাডমিন", "01749999999", Role::Admin).await;
    let mut admin = signed_in(&app, "01749999999", 3).await;
    let mut other = signed_in(&app, "01741000001", 4).await;
    let district = sylhet.district.to_string();
    let fields = [("teacher_id", teacher.to_string()), ("district_id", district.clone())];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(other.submit("/ambassadors", &fields).await.status, StatusCode::FORBIDDEN, "teachers do not appoint");
    let r = admin.submit("/ambassadors", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = app.browser().get(&format!("/ambassadors/{district}")).await.text();
    assert!(page.contains("নাসরিন আক্তার"));
    let profile = app.browser().get(&format!("/teachers/{teacher}")).await.text();
    assert!(profile.contains("আইসিটি৪ই অ্যাম্বাসেডর"), "shown on her profile");
    // The audit log names her with the word every other line uses for a teacher.
    let sql = "SELECT subject_type FROM audit_log WHERE action = 'ambassador.appoint'";
    let row = app.db().query_one_raw(batayon::db::numbered(app.db(), sql, vec![])).await.unwrap().unwrap();
    assert_eq!(row.try_get::<String>("", "subject_type").unwrap(), batayon::items::ItemKind::Teacher.as_str());
}

#[tokio::test]
async fn a_published_award_earns_the_recognition_badge_once() {
    let app = TestApp::new().await;
    let (winner, _) = app.teacher("সালমা বেগম", "01751000001").await;
    let (_, _) = app.teacher("রহিম উদ্দিন", "01751000002").await;
    app.with_role("অ্যাডমিন", "01759999999", Role::Admin).await;
    let mut admin = signed_in(&app, "01759999999", 5).await;
    let r = admin
        .submit(
            "/issuers",
            &[
                ("short_name", "DPE"),
                ("name", "প্রাথমিক শিক্ষা অধিদপ্তর"),
                ("name_en", ""),
                ("description", "প্রাথমিক শিক্ষা"),
                ("website", ""),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let issuer = r.location();
    let r = admin
        .submit(
            &format!("{issuer}/achievements"),
            &[
                ("name", "বাতায়ন স্বীকৃত শিক্ষক"),
                ("description", "সাপ্তাহিক স্বীকৃতি"),
                ("criteria", "বাতায়নের সাপ্তাহিক বা পাক্ষিক পুরস্কার"),
                ("competency", "TC7"),
                ("tags", "স্বীকৃতি"),
                ("rule", "recognition"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    batayon::worker::drain(&app.state).await.unwrap();
    // A colleague nominates her; the administrator (a moderator too) confirms, computes and publishes.
    let mut colleague = signed_in(&app, "01751000002", 6).await;
    let r = colleague
        .submit(
            &format!("/teachers/{winner}/nominate"),
            &[("reason", "মোবাইলে ছোট ভিডিও বানিয়ে সহকর্মীদের শেখান, খুব কাজের")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let list = admin.get("/recognition/review").await.text();
    let id = list.split("/recognition/nominations/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    admin.submit(&format!("/recognition/nominations/{id}"), &[("decision", "confirm")]).await;
    let round = compute_week(&app, &mut admin).await;
    admin.submit(&format!("/recognition/review/{round}/publish"), &[]).await;
    for _ in 0..2 {
        batayon::credentials::rules::sweep(&app.state).await.unwrap();
    }
    let held = batayon::credentials::store::of_recipient(app.db(), batayon::ids::UserId(winner)).await.unwrap();
    assert_eq!(held.len(), 1, "one badge, however often the rules run");
    assert!(held[0].document.contains("/recognition/awards/"), "the award is its evidence");
}

#[tokio::test]
async fn a_candidate_held_back_does_not_win_and_stays_held_when_computed_again() {
    let app = TestApp::new().await;
    let ch = chapter(&app, 3, "math", 2).await;
    let (first, f_token) = app.teacher("প্রথম লেখক", "01761000001").await;
    let (second, s_token) = app.teacher("দ্বিতীয় লেখক", "01761000002").await;
    let copied = shared_pdf(&app, &f_token, ch, "অন্যের বই থেকে নেওয়া কার্যপত্র").await;
    let own = shared_pdf(&app, &s_token, ch, "নিজের বানানো কার্যপত্র").await;
    let mut old = vec![first, second];
    for i in 0..3 {
        let (id, t) = app.teacher(&format!("পাঠক {i}"), &format!("0176200000{i}")).await;
        old.push(id);
        assert_eq!(rate(&app, &t, copied, 5).await, StatusCode::OK);
        assert_eq!(rate(&app, &t, own, 4).await, StatusCode::OK);
    }
    age(&app, &old).await;
    app.with_role("মডারেটর", "01769999999", Role::Moderator).await;
    let mut moderator = signed_in(&app, "01769999999", 7).await;
    let round = compute_week(&app, &mut moderator).await;
    let held = |app: &TestApp| {
        let db = app.db().clone();
        async move {
            batayon::recognition::store::all_candidates(&db, batayon::ids::RoundId(round))
                .await
                .unwrap()
                .into_iter()
                .find(|c| c.category == AwardCategory::Content && c.content_id.map(|c| c.0) == Some(copied))
                .unwrap()
        }
    };
    let top = held(&app).await;
    assert_eq!(top.rank, 1, "the copied worksheet ranks first on ratings");
    let path = format!("/recognition/candidates/{}/withhold", top.id);
    assert_eq!(
        moderator.submit(&path, &[("reason", "না")]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is needed"
    );
    let r = moderator.submit(&path, &[("reason", "অন্যের বই থেকে হুবহু নেওয়া, লেখককে জানানো হয়েছে")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // Computed again: the hold stays.
    let r = moderator.submit(&format!("/recognition/review/{round}/compute"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    batayon::worker::drain(&app.state).await.unwrap();
    assert!(held(&app).await.withheld.is_some(), "held back after computing again");
    moderator.submit(&format!("/recognition/review/{round}/publish"), &[]).await;
    let v = app.api(Method::GET, &format!("/api/v1/recognition?period=week&date={}", today()), None, None).await.json();
    assert_eq!(national(&v, "content")["content_id"], own, "the next in rank wins");
    // Nor is she listed in public: not on the leaderboard, not as a runner-up.
    let board = app.browser().get("/recognition/leaderboards?period=week").await.text();
    assert!(board.contains("নিজের বানানো কার্যপত্র"), "the winner is on the board");
    // Her worksheet shows once, beside her name as a creator, not as a content of the week.
    let copied_link = format!("href=\"/contents/{copied}\"");
    assert_eq!(board.matches(&copied_link).count(), 1, "the held-back candidate is not listed: {board}");
    let award = national(&v, "content")["award_id"].as_i64().unwrap();
    let page = app.browser().get(&format!("/recognition/awards/{award}")).await.text();
    assert!(!page.contains("অন্যের বই থেকে নেওয়া কার্যপত্র"), "nor among the runners-up");
}
