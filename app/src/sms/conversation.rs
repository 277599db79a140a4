//! What the portal answers a text: the rules of each command, on behalf of
//! the account registered with the number that sent it. The number is as
//! sure a fact as the password-reset code sent to it: whoever holds the
//! SIM could take the account over through a reset anyway.

use super::commands::{self, Command};
use super::quiz;
use crate::accounts::model::Login;
use crate::credentials::verification::{CredentialCheck, CredentialStatus};
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
    match command {
        Command::Stop => {
            crate::senders::stops::stop(&state.db, phone).await?;
            return Ok(Replies { texts: vec![lang.t("sms-stopped")], even_if_stopped: true });
        }
        Command::Start => {
            crate::senders::stops::start(&state.db, phone).await?;
            return Ok(Replies::of(vec![lang.t("sms-started")]));
        }
        _ => {}
    }
    if crate::senders::stops::stopped(&state.db, phone).await? {
        // She said STOP: nothing goes back until she says START.
        return Ok(Replies::of(vec![]));
    }
    let texts = match command {
        Command::Check(code) => vec![checked(state, lang, &code).await?],
        Command::Help => vec![lang.t("sms-help")],
        Command::Quiz(module) => match &who {
            Some(who) => quiz::start(state, who, phone, module).await?,
            None => vec![lang.t("sms-no-account")],
        },
        Command::Repeat | Command::Other(_) => {
            let open = match &who {
                Some(who) => quiz::open(state, phone).await?.filter(|q| q.user_id == who.id),
                None => None,
            };
            match (open, who.as_ref(), command) {
                (Some(q), Some(_), Command::Repeat) => quiz::repeat(lang, &q)?,
                (Some(q), Some(who), Command::Other(reply)) => quiz::answer(state, who, &q, &reply).await?,
                _ => vec![lang.t("sms-help")],
            }
        }
        Command::Stop | Command::Start => unreachable!("answered above"),
    };
    Ok(Replies::of(texts))
}

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
