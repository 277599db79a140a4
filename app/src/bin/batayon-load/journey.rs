//! A teacher's journey, one step at a time, through the pages and forms a
//! phone uses: sign in, the home page, a chapter, a content, a search; and,
//! for a share of the steps, a write: a comment on a content, a practice
//! try planned and logged, a quiz attempt. Every write the portal
//! acknowledged is remembered with what identifies it, to be read back.

use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

use crate::catalogue::Catalogue;
use crate::html;
use crate::http::{Body, Expect, Http, Session};
use crate::stats::{Stats, Step};
use crate::teachers::Account;
use crate::writes::Write;

/// Bangla and Banglish, as teachers type them.
const SEARCHES: &[&str] =
    &["গণিত", "gonit", "ভগ্নাংশ", "vognangsho", "শিক্ষক", "shikkhok", "যোগ", "বাংলা ব্যাকরণ", "science", "পাঠ পরিকল্পনা"];
const COMMENTS: &[&str] = &[
    "খুব কাজের জিনিস, আমার ক্লাসে ব্যবহার করব।",
    "ধন্যবাদ! শিশুরা ছবিগুলো পছন্দ করেছে।",
    "চতুর্থ শ্রেণিতে চেষ্টা করেছি, ভালো সাড়া পেয়েছি।",
];
const TRIES: &[&str] = &["কাঠি দিয়ে ভগ্নাংশ", "দলে ভাগ করে যোগ", "ছড়া দিয়ে বর্ণ শেখা"];
/// A teacher who cannot sign in this many times in a row sits the run out.
const SIGN_IN_TRIES: u32 = 3;

/// One virtual teacher: her account, her browser, what she found and wrote.
pub struct Teacher {
    pub account: Account,
    pub session: Session,
    pub writes: Vec<Write>,
    /// Contents linked from the last chapter she opened.
    chapter_contents: Vec<i64>,
    /// The quizzes of her course (`None` until she looked).
    quizzes: Option<Vec<i64>>,
    /// Quizzes that offer her no attempt now.
    closed: Vec<i64>,
    failed_sign_ins: u32,
    index: usize,
    written: u32,
}

impl Teacher {
    pub fn new(account: Account, index: usize) -> Teacher {
        Teacher {
            session: Session::new(&account.login),
            account,
            writes: Vec::new(),
            chapter_contents: Vec::new(),
            quizzes: None,
            closed: Vec::new(),
            failed_sign_ins: 0,
            index,
            written: 0,
        }
    }

    pub fn gave_up(&self) -> bool {
        self.failed_sign_ins >= SIGN_IN_TRIES
    }

    /// A string found nowhere else: this run, this teacher, this write.
    fn marker(&mut self, run: &str) -> String {
        self.written += 1;
        format!("load-{run}-{}-{}", self.index, self.written)
    }
}

/// What every journey shares.
pub struct Journeys {
    pub http: Http,
    pub catalogue: Catalogue,
    pub write_share: f64,
    /// Names this run in the markers its writes carry.
    pub run: String,
    /// Sign-ins in flight at once. Every virtual teacher comes from this
    /// machine's one address, and the portal refuses (429) a sign-in from
    /// an address with 30 already being checked (`login_per_address`).
    pub sign_ins: tokio::sync::Semaphore,
}

impl Journeys {
    /// One step: signing in when she is not, else a read or (for
    /// `write_share` of the steps) a write.
    pub async fn step(&self, t: &mut Teacher, stats: &mut Stats, rng: &mut StdRng) {
        if t.gave_up() {
            return;
        }
        if !t.session.signed_in {
            self.sign_in(t, stats).await;
        } else if rng.random_bool(self.write_share) {
            match rng.random_range(0..3) {
                0 => self.comment(t, stats, rng).await,
                1 => self.practice(t, stats, rng).await,
                _ => self.quiz(t, stats, rng).await,
            }
        } else {
            match rng.random_range(0..4) {
                0 => self.home(t, stats).await,
                1 => self.chapter(t, stats, rng).await,
                2 => self.content(t, stats, rng).await,
                _ => self.search(t, stats, rng).await,
            }
        }
    }

    /// The log-in form, as a browser fills it; then the page it leads to.
    pub async fn sign_in(&self, t: &mut Teacher, stats: &mut Stats) -> bool {
        let _turn = self.sign_ins.acquire().await;
        let (http, s) = (&self.http, &mut t.session);
        let form = http.get(s, stats, Step::LoginForm, "/login", Expect::Page).await;
        let token = form.and_then(|f| html::csrf(&f.body));
        let fields = vec![
            ("_csrf".into(), token.unwrap_or_default()),
            ("next".into(), "/".into()),
            ("login".into(), t.account.login.clone()),
            ("password".into(), t.account.password.clone()),
        ];
        let Some(reply) = http.post(s, stats, Step::SignIn, "/login", Body::Form(fields)).await else {
            t.failed_sign_ins += 1;
            return false;
        };
        t.failed_sign_ins = 0;
        s.signed_in = true;
        let to = reply.location.unwrap_or_else(|| "/".into());
        http.get(s, stats, Step::Home, &to, Expect::Page).await.is_some()
    }

    async fn home(&self, t: &mut Teacher, stats: &mut Stats) {
        self.http.get(&mut t.session, stats, Step::Home, "/", Expect::Page).await;
    }

    async fn chapter(&self, t: &mut Teacher, stats: &mut Stats, rng: &mut StdRng) {
        let Some(id) = self.catalogue.chapters.choose(rng) else { return };
        let path = format!("/curriculum/chapters/{id}");
        if let Some(page) = self.http.get(&mut t.session, stats, Step::Chapter, &path, Expect::Page).await {
            t.chapter_contents = html::numbers_after(&page.body, "href=\"/contents/");
        }
    }

    /// A content from the chapter she last opened, else any known one.
    fn pick_content(&self, t: &Teacher, rng: &mut StdRng) -> i64 {
        let from = if t.chapter_contents.is_empty() { &self.catalogue.contents } else { &t.chapter_contents };
        *from.choose(rng).expect("the catalogue has contents")
    }

    async fn content(&self, t: &mut Teacher, stats: &mut Stats, rng: &mut StdRng) {
        let path = format!("/contents/{}", self.pick_content(t, rng));
        self.http.get(&mut t.session, stats, Step::Content, &path, Expect::Page).await;
    }

    async fn search(&self, t: &mut Teacher, stats: &mut Stats, rng: &mut StdRng) {
        let q: String = form_urlencoded::byte_serialize(SEARCHES.choose(rng).unwrap_or(&"gonit").as_bytes()).collect();
        self.http.get(&mut t.session, stats, Step::Search, &format!("/search?q={q}"), Expect::Page).await;
    }

    /// Opens a content, writes a comment through its form, sees the page again.
    async fn comment(&self, t: &mut Teacher, stats: &mut Stats, rng: &mut StdRng) {
        let id = self.pick_content(t, rng);
        let path = format!("/contents/{id}");
        let Some(page) = self.http.get(&mut t.session, stats, Step::Content, &path, Expect::Page).await else { return };
        let action = format!("{path}/comments");
        if html::form(&page.body, &action).is_none() {
            return; // a content she may not comment on (her own hidden one…)
        }
        let marker = t.marker(&self.run);
        let body = format!("{} ({marker})", COMMENTS.choose(rng).unwrap_or(&COMMENTS[0]));
        let fields = vec![("_csrf".into(), t.session.csrf.clone().unwrap_or_default()), ("body".into(), body)];
        let Some(reply) = self.http.post(&mut t.session, stats, Step::Comment, &action, Body::Form(fields)).await
        else {
            return;
        };
        let location = reply.location.unwrap_or_default();
        let comment_id = html::fragment_number(&location, "comment");
        let at_ms = self.http.clock.at_ms(std::time::Instant::now());
        t.writes.push(Write::Comment { teacher: t.account.login.clone(), content_id: id, comment_id, marker, at_ms });
        let back = location.split('#').next().unwrap_or(&path).to_owned();
        self.http.get(&mut t.session, stats, Step::Content, &back, Expect::Page).await;
    }

    /// Plans a try through the plan form, then logs how it went through the
    /// entry's log form (multipart, the photo and voice inputs left empty).
    async fn practice(&self, t: &mut Teacher, stats: &mut Stats, rng: &mut StdRng) {
        let (http, plan) = (&self.http, "/practice/plan");
        let Some(page) = http.get(&mut t.session, stats, Step::PracticePlanForm, plan, Expect::Page).await else {
            return;
        };
        let planned_on =
            html::form(&page.body, plan).and_then(|f| html::input_value(f, "planned_on")).unwrap_or_default();
        let marker = t.marker(&self.run);
        let class = rng.random_range(1..=5).to_string();
        let fields = vec![
            ("_csrf".into(), t.session.csrf.clone().unwrap_or_default()),
            ("title".into(), format!("{} ({marker})", TRIES.choose(rng).unwrap_or(&TRIES[0]))),
            ("class_number".into(), class.clone()),
            ("planned_on".into(), planned_on),
        ];
        let Some(reply) = http.post(&mut t.session, stats, Step::PracticePlan, plan, Body::Form(fields)).await else {
            return;
        };
        let entry = reply.location.unwrap_or_default();
        let Some(log_id) = html::last_number(&entry) else { return };
        let at_ms = http.clock.at_ms(std::time::Instant::now());
        let teacher = t.account.login.clone();
        t.writes.push(Write::PracticeTry { teacher, log_id, marker: marker.clone(), logged: false, at_ms });
        let Some(page) = http.get(&mut t.session, stats, Step::PracticeEntry, &entry, Expect::Page).await else {
            return;
        };
        let action = format!("/practice/logs/{log_id}/log");
        let tried_on =
            html::form(&page.body, &action).and_then(|f| html::input_value(f, "tried_on")).unwrap_or_default();
        let fields = vec![
            ("_csrf".into(), t.session.csrf.clone().unwrap_or_default()),
            ("tried_on".into(), tried_on),
            ("class_number".into(), class),
            ("what_done".into(), format!("শিশুরা দলে কাজ করেছে ({marker}-tried)")),
            ("response".into(), "বেশিরভাগ শিশু আগ্রহ দেখিয়েছে।".into()),
            ("reflection".into(), "পরের বার সময় একটু বেশি দেব।".into()),
            ("change_next".into(), "ছোট দলে ভাগ করব।".into()),
        ];
        let body = Body::Multipart(fields, vec!["photo", "voice"]);
        let Some(reply) = http.post(&mut t.session, stats, Step::PracticeLog, &action, body).await else { return };
        if let Some(Write::PracticeTry { logged, .. }) = t.writes.last_mut() {
            *logged = true;
        }
        let back = reply.location.unwrap_or(entry);
        http.get(&mut t.session, stats, Step::PracticeEntry, &back, Expect::Page).await;
    }

    /// Her course's quizzes, enrolling through the course page's form first
    /// when she is not enrolled.
    async fn find_quizzes(&self, t: &mut Teacher, stats: &mut Stats) -> Option<Vec<i64>> {
        let http = &self.http;
        let Some(course) = self.catalogue.courses.get(t.index % self.catalogue.courses.len().max(1)) else {
            return Some(Vec::new());
        };
        let path = format!("/courses/{course}");
        let mut page = http.get(&mut t.session, stats, Step::Course, &path, Expect::Page).await?;
        let enrol = format!("/courses/{course}/enrol");
        if html::form(&page.body, &enrol).is_some() {
            let fields = vec![("_csrf".into(), t.session.csrf.clone().unwrap_or_default())];
            let reply = http.post(&mut t.session, stats, Step::Enrol, &enrol, Body::Form(fields)).await?;
            let at_ms = http.clock.at_ms(std::time::Instant::now());
            t.writes.push(Write::Enrolment { teacher: t.account.login.clone(), course_id: *course, at_ms });
            let next = reply.location.unwrap_or_else(|| path.clone());
            http.get(&mut t.session, stats, Step::Activity, &next, Expect::Page).await?;
            page = http.get(&mut t.session, stats, Step::Course, &path, Expect::Page).await?;
        }
        Some(html::numbers_after(&page.body, "href=\"/learn/quizzes/"))
    }

    /// Opens a quiz of her course and sends an attempt through its form;
    /// when no quiz offers one (passed, waiting, none left) she comments instead.
    async fn quiz(&self, t: &mut Teacher, stats: &mut Stats, rng: &mut StdRng) {
        if t.quizzes.is_none() {
            t.quizzes = self.find_quizzes(t, stats).await;
        }
        let open: Vec<i64> = t.quizzes.iter().flatten().filter(|q| !t.closed.contains(q)).copied().collect();
        let Some(quiz) = open.choose(rng).copied() else { return self.comment(t, stats, rng).await };
        let path = format!("/learn/quizzes/{quiz}");
        let Some(page) = self.http.get(&mut t.session, stats, Step::QuizPage, &path, Expect::Page).await else {
            return;
        };
        let Some(form) = html::form(&page.body, &path) else {
            t.closed.push(quiz);
            stats.quizzes_closed += 1;
            return self.comment(t, stats, rng).await;
        };
        let key = html::input_value(form, "idempotency_key").unwrap_or_default();
        let mut fields = vec![
            ("_csrf".to_owned(), t.session.csrf.clone().unwrap_or_default()),
            ("idempotency_key".to_owned(), key.clone()),
        ];
        fields.extend(answers(&html::inputs(form), rng));
        let Some(reply) = self.http.post(&mut t.session, stats, Step::QuizSubmit, &path, Body::Form(fields)).await
        else {
            return;
        };
        let at_ms = self.http.clock.at_ms(std::time::Instant::now());
        t.writes.push(Write::QuizAttempt { teacher: t.account.login.clone(), quiz_id: quiz, key, at_ms });
        let result = reply.location.unwrap_or_else(|| format!("{path}/result"));
        self.http.get(&mut t.session, stats, Step::QuizResult, &result, Expect::Page).await;
    }
}

/// One answer to every question: a choice picked at random (some pass,
/// some fail and must wait), or a typed number.
fn answers(inputs: &[html::Input], rng: &mut StdRng) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let questions =
        inputs.iter().filter(|i| i.name.starts_with('q') && i.name[1..].starts_with(|c: char| c.is_ascii_digit()));
    let mut names: Vec<&str> = questions.clone().map(|i| i.name.as_str()).collect();
    names.dedup();
    for name in names {
        let choices: Vec<&html::Input> = questions.clone().filter(|i| i.name == name).collect();
        let typed = !choices.iter().any(|i| matches!(i.input_type.as_str(), "radio" | "checkbox"));
        let value =
            if typed { "1".to_owned() } else { choices.choose(rng).map(|i| i.value.clone()).unwrap_or_default() };
        out.push((name.to_owned(), value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn every_question_gets_one_answer() {
        let input = |name: &str, kind: &str, value: &str| html::Input {
            name: name.into(),
            input_type: kind.into(),
            value: value.into(),
        };
        let inputs = vec![
            input("_csrf", "hidden", "t"),
            input("idempotency_key", "hidden", "k"),
            input("q1", "radio", "10"),
            input("q1", "radio", "11"),
            input("q2_n", "text", ""),
            input("q3", "checkbox", "30"),
        ];
        let got = answers(&inputs, &mut StdRng::seed_from_u64(1));
        assert_eq!(got.len(), 3);
        assert!(got[0].0 == "q1" && (got[0].1 == "10" || got[0].1 == "11"));
        assert_eq!(got[1], ("q2_n".into(), "1".into()));
        assert_eq!(got[2], ("q3".into(), "30".into()));
    }
}
