//! Data-saver mode, for teachers who buy data by the megabyte: pictures
//! and previews stay away until tapped, and every tap says what it costs.
//!
//! Who gets it: her own choice on her account when she is signed in and has
//! chosen; else this browser's switch (a cookie, so it works signed out and
//! without JavaScript); else the browser's `Save-Data: on`. The switch is a
//! plain link for anyone (it only sets the cookie: a GET never writes to the
//! database); signed-in teachers get a small form that also keeps the
//! choice on the account (`accounts::pages::save_data_saver`).

use axum::extract::{Path, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};

use super::context::cookie;
use super::error::AppError;
use super::language::Next;
use super::redirect::safe_next;
use crate::state::AppState;

pub const SAVER_COOKIE: &str = "batayon_saver";

/// The two positions of the switch, as they appear in its address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Switch {
    On,
    Off,
}

impl Switch {
    pub fn parse(code: &str) -> Option<Switch> {
        match code {
            "on" => Some(Switch::On),
            "off" => Some(Switch::Off),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Switch::On => "on",
            Switch::Off => "off",
        }
    }

    pub fn is_on(self) -> bool {
        self == Switch::On
    }
}

/// Whether this request's pages are drawn light (see the module's note for
/// the order of precedence).
pub fn wanted(headers: &HeaderMap, account: Option<bool>) -> bool {
    if let Some(chosen) = account {
        return chosen;
    }
    if let Some(switch) = cookie(headers, SAVER_COOKIE).and_then(Switch::parse) {
        return switch.is_on();
    }
    headers.get_all("save-data").iter().filter_map(|v| v.to_str().ok()).any(|v| v.trim().eq_ignore_ascii_case("on"))
}

pub async fn switch(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<Next>,
) -> Result<Response, AppError> {
    let switch = Switch::parse(&code).ok_or(AppError::NotFound)?;
    Ok(redirect_with_cookie(&state, switch, q.next.as_deref()))
}

/// Back to `next` (a local path only) with this browser's switch kept a year.
pub fn redirect_with_cookie(state: &AppState, switch: Switch, next: Option<&str>) -> Response {
    let mut response = Redirect::to(&safe_next(next)).into_response();
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let cookie = format!("{SAVER_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}", switch.code());
    response.headers_mut().append(SET_COOKIE, HeaderValue::from_str(&cookie).expect("ASCII cookie"));
    response
}

/// What a tap costs, in the reader's digits: "৮৫ KB" below a megabyte,
/// "৩.২ MB" above (one decimal below ten, whole megabytes past it).
pub fn cost(bytes: i64) -> String {
    const MB: f64 = 1_048_576.0;
    let bytes = bytes.max(0) as f64;
    if bytes < MB {
        format!("{} KB", ((bytes / 1024.0).ceil() as i64).max(1))
    } else if bytes < 10.0 * MB {
        format!("{:.1} MB", bytes / MB)
    } else {
        format!("{:.0} MB", bytes / MB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
        }
        h
    }

    #[test]
    fn her_account_then_this_browser_then_save_data_decide() {
        let asks = headers(&[("save-data", "on")]);
        assert!(wanted(&asks, None));
        assert!(!wanted(&headers(&[("save-data", "off")]), None));
        assert!(!wanted(&HeaderMap::new(), None));
        // This browser's switch outranks the header, her account both.
        let switched_off = headers(&[("save-data", "on"), ("cookie", "batayon_saver=off")]);
        assert!(!wanted(&switched_off, None));
        assert!(wanted(&switched_off, Some(true)));
        assert!(!wanted(&headers(&[("cookie", "batayon_saver=on")]), Some(false)));
        // A cookie that is neither leaves the decision to the header.
        assert!(wanted(&headers(&[("save-data", "on"), ("cookie", "batayon_saver=maybe")]), None));
    }

    #[test]
    fn a_tap_costs_kilobytes_then_megabytes() {
        assert_eq!(cost(0), "1 KB");
        assert_eq!(cost(87_000), "85 KB");
        assert_eq!(cost(3_355_443), "3.2 MB");
        assert_eq!(cost(52_428_800), "50 MB");
    }
}
