//! Reminders by SMS, for teachers who chose them: the notices that are
//! reminders (a practice follow-up, a circle meeting, a training's first
//! day, a place freed for her, an award) also go to her phone. The SMS is
//! a job written with the notice, in the same transaction, so a notice
//! that is rolled back sends nothing and a crash before sending loses
//! nothing; the worker sends it unless she changed her mind or texted STOP.

use chrono::Utc;
use sea_orm::Set;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;

use crate::ids::{NotificationId, UserId};
use crate::jobs::JobKind;
use crate::state::AppState;
use crate::web::Lang;

crate::db::entity!(choice, "sms_reminder_choices", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: crate::ids::UserId,
    pub chosen_at: DateTimeUtc,
});

/// The notices that are reminders, worth an SMS to one who chose them.
const REMINDERS: [&str; 6] = [
    "notify-practice-reminder",
    "notify-practice-meeting",
    "notify-training-soon",
    "notify-training-placed",
    "notify-recognition-award",
    "notify-ambassador",
];

fn is_reminder(kind: &str) -> bool {
    REMINDERS.contains(&kind) || kind.starts_with("notify-award-")
}

pub async fn chosen(db: &impl ConnectionTrait, user: UserId) -> Result<bool, DbErr> {
    Ok(choice::Entity::find_by_id(user).one(db).await?.is_some())
}

/// Turns her SMS reminders on or off.
pub async fn choose(db: &impl ConnectionTrait, user: UserId, on: bool) -> Result<(), DbErr> {
    if on {
        choice::Entity::insert(choice::ActiveModel { user_id: Set(user), chosen_at: Set(Utc::now()) })
            .on_conflict(OnConflict::column(choice::Column::UserId).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
    } else {
        choice::Entity::delete_by_id(user).exec(db).await?;
    }
    Ok(())
}

/// With a notice just written: its SMS, queued, when it is a reminder and
/// she chose SMS reminders.
pub(super) async fn queue_if_chosen(
    db: &impl ConnectionTrait,
    user: UserId,
    kind: &str,
    notice: NotificationId,
) -> Result<(), DbErr> {
    if is_reminder(kind) && chosen(db, user).await? {
        crate::jobs::enqueue(db, JobKind::SmsNotice, serde_json::json!({ "notification": notice.0 })).await?;
    }
    Ok(())
}

/// The `sms.notice` job (`{"notification": id}`, and `"from_part"` when
/// it finishes one the gateway failed mid-text): the notice's text and link
/// to her phone, in her language, unless she turned SMS reminders off since
/// or texted STOP.
pub async fn send(state: &AppState, payload: &serde_json::Value) -> anyhow::Result<()> {
    let id = payload["notification"].as_i64().ok_or_else(|| anyhow::anyhow!("no notification in {payload}"))?;
    let Some(notice) = super::store::find(&state.db, NotificationId(id)).await? else {
        return Ok(());
    };
    if !chosen(&state.db, notice.user_id).await? {
        return Ok(());
    }
    let Some(account) = crate::accounts::store::find(&state.db, notice.user_id).await? else { return Ok(()) };
    let Some(phone) = account.phone else { return Ok(()) };
    let lang = Lang::parse(&account.lang).unwrap_or(Lang::Bn);
    let link = format!("{}{}", state.config.public_url, notice.link);
    let text = format!("{}: {} {link}", lang.t("site-name"), super::view(notice, lang).text);
    let first = payload["from_part"].as_u64().unwrap_or(0) as usize;
    match state.senders.send_notice_from(&state.db, &phone, &text, first).await {
        Ok(_) => Ok(()),
        // Some parts went out: the rest, as a job of its own, so a retry
        // does not send (and bill) them again.
        Err(partly) if partly.sent > first => {
            let rest = serde_json::json!({ "notification": id, "from_part": partly.sent });
            crate::jobs::enqueue(&state.db, JobKind::SmsNotice, rest).await?;
            tracing::warn!(error = %partly.error, sent = partly.sent, "reminder SMS sent in part; the rest queued");
            Ok(())
        }
        Err(partly) => Err(partly.error),
    }
}

/// Where her SMS reminders stand.
#[derive(serde::Serialize, serde::Deserialize, utoipa::ToSchema, Clone, Debug)]
pub struct SmsReminders {
    /// She chose reminders by SMS.
    pub on: bool,
    /// Her account has a mobile number to send them to.
    #[serde(default)]
    pub has_phone: bool,
    /// Her number texted STOP: nothing is sent until it texts START.
    #[serde(default)]
    pub stopped: bool,
}

pub async fn standing(state: &AppState, who: &crate::web::CurrentUser) -> crate::web::AppResult<SmsReminders> {
    let account = crate::accounts::store::find(&state.db, who.id).await?.ok_or(crate::web::AppError::NotFound)?;
    let stopped = match &account.phone {
        Some(phone) => crate::senders::stops::stopped(&state.db, phone).await?,
        None => false,
    };
    Ok(SmsReminders { on: chosen(&state.db, who.id).await?, has_phone: account.phone.is_some(), stopped })
}

/// Turns her SMS reminders on or off; on needs a mobile number.
pub async fn set(state: &AppState, who: &crate::web::CurrentUser, on: bool) -> crate::web::AppResult<SmsReminders> {
    if on && !standing(state, who).await?.has_phone {
        return Err(crate::web::AppError::invalid("on", "notifications-sms-no-phone"));
    }
    choose(&state.db, who.id, on).await?;
    standing(state, who).await
}
