//! Demo blog posts by demo teachers, published, with a few likes.

use sea_orm::TransactionTrait;

use crate::ids::UserId;
use crate::items::ItemRef;
use crate::posts::PostCategory;
use crate::posts::store::{self, PostText};
use crate::questions::reputation::{self, Reason};
use crate::questions::store::votes;
use crate::state::AppState;

const POSTS: &[(PostCategory, &str, &str, &[&str])] = &[
    (
        PostCategory::ClassroomStories,
        "বর্ষার দিনে অর্ধেক ক্লাস, পুরো আনন্দ",
        "চরের স্কুলে বর্ষায় অর্ধেক শিশু আসে। সেদিন আমরা **ব্যাঙের লাফ** খেলায় যোগ শিখলাম: মেঝেতে চক দিয়ে সংখ্যারেখা, দুই লাফ আর তিন লাফে পাঁচ।\n\nযারা আসেনি, পরদিন তাদের শেখাল যারা এসেছিল। শিশুরা শিক্ষক হতে ভালোবাসে।",
        &["গণিত", "খেলা"],
    ),
    (
        PostCategory::Ict,
        "একটি ফোন আর একটি স্পিকারেই মাল্টিমিডিয়া ক্লাস",
        "প্রজেক্টর নষ্ট? বাতায়ন থেকে ২৪০p ভিডিও আগে নামিয়ে রাখি, ক্লাসে ফোন আর ছোট ব্লুটুথ স্পিকার।\n\n- ভিডিও ৩–৪ মিনিটের বেশি নয়\n- দেখার আগে একটি প্রশ্ন দিই, দেখার পরে উত্তর খুঁজি",
        &["আইসিটি", "ভিডিও"],
    ),
    (
        PostCategory::Pedagogy,
        "প্রশ্ন করতে শেখানো: পাঁচ মিনিটের অভ্যাস",
        "প্রতিদিন পাঠ শেষে পাঁচ মিনিট শিশুরা প্রশ্ন লেখে, আমি উত্তর দিই না—অন্য শিশুরা দেয়। তিন মাসে চুপচাপ শিশুরাও হাত তুলছে।",
        &["শিক্ষণ-পদ্ধতি"],
    ),
];

pub async fn load(state: &AppState, teachers: &[UserId]) -> anyhow::Result<usize> {
    if teachers.len() < 6 {
        return Ok(0);
    }
    let txn = state.db.begin().await?;
    for (i, (category, title, body, tags)) in POSTS.iter().enumerate() {
        let author = teachers[(i * 11 + 6) % teachers.len()];
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        let p = store::insert(&txn, author, PostText { title, body, category: *category, tags: &tags }).await?;
        store::publish(&txn, p.id).await?;
        for k in 0..(2 + i * 2) {
            let reader = teachers[(i * 3 + k * 5 + 2) % teachers.len()];
            let item = ItemRef::from(p.id);
            if reader == author || votes::find(&txn, item, reader).await?.is_some() {
                continue;
            }
            votes::insert(&txn, item, reader, 1).await?;
            store::add_to_score(&txn, p.id, 1).await?;
            reputation::award(&txn, author, Reason::PostUpvoted, item, Some(reader)).await?;
        }
    }
    txn.commit().await?;
    Ok(POSTS.len())
}
