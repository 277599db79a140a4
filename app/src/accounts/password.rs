//! Password hashing with Argon2id, off the async threads and at most two at
//! a time (see `AppState::hashing`).

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};

use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::SemaphorePermit;

use crate::state::AppState;
use crate::web::AppError;

/// A fixed hash to verify against when the account does not exist, so a
/// wrong phone number takes as long as a wrong password.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Vq0t9+GEXr7t0m2U2v0Y7Q0V6GqV5iWmYbC2m0r3G2k";

/// At most this many requests wait for a hashing permit; more are told to
/// come back shortly (503) instead of piling up memory and time-outs.
pub const MAX_WAITING: usize = 32;

/// Requests waiting for a hashing permit now.
#[derive(Default)]
pub struct Waiting(AtomicUsize);

/// Waits for one of the two hashing permits, unless too many already wait.
async fn permit(state: &AppState) -> Result<SemaphorePermit<'_>, AppError> {
    let waiting = state.part::<Waiting>();
    if waiting.0.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING {
        waiting.0.fetch_sub(1, Ordering::SeqCst);
        return Err(AppError::Busy { retry_after_secs: 2 });
    }
    let permit = state.hashing.acquire().await;
    waiting.0.fetch_sub(1, Ordering::SeqCst);
    permit.map_err(|e| AppError::Internal(e.into()))
}

pub async fn hash(state: &AppState, password: &str) -> Result<String, AppError> {
    let _permit = permit(state).await?;
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_now(&password)).await.map_err(|e| AppError::Internal(e.into()))?
}

pub fn hash_now(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("argon2: {e}")))
}

/// True when `password` matches `stored`; with `None`, burns the same time
/// and answers false.
pub async fn verify(state: &AppState, password: &str, stored: Option<&str>) -> Result<bool, AppError> {
    let _permit = permit(state).await?;
    let password = password.to_owned();
    let known = stored.is_some();
    let stored = stored.unwrap_or(DUMMY_HASH).to_owned();
    let matched = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    Ok(known && matched)
}
