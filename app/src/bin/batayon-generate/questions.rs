//! Questions on the real chapters, their answers (an accepted one on every
//! other question), up-votes on answers, and the reputation all of that
//! earns; then every generated teacher's total, summed from her ledger.

use std::sync::Arc;

use batayon::items::ItemKind;
use batayon::questions::reputation::Reason;
use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::sql::{Loaded, at, day, insert, pick, text, truth};
use crate::world::{BASE, Sizes, World, colleague, question_author};

const ASKED: [&str; 5] = [
    "শিশুদের কীভাবে সহজে বোঝাব?",
    "এই অধ্যায়ের জন্য ভালো কোনো কার্যপত্র আছে?",
    "দলগত কাজে সবাইকে যুক্ত করার উপায় কী?",
    "মূল্যায়নের প্রশ্ন কেমন হওয়া উচিত?",
    "উপকরণ ছাড়া হাতে-কলমে কীভাবে দেখাব?",
];
const ANSWERED: [&str; 4] = [
    "আমি ছোট ছোট দলে ভাগ করে বাস্তব উদাহরণ দিয়ে শুরু করি, ভালো কাজ করে।",
    "পাঠ্যবইয়ের অনুশীলনীর সাথে একটি খেলা যোগ করলে শিশুরা আগ্রহ পায়।",
    "বোর্ডে ছবি এঁকে ধাপে ধাপে দেখালে বোঝা সহজ হয়।",
    "আগে প্রশ্ন করে তাদের ধারণা জেনে নিন, তারপর ব্যাখ্যা করুন।",
];

fn answers_of(q: i64) -> i64 {
    pick(q, 40, 6) as i64
}
fn votes_of(a: i64) -> i64 {
    pick(a, 41, 3) as i64
}
fn accepted(q: i64) -> Option<i64> {
    (q % 2 == 0 && answers_of(q) > 0).then_some(BASE + q * 8)
}
fn answerer(q: i64, j: i64) -> i64 {
    colleague(question_author(q), j + 1)
}

pub async fn questions(db: &DatabaseConnection, w: &Arc<World>, s: Sizes) -> anyhow::Result<Vec<Loaded>> {
    let asked = {
        let w = w.clone();
        let cols = "id, author_id, title, title_key, body, subject_id, chapter_id, class_number, score, answer_count, \
                    accepted_answer_id, duplicate_of, hidden, deleted_at, created_at, updated_at, active_at";
        insert(db, "questions", cols, 0..s.questions, move |q, out| {
            let (chapter, subject, class, name) = w.chapter_of(q, 42);
            let title = format!("{name}: {}", ASKED[pick(q, 43, ASKED.len())]);
            let body = format!("{class} শ্রেণিতে «{name}» পড়াতে গিয়ে এই প্রশ্নটি এসেছে। আপনারা কীভাবে করেন?");
            let t = w.time(q, 44);
            let last = (0..answers_of(q)).map(|j| w.after(t, q * 8 + j, 45)).max().unwrap_or(t);
            out.push(format!(
                "({},{},{},{},{},{subject},{chapter},{class},0,{},{},NULL,FALSE,NULL,{},{},{})",
                BASE + q,
                BASE + question_author(q),
                text(&title),
                text(&bangla::search_key(&title)),
                text(&body),
                answers_of(q),
                crate::sql::maybe(accepted(q)),
                at(t),
                at(t),
                at(last),
            ));
        })
        .await?
    };
    let answered = {
        let w = w.clone();
        let cols = "id, question_id, author_id, body, score, hidden, deleted_at, created_at, updated_at";
        insert(db, "answers", cols, 0..s.questions, move |q, out| {
            let t = w.time(q, 44);
            for j in 0..answers_of(q) {
                let a = q * 8 + j;
                let when = at(w.after(t, a, 45));
                let body = text(ANSWERED[pick(a, 46, ANSWERED.len())]);
                let who = BASE + answerer(q, j);
                out.push(format!("({},{},{who},{body},{},FALSE,NULL,{when},{when})", BASE + a, BASE + q, votes_of(a)));
            }
        })
        .await?
    };
    Ok(vec![asked, answered])
}

/// A ledger line, as `questions::reputation::award` writes it.
fn event(id: i64, user: i64, reason: Reason, item: i64, actor: i64, t: chrono::DateTime<chrono::Utc>) -> String {
    let key = match reason {
        Reason::AnswerAccepted | Reason::AcceptedAnAnswer => {
            text(&format!("{}:{}:{item}", reason.as_str(), ItemKind::Answer.as_str()))
        }
        _ => "NULL".into(),
    };
    format!(
        "({id},{user},{},{},{},{item},{actor},{},{},{},{key})",
        reason.points(),
        text(reason.as_str()),
        text(ItemKind::Answer.as_str()),
        day(World::date(t)),
        truth(false),
        at(t)
    )
}

pub async fn votes(db: &DatabaseConnection, w: &Arc<World>, s: Sizes) -> anyhow::Result<Vec<Loaded>> {
    let votes = {
        let w = w.clone();
        insert(db, "votes", "item_kind, item_id, user_id, value, created_at", 0..s.questions, move |q, out| {
            for j in 0..answers_of(q) {
                let a = q * 8 + j;
                for v in 0..votes_of(a) {
                    let voter = colleague(answerer(q, j), 9 + v);
                    let t = w.after(w.after(w.time(q, 44), a, 45), a * 4 + v, 47);
                    let kind = text(ItemKind::Answer.as_str());
                    out.push(format!("({kind},{},{},1,{})", BASE + a, BASE + voter, at(t)));
                }
            }
        })
        .await?
    };
    let points = {
        let w = w.clone();
        let cols = "id, user_id, points, reason, item_kind, item_id, actor_id, day, capped, created_at, award_key";
        insert(db, "reputation_events", cols, 0..s.questions, move |q, out| {
            let asked = w.time(q, 44);
            for j in 0..answers_of(q) {
                let a = q * 8 + j;
                let (who, answered) = (answerer(q, j), w.after(asked, a, 45));
                for v in 0..votes_of(a) {
                    let voter = colleague(who, 9 + v);
                    let t = w.after(answered, a * 4 + v, 47);
                    out.push(event(2 * BASE + a * 4 + v, BASE + who, Reason::AnswerUpvoted, BASE + a, BASE + voter, t));
                }
                if accepted(q) == Some(BASE + a) {
                    let (asker, t) = (BASE + question_author(q), w.after(answered, a, 48));
                    out.push(event(3 * BASE + q * 2, BASE + who, Reason::AnswerAccepted, BASE + a, asker, t));
                    out.push(event(3 * BASE + q * 2 + 1, asker, Reason::AcceptedAnAnswer, BASE + a, asker, t));
                }
            }
        })
        .await?
    };
    Ok(vec![votes, points])
}

/// Every generated account's total is the sum of her ledger (the app moves
/// both in one transaction; here the ledger is written first, then summed).
pub async fn totals(db: &DatabaseConnection) -> anyhow::Result<Loaded> {
    let started = std::time::Instant::now();
    let sql = format!(
        "INSERT INTO reputation_totals (user_id, points) \
         SELECT user_id, SUM(points) FROM reputation_events WHERE user_id >= {BASE} GROUP BY user_id \
         ON CONFLICT (user_id) DO UPDATE SET points = excluded.points"
    );
    let inserted = db.execute_unprepared(&sql).await?.rows_affected();
    let seconds = started.elapsed().as_secs_f64();
    println!("{:<22} {inserted:>10} rows  {seconds:>7.1} s", "reputation_totals");
    Ok(Loaded { table: "reputation_totals", inserted, seconds })
}
