//! CSRF protection for cookie-authenticated writes. Every form repeats a
//! token in a hidden field (`_csrf`), API clients in `X-CSRF-Token`. For a
//! signed-in person the token is derived from the session ([`SessionBound`],
//! set by the session layer), so it dies with the session and a token seen
//! elsewhere is worth nothing; before signing in it is a random value in an
//! HttpOnly, SameSite=Lax cookie (`__Host-` prefixed over HTTPS). Cross-site
//! writes are also refused by the context middleware from
//! Sec-Fetch-Site/Origin.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

pub const COOKIE: &str = "batayon_csrf";
/// Over HTTPS the cookie is `__Host-` prefixed: only this host, path `/`,
/// Secure, so a sibling subdomain cannot plant one.
pub const SECURE_COOKIE: &str = "__Host-batayon_csrf";

/// The token of a signed-in request, derived from its session.
#[derive(Clone, Debug)]
pub struct SessionBound(pub String);

pub fn cookie_name(secure: bool) -> &'static str {
    if secure { SECURE_COOKIE } else { COOKIE }
}
pub const FIELD: &str = "_csrf";

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn well_formed(token: &str) -> bool {
    token.len() == 43 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Constant-time comparison, so the token cannot be guessed byte by byte.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn cookie_header(token: &str, secure: bool) -> String {
    let name = cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}")
}
