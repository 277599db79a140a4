//! Who is asking: the session cookie or `Authorization: Bearer` token turned
//! into the signed-in account, before the request context is built.
//!
//! A looked-up session is kept in memory for at most [`CACHE_SECS`] seconds,
//! so a page and its neighbours do not each ask the database. Log-out drops
//! the entry on the node that served it at once; on other nodes behind the
//! same database a signed-out token (or a changed role or name) stays
//! accepted for at most those seconds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::Response;

use super::model::SignedIn;
use super::store;
use crate::state::AppState;
use sha2::{Digest, Sha256};

use crate::web::CurrentUser;
use crate::web::context::{SESSION_COOKIE, cookie};
use crate::web::csrf::SessionBound;

pub const CACHE_SECS: u64 = 5;
/// Beyond this many cached sessions the expired ones are swept; if all are
/// fresh the cache is emptied (a flood of tokens must not grow memory).
const MAX_ENTRIES: usize = 50_000;

#[derive(Default)]
pub struct SessionCache(Mutex<HashMap<String, (Instant, Option<SignedIn>)>>);

impl SessionCache {
    fn get(&self, token_hash: &str) -> Option<Option<SignedIn>> {
        let map = self.0.lock().expect("session cache");
        map.get(token_hash).filter(|(at, _)| at.elapsed() < Duration::from_secs(CACHE_SECS)).map(|(_, u)| u.clone())
    }

    fn put(&self, token_hash: String, user: Option<SignedIn>) {
        let mut map = self.0.lock().expect("session cache");
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, (at, _)| at.elapsed() < Duration::from_secs(CACHE_SECS));
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
        }
        map.insert(token_hash, (Instant::now(), user));
    }

    /// Forgets a token at once (log-out on this node).
    pub fn forget(&self, token: &str) {
        self.0.lock().expect("session cache").remove(&store::token_hash(token));
    }

    /// Forgets every cached session of an account (password or role changed).
    pub fn forget_user(&self, user: crate::ids::UserId) {
        self.0.lock().expect("session cache").retain(|_, (_, u)| u.as_ref().is_none_or(|u| u.id != user));
    }
}

pub fn cache(state: &AppState) -> Arc<SessionCache> {
    state.part::<SessionCache>()
}

/// The token a request presents, and whether it came as a bearer token.
pub fn presented_token(headers: &HeaderMap) -> Option<(&str, bool)> {
    let bearer = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match bearer {
        Some(t) => Some((t.trim(), true)),
        None => cookie(headers, SESSION_COOKIE).map(|t| (t, false)),
    }
}

/// The signed-in account for `token`, from the cache or one query.
pub async fn look_up(state: &AppState, token: &str) -> anyhow::Result<Option<SignedIn>> {
    let cache = cache(state);
    let hash = store::token_hash(token);
    if let Some(found) = cache.get(&hash) {
        return Ok(found);
    }
    let found = store::signed_in(&state.db, token).await?.map(|(id, name, role, lang, saver)| SignedIn {
        id,
        name,
        role,
        lang: crate::web::Lang::parse(&lang).unwrap_or_default(),
        saver,
    });
    cache.put(hash, found.clone());
    Ok(found)
}

/// The CSRF token of a session: derived from it, so it changes at every
/// log-in and is useless once the session ends.
pub fn csrf_for(session_token: &str) -> String {
    use base64::Engine;
    let digest = Sha256::digest(format!("batayon-csrf\0{session_token}").as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..32])
}

/// Puts the [`CurrentUser`] in the request for the context middleware.
pub async fn middleware(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    // Browsers send the session cookie with every stylesheet and icon too;
    // those answers do not depend on who asks, so no lookup.
    let needs_user = !(path.starts_with("/static/") || path == "/favicon.ico" || path == "/healthz");
    let presented = presented_token(req.headers()).filter(|_| needs_user).map(|(t, b)| (t.to_owned(), b));
    if let Some((token, via_bearer)) = presented {
        match look_up(&state, &token).await {
            Ok(Some(u)) => {
                let mut user = CurrentUser::signed_in(u.id, u.name, u.role, u.lang, via_bearer);
                user.saver = u.saver;
                req.extensions_mut().insert(user);
                req.extensions_mut().insert(SessionBound(csrf_for(&token)));
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "session lookup failed"),
        }
    }
    next.run(req).await
}
