//! Who may read `/metrics`. With `--metrics-token` (`BATAYON_METRICS_TOKEN`)
//! a scrape must send `Authorization: Bearer TOKEN`. Without it only the
//! machine itself may ask: the peer must be a loopback address, and behind
//! a proxy (`--behind-proxy`) the client the trusted proxies forwarded for
//! must be too, so a request from outside relayed by a local proxy is
//! refused.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::config::Config;

/// Why a scrape was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A token is set and the request did not present it.
    NoToken,
    /// No token is set and the request is not from this machine.
    NotLocal,
}

/// Whether this request may read the metrics.
pub fn check(request: &Parts, config: &Config) -> Result<(), Refusal> {
    match &config.metrics_token {
        Some(token) => {
            let presented = request
                .headers
                .get(AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim);
            if presented.is_some_and(|p| same(p.as_bytes(), token.as_bytes())) { Ok(()) } else { Err(Refusal::NoToken) }
        }
        None => {
            if client(request, config).is_some_and(local) {
                Ok(())
            } else {
                Err(Refusal::NotLocal)
            }
        }
    }
}

fn local(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(v6.is_loopback(), |v4| v4.is_loopback()),
        IpAddr::V4(v4) => v4.is_loopback(),
    }
}

/// The address that asked: the peer, or behind trusted proxies the
/// rightmost `X-Forwarded-For` entry no trusted proxy wrote. None when it
/// cannot be told (no peer, or an entry that is not an address).
fn client(request: &Parts, config: &Config) -> Option<IpAddr> {
    let peer = request.extensions.get::<ConnectInfo<SocketAddr>>()?.0.ip();
    let trusted = |ip: IpAddr| config.trusted_proxies.iter().any(|net| net.contains(ip));
    if !config.behind_proxy || !trusted(peer) {
        return Some(peer);
    }
    let forwarded = request.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
    let hops: Vec<&str> = forwarded.flat_map(|v| v.split(',')).map(str::trim).collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        client = hop.parse().ok()?;
        if !trusted(client) {
            break;
        }
    }
    Some(client)
}

/// Compares in time that does not depend on where the texts differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}
