//! Reputation: points teachers earn when colleagues find their help useful,
//! and the few things those points unlock. The table of points is in the
//! README ("Reputation"); this file is where it is enforced.

use chrono::Utc;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use utoipa::ToSchema;

use super::store::reputation::{self as store, NewEvent};
use crate::ids::UserId;
use crate::items::{ItemKind, ItemRef};
use crate::web::{AppError, CurrentUser};

crate::stored_words! {
    /// Why points moved. The word is stored in the ledger and names the
    /// message shown in a teacher's history (`rep-REASON`).
    pub enum Reason {
        QuestionUpvoted = "question-upvoted",
        AnswerUpvoted = "answer-upvoted",
        PostUpvoted = "post-upvoted",
        Downvoted = "downvoted",
        AnswerAccepted = "answer-accepted",
        AcceptedAnAnswer = "accepted-an-answer",
        ContentRatedWell = "content-rated-well",
        /// Takes back what a withdrawn vote, rating or accept gave.
        Withdrawn = "withdrawn",
    }
}

impl Reason {
    pub fn points(self) -> i32 {
        match self {
            Reason::QuestionUpvoted => 5,
            Reason::AnswerUpvoted => 10,
            Reason::PostUpvoted => 5,
            Reason::Downvoted => -2,
            Reason::AnswerAccepted => 15,
            Reason::AcceptedAnAnswer => 2,
            Reason::ContentRatedWell => 5,
            Reason::Withdrawn => 0,
        }
    }

    /// Points from colleagues' votes and ratings count toward the daily
    /// cap; an accepted answer does not (it is one person's considered act).
    fn capped(self) -> bool {
        matches!(self, Reason::QuestionUpvoted | Reason::AnswerUpvoted | Reason::PostUpvoted | Reason::ContentRatedWell)
    }

    /// Earned at most once per item while it stands: an answer is accepted
    /// once, however many "accept" requests race. The ledger holds it with
    /// a unique key, freed when the award is taken back.
    fn once(self) -> bool {
        matches!(self, Reason::AnswerAccepted | Reason::AcceptedAnAnswer)
    }

    fn award_key(self, item: ItemRef) -> Option<String> {
        self.once().then(|| format!("{}:{}:{}", self.as_str(), item.kind, item.id))
    }
}

/// At most this many points a day from votes and ratings.
pub const DAILY_CAP: i64 = 200;

/// The privilege ladder, scaled for a young community: what a number of
/// points lets a teacher do. Moderators and administrators may do all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Privilege {
    /// Comment on others' questions and answers (own ones: always).
    CommentEverywhere,
    VoteDown,
    /// Edit others' questions and answers (each edit kept as a revision).
    EditOthers,
    /// Close questions as duplicates and see the reports queue.
    ReviewReports,
}

impl Privilege {
    pub const ALL: [Privilege; 4] =
        [Privilege::CommentEverywhere, Privilege::VoteDown, Privilege::EditOthers, Privilege::ReviewReports];

    pub fn points(self) -> i64 {
        match self {
            Privilege::CommentEverywhere => 10,
            Privilege::VoteDown => 25,
            Privilege::EditOthers => 200,
            Privilege::ReviewReports => 500,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Privilege::CommentEverywhere => "privilege-comment",
            Privilege::VoteDown => "privilege-vote-down",
            Privilege::EditOthers => "privilege-edit",
            Privilege::ReviewReports => "privilege-review",
        }
    }
}

/// Gives `user` the points of `reason`, cut by what is left of today's cap;
/// an award earned once per item that stands already gives nothing.
pub async fn award(
    db: &impl ConnectionTrait,
    user: UserId,
    reason: Reason,
    item: ItemRef,
    actor: Option<UserId>,
) -> Result<i32, sea_orm::DbErr> {
    let day = crate::web::dhaka_date(Utc::now());
    let mut points = reason.points();
    let mut capped = false;
    if reason.capped() && points > 0 {
        let earned = store::earned_on(db, user, day, &CAPPED_REASONS).await?;
        let room = (DAILY_CAP - earned).max(0) as i32;
        if room < points {
            points = room;
            capped = true;
        }
    }
    let event = NewEvent { user, points, reason, item, actor, day, capped };
    match reason.award_key(item) {
        Some(key) => Ok(if store::add_once(db, event, key).await? { points } else { 0 }),
        None => store::add(db, event).await.map(|_| points),
    }
}

/// Takes back, exactly, what `actor`'s earlier doings of these `reasons`
/// on an item gave `user` (a capped vote gave less, and takes back less).
pub async fn withdraw(
    db: &impl ConnectionTrait,
    user: UserId,
    reasons: &[Reason],
    item: ItemRef,
    actor: UserId,
) -> Result<(), sea_orm::DbErr> {
    let mut counted: Vec<Reason> = reasons.to_vec();
    counted.push(Reason::Withdrawn);
    let net = store::net_from(db, user, item, actor, &counted).await?;
    if net != 0 {
        let day = crate::web::dhaka_date(Utc::now());
        let event = NewEvent {
            user,
            points: -(net as i32),
            reason: Reason::Withdrawn,
            item,
            actor: Some(actor),
            day,
            capped: false,
        };
        store::add(db, event).await?;
    }
    let keys: Vec<String> = reasons.iter().filter_map(|r| r.award_key(item)).collect();
    store::release(db, &keys).await
}

/// Withdrawn lines count toward the cap too: withdrawing a vote frees room.
const CAPPED_REASONS: [Reason; 5] =
    [Reason::QuestionUpvoted, Reason::AnswerUpvoted, Reason::PostUpvoted, Reason::ContentRatedWell, Reason::Withdrawn];

pub async fn total(db: &impl ConnectionTrait, user: UserId) -> Result<i64, sea_orm::DbErr> {
    store::total_of(db, user).await
}

/// Refuses, with the reason, unless `who` has `privilege`.
pub async fn require(db: &impl ConnectionTrait, who: &CurrentUser, privilege: Privilege) -> Result<(), AppError> {
    if who.role.can_moderate() {
        return Ok(());
    }
    if store::total_of(db, who.id).await? >= privilege.points() {
        return Ok(());
    }
    Err(AppError::NotAllowed { code: "privilege_needed", key: privilege.key() })
}

pub async fn has(db: &impl ConnectionTrait, who: &CurrentUser, privilege: Privilege) -> Result<bool, sea_orm::DbErr> {
    Ok(who.role.can_moderate() || store::total_of(db, who.id).await? >= privilege.points())
}

/// A line of a teacher's reputation history.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct HistoryLine {
    pub points: i32,
    pub reason: Reason,
    pub link: String,
    /// The daily cap cut these points.
    pub capped: bool,
    pub at: chrono::DateTime<Utc>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Reputation {
    pub user_id: UserId,
    pub points: i64,
    pub history: Vec<HistoryLine>,
}

pub async fn of(db: &impl ConnectionTrait, user: UserId) -> Result<Reputation, sea_orm::DbErr> {
    let points = store::total_of(db, user).await?;
    let history = store::history(db, user, 100)
        .await?
        .into_iter()
        .map(|e| HistoryLine {
            link: link(ItemRef::new(e.item_kind, e.item_id)),
            points: e.points,
            reason: e.reason,
            capped: e.capped,
            at: e.created_at,
        })
        .collect();
    Ok(Reputation { user_id: user, points, history })
}

/// Where an item of the ledger is shown.
pub fn link(item: ItemRef) -> String {
    let id = item.id;
    match item.kind {
        ItemKind::Question => format!("/questions/{id}"),
        ItemKind::Answer => format!("/answers/{id}"),
        ItemKind::Content => format!("/contents/{id}"),
        ItemKind::Post => format!("/posts/{id}"),
        _ => "/".into(),
    }
}
