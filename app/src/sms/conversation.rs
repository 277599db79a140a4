//! What the portal answers a text: the rules of each command, on behalf of
//! the account registered with the number that sent it. The number is as
//! sure a fact as the password-reset code sent to it: whoever holds the
//! SIM could take the account over through a reset anyway.

use super::commands::{self, Command};
use super::quiz;
use crate::accounts::model::Login;
use crate::credentials::verification::{CredentialCheck, CredentialStatus};
use crate::senders::days::{self, Direction};
use crate::state::AppState;
use crate::web::{AppResult, CurrentUser, Lang};

/// The texts to send back, in order.
pub struct Replies {
    pub texts: Vec<String>,
    /// Sent even though the number has just opted out (the one STOP
    /// confirmation); every other reply respects STOP.
    pub even_if_stopped: bool,
}

impl Replies {
    fn of(texts: Vec<String>) -> Self {
        Replies { texts, even_if_stopped: false }
    }
}

/// The account registered with the number, as the one acting.
async fn account(state: &AppState, phone: &str) -> AppResult<Option<CurrentUser>> {
    let found = crate::accounts::store::find_by_login(&state.db, &Login::Phone(phone.to_owned())).await?;
    Ok(found.map(|a| {
        let lang = Lang::parse(&a.lang).unwrap_or(Lang::Bn);
        CurrentUser::signed_in(a.id, a.name, a.role, lang, false)
    }))
}

/// Answers one text from `phone` (already normalised).
pub async fn answer(state: &AppState, phone: &str, text: &str) -> AppResult<Replies> {
    let who = account(state, phone).await?;
    let lang = who.as_ref().map_or(Lang::Bn, |w| w.lang);
    let command = commands::read(text);
    // She said STOP: nothing goes back until she says START.
    let stopped = !command.is_stop_or_start() && crate::senders::stops::stopped(&state.db, phone).await?;
    let texts = match command {
        Command::Stop => {
            crate::senders::stops::stop(&state.db, phone).await?;
            return Ok(Replies { texts: vec![lang.t("sms-stopped")], even_if_stopped: true });
        }
        Command::Start => {
            crate::senders::stops::start(&state.db, phone).await?;
            vec![lang.t("sms-started")]
        }
        _ if stopped => vec![],
        Command::Check(code) => vec![checked(state, lang, &code).await?],
        Command::Help => vec![lang.t("sms-help")],
        Command::Quiz(module) => match &who {
            Some(who) => quiz::start(state, who, phone, module).await?,
            None => vec![lang.t("sms-no-account")],
        },
        Command::Repeat => match her_quiz(state, who.as_ref(), phone).await? {
            Some((q, _)) => quiz::repeat(lang, &q)?,
            None => vec![lang.t("sms-help")],
        },
        Command::Other(reply) => match her_quiz(state, who.as_ref(), phone).await? {
            Some((q, who)) => quiz::answer(state, who, &q, &reply).await?,
            None => vec![lang.t("sms-help")],
        },
    };
    Ok(Replies::of(texts))
}

/// The quiz the number is taking for the account that holds it now (not
/// one a previous holder of the number left open).
async fn her_quiz<'a>(
    state: &AppState,
    who: Option<&'a CurrentUser>,
    phone: &str,
) -> AppResult<Option<(super::store::quiz::Model, &'a CurrentUser)>> {
    let Some(who) = who else { return Ok(None) };
    Ok(quiz::open(state, phone).await?.filter(|q| q.user_id == who.id).map(|q| (q, who)))
}

/// A text the gateway posted, already signed and read: recorded once,
/// counted, held to the hourly limit, answered, and the answer sent.
pub async fn take(state: &AppState, gateway_id: &str, phone: &str, message: &str) -> AppResult<Taken> {
    if !super::store::received_first(&state.db, gateway_id, phone, message).await? {
        return Ok(Taken { status: "duplicate", replies: 0 });
    }
    days::add(&state.db, Direction::In, 1, crate::senders::parts::count_received(message) as i64).await?;
    // STOP and START are acted on past the limit too: a number must always be able to say no.
    let limited = crate::web::ratelimit::hit(&state.db, &format!("sms:in:{phone}"), PER_HOUR, 3600).await.is_err();
    if limited && !commands::read(message).is_stop_or_start() {
        tracing::warn!(phone, "SMS from this number past its hourly limit: not answered");
        return Ok(Taken { status: "limited", replies: 0 });
    }
    let replies = match answer(state, phone, message).await {
        Ok(replies) => replies,
        Err(e) => {
            // Not acted on: the gateway's retry of this id must be taken, not called a duplicate.
            super::store::forget_received(&state.db, gateway_id).await?;
            return Err(e);
        }
    };
    Ok(Taken { status: "answered", replies: send(state, phone, &replies).await })
}

/// Sends the replies in order; how many went. A failure stops there: what
/// she did is saved, and she can ask again with REPEAT.
async fn send(state: &AppState, phone: &str, replies: &Replies) -> usize {
    let mut sent = 0;
    for reply in &replies.texts {
        let outcome = if replies.even_if_stopped {
            state.senders.send_text(&state.db, phone, reply).await
        } else {
            state.senders.send_notice(&state.db, phone, reply).await.map(|_| ())
        };
        if let Err(e) = outcome {
            tracing::warn!(error = %e, "SMS reply not sent");
            break;
        }
        sent += 1;
    }
    sent
}

/// What became of a text, as the gateway is told.
#[derive(serde::Serialize)]
pub struct Taken {
    /// `answered`, `duplicate` (this id was taken before) or `limited`.
    status: &'static str,
    /// Texts sent back.
    replies: usize,
}

/// Texts one number may send in an hour; past it they are taken but not
/// answered (answers cost the portal, texts cost the sender).
pub const PER_HOUR: u32 = 30;

/// Wrong codes tried for one credential in an hour, from any numbers:
/// its six check digits cannot be found by many phones trying together.
const WRONG_CODES_PER_HOUR: u32 = 20;

/// A credential's standing from its code, in one text.
async fn checked(state: &AppState, lang: Lang, code: &str) -> AppResult<String> {
    let Some((id, _)) = crate::credentials::verification::read_sms_code(code) else {
        return Ok(lang.t("sms-check-unknown"));
    };
    let bucket = format!("sms:check:{}", id.0);
    if crate::web::ratelimit::hit(&state.db, &bucket, WRONG_CODES_PER_HOUR, 3600).await.is_err() {
        return Ok(lang.t("sms-check-later"));
    }
    let Some(v) = crate::credentials::verification::check_by_sms_code(state, code).await? else {
        return Ok(lang.t("sms-check-unknown"));
    };
    // A right code is not a guess: only wrong ones count.
    crate::web::ratelimit::take_back(&state.db, &bucket, 3600).await?;
    Ok(verdict(lang, &v))
}

fn verdict(lang: Lang, v: &CredentialCheck) -> String {
    let args = [
        ("badge", v.achievement_name.clone().unwrap_or_default()),
        ("holder", v.recipient_name.clone().unwrap_or_default()),
        ("issuer", v.issuer_short_name.clone().or_else(|| v.issuer_name.clone()).unwrap_or_default()),
        ("reason", v.revoked_reason.clone().unwrap_or_default()),
        ("until", v.expires.as_deref().map(|d| lang.day_text(d)).unwrap_or_default()),
    ];
    let key = match v.status {
        CredentialStatus::Valid => "sms-check-valid",
        CredentialStatus::Revoked => "sms-check-revoked",
        CredentialStatus::Expired => "sms-check-expired",
        CredentialStatus::Invalid => "sms-check-invalid",
    };
    lang.t_with(key, &args)
}
