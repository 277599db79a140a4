//! Demo questions from teachers' real classroom and ICT troubles, with
//! answers from colleagues, votes, and accepted answers.

use sea_orm::TransactionTrait;

use super::Dice;
use crate::ids::UserId;
use crate::items::ItemRef;
use crate::questions::reputation::{self, Reason};
use crate::questions::store::questions::{self as store, NewQuestion};
use crate::questions::store::revisions::{self, NewRevision};
use crate::questions::store::votes;
use crate::state::AppState;

/// (title, details, tags, class, answers: (text, accepted))
type Thread = (&'static str, &'static str, &'static [&'static str], Option<i32>, &'static [(&'static str, bool)]);

const THREADS: &[Thread] = &[
    (
        "ল্যাপটপ থেকে প্রজেক্টরে ছবি আসছে না, কী করব?",
        "মাল্টিমিডিয়া ক্লাসরুমে প্রজেক্টর চালু হয়, নীল পর্দা দেখায়, কিন্তু ল্যাপটপের ছবি আসে না। HDMI তার একবার বদলে দেখেছি।",
        &["প্রজেক্টর", "আইসিটি"],
        None,
        &[
            (
                "ল্যাপটপে **Windows + P** চাপুন, তারপর *Duplicate* বেছে নিন। প্রজেক্টরের রিমোটে *Source* চেপে HDMI বেছে নিতে হবে।",
                true,
            ),
            ("তার ঠিক থাকলে ল্যাপটপ বন্ধ করে, তার লাগিয়ে, তারপর চালু করুন। পুরনো ল্যাপটপে এতে কাজ হয়।", false),
        ],
    ),
    (
        "ক্লাস ওয়ানের শিশুদের দশক-একক বোঝাতে কোন খেলা কাজে দেয়?",
        "অনেক শিশু ১৪ আর ৪১ গুলিয়ে ফেলে। কাঠি বা বোতামের ছিপি দিয়ে কোনো খেলা কেউ করিয়েছেন?",
        &["গণিত", "খেলা"],
        Some(1),
        &[
            ("দশটি কাঠি রাবার ব্যান্ডে বেঁধে এক আঁটি বানান। শিশুরা আঁটি আর খোলা কাঠি গুনে সংখ্যা বানাবে: ১ আঁটি ৪ কাঠি = ১৪।", true),
            ("বাজার-বাজার খেলা: ১০ টাকার নোট আর ১ টাকার কয়েন দিয়ে কেনাকাটা। দশক-একক নিজে থেকেই আসে।", false),
        ],
    ),
    (
        "ইন্টারনেট ছাড়া ক্লাসে ভিডিও দেখানোর সহজ উপায়?",
        "আমাদের স্কুলে ইন্টারনেট খুব দুর্বল। বাতায়ন থেকে ভিডিও আগে নামিয়ে রাখা যায় কি?",
        &["ভিডিও", "অফলাইন"],
        None,
        &[("হ্যাঁ। কনটেন্ট পাতায় ২৪০p সংস্করণটি নামিয়ে পেনড্রাইভে রাখুন; ছোট ফাইল, ফোনেও চলে।", true)],
    ),
    (
        "ট্যাবলেটে বাংলা টাইপ করা যাচ্ছে না",
        "স্কুলের নতুন ট্যাবলেটে শুধু ইংরেজি কিবোর্ড আসে। শিক্ষার্থীরা বাংলায় লিখতে চায়।",
        &["ট্যাবলেট", "বাংলা-টাইপ"],
        None,
        &[("Settings → Language & input → Keyboard থেকে Gboard-এ বাংলা যোগ করুন। অভ্র কিবোর্ডও ভালো।", false)],
    ),
    (
        "ভগ্নাংশ শেখাতে কাগজ ভাঁজ করার কাজটি কীভাবে সাজাব?",
        "চতুর্থ শ্রেণিতে ১/২, ১/৪ বোঝাতে চাই। ৪০ জন শিক্ষার্থী, সময় ৩৫ মিনিট।",
        &["গণিত", "ভগ্নাংশ"],
        Some(4),
        &[],
    ),
];

pub async fn load(state: &AppState, teachers: &[UserId], dice: &mut Dice) -> anyhow::Result<usize> {
    if teachers.len() < 4 {
        return Ok(0);
    }
    let txn = state.db.begin().await?;
    for (i, (title, body, tags, class, answers)) in THREADS.iter().enumerate() {
        let asker = teachers[(i * 7 + 3) % teachers.len()];
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        let q = store::insert(
            &txn,
            NewQuestion {
                author: asker,
                title,
                body,
                subject_id: None,
                chapter_id: None,
                class_number: *class,
                tags: &tags,
            },
        )
        .await?;
        let first = NewRevision { item: ItemRef::from(q.id), editor: asker, title: Some(title), body, note: "" };
        revisions::add(&txn, first).await?;
        for (j, (text, accepted)) in answers.iter().enumerate() {
            let helper = teachers[(i * 5 + j * 11 + 1) % teachers.len()];
            if helper == asker {
                continue;
            }
            let a = store::insert_answer(&txn, q.id, helper, text).await?;
            let first = NewRevision { item: ItemRef::from(a.id), editor: helper, title: None, body: text, note: "" };
            revisions::add(&txn, first).await?;
            // A few colleagues found it useful.
            for k in 0..(2 + dice.next(4)) {
                let voter = teachers[(i * 13 + j * 3 + k * 17 + 2) % teachers.len()];
                if voter == helper || voters_already(&txn, a.id.0, voter).await? {
                    continue;
                }
                votes::insert(&txn, ItemRef::from(a.id), voter, 1).await?;
                votes::add_to_score(&txn, ItemRef::from(a.id), 1).await?;
                reputation::award(&txn, helper, Reason::AnswerUpvoted, ItemRef::from(a.id), Some(voter)).await?;
            }
            if *accepted {
                store::set_accepted(&txn, q.id, Some(a.id)).await?;
                reputation::award(&txn, helper, Reason::AnswerAccepted, ItemRef::from(a.id), Some(asker)).await?;
                reputation::award(&txn, asker, Reason::AcceptedAnAnswer, ItemRef::from(a.id), Some(asker)).await?;
            }
        }
    }
    txn.commit().await?;
    Ok(THREADS.len())
}

async fn voters_already(
    db: &impl sea_orm::ConnectionTrait,
    answer: i64,
    voter: UserId,
) -> Result<bool, sea_orm::DbErr> {
    Ok(votes::find(db, ItemRef::new(crate::items::ItemKind::Answer, answer), voter).await?.is_some())
}
