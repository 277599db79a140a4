//! The demo library: about 200 contents on real chapters with small real
//! files, some ratings and Bangla comments. Thumbnails and renditions are
//! made afterwards by the background worker, like for any upload.

use crate::accounts::model::UserId;
use crate::content::comments::{self, CommentInput};
use crate::content::model::{ContentId, ContentInput};
use crate::content::{ratings, service};
use crate::state::AppState;

use super::Dice;
use super::files;

pub const CONTENT_COUNT: usize = 200;
/// Videos take ffmpeg a moment each; a handful shows the feature.
const VIDEO_COUNT: usize = 6;

const COMMENTS: &[&str] = &[
    "খুব কাজের! কাল ক্লাসে ব্যবহার করব।",
    "শিক্ষার্থীরা খুব আগ্রহ নিয়ে করেছে। ধন্যবাদ।",
    "দ্বিতীয় ধাপটা আরেকটু সহজ করলে ভালো হয়।",
    "আমাদের বিদ্যালয়ে প্রজেক্টর নেই, প্রিন্ট করে নিলাম।",
    "চমৎকার উপস্থাপনা।",
    "এটা কি ইংরেজি মাধ্যমেও পাওয়া যাবে?",
    "দলগত কাজের জন্য একদম উপযুক্ত।",
];

const DESCRIPTIONS: &[&str] = &[
    "শ্রেণিকক্ষে দলে বসে করার জন্য তৈরি। শেষে তিনটি প্রশ্ন আছে।",
    "স্থানীয় উদাহরণ দিয়ে ধারণাটি বোঝানো হয়েছে।",
    "মোবাইলে দেখা যায় এমন ছোট আকারে বানানো।",
    "বাড়ির কাজ হিসেবেও দেওয়া যায়।",
];

pub async fn load(state: &AppState, teachers: &[UserId], dice: &mut Dice) -> anyhow::Result<usize> {
    let levels = crate::curriculum::store::tree(&state.db).await?;
    let chapters: Vec<(crate::ids::ChapterId, String, String)> = levels
        .iter()
        .flat_map(|l| &l.classes)
        .flat_map(|c| &c.subjects)
        .flat_map(|s| s.chapters.iter().map(|ch| (ch.id, ch.name_bn.clone(), ch.name_en.clone())))
        .collect();
    if chapters.is_empty() || teachers.len() < 2 {
        return Ok(0);
    }
    let work = state.config.work_dir.join("demo");
    std::fs::create_dir_all(&work)?;
    let mut made: Vec<(ContentId, UserId)> = Vec::new();
    let mut videos = 0;
    for n in 0..CONTENT_COUNT {
        let (chapter_id, name_bn, name_en) = &chapters[n % chapters.len()];
        let author = teachers[dice.next(teachers.len())];
        let (title, bytes, file_name) = match n % 10 {
            0 if videos < VIDEO_COUNT => match files::mp4(3, 320, 240, 300 + n as u32) {
                Some(v) => {
                    videos += 1;
                    (format!("{name_bn}: হাতে-কলমে ভিডিও"), Some(v), "video.mp4")
                }
                None => (
                    format!("{name_bn} — কার্যপত্র"),
                    Some(files::pdf(&format!("{name_en} worksheet {n}"))),
                    "worksheet.pdf",
                ),
            },
            1..=3 => (format!("{name_bn}: ছবিতে ধারণা"), Some(files::png(640, 480, n as u32)), "picture.png"),
            4 => (format!("{name_bn} শেখার ছড়া"), Some(files::wav(3, 200.0 + n as f32)), "chhora.wav"),
            5 if n % 20 == 5 => (format!("{name_bn} — অনলাইন ভিডিও"), None, ""),
            6 | 7 => {
                (format!("{name_bn} — পাঠ পরিকল্পনা"), Some(files::pdf(&format!("{name_en} lesson plan {n}"))), "plan.pdf")
            }
            _ => {
                (format!("{name_bn} — কার্যপত্র"), Some(files::pdf(&format!("{name_en} worksheet {n}"))), "worksheet.pdf")
            }
        };
        let input = ContentInput {
            title,
            description: DESCRIPTIONS[dice.next(DESCRIPTIONS.len())].to_owned(),
            chapter_id: Some(*chapter_id),
            licence: Some(["CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0"][dice.next(3)].to_owned()),
            language: Some(if n % 7 == 0 { "en" } else { "bn" }.to_owned()),
            tags: vec![name_bn.clone()],
            external_url: bytes.is_none().then(|| format!("https://www.youtube.com/watch?v=batayon{n:04}")),
            upload_id: None,
        };
        let created = match bytes {
            Some(bytes) => {
                let path = work.join(format!("demo-{n}"));
                tokio::fs::write(&path, bytes).await?;
                let received = crate::media::upload::adopt(&path, state.config.upload_limits)
                    .await
                    .map_err(|e| anyhow::anyhow!("demo file {n}: {e}"))?;
                let created =
                    service::create_with_file(state, author, &input, received, Some(file_name.to_owned())).await;
                let _ = tokio::fs::remove_file(&path).await;
                created
            }
            None => service::create_link(state, author, &input).await,
        }
        .map_err(|e| anyhow::anyhow!("demo content {n}: {e}"))?;
        made.push((created.id, author));
    }
    use_them(state, teachers, &made, dice).await?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(made.len())
}

/// Colleagues rate most contents and comment on every third.
async fn use_them(
    state: &AppState,
    teachers: &[UserId],
    made: &[(ContentId, UserId)],
    dice: &mut Dice,
) -> anyhow::Result<()> {
    for (i, (id, author)) in made.iter().enumerate() {
        let votes = dice.next(6);
        for v in 0..votes {
            let voter = teachers[(i * 7 + v * 13 + 1) % teachers.len()];
            if voter != *author {
                ratings::rate(state, voter, *id, 3 + dice.next(3) as i32).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            }
        }
        if i % 3 == 0 {
            let reader = teachers[(i * 5 + 3) % teachers.len()];
            let body = COMMENTS[dice.next(COMMENTS.len())].to_owned();
            comments::add(state, reader, *id, &CommentInput { body, parent_id: None })
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
    }
    Ok(())
}
