//! Past weeks' awards for the demo: the demo's contents, questions and posts
//! are spread over the last five weeks (each keeps its ratings, downloads,
//! comments, answers and votes), two colleagues' nominations are confirmed,
//! and the last four weeks and two fortnights are computed and published,
//! as a moderator would have done each Friday. The current week is left
//! for a moderator to compute and publish. Winners earn DPE's recognition
//! badge. Two ICT4E ambassadors.

use chrono::{Duration, Utc};

use crate::accounts::model::Login;
use crate::recognition::period::{AwardPeriod as Kind, Period, dhaka_date};
use crate::recognition::{rounds, store};

const WEEKS: i64 = 5;

async fn person(state: &crate::state::AppState, phone: &str) -> anyhow::Result<Option<crate::ids::UserId>> {
    let Some(login) = Login::parse(phone) else { return Ok(None) };
    Ok(crate::accounts::store::find_by_login(&state.db, &login).await?.map(|u| u.id))
}

pub async fn load(state: &crate::state::AppState) -> anyhow::Result<usize> {
    crate::content::store::demo_time::spread_over_weeks(&state.db, WEEKS).await?;
    crate::questions::store::demo_time::spread_over_weeks(&state.db, WEEKS).await?;
    crate::posts::store::spread_over_weeks(&state.db, WEEKS).await?;
    let (Some(moderator), Some(admin)) =
        (person(state, "+8801700000001").await?, person(state, "+8801700000003").await?)
    else {
        return Ok(0);
    };
    let teachers = crate::profiles::store::verified_teacher_ids(&state.db).await?;
    // Nominations of innovative teachers, two and three weeks ago.
    let nominations = [
        (
            0usize,
            [3usize, 9, 14],
            14i64,
            "মাটির ঢেলা আর কাঠি দিয়ে শ্রেণিকক্ষেই সংখ্যারেখা বানিয়েছেন; শিশুরা লাফিয়ে যোগ-বিয়োগ শিখছে।",
        ),
        (5, [11, 20, 2], 21, "বিদ্যুৎ না থাকলেও মোবাইলের টর্চ আর কাগজের পর্দায় ছায়া দিয়ে আলোর পাঠ দেখিয়েছেন।"),
    ];
    for (nominee, nominators, days_ago, reason) in nominations {
        let Some(&nominee) = teachers.get(nominee) else { continue };
        let at = Utc::now() - Duration::days(days_ago);
        for n in nominators {
            let Some(&by) = teachers.get(n) else { continue };
            store::nominate(&state.db, nominee, by, reason.to_owned(), at).await?;
            if let Some(id) = store::nomination_of(&state.db, nominee, by, at).await? {
                store::decide_nomination(
                    &state.db,
                    id,
                    crate::recognition::model::NominationStatus::Confirmed,
                    moderator,
                )
                .await?;
            }
        }
    }
    let today = dhaka_date(Utc::now());
    let mut published = 0;
    let weeks = (1..WEEKS).map(|k| Period::containing(Kind::Week, today - Duration::days(7 * k)));
    let fortnights = (1..3).map(|k| Period::containing(Kind::Fortnight, today - Duration::days(14 * k)));
    for period in weeks.chain(fortnights) {
        let round = rounds::compute_at_once(state, period).await?;
        published += rounds::publish(state, moderator, round).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    // ICT4E ambassadors of Kurigram and Sunamganj: the first demo teachers from each.
    for district in ["Kurigram", "Sunamganj"] {
        let Some(d) = crate::places::store::district_by_name(&state.db, district).await? else { continue };
        let from_there = crate::accounts::store::find_many(&state.db, &teachers)
            .await?
            .into_iter()
            .filter(|u| u.district_id == Some(d.id))
            .min_by_key(|u| u.id);
        if let Some(u) = from_there {
            store::appoint(&state.db, u.id, d.id, admin).await?;
        }
    }
    // Winners earn DPE's recognition badge.
    crate::credentials::rules::sweep_all(state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(published)
}
