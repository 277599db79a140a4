//! One teacher's browser: her cookies, the CSRF token her pages carry, and
//! requests sent as a phone's browser sends them (gzip, same-origin form
//! posts, redirects read rather than followed blindly). Each request is
//! timed into the worker's [`Stats`]; an unexpected answer is a failure,
//! and an answer that sends a signed-in teacher to the log-in page is a
//! lost session.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_ENCODING, CONTENT_TYPE, LOCATION, SET_COOKIE};

use crate::html;
use crate::stats::{Clock, Failure, FailureKind, LostSession, Stats, Step};

/// What a request sends.
pub enum Body {
    Empty,
    /// `application/x-www-form-urlencoded`, fields in form order.
    Form(Vec<(String, String)>),
    /// `multipart/form-data`: text fields, then file inputs left empty.
    Multipart(Vec<(String, String)>, Vec<&'static str>),
}

/// The answer a step counts as success.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// 200 with HTML (signed in, when she is).
    Page,
    /// A redirect (a form accepted).
    Redirect,
    /// 200 with JSON.
    Json,
}

/// Why a request gave nothing to go on.
#[derive(Debug)]
pub enum Miss {
    Failed(FailureKind),
    /// She was sent to the log-in page (counted as a lost session).
    SignedOut,
}

pub struct Reply {
    pub status: u16,
    /// The redirect's target as a path (`/contents/5#comment-9`).
    pub location: Option<String>,
    pub body: String,
}

/// A browser's state for one teacher.
#[derive(Default)]
pub struct Session {
    cookies: BTreeMap<String, String>,
    pub csrf: Option<String>,
    pub signed_in: bool,
    pub who: String,
}

impl Session {
    pub fn new(who: &str) -> Session {
        Session { who: who.to_owned(), ..Session::default() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; ")
    }

    /// Keeps (or forgets) what a `Set-Cookie` says.
    fn remember(&mut self, header: &str) {
        let first = header.split(';').next().unwrap_or("");
        let Some((name, value)) = first.split_once('=') else { return };
        let expired = header.to_ascii_lowercase().contains("max-age=0");
        if value.is_empty() || expired {
            self.cookies.remove(name.trim());
        } else {
            self.cookies.insert(name.trim().to_owned(), value.trim().to_owned());
        }
    }
}

/// The HTTP client every teacher shares (one connection pool, like one proxy).
pub struct Http {
    client: reqwest::Client,
    base: String,
    pub clock: Clock,
}

impl Http {
    pub fn new(base: &str, timeout: Duration, clock: Clock) -> anyhow::Result<Http> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .tcp_nodelay(true)
            .user_agent("batayon-load")
            .build()?;
        Ok(Http { client, base: base.trim_end_matches('/').to_owned(), clock })
    }

    pub async fn get(
        &self,
        s: &mut Session,
        stats: &mut Stats,
        step: Step,
        path: &str,
        expect: Expect,
    ) -> Option<Reply> {
        self.send(s, stats, step, path, Body::Empty, expect).await.ok()
    }

    pub async fn post(&self, s: &mut Session, stats: &mut Stats, step: Step, path: &str, body: Body) -> Option<Reply> {
        self.send(s, stats, step, path, body, Expect::Redirect).await.ok()
    }

    /// A GET that says why it failed (the re-reads at the end need to know).
    pub async fn fetch(
        &self,
        s: &mut Session,
        stats: &mut Stats,
        step: Step,
        path: &str,
        expect: Expect,
    ) -> Result<Reply, Miss> {
        self.send(s, stats, step, path, Body::Empty, expect).await
    }

    fn request(&self, s: &Session, path: &str, body: Body) -> reqwest::RequestBuilder {
        let url = format!("{}{path}", self.base);
        let mut r = match body {
            Body::Empty => self.client.get(url),
            Body::Form(fields) => {
                let mut form = form_urlencoded::Serializer::new(String::new());
                form.extend_pairs(fields.iter().map(|(n, v)| (n.as_str(), v.as_str())));
                let r = self.client.post(url).header(CONTENT_TYPE, "application/x-www-form-urlencoded");
                r.header("origin", &self.base).body(form.finish())
            }
            Body::Multipart(fields, files) => {
                let (boundary, bytes) = multipart(&fields, &files);
                let r = self.client.post(url).header(CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
                r.header("origin", &self.base).body(bytes)
            }
        };
        r = r.header("accept-encoding", "gzip").header("sec-fetch-site", "same-origin");
        if !s.cookies.is_empty() {
            r = r.header("cookie", s.cookie_header());
        }
        r
    }

    /// Sends, times and judges one request; a failure is counted in `stats`.
    async fn send(
        &self,
        s: &mut Session,
        stats: &mut Stats,
        step: Step,
        path: &str,
        body: Body,
        expect: Expect,
    ) -> Result<Reply, Miss> {
        let method = if matches!(body, Body::Empty) { "GET" } else { "POST" };
        let sent = Instant::now();
        let result = self.exchange(s, path, body).await;
        let answered = Instant::now();
        stats.took(step, answered.duration_since(sent).as_micros());
        let fail = |stats: &mut Stats, kind: FailureKind, detail: String| {
            let at_ms = self.clock.at_ms(answered);
            let unix_ms = self.clock.unix_of(at_ms);
            let f = Failure {
                step: step.label(),
                kind: kind.to_string(),
                at_ms,
                unix_ms,
                sent_ms: self.clock.at_ms(sent),
                method,
                path: path.into(),
                detail,
            };
            stats.failed(step, kind, f);
        };
        let reply = match result {
            Ok(reply) => reply,
            Err(e) => {
                let kind = kind_of(&e);
                fail(stats, kind.clone(), format!("{e:#}"));
                return Err(Miss::Failed(kind));
            }
        };
        if s.signed_in && self.signed_out(&reply, expect) {
            let at_ms = self.clock.at_ms(answered);
            let lost =
                LostSession { teacher: s.who.clone(), at_ms, unix_ms: self.clock.unix_of(at_ms), path: path.into() };
            stats.lost_sessions.push(lost);
            s.signed_in = false;
            return Err(Miss::SignedOut);
        }
        let wanted = match expect {
            Expect::Page | Expect::Json => reply.status == 200,
            Expect::Redirect => (301..=308).contains(&reply.status) && reply.location.is_some(),
        };
        if !wanted {
            fail(stats, FailureKind::Status(reply.status), snippet(&reply.body));
            return Err(Miss::Failed(FailureKind::Status(reply.status)));
        }
        if let Some(token) = (expect == Expect::Page).then(|| html::csrf(&reply.body)).flatten() {
            s.csrf = Some(token);
        }
        Ok(reply)
    }

    /// Did this answer show that her session is gone?
    fn signed_out(&self, reply: &Reply, expect: Expect) -> bool {
        let to_login = reply.location.as_deref().is_some_and(|l| l == "/login" || l.starts_with("/login?"));
        let page_without_her = expect == Expect::Page && reply.status == 200 && !html::signed_in(&reply.body);
        to_login || reply.status == 401 || page_without_her
    }

    async fn exchange(&self, s: &mut Session, path: &str, body: Body) -> Result<Reply, reqwest::Error> {
        let response = self.request(s, path, body).send().await?;
        let status = response.status().as_u16();
        for value in response.headers().get_all(SET_COOKIE) {
            if let Ok(v) = value.to_str() {
                s.remember(v);
            }
        }
        let location = response.headers().get(LOCATION).and_then(|v| v.to_str().ok()).map(|l| self.as_path(l));
        let gzip = response.headers().get(CONTENT_ENCODING).is_some_and(|v| v.as_bytes() == b"gzip");
        let bytes = response.bytes().await?;
        let body = if gzip { gunzip(&bytes) } else { String::from_utf8_lossy(&bytes).into_owned() };
        Ok(Reply { status, location, body })
    }

    fn as_path(&self, location: &str) -> String {
        location.strip_prefix(&self.base).unwrap_or(location).to_owned()
    }
}

fn kind_of(e: &reqwest::Error) -> FailureKind {
    if e.is_timeout() {
        FailureKind::Timeout
    } else if e.is_connect() || e.is_request() || e.is_body() {
        FailureKind::Connection
    } else {
        FailureKind::Other
    }
}

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    match flate2::read::GzDecoder::new(bytes).read_to_string(&mut text) {
        Ok(_) => text,
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The start of an unexpected answer, on one line, for the failure list.
fn snippet(body: &str) -> String {
    let title = body.split_once("<title>").and_then(|(_, t)| t.split_once("</title>")).map(|(t, _)| t);
    let text = title.unwrap_or(body);
    text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(200).collect()
}

/// A multipart body as a browser sends a form: the fields in order, then
/// each file input with no file chosen (an empty part named with `filename=""`).
fn multipart(fields: &[(String, String)], files: &[&str]) -> (String, Vec<u8>) {
    let boundary = format!("----batayon-load-{:016x}", rand::random::<u64>());
    let mut body: Vec<u8> = Vec::new();
    for (name, value) in fields {
        let _ = write!(body, "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
    }
    for name in files {
        let head = format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"\"");
        let _ = write!(body, "--{boundary}\r\n{head}\r\nContent-Type: application/octet-stream\r\n\r\n\r\n");
    }
    let _ = write!(body, "--{boundary}--\r\n");
    (boundary, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_kept_replaced_and_forgotten() {
        let mut s = Session::new("t");
        s.remember("batayon_csrf=abc; Path=/; HttpOnly; SameSite=Lax");
        s.remember("batayon_session=s1; Path=/; HttpOnly");
        s.remember("batayon_session=s2; Path=/");
        assert_eq!(s.cookie_header(), "batayon_csrf=abc; batayon_session=s2");
        s.remember("batayon_session=; Path=/; Max-Age=0");
        assert_eq!(s.cookie_header(), "batayon_csrf=abc");
    }

    #[test]
    fn a_multipart_body_carries_fields_then_empty_files() {
        let (b, body) = multipart(&[("_csrf".into(), "t".into())], &["photo"]);
        let text = String::from_utf8(body).unwrap();
        assert!(text.starts_with(&format!("--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nt\r\n")));
        assert!(text.contains("name=\"photo\"; filename=\"\""));
        assert!(text.ends_with(&format!("--{b}--\r\n")));
    }
}
