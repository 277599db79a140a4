//! Near-copies of a document: the same worksheet exported again, lightly
//! edited, or saved as PDF instead of Word has different bytes but nearly
//! the same words. Each document's text becomes a MinHash signature over
//! runs of four words (an estimate of the share of runs two texts have in
//! common); its sixteen bands are keyed in `blob_bands`, so candidates are
//! found by lookup and only they are compared.

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{QueryOrder, QuerySelect, QueryTrait, Set};
use xxhash_rust::xxh3::xxh3_64;

use crate::ids::BlobId;

/// Hashes per signature, cut into bands of [`ROWS`]: sixteen keys, so texts
/// 70 % alike share a band with near certainty and 30 % alike rarely do.
const HASHES: usize = 64;
const ROWS: usize = 4;
/// Words in a run.
const SHINGLE: usize = 4;
/// Texts with fewer runs than this (a title page, a caption) are not compared.
const MIN_SHINGLES: usize = 20;
/// Share of runs in common from which two texts are near-copies.
pub const NEAR: f64 = 0.7;
/// Candidates compared at most (a very common text, such as a form, stops here).
const MAX_CANDIDATES: u64 = 200;

crate::db::entity!(likeness, "blob_likeness", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub blob_id: crate::ids::BlobId,
    pub signature: Vec<u8>,
    pub shingles: i32,
});

crate::db::entity!(band, "blob_bands", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub band_key: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub blob_id: crate::ids::BlobId,
});

/// SplitMix64's finaliser: a cheap, well-mixed 64-bit permutation.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The signature of a text and how many distinct runs it has; None for a
/// text too short to compare.
pub fn signature(text: &str) -> Option<(Vec<u32>, usize)> {
    let words = bangla::words(text);
    let mut runs: Vec<u64> = words.windows(SHINGLE).map(|w| xxh3_64(w.join(" ").as_bytes())).collect();
    runs.sort_unstable();
    runs.dedup();
    if runs.len() < MIN_SHINGLES {
        return None;
    }
    let seeds: Vec<u64> = (1..=HASHES as u64).map(|i| mix(i.wrapping_mul(0x9e37_79b9_7f4a_7c15))).collect();
    let mut minima = vec![u32::MAX; HASHES];
    for run in &runs {
        for (min, seed) in minima.iter_mut().zip(&seeds) {
            *min = (*min).min(mix(run ^ seed) as u32);
        }
    }
    Some((minima, runs.len()))
}

/// The estimated share of runs two texts have in common.
pub fn similarity(a: &[u32], b: &[u32]) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / HASHES.max(1) as f64
}

fn band_keys(sig: &[u32]) -> Vec<i64> {
    sig.chunks(ROWS)
        .enumerate()
        .map(|(band, rows)| {
            let mut bytes = vec![band as u8];
            rows.iter().for_each(|r| bytes.extend_from_slice(&r.to_le_bytes()));
            xxh3_64(&bytes) as i64
        })
        .collect()
}

fn to_bytes(sig: &[u32]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn from_bytes(bytes: &[u8]) -> Vec<u32> {
    bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

/// Keeps the signature of a blob's text (replacing an earlier one).
pub async fn save(db: &impl ConnectionTrait, blob: BlobId, text: &str) -> Result<(), DbErr> {
    band::Entity::delete_many().filter(band::Column::BlobId.eq(blob.0)).exec(db).await?;
    likeness::Entity::delete_by_id(blob).exec(db).await?;
    let Some((sig, shingles)) = signature(text) else { return Ok(()) };
    let row = likeness::ActiveModel {
        blob_id: Set(blob),
        signature: Set(to_bytes(&sig)),
        shingles: Set(shingles.min(i32::MAX as usize) as i32),
    };
    likeness::Entity::insert(row).exec_without_returning(db).await?;
    let bands = band_keys(&sig).into_iter().map(|k| band::ActiveModel { band_key: Set(k), blob_id: Set(blob) });
    band::Entity::insert_many(bands)
        .on_conflict(OnConflict::columns([band::Column::BandKey, band::Column::BlobId]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Other blobs whose text is a near-copy of `blob`'s, most alike first,
/// with the estimated share of words in common.
pub async fn near_copies(db: &impl ConnectionTrait, blob: BlobId) -> Result<Vec<(BlobId, f64)>, DbErr> {
    let Some(own) = likeness::Entity::find_by_id(blob).one(db).await? else { return Ok(Vec::new()) };
    let own = from_bytes(&own.signature);
    let candidates: Vec<BlobId> = band::Entity::find()
        .select_only()
        .column(band::Column::BlobId)
        .distinct()
        .filter(band::Column::BandKey.is_in(band_keys(&own)))
        .filter(band::Column::BlobId.ne(blob.0))
        .limit(MAX_CANDIDATES)
        .into_tuple()
        .all(db)
        .await?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let rows = likeness::Entity::find().filter(likeness::Column::BlobId.is_in(candidates)).all(db).await?;
    let mut near: Vec<(BlobId, f64)> = rows
        .into_iter()
        .map(|r| (r.blob_id, similarity(&own, &from_bytes(&r.signature))))
        .filter(|(_, s)| *s >= NEAR)
        .collect();
    near.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.0.cmp(&b.0.0)));
    Ok(near)
}

/// Signs texts read before signatures existed, a batch at a time.
pub async fn sign_missing(db: &DatabaseConnection) -> Result<u64, DbErr> {
    use super::text::blob_text;
    let mut signed = 0;
    let mut after = 0_i64;
    loop {
        let texts =
            blob_text::Entity::find()
                .filter(blob_text::Column::BlobId.gt(after))
                .filter(blob_text::Column::BlobId.not_in_subquery(
                    likeness::Entity::find().select_only().column(likeness::Column::BlobId).into_query(),
                ))
                .order_by_asc(blob_text::Column::BlobId)
                .limit(100)
                .all(db)
                .await?;
        let Some(last) = texts.last() else { return Ok(signed) };
        after = last.blob_id.0;
        for t in texts {
            save(db, t.blob_id, &t.text).await?;
            signed += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LESSON: &str = "আজ আমরা ভগ্নাংশের যোগ শিখব। একটি রুটিকে চার ভাগ করলে প্রতিটি ভাগ চার ভাগের এক ভাগ। \
        দুটি ভাগ নিলে হয় চার ভাগের দুই ভাগ, যা অর্ধেকের সমান। এবার দুটি ভগ্নাংশ যোগ করি: হর একই হলে লব যোগ করি \
        আর হর একই থাকে। হর আলাদা হলে আগে সমহর করি, তারপর লব যোগ করি। শিশুরা কাগজ ভাঁজ করে নিজেরা দেখবে।";

    #[test]
    fn a_lightly_edited_copy_is_near_and_another_text_is_not() {
        let (a, _) = signature(LESSON).unwrap();
        let edited = LESSON.replace("আজ আমরা", "আজকের ক্লাসে আমরা").replace("নিজেরা দেখবে", "নিজেরা যাচাই করবে");
        let (b, _) = signature(&edited).unwrap();
        let other = "The water cycle: the sun warms the sea, water rises as vapour, cools into clouds and falls \
            as rain on the hills, runs down the rivers and back to the sea, and the children draw it in their books \
            with arrows and labels for each step of the journey of a drop.";
        let (c, _) = signature(other).unwrap();
        assert!(similarity(&a, &b) >= NEAR, "{}", similarity(&a, &b));
        assert!(similarity(&a, &c) < 0.1, "{}", similarity(&a, &c));
        assert_eq!(similarity(&a, &a), 1.0);
        assert!(band_keys(&a).iter().zip(band_keys(&b)).any(|(x, y)| *x == y), "a shared band finds it");
    }

    #[test]
    fn a_caption_is_too_short_to_compare() {
        assert!(signature("চতুর্থ শ্রেণির গণিত").is_none());
    }
}
