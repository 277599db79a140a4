//! SQL of what teachers use: one download row per teacher and content
//! (with her district then), read together with ratings of four stars or
//! more as "teachers who found it useful". Recommendations and the week's
//! popular contents come from here. Raters' districts come from accounts'
//! read-only view `teacher_cards`.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use super::page::statement;
use crate::ids::{ContentId, DistrictId, UserId};

/// Stars from which a rating counts as "found it useful" (as for reputation).
pub use crate::content::ratings::GOOD_STARS as LIKED_STARS;
/// Teachers with the most in common with her whose choices are followed.
const PEERS: i64 = 50;

/// Notes that a signed-in teacher downloaded a content (the first time only).
pub async fn record_download(db: &DatabaseConnection, id: ContentId, who: UserId) -> Result<(), DbErr> {
    let sql = "INSERT INTO content_downloads (content_id, user_id, district_id, downloaded_at) \
               SELECT $1, u.id, u.district_id, $3 FROM teacher_cards u WHERE u.id = $2 \
               ON CONFLICT (content_id, user_id) DO NOTHING";
    db.execute_raw(statement(db, sql, vec![id.0.into(), who.0.into(), Utc::now().into()])).await?;
    Ok(())
}

/// The `top` contents the most teachers downloaded or rated well since
/// `since`, for every district at once (by the teacher's district; a
/// download keeps the district she had then) and for the whole country
/// (district `None`), each teacher counted once per content: one pass over
/// the week's rows instead of one per district. Rows come ordered by
/// district, then most teachers first.
pub async fn popular_everywhere_since(
    db: &DatabaseConnection,
    since: DateTime<Utc>,
    top: u64,
) -> Result<Vec<(Option<DistrictId>, ContentId, i64)>, DbErr> {
    let sql = format!(
        "WITH used AS ( \
           SELECT d.content_id, d.user_id, d.district_id FROM content_downloads d WHERE d.downloaded_at >= $1 \
           UNION \
           SELECT r.content_id, r.user_id, u.district_id FROM ratings r JOIN teacher_cards u ON u.id = r.user_id \
            WHERE r.updated_at >= $1 AND r.stars >= {LIKED_STARS} \
         ), visible AS ( \
           SELECT x.content_id, x.user_id, x.district_id FROM used x \
             JOIN contents c ON c.id = x.content_id AND c.deleted_at IS NULL AND c.hidden = $2 \
         ), counted AS ( \
           SELECT district_id, content_id, COUNT(*) AS n FROM visible WHERE district_id IS NOT NULL \
            GROUP BY district_id, content_id \
           UNION ALL \
           SELECT 0 AS district_id, content_id, COUNT(DISTINCT user_id) AS n FROM visible GROUP BY content_id \
         ), ranked AS ( \
           SELECT district_id, content_id, n, \
                  ROW_NUMBER() OVER (PARTITION BY district_id ORDER BY n DESC, content_id DESC) AS place \
             FROM counted \
         ) \
         SELECT district_id, content_id, CAST(n AS BIGINT) AS n FROM ranked WHERE place <= $3 \
          ORDER BY district_id, n DESC, content_id DESC"
    );
    let values = vec![since.into(), false.into(), (top as i64).into()];
    let rows = db.query_all_raw(statement(db, &sql, values)).await?;
    rows.iter()
        .map(|r| {
            let district: i64 = r.try_get("", "district_id")?;
            let place = (district != 0).then_some(DistrictId(district));
            Ok((place, ContentId(r.try_get("", "content_id")?), r.try_get("", "n")?))
        })
        .collect()
}

/// What the teachers with most in common with `who` (the same contents
/// downloaded or rated well) also found useful and she has not used yet,
/// most shared first; her own contents left out.
pub async fn liked_by_peers(db: &DatabaseConnection, who: UserId, limit: u64) -> Result<Vec<(ContentId, i64)>, DbErr> {
    let sql = format!(
        "WITH mine AS ( \
           SELECT content_id FROM content_downloads WHERE user_id = $1 \
           UNION SELECT content_id FROM ratings WHERE user_id = $1), \
         peers AS ( \
           SELECT user_id, COUNT(*) AS shared FROM ( \
             SELECT user_id, content_id FROM content_downloads WHERE content_id IN (SELECT content_id FROM mine) \
             UNION SELECT user_id, content_id FROM ratings \
              WHERE stars >= {LIKED_STARS} AND content_id IN (SELECT content_id FROM mine)) s \
           WHERE user_id <> $1 GROUP BY user_id ORDER BY shared DESC, user_id LIMIT {PEERS}), \
         theirs AS ( \
           SELECT user_id, content_id FROM content_downloads WHERE user_id IN (SELECT user_id FROM peers) \
           UNION SELECT user_id, content_id FROM ratings \
            WHERE stars >= {LIKED_STARS} AND user_id IN (SELECT user_id FROM peers)) \
         SELECT t.content_id, CAST(SUM(p.shared) AS BIGINT) AS n FROM theirs t JOIN peers p ON p.user_id = t.user_id \
           JOIN contents c ON c.id = t.content_id AND c.deleted_at IS NULL AND c.hidden = $2 AND c.author_id <> $1 \
          WHERE t.content_id NOT IN (SELECT content_id FROM mine) \
          GROUP BY t.content_id ORDER BY n DESC, t.content_id DESC LIMIT $3"
    );
    pairs(db, &sql, vec![who.0.into(), false.into(), (limit as i64).into()]).await
}

/// The contents `who` downloaded or rated, whatever the stars.
pub async fn used_by(db: &DatabaseConnection, who: UserId) -> Result<Vec<ContentId>, DbErr> {
    let sql = "SELECT content_id, CAST(0 AS BIGINT) AS n FROM content_downloads WHERE user_id = $1 \
               UNION SELECT content_id, CAST(0 AS BIGINT) AS n FROM ratings WHERE user_id = $1";
    Ok(pairs(db, sql, vec![who.0.into()]).await?.into_iter().map(|(id, _)| id).collect())
}

async fn pairs(
    db: &DatabaseConnection,
    sql: &str,
    values: Vec<sea_orm::Value>,
) -> Result<Vec<(ContentId, i64)>, DbErr> {
    let rows = db.query_all_raw(statement(db, sql, values)).await?;
    rows.iter().map(|r| Ok((ContentId(r.try_get("", "content_id")?), r.try_get("", "n")?))).collect()
}
