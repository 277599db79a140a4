//! Demo ideas to the authorities: some supported by colleagues, two with
//! an official response from the demo education officer, who is given
//! the first idea's upazila as her own.

use sea_orm::TransactionTrait;

use crate::accounts::model::Login;
use crate::ideas::store::{self, NewIdea};
use crate::ideas::{IdeaKind, IdeaScope, IdeaStatus};
use crate::ids::UserId;
use crate::profiles::model::Verification;
use crate::profiles::store::{self as profiles, ProfileUpdate};
use crate::state::AppState;

/// (kind, title, body, official status and response)
type Idea = (IdeaKind, &'static str, &'static str, Option<(IdeaStatus, &'static str)>);

const IDEAS: &[Idea] = &[
    (
        IdeaKind::Suggestion,
        "বর্ষায় চরের শিক্ষকদের জন্য প্রশিক্ষণ অনলাইনে হোক",
        "বর্ষার তিন মাস নৌকা নিয়মিত চলে না। উপজেলা রিসোর্স সেন্টারের প্রশিক্ষণের একটি অংশ অনলাইনে হলে আমরা বাদ পড়ি না।",
        Some((IdeaStatus::Planned, "আগামী বর্ষা থেকে প্রতি মাসে একটি অনলাইন সেশন হবে; সময়সূচি বাতায়নে জানানো হবে।")),
    ),
    (
        IdeaKind::Concern,
        "মাল্টিমিডিয়া ক্লাসরুমের প্রজেক্টর নষ্ট হলে মেরামতের খরচ কে দেবে?",
        "আমাদের স্কুলের প্রজেক্টর ছয় মাস ধরে নষ্ট। মেরামতের জন্য কোথায় আবেদন করব জানি না।",
        Some((IdeaStatus::UnderReview, "উপজেলা আইসিটি ফোকাল পয়েন্টকে তালিকা করতে বলা হয়েছে; এক মাসের মধ্যে জানানো হবে।")),
    ),
    (
        IdeaKind::Idea,
        "প্রতি ক্লাস্টারে মাসে একবার গণিত শিক্ষকদের অভিজ্ঞতা বিনিময়",
        "অনলাইন কোর্সের কাজগুলো ক্লাসে কেমন গেল, তা নিয়ে পাশের স্কুলের শিক্ষকদের সঙ্গে বসলে সবাই শিখি।",
        None,
    ),
];

pub async fn load(state: &AppState, teachers: &[UserId]) -> anyhow::Result<usize> {
    let db = &state.db;
    if teachers.len() < 6 {
        return Ok(0);
    }
    let officer = crate::accounts::store::find_by_login(db, &Login::Phone("+8801700000004".into())).await?;
    let moderator = crate::accounts::store::find_by_login(db, &Login::Phone("+8801700000001".into())).await?;
    let mut officer_upazila = None;
    let mut done = 0;
    for (i, (kind, title, body, official)) in IDEAS.iter().enumerate() {
        let author_id = teachers[(i * 9 + 4) % teachers.len()];
        let Some(author) = crate::accounts::store::find(db, author_id).await? else { continue };
        let (Some(district), Some(upazila)) = (author.district_id, author.upazila_id) else { continue };
        let txn = db.begin().await?;
        let idea = store::insert(
            &txn,
            NewIdea {
                author: author_id,
                kind: *kind,
                title,
                body,
                scope: IdeaScope::Upazila,
                district_id: Some(district),
                upazila_id: Some(upazila),
            },
        )
        .await?;
        for k in 0..(3 + i * 4) {
            let supporter = teachers[(i * 5 + k * 7 + 1) % teachers.len()];
            if supporter != author_id {
                store::set_support(&txn, idea.id, supporter, true).await?;
            }
        }
        txn.commit().await?;
        let Some((status, response)) = official else {
            done += 1;
            continue;
        };
        // The officer answers for the first answered idea's upazila (she is
        // assigned it, and her profile names it); elsewhere the moderator answers.
        let responder = match &officer {
            Some(o) if officer_upazila.is_none() || officer_upazila == Some(upazila) => {
                if officer_upazila.is_none() {
                    profiles::save(db, o.id, officer_profile(district, upazila)).await?;
                    let place = crate::officers::PlaceInput {
                        scope: crate::officers::Scope::Upazila,
                        district_id: Some(district),
                        upazila_id: Some(upazila),
                    };
                    crate::officers::assign_by_operator(db, o.id, &place).await?;
                    officer_upazila = Some(upazila);
                }
                Some(o.id)
            }
            _ => moderator.as_ref().map(|m| m.id),
        };
        if let Some(who) = responder {
            store::set_status(db, idea.id, *status, response, who).await?;
        }
        done += 1;
    }
    Ok(done)
}

fn officer_profile(district: crate::ids::DistrictId, upazila: crate::ids::UpazilaId) -> ProfileUpdate {
    ProfileUpdate {
        designation: Some("উপজেলা শিক্ষা অফিসার".into()),
        institution_id: None,
        district_id: Some(district),
        upazila_id: Some(upazila),
        level_code: None,
        classes: vec![],
        subjects: vec![],
        bio: None,
        verification: Verification::Unverified,
    }
}
