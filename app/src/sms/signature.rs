//! The gateway signs each reply it posts: `X-Batayon-Signature: t=<unix
//! seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the shared secret>`.
//! A signature older or newer than five minutes is refused, so a captured
//! request cannot be sent again later; within those minutes the gateway's
//! message id, written once, refuses it (`store::received_first`).

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How far the signing time may be from the portal's clock.
pub const WINDOW_SECS: i64 = 300;

pub const HEADER: &str = "x-batayon-signature";

/// Why a signature is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    Missing,
    Malformed,
    Stale,
    Wrong,
}

/// The signature header's value for `body` signed at `at`: what a gateway
/// (or a test standing in for one) sends.
pub fn sign(secret: &str, at: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(format!("{at}.").as_bytes());
    mac.update(body);
    format!("t={at},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Checks the header against the body, at the time `now`.
pub fn check(secret: &str, header: Option<&str>, body: &[u8], now: i64) -> Result<(), Refused> {
    let header = header.ok_or(Refused::Missing)?;
    let mut at = None;
    let mut given = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => at = t.parse::<i64>().ok(),
            Some(("v1", v)) => given = hex::decode(v).ok(),
            _ => {}
        }
    }
    let (at, given) = at.zip(given).ok_or(Refused::Malformed)?;
    // Checked: a forged time at the edge of i64 must be refused, not overflow.
    if now.checked_sub(at).is_none_or(|d| d.unsigned_abs() > WINDOW_SECS.unsigned_abs()) {
        return Err(Refused::Stale);
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(format!("{at}.").as_bytes());
    mac.update(body);
    // Compared in constant time.
    mac.verify_slice(&given).map_err(|_| Refused::Wrong)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_for_its_body_and_time_only() {
        let body = br#"{"id":"m1","from":"01711112222","text":"STOP"}"#;
        let header = sign("s3cret", 1_000_000, body);
        assert_eq!(check("s3cret", Some(&header), body, 1_000_100), Ok(()));
        assert_eq!(check("other", Some(&header), body, 1_000_100), Err(Refused::Wrong));
        assert_eq!(check("s3cret", Some(&header), b"{}", 1_000_100), Err(Refused::Wrong));
        assert_eq!(check("s3cret", Some(&header), body, 1_000_000 + WINDOW_SECS + 1), Err(Refused::Stale));
        assert_eq!(check("s3cret", Some("v1=00"), body, 1_000_000), Err(Refused::Malformed));
        assert_eq!(check("s3cret", None, body, 1_000_000), Err(Refused::Missing));
        assert_eq!(check("s3cret", Some("t=-9223372036854775000,v1=00"), body, 1_000_000), Err(Refused::Stale));
    }
}
