//! Demo microcredentials: NAEM, DPE and the PTI in Kurigram as issuers;
//! badges for finishing the demo course (endorsed by DPE) and for
//! practising in class with the head teacher's support, earned by the
//! rules from the demo courses and journals; badges the PTI and DPE
//! awarded by hand with evidence (one later revoked); and a pathway of
//! five badges that makes one CPD credit.

use sea_orm::Set;

use super::courses;
use crate::accounts::model::Login;
use crate::credentials::badges::{self, BadgeInput};
use crate::credentials::document::Evidence;
use crate::credentials::entity::{achievement, pathway};
use crate::credentials::issuing::{self, Issued, IssuerInput};
use crate::credentials::{rules, store};
use crate::ids::{CourseId, IssuerId};
use crate::state::AppState;

struct Badge {
    issuer: usize,
    name: &'static str,
    description: &'static str,
    criteria: &'static str,
    competency: &'static str,
    tags: &'static str,
    rule: &'static str,
    practice_count: Option<i32>,
    valid_days: Option<i32>,
}

const ISSUERS: [(&str, &str, &str, &str); 3] = [
    (
        "NAEM",
        "জাতীয় শিক্ষা ব্যবস্থাপনা একাডেমি",
        "National Academy for Educational Management",
        "শিক্ষক ও শিক্ষা ব্যবস্থাপকদের জাতীয় প্রশিক্ষণ প্রতিষ্ঠান।",
    ),
    ("DPE", "প্রাথমিক শিক্ষা অধিদপ্তর", "Directorate of Primary Education", "সরকারি প্রাথমিক শিক্ষার পরিচালনা ও শিক্ষক উন্নয়ন।"),
    (
        "PTI কুড়িগ্রাম",
        "প্রাইমারি টিচার্স ট্রেনিং ইনস্টিটিউট, কুড়িগ্রাম",
        "Primary Teachers' Training Institute, Kurigram",
        "কুড়িগ্রাম জেলার প্রাথমিক শিক্ষকদের প্রশিক্ষণ কেন্দ্র।",
    ),
];

const BADGES: [Badge; 6] = [
    Badge {
        issuer: 0,
        name: "আনন্দে গণিত শিখি — কোর্স সম্পন্ন",
        description: "প্রাথমিক স্তরে হাতে-কলমে গণিত শেখানোর অনলাইন কোর্সের সব মডিউল ও কুইজ সম্পন্ন।",
        criteria: "\"আনন্দে গণিত শিখি\" কোর্সের প্রতিটি কাজ শেষ করা ও প্রতিটি কুইজে উত্তীর্ণ হওয়া।",
        competency: "TC3",
        tags: "গণিত, প্রাথমিক, কোর্স",
        rule: "course",
        practice_count: None,
        valid_days: None,
    },
    Badge {
        issuer: 0,
        name: "শ্রেণিকক্ষে অনুশীলনকারী শিক্ষক",
        description: "কোর্সে শেখা কৌশল নিজের শ্রেণিতে চেষ্টা করে লিখেছেন, আর প্রধান শিক্ষক তা দেখে উৎসাহ দিয়েছেন বা পর্যবেক্ষণ করেছেন।",
        criteria: "অন্তত তিনটি অনুশীলন জার্নালে লেখা, যার প্রতিটিতে নিজের বিদ্যালয়ের প্রধান শিক্ষকের উৎসাহ বা পর্যবেক্ষণ আছে।",
        competency: "TC7",
        tags: "অনুশীলন, জার্নাল",
        rule: "practice",
        practice_count: Some(3),
        valid_days: Some(730),
    },
    Badge {
        issuer: 2,
        name: "ডিজিটাল কনটেন্ট নির্মাতা",
        description: "পাঠ্যবইয়ের অধ্যায়ভিত্তিক মানসম্মত ডিজিটাল কনটেন্ট তৈরি করে সহকর্মীদের সঙ্গে ভাগ করেছেন।",
        criteria: "PTI-র মূল্যায়নে অন্তত দুটি কনটেন্ট মানসম্মত বিবেচিত হওয়া।",
        competency: "TC6",
        tags: "আইসিটি, কনটেন্ট",
        rule: "manual",
        practice_count: None,
        valid_days: None,
    },
    Badge {
        issuer: 2,
        name: "একীভূত শ্রেণিকক্ষের চর্চাকারী",
        description: "পিছিয়ে পড়া ও বিশেষ চাহিদার শিশুদের জন্য পাঠ খাপ খাইয়ে নিয়েছেন।",
        criteria: "PTI প্রশিক্ষকের শ্রেণি পর্যবেক্ষণে একীভূত কৌশলের প্রমাণ।",
        competency: "TC5",
        tags: "একীভূত শিক্ষা",
        rule: "manual",
        practice_count: None,
        valid_days: None,
    },
    Badge {
        issuer: 1,
        name: "সহায়ক প্রধান শিক্ষক",
        description: "শিক্ষকদের শ্রেণি-অনুশীলনে নিয়মিত উৎসাহ, পর্যবেক্ষণ ও শিখন চক্র পরিচালনা করেছেন।",
        criteria: "এক টার্মে অন্তত তিনটি শিখন চক্র সভা ও পাঁচটি শ্রেণি পর্যবেক্ষণ।",
        competency: "TC8",
        tags: "নেতৃত্ব, শিখন চক্র",
        rule: "manual",
        practice_count: None,
        valid_days: None,
    },
    Badge {
        issuer: 1,
        name: "বাতায়ন স্বীকৃত শিক্ষক",
        description: "সহকর্মীদের রেটিং, ব্যবহার ও মনোনয়নে বাতায়নের সাপ্তাহিক বা পাক্ষিক স্বীকৃতি পেয়েছেন।",
        criteria: "বাতায়নে প্রকাশিত অন্তত একটি সাপ্তাহিক বা পাক্ষিক পুরস্কার (জাতীয় বা জেলা পর্যায়ে)।",
        competency: "TC6",
        tags: "স্বীকৃতি",
        rule: "recognition",
        practice_count: None,
        valid_days: None,
    },
];

/// (badge, phone, evidence, revoked because)
const AWARDS: [(usize, &str, &str, Option<&str>); 3] = [
    (2, "+8801700000002", "ভগ্নাংশ ও সংখ্যারেখার দুটি ভিডিও পাঠ PTI-র পর্যালোচনায় মানসম্মত।", None),
    (
        4,
        "+8801700000007",
        "চিলমারীর বিদ্যালয়ে তিনটি শিখন চক্র সভা ও ছয়টি শ্রেণি পর্যবেক্ষণ (উপজেলা শিক্ষা অফিসের প্রতিবেদন)।",
        None,
    ),
    (
        3,
        "+8801700000002",
        "শ্রেণি পর্যবেক্ষণ প্রতিবেদন।",
        Some("ভুল শিক্ষকের নামে দেওয়া হয়েছিল; সঠিক শিক্ষককে আলাদা করে দেওয়া হবে।"),
    ),
];

pub async fn load(state: &AppState) -> anyhow::Result<usize> {
    let mut issuers: Vec<IssuerId> = Vec::new();
    for (short, name, name_en, description) in ISSUERS {
        let i = issuing::create_issuer(
            state,
            IssuerInput {
                short_name: short.into(),
                name: name.into(),
                name_en: name_en.into(),
                description: description.into(),
                website: String::new(),
                email: String::new(),
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        issuers.push(i.id);
    }
    let course: Option<CourseId> = courses::the_course(state).await?;
    let mut made = Vec::new();
    for b in &BADGES {
        let input = BadgeInput {
            name: b.name.into(),
            description: b.description.into(),
            criteria: b.criteria.into(),
            competency: b.competency.into(),
            tags: b.tags.into(),
            rule: b.rule.parse().ok(),
            course_id: course,
            practice_count: b.practice_count,
            valid_days: b.valid_days,
        };
        let a = badges::define(state, issuers[b.issuer], &input).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        made.push(a);
    }
    // DPE endorses NAEM's course badge.
    let dpe = store::issuer(&state.db, issuers[1]).await?.ok_or_else(|| anyhow::anyhow!("DPE"))?;
    issuing::endorse(state, &made[0], &dpe, "প্রাথমিক শিক্ষকদের পেশাগত উন্নয়নে (CPD) গণ্য।")
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    store::set_endorser(&state.db, made[0].id, dpe.id).await?;
    let made: Vec<achievement::Model> = store::achievements(&state.db).await?;
    let mut issued = 0;
    for (badge, phone, evidence, revoked) in AWARDS {
        let Some(login) = Login::parse(phone) else { continue };
        let Some(teacher) = crate::accounts::store::find_by_login(&state.db, &login).await? else { continue };
        let a = &made[badge];
        let evidence = [Evidence { url: None, name: a.name.clone(), narrative: evidence.into() }];
        if let Issued::New(c) =
            issuing::issue(state, a, teacher.id, &evidence, None).await.map_err(|e| anyhow::anyhow!("{e}"))?
        {
            issued += 1;
            if let Some(reason) = revoked {
                issuing::revoke(state, &c, reason).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            }
        }
    }
    store::insert_pathway(
        &state.db,
        pathway::ActiveModel {
            name: Set("প্রাথমিক শিক্ষকের পেশাগত উন্নয়ন".into()),
            description: Set("পাঁচটি মাইক্রোক্রেডেনশিয়াল মিলে এক ক্রেডিট, যা পদোন্নতি ও সিপিডি রেকর্ডে গণ্য হয়।".into()),
            required: Set(5),
            reward: Set("১ ক্রেডিট (সিপিডি)".into()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        },
        &made.iter().map(|a| a.id).collect::<Vec<_>>(),
    )
    .await?;
    issued += rules::sweep_all(state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(issued)
}
