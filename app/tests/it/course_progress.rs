//! A course's progress as a teacher sees it: the bar counts what she has
//! passed (a passed quiz finishes its module), without JavaScript, and
//! "next" leads to the first module she has not passed, never past it.

use axum::http::{Method, StatusCode};
use batayon::web::Lang;
use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::app::{Browser, TestApp};
use batayon::accounts::model::Role;

async fn post(app: &TestApp, path: &str, body: Value, token: &str) -> Value {
    let r = app.api(Method::POST, path, Some(body), Some(token)).await;
    assert!(r.status.is_success(), "{path}: {} {}", r.status, r.text());
    if r.body.is_empty() { Value::Null } else { r.json() }
}

/// A published course of three modules, each with a classroom task and a
/// one-question quiz: (course, [(module, task)]).
async fn three_modules(app: &TestApp, wait_minutes: i64) -> (i64, Vec<(i64, i64)>) {
    let (_, author) = app.with_role("কোর্স লেখক", "01711120001", Role::CourseAuthor).await;
    let course =
        json!({"title": "শ্রেণিকক্ষে প্রশ্ন করা", "summary": "তিন ধাপে ভালো প্রশ্ন", "class_number": 3, "subject_code": "math"});
    let id = post(app, "/api/v1/courses", course, &author).await["id"].as_i64().unwrap();
    let mut modules = Vec::new();
    for title in ["খোলা প্রশ্ন", "অপেক্ষার সময়", "সবার অংশগ্রহণ"]
    {
        let module = json!({"title": title, "pass_percent": 100, "max_attempts": 3, "wait_minutes": wait_minutes});
        let m = post(app, &format!("/api/v1/courses/{id}/modules"), module, &author).await["id"].as_i64().unwrap();
        let task = json!({"kind": "practice", "title": format!("{title}: ক্লাসে চেষ্টা"), "body": "ক্লাসে একবার চেষ্টা করুন।"});
        let a = post(app, &format!("/api/v1/modules/{m}/activities"), task, &author).await["id"].as_i64().unwrap();
        let question = json!({"kind": "true_false", "prompt": format!("{title} কি জরুরি?"), "explanation": "হ্যাঁ।", "true_answer": true});
        post(app, &format!("/api/v1/modules/{m}/questions"), question, &author).await;
        modules.push((m, a));
    }
    post(app, &format!("/api/v1/courses/{id}/publish"), json!({}), &author).await;
    (id, modules)
}

/// Passes a module's quiz through the plain form, as a phone without
/// JavaScript sends it.
async fn pass_quiz(phone: &mut Browser<'_>, module: i64) {
    answer_quiz(phone, module, "সত্য").await;
}

/// Answers a module's one true-or-false question with `choice`.
async fn answer_quiz(phone: &mut Browser<'_>, module: i64, choice: &str) {
    let form = phone.get(&format!("/learn/quizzes/{module}")).await.text();
    let key = form.split("name=\"idempotency_key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let before = form.split(&format!("> {choice}</label>")).next().unwrap();
    let input = before.rsplit("<input").next().unwrap();
    let name = input.split("name=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let value = input.split("value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let fields = [(name.as_str(), value.as_str()), ("idempotency_key", key.as_str())];
    let r = phone.submit(&format!("/learn/quizzes/{module}"), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
}

/// The `value` of the page's course progress bar, out of its `max`.
fn bar(page: &str) -> (String, String) {
    let tag = page.split("<progress").nth(1).expect("a progress bar").split('>').next().unwrap();
    let attr = |name: &str| tag.split(&format!("{name}=\"")).nth(1).unwrap().split('"').next().unwrap().to_owned();
    (attr("value"), attr("max"))
}

#[tokio::test]
async fn passing_two_of_three_quizzes_fills_two_thirds_and_next_is_the_third_module() {
    let app = TestApp::new().await;
    let (course, modules) = three_modules(&app, 0).await;
    let mut phone = app.browser();
    phone.sign_up("প্রগতির শিক্ষক", "01711120002").await;
    let r = phone.submit(&format!("/courses/{course}/enrol"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    pass_quiz(&mut phone, modules[0].0).await;
    pass_quiz(&mut phone, modules[1].0).await;

    let page = phone.get(&format!("/courses/{course}")).await.text();
    let next = page.split("id=\"next\" href=\"").nth(1).expect("a next link").split('"').next().unwrap();
    assert_eq!(next, format!("/learn/activities/{}", modules[2].1), "next is the third module's task");
    let (value, max) = bar(&page);
    let share = value.parse::<f64>().unwrap() / max.parse::<f64>().unwrap();
    assert!((share - 2.0 / 3.0).abs() < 0.01, "two of three modules passed shows {value}/{max}");
    assert!(page.contains("৬৭%"), "the share is written out for those whose bar is not drawn: {page}");

    // The result page of the second quiz leads on to the third module too.
    let result = phone.get(&format!("/learn/quizzes/{}/result", modules[1].0)).await.text();
    let next = result.split("id=\"next\" href=\"").nth(1).expect("a next link").split('"').next().unwrap();
    assert_eq!(next, format!("/learn/activities/{}", modules[2].1));
}

#[tokio::test]
async fn the_wait_after_a_failed_quiz_says_minutes_and_the_clock_not_a_date() {
    let app = TestApp::new().await;
    let (course, modules) = three_modules(&app, 10).await;
    let mut phone = app.browser();
    phone.sign_up("অপেক্ষার শিক্ষক", "01711120003").await;
    phone.submit(&format!("/courses/{course}/enrol"), &[]).await;
    let before = Utc::now();
    answer_quiz(&mut phone, modules[0].0, "মিথ্যা").await;
    let after = Utc::now();
    // The clock time the wait ends, either side of the attempt's minute.
    let ends =
        |lang: Lang| [lang.clock(&(before + Duration::minutes(10))), lang.clock(&(after + Duration::minutes(10)))];

    let quiz = phone.get(&format!("/learn/quizzes/{}", modules[0].0)).await.text();
    let wait = quiz.split("id=\"quiz-wait\">").nth(1).expect("the wait is told").split('<').next().unwrap();
    assert!(wait.starts_with("পরের চেষ্টা করা যাবে ১০ মিনিট পর ("), "{wait}");
    assert!(ends(Lang::Bn).iter().any(|t| wait.contains(&format!("({t})"))), "{wait} names {:?}", ends(Lang::Bn));
    assert!(!wait.contains("ডিসেম্বর") && !wait.contains(&Lang::Bn.date(&before)), "no date: {wait}");

    phone.cookies.insert("batayon_lang".into(), "en".into());
    let quiz = phone.get(&format!("/learn/quizzes/{}", modules[0].0)).await.text();
    let wait = quiz.split("id=\"quiz-wait\">").nth(1).unwrap().split('<').next().unwrap();
    assert!(wait.starts_with("The next attempt opens in 10 minutes ("), "{wait}");
    assert!(ends(Lang::En).iter().any(|t| wait.contains(&format!("({t})."))), "{wait} names {:?}", ends(Lang::En));
}
