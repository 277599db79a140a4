//! Per-request context: who is asking (session cookie or bearer token),
//! in which language, with which CSRF token. One middleware works it out
//! once; handlers read it through the [`Page`] and [`CurrentUser`]
//! extractors. The same middleware renders errors, because only it knows
//! the language and whether the caller is a browser or an API client.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, ORIGIN, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

use super::csrf;
use super::error::{AppError, ErrorInfo};
use super::i18n::Lang;
use super::role::Role;
use crate::config::Config;
use crate::ids::UserId;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "batayon_session";
pub const LANG_COOKIE: &str = "batayon_lang";

/// The signed-in person.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    pub lang: Lang,
    /// Signed in with `Authorization: Bearer` rather than a cookie.
    pub via_bearer: bool,
    /// Data-saver mode as she chose it on her account, if she chose.
    pub saver: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct RequestContext {
    pub lang: Lang,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub path: String,
    pub client: String,
    pub is_api: bool,
    /// Pages drawn light (`web::saver`).
    pub saver: bool,
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The address rate limits count against. Behind proxies, the rightmost
/// `X-Forwarded-For` entry that no trusted proxy added: entries to its left
/// were written by the client and prove nothing.
pub fn client_address(req: &Request, config: &Config) -> String {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    let Some(peer) = peer else { return "unknown".into() };
    if !config.behind_proxy || !config.trusted_proxies.iter().any(|net| net.contains(peer)) {
        return rate_bucket(peer);
    }
    let forwarded = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
    let hops: Vec<&str> = forwarded.flat_map(|v| v.split(',')).map(str::trim).collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !config.trusted_proxies.iter().any(|net| net.contains(ip)) {
                    break;
                }
            }
            // Garbage in the chain: the last address we could trust is the answer.
            Err(_) => break,
        }
    }
    rate_bucket(client)
}

/// IPv4 addresses count alone; an IPv6 address counts with its /64, since
/// one household or phone is handed a whole /64 and may walk through it.
pub fn rate_bucket(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A write whose browser says it came from another site is refused outright
/// (Sec-Fetch-Site, else Origin against Host); forms also carry a token.
fn cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "cross-site";
    }
    match (headers.get(ORIGIN).and_then(|v| v.to_str().ok()), headers.get("host").and_then(|v| v.to_str().ok())) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, h)| h) != Some(host),
        _ => false,
    }
}

pub async fn middleware(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let path = req.uri().path().to_owned();
    let is_api = path.starts_with("/api/");
    let secure = state.config.secure_cookies;
    let (cookie_token, csrf_is_new) = match cookie(headers, csrf::cookie_name(secure)).filter(|t| csrf::well_formed(t))
    {
        Some(t) => (t.to_owned(), false),
        None => (csrf::new_token(), true),
    };
    // Put there by the session layer (accounts), which runs before this one.
    let user = req.extensions().get::<CurrentUser>().cloned();
    let bound = req.extensions().get::<csrf::SessionBound>().map(|b| b.0.clone());
    let csrf_token = bound.filter(|_| user.is_some()).unwrap_or_else(|| cookie_token.clone());
    // An API client that asks with Accept-Language is answered in that
    // language. Pages stay Bangla-first even when a phone's browser asks for
    // English (most do by factory setting): the cookie, then the account.
    let asked = is_api
        .then(|| headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language))
        .flatten();
    let lang = asked
        .or_else(|| cookie(headers, LANG_COOKIE).and_then(Lang::parse))
        .or(user.as_ref().map(|u| u.lang))
        .unwrap_or_default();
    let saver = super::saver::wanted(headers, user.as_ref().and_then(|u| u.saver));

    let refused = if is_write(req.method()) {
        let cookie_authenticated = user.as_ref().is_some_and(|u| !u.via_bearer);
        let header_token = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
        cross_site(headers)
            || (is_api && cookie_authenticated && !header_token.is_some_and(|t| csrf::same(t, &csrf_token)))
    } else {
        false
    };

    let ctx = RequestContext {
        lang,
        user,
        csrf: csrf_token.clone(),
        path,
        client: client_address(&req, &state.config),
        is_api,
        saver,
    };
    req.extensions_mut().insert(ctx.clone());
    let mut response =
        if refused { axum::response::IntoResponse::into_response(AppError::CsrfFailed) } else { next.run(req).await };

    if let Some(info) = response.extensions_mut().remove::<ErrorInfo>() {
        response = super::problem::render(&state, &ctx, &info, response);
    }
    if secure {
        response.headers_mut().insert(
            axum::http::header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if csrf_is_new {
        let value = csrf::cookie_header(&cookie_token, secure);
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().append(SET_COOKIE, v);
        }
    }
    response
}

impl<S: Send + Sync> FromRequestParts<S> for RequestContext {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<RequestContext>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("context middleware missing")))
    }
}

impl CurrentUser {
    pub fn signed_in(id: UserId, name: String, role: Role, lang: Lang, via_bearer: bool) -> Self {
        CurrentUser { id, name, role, lang, via_bearer, saver: None }
    }

    pub fn require_admin(&self) -> Result<(), AppError> {
        if self.role == Role::Admin { Ok(()) } else { Err(AppError::Forbidden) }
    }

    pub fn require_moderator(&self) -> Result<(), AppError> {
        if self.role.can_moderate() { Ok(()) } else { Err(AppError::Forbidden) }
    }
}

/// The signed-in person; answers 401 (API) or sends to the log-in page.
impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, AppError> {
        RequestContext::from_request_parts(parts, s).await?.user.ok_or(AppError::LoginRequired)
    }
}

/// What every page template needs: language, viewer, CSRF token, where we are.
#[derive(Clone, Debug)]
pub struct Page {
    pub lang: Lang,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub path: String,
    pub css_href: String,
    /// The search box's suggestions (every page has the box).
    pub search_js_href: String,
    /// The service worker's registration and the offline shelf (every page).
    pub site_js_href: String,
    /// Set by pages that want a `<meta name="robots" content="noindex">`.
    pub title: String,
    /// The signed-in person's unread notifications, for the header's bell.
    pub unread: u64,
    /// Data-saver mode: no pictures or previews until tapped.
    pub saver: bool,
}

/// How the header learns how many notifications a signed-in person has not
/// read: the notifications folder installs it at start (`web` imports no
/// feature). Without it the bell shows no count.
pub type UnreadCounter =
    std::sync::Arc<dyn Fn(AppState, UserId) -> Pin<Box<dyn Future<Output = u64> + Send>> + Send + Sync>;

/// The installed [`UnreadCounter`], one per process.
#[derive(Default)]
pub struct Unread(std::sync::OnceLock<UnreadCounter>);

impl Unread {
    pub fn install(&self, counter: UnreadCounter) {
        let _ = self.0.set(counter);
    }
}

impl FromRequestParts<AppState> for Page {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let ctx = RequestContext::from_request_parts(parts, state).await?;
        let mut page = Page::new(&ctx, state);
        if let Some(user) = ctx.user.as_ref().filter(|_| !ctx.is_api)
            && let Some(count) = state.part::<Unread>().0.get()
        {
            page.unread = count(state.clone(), user.id).await;
        }
        Ok(page)
    }
}

impl Page {
    pub fn new(ctx: &RequestContext, state: &AppState) -> Self {
        Page {
            lang: ctx.lang,
            user: ctx.user.clone(),
            csrf: ctx.csrf.clone(),
            path: ctx.path.clone(),
            css_href: super::assets::Assets::of(state).css_href.clone(),
            search_js_href: super::assets::Assets::of(state).search_js_href.clone(),
            site_js_href: super::assets::Assets::of(state).site_js_href.clone(),
            title: String::new(),
            unread: 0,
            saver: ctx.saver,
        }
    }

    pub fn titled(mut self, key: &str) -> Self {
        self.title = self.lang.t(key);
        self
    }

    pub fn t(&self, key: &str) -> std::borrow::Cow<'static, str> {
        self.lang.text(key)
    }

    pub fn n(&self, n: &i64) -> String {
        self.lang.num(*n)
    }

    /// A decimal (a score) in the page's digits: two places, none when whole.
    pub fn dec(&self, x: &f64) -> String {
        let text = format!("{x:.2}");
        self.lang.digits(text.strip_suffix(".00").unwrap_or(&text))
    }

    pub fn digits(&self, text: &str) -> String {
        self.lang.digits(text)
    }

    /// The language switch link: back to this page in the other language.
    pub fn switch_href(&self) -> String {
        format!("/lang/{}?next={}", self.lang.other().code(), urlencode(&self.path))
    }

    /// This browser's data-saver link (for anyone): the other position,
    /// back to this page.
    pub fn saver_href(&self) -> String {
        let to = if self.saver { "off" } else { "on" };
        format!("/data-saver/{to}?next={}", urlencode(&self.path))
    }

    /// What a tap costs, in the page's digits ("৩.২ MB").
    pub fn cost(&self, bytes: &i64) -> String {
        self.lang.digits(&super::saver::cost(*bytes))
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role == Role::Admin)
    }

    pub fn is_officer(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role == Role::Officer)
    }

    pub fn is_moderator(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.can_moderate())
    }

    /// A head teacher: her school's board and dashboard are hers to see.
    pub fn is_head_teacher(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role == Role::HeadTeacher)
    }

    /// What the bell says to a screen reader: "বার্তা: ৩টি নতুন".
    pub fn bell_label(&self) -> String {
        match self.unread {
            0 => self.lang.t("nav-notifications-none"),
            n => self.lang.t_with("nav-notifications-unread", &[("count", self.lang.num(n as i64))]),
        }
    }

    /// The bell's count in the page's digits ("৯+" past nine, so it stays small).
    pub fn unread_count(&self) -> String {
        if self.unread > 9 { self.lang.digits("9+") } else { self.lang.num(self.unread as i64) }
    }
}

pub fn urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(peer: &str, forwarded: &[&str]) -> Request {
        let mut req = Request::new(axum::body::Body::empty());
        let peer: IpAddr = peer.parse().unwrap();
        req.extensions_mut().insert(ConnectInfo(SocketAddr::new(peer, 5000)));
        for f in forwarded {
            req.headers_mut().append("x-forwarded-for", f.parse().unwrap());
        }
        req
    }

    fn behind(proxies: &str) -> Config {
        let mut config = Config::for_tests(std::path::Path::new("/tmp"));
        config.behind_proxy = true;
        config.trusted_proxies = proxies.split(',').map(|p| p.parse().unwrap()).collect();
        config
    }

    #[test]
    fn the_client_is_the_rightmost_address_no_trusted_proxy_added() {
        let config = behind("127.0.0.0/8,10.0.0.0/8");
        // The client wrote "6.6.6.6" itself; the proxy appended what it saw.
        assert_eq!(client_address(&from("127.0.0.1", &["6.6.6.6, 203.0.113.7"]), &config), "203.0.113.7");
        // Two proxies in a row, both trusted.
        assert_eq!(client_address(&from("127.0.0.1", &["6.6.6.6, 203.0.113.7, 10.1.2.3"]), &config), "203.0.113.7");
        // Headers split over two lines read as one list.
        assert_eq!(client_address(&from("127.0.0.1", &["6.6.6.6", "203.0.113.8"]), &config), "203.0.113.8");
        // A peer that is not a trusted proxy is the client, whatever it claims.
        assert_eq!(client_address(&from("198.51.100.4", &["6.6.6.6"]), &config), "198.51.100.4");
        // Without --behind-proxy the header means nothing.
        let direct = Config::for_tests(std::path::Path::new("/tmp"));
        assert_eq!(client_address(&from("127.0.0.1", &["6.6.6.6"]), &direct), "127.0.0.1");
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        let config = behind("::1/128");
        let a = client_address(&from("::1", &["2001:db8:1:2:aaaa::1"]), &config);
        let b = client_address(&from("::1", &["2001:db8:1:2:bbbb::9"]), &config);
        assert_eq!(a, b);
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_ne!(a, client_address(&from("::1", &["2001:db8:1:3::1"]), &config));
    }
}
