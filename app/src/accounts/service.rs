//! What signing up, logging in and resetting a password do, shared by the
//! pages and the API so the rules live in one place.

use chrono::Duration;
use sea_orm::TransactionTrait;

use super::model::{Account, Login, Registration, ResetChannel, Role, SessionKind, check_password};
use super::{password, store};
use crate::state::AppState;
use crate::web::context::RequestContext;
use crate::web::{AppError, AppResult, FieldErrors, ratelimit};

/// A reset code sent by SMS is typed by hand: six digits, five tries, 15 minutes.
const RESET_TRIES: i32 = 5;
const SMS_CODE_MINUTES: i64 = 15;
const EMAIL_LINK_MINUTES: i64 = 60;

pub async fn register(state: &AppState, ctx: &RequestContext, form: &Registration) -> AppResult<Account> {
    let limits = &state.config.limits;
    ratelimit::hit(&state.db, &format!("signup:addr:{}", ctx.client), limits.signup_per_address, limits.window_secs)
        .await?;
    let valid = form.validate().map_err(AppError::Validation)?;
    let account = valid.phone.clone().or(valid.email.clone()).unwrap_or_default();
    ratelimit::hit(&state.db, &format!("signup:acct:{account}"), limits.login_per_account, limits.window_secs).await?;
    let hash = password::hash(state, &valid.password).await?;
    let user = store::create_user(&state.db, &valid, hash, Role::Teacher, ctx.lang.code()).await?;
    crate::jobs::search_later(&state.db, user.id).await?;
    tracing::info!(user = %user.id, "teacher signed up");
    Ok(user)
}

/// Checks the password and opens a session; returns the account and token.
pub async fn log_in(
    state: &AppState,
    ctx: &RequestContext,
    login: &str,
    secret: &str,
    kind: SessionKind,
) -> AppResult<(Account, String)> {
    // Failed log-ins are limited, per address and per account; every try
    // is counted first (so parallel guesses are all counted) and a right
    // password takes its count back: a school's shared Wi-Fi is never
    // locked out by the teachers who log in correctly.
    let limits = &state.config.limits;
    let by_address = format!("login:addr:{}", ctx.client);
    ratelimit::hit(&state.db, &by_address, limits.login_per_address, limits.window_secs).await?;
    let login = Login::parse(login).ok_or_else(|| AppError::invalid("login", "field-login-invalid"))?;
    let account = match &login {
        Login::Phone(p) | Login::Email(p) => p.clone(),
    };
    let by_account = format!("login:acct:{account}");
    if let Err(e) = ratelimit::hit(&state.db, &by_account, limits.login_per_account, limits.window_secs).await {
        ratelimit::take_back(&state.db, &by_address, limits.window_secs).await?;
        return Err(e);
    }
    let found = store::find_by_login(&state.db, &login).await?;
    let matched = password::verify(state, secret, found.as_ref().map(|u| u.password_hash.as_str())).await?;
    let user = match (found, matched) {
        (Some(u), true) => u,
        _ => return Err(AppError::BadCredentials),
    };
    ratelimit::take_back(&state.db, &by_address, limits.window_secs).await?;
    ratelimit::take_back(&state.db, &by_account, limits.window_secs).await?;
    let token = store::create_session(&state.db, user.id, kind).await?;
    Ok((user, token))
}

/// Sends a reset code if the account exists; says nothing either way, so
/// the form cannot be used to find out who has an account.
pub async fn request_reset(state: &AppState, ctx: &RequestContext, login: &str) -> AppResult<()> {
    let limits = &state.config.limits;
    ratelimit::hit(&state.db, &format!("reset:addr:{}", ctx.client), limits.login_per_address, limits.window_secs)
        .await?;
    let login = Login::parse(login).ok_or_else(|| AppError::invalid("login", "field-login-invalid"))?;
    let Some(user) = store::find_by_login(&state.db, &login).await? else {
        return Ok(());
    };
    let key = format!("reset:acct:{}", user.id);
    ratelimit::hit(&state.db, &key, limits.reset_per_account, limits.window_secs).await?;
    let lang = crate::web::Lang::parse(&user.lang).unwrap_or(ctx.lang);
    match login {
        Login::Phone(phone) => {
            let code = format!("{:06}", rand::random_range(0..1_000_000u32));
            store::create_reset(&state.db, user.id, &code, ResetChannel::Sms, Duration::minutes(SMS_CODE_MINUTES))
                .await?;
            let text = lang.t_with("reset-sms", &[("code", code)]);
            state.senders.send_text(&state.db, &phone, &text).await.map_err(AppError::Internal)?;
        }
        Login::Email(email) => {
            let code = store::random_token();
            store::create_reset(&state.db, user.id, &code, ResetChannel::Email, Duration::minutes(EMAIL_LINK_MINUTES))
                .await?;
            let link = format!(
                "{}/password/reset?login={}&code={}",
                state.config.public_url,
                crate::web::context::urlencode(&email),
                code
            );
            let body = lang.t_with("reset-email-body", &[("name", user.name.clone()), ("link", link)]);
            state
                .senders
                .send_email(&email, &lang.t("reset-email-subject"), &body)
                .await
                .map_err(AppError::Internal)?;
        }
    }
    Ok(())
}

/// Sets a new password if the code is right, fresh and unused; every
/// session of the account ends, so a thief's session does too.
pub async fn confirm_reset(
    state: &AppState,
    ctx: &RequestContext,
    login: &str,
    code: &str,
    new_password: &str,
) -> AppResult<()> {
    let limits = &state.config.limits;
    ratelimit::hit(&state.db, &format!("reset:addr:{}", ctx.client), limits.login_per_address, limits.window_secs)
        .await?;
    let mut errors = FieldErrors::default();
    check_password(new_password, "password", &mut errors);
    let login = Login::parse(login);
    if login.is_none() {
        errors.add("login", "field-login-invalid");
    }
    errors.into_result()?;
    let wrong_code = || AppError::invalid("code", "field-code-wrong");
    let user = match login {
        Some(l) => store::find_by_login(&state.db, &l).await?.ok_or_else(wrong_code)?,
        None => return Err(wrong_code()),
    };
    // Two codes' worth of tries per account and window, however many
    // addresses the guesses come from.
    let confirm_limit = limits.reset_per_account * 2;
    ratelimit::hit(&state.db, &format!("reset-confirm:account:{}", user.id), confirm_limit, limits.window_secs).await?;
    let reset = store::open_reset(&state.db, user.id).await?.ok_or_else(wrong_code)?;
    if !store::take_reset_attempt(&state.db, reset.id, RESET_TRIES).await? {
        return Err(wrong_code());
    }
    let typed = bangla::to_ascii_digits(code.trim());
    if !crate::web::csrf::same(&store::token_hash(&typed), &reset.code_hash) {
        return Err(wrong_code());
    }
    let hash = password::hash(state, new_password).await?;
    let txn = state.db.begin().await?;
    if !store::use_reset(&txn, reset.id).await? {
        return Err(wrong_code());
    }
    store::set_password(&txn, user.id, hash).await?;
    store::end_all_sessions(&txn, user.id).await?;
    txn.commit().await?;
    super::session::cache(state).forget_user(user.id);
    tracing::info!(user = %user.id, "password reset");
    Ok(())
}

/// Ends a session, here and in this node's session cache.
pub async fn log_out(state: &AppState, token: &str) -> AppResult<()> {
    store::end_session(&state.db, token).await?;
    super::session::cache(state).forget(token);
    Ok(())
}
