//! Public pages and documents: issuer profiles and DID documents,
//! achievements and their pictures, the competency framework, the signed
//! credentials and status lists, and the verifier (online and offline).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use super::competencies::{self, Competency};
use super::entity::{achievement, credential, issuer, key};
use super::model::AchievementRule;
use super::verification::{self, CredentialCheck};
use super::{access, document, image, issuing, store};
use crate::ids::{AchievementId, IssuerId};
use crate::state::AppState;
pub use crate::web::fields::Form;
use crate::web::{AppError, AppResult, FieldErrors, Page};

/// The form as posted, from the struct it was read into, with the
/// refusal's messages: what the page shows when it comes back.
pub fn kept<T: serde::Serialize>(errors: FieldErrors, typed: &T) -> Form {
    let text = serde_html_form::to_string(typed).unwrap_or_default();
    Form::refused(errors, serde_html_form::from_str(&text).unwrap_or_default())
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/issuers", get(issuers))
        .route("/issuers/{id}", get(issuer_page))
        .route("/issuers/{id}/did.json", get(did_json))
        .route("/achievements/{id}", get(achievement_page))
        .route("/achievements/{id}/image.svg", get(achievement_image))
        .route("/competencies", get(framework))
        .route("/credentials/{id}", get(credential_json))
        .route("/credentials/status/{issuer}", get(status_list))
        .route("/verify", get(offline_verifier))
        .route("/verify/keys.json", get(keys_json))
        .route("/verify/status.json", get(status_json))
        .route("/verify/sw.js", get(service_worker))
        .route("/verify/{id}", get(verify_page))
}

fn ld_json(v: &Value) -> Response {
    ([(CONTENT_TYPE, "application/ld+json")], v.to_string()).into_response()
}

pub async fn issuer_of(state: &AppState, id: IssuerId) -> AppResult<issuer::Model> {
    store::issuer(&state.db, id).await?.ok_or(AppError::NotFound)
}

#[derive(Template)]
#[template(path = "credentials/issuers.html")]
struct IssuersPage {
    page: Page,
    issuers: Vec<issuer::Model>,
    form: Form,
}

pub async fn issuers_html(state: &AppState, page: Page, form: Form) -> AppResult<String> {
    let issuers = store::issuers(&state.db).await?;
    Ok(IssuersPage { page: page.titled("badge-issuers"), issuers, form }.render()?)
}

async fn issuers(State(state): State<AppState>, page: Page) -> AppResult<Html<String>> {
    Ok(Html(issuers_html(&state, page, Form::default()).await?))
}

#[derive(Template)]
#[template(path = "credentials/issuer.html")]
struct IssuerPage {
    page: Page,
    i: issuer::Model,
    did: String,
    keys: Vec<key::Model>,
    achievements: Vec<achievement::Model>,
    acts_for: bool,
    competencies: &'static [Competency],
    rules: &'static [AchievementRule],
    form: Form,
}

impl IssuerPage {
    fn date(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        self.page.lang.day(crate::web::dhaka_date(*t))
    }
}

async fn issuer_page(State(state): State<AppState>, page: Page, Path(id): Path<IssuerId>) -> AppResult<Html<String>> {
    Ok(Html(issuer_html(&state, page, id, Form::default()).await?))
}

pub async fn issuer_html(state: &AppState, page: Page, id: IssuerId, form: Form) -> AppResult<String> {
    let i = issuer_of(state, id).await?;
    let keys = store::keys_of(&state.db, id).await?;
    let achievements = store::achievements_of(&state.db, id).await?;
    let acts_for = match &page.user {
        Some(u) => access::acts_for(state, u, id).await?,
        None => false,
    };
    let mut page = page;
    page.title = i.name.clone();
    let did = document::did_web(&state.config.public_url, id);
    let competencies = &competencies::FRAMEWORK;
    let rules = AchievementRule::ALL;
    Ok(IssuerPage { page, i, did, keys, achievements, acts_for, competencies, rules, form }.render()?)
}

async fn did_json(State(state): State<AppState>, Path(id): Path<IssuerId>) -> AppResult<Response> {
    let i = issuer_of(&state, id).await?;
    let keys = store::keys_of(&state.db, id).await?;
    let doc = document::did_document(&state.config.public_url, &i, &keys);
    Ok(([(CONTENT_TYPE, "application/did+json")], doc.to_string()).into_response())
}

#[derive(Template)]
#[template(path = "credentials/achievement.html")]
struct AchievementPage {
    page: Page,
    a: achievement::Model,
    i: issuer::Model,
    endorser: Option<issuer::Model>,
    competency: Option<&'static Competency>,
    acts_for: bool,
    /// Issuers the viewer may endorse as (not the badge's own).
    can_endorse_as: Vec<issuer::Model>,
    form: Form,
}

async fn achievement_page(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<AchievementId>,
) -> AppResult<Html<String>> {
    Ok(Html(achievement_html(&state, page, id, Form::default()).await?))
}

pub async fn achievement_html(state: &AppState, page: Page, id: AchievementId, form: Form) -> AppResult<String> {
    let a = store::achievement(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let i = issuer_of(state, a.issuer_id).await?;
    let endorser = match a.endorser_id {
        Some(e) => store::issuer(&state.db, e).await?,
        None => None,
    };
    let (acts_for, can_endorse_as) = match &page.user {
        Some(u) => {
            let all = store::issuers(&state.db).await?;
            let mine = store::issuers_of_member(&state.db, u.id).await?;
            let admin = u.role == crate::web::role::Role::Admin;
            let can: Vec<issuer::Model> =
                all.into_iter().filter(|x| x.id != a.issuer_id && (admin || mine.contains(&x.id))).collect();
            (access::acts_for(state, u, a.issuer_id).await?, if a.endorsement.is_none() { can } else { Vec::new() })
        }
        None => (false, Vec::new()),
    };
    let competency = competencies::by_code(&a.competency);
    let mut page = page;
    page.title = a.name.clone();
    Ok(AchievementPage { page, a, i, endorser, competency, acts_for, can_endorse_as, form }.render()?)
}

async fn achievement_image(State(state): State<AppState>, Path(id): Path<AchievementId>) -> AppResult<Response> {
    let a = store::achievement(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let i = issuer_of(&state, a.issuer_id).await?;
    Ok(([(CONTENT_TYPE, "image/svg+xml"), (CACHE_CONTROL, "public, max-age=3600")], image::badge_svg(&a, &i))
        .into_response())
}

#[derive(Template)]
#[template(path = "credentials/competencies.html")]
struct FrameworkPage {
    page: Page,
    name: &'static str,
    competencies: &'static [Competency],
}

async fn framework(page: Page) -> AppResult<Html<String>> {
    Ok(Html(
        FrameworkPage {
            page: page.titled("badge-framework"),
            name: competencies::FRAMEWORK_NAME,
            competencies: &competencies::FRAMEWORK,
        }
        .render()?,
    ))
}

pub async fn credential_by_public_id(state: &AppState, id: &str) -> AppResult<credential::Model> {
    if id.len() != 36 || !id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
        return Err(AppError::NotFound);
    }
    store::by_public_id(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// The signed OpenBadgeCredential, byte for byte as issued.
async fn credential_json(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let id = id.trim_end_matches(".json");
    let c = credential_by_public_id(&state, id).await?;
    Ok(([(CONTENT_TYPE, "application/ld+json")], c.document).into_response())
}

async fn status_list(State(state): State<AppState>, Path(id): Path<IssuerId>) -> AppResult<Response> {
    let i = issuer_of(&state, id).await?;
    let signed = issuing::status_list(&state, &i).await?;
    Ok(ld_json(&signed))
}

/// Texts the offline check shows, in the page's language, with `{…}` holes.
pub struct OfflineTexts {
    pub valid: String,
    pub revoked: String,
    pub expired: String,
    pub invalid: String,
    pub nokeys: String,
    pub to: String,
    pub what: String,
    pub on: String,
    pub asof: String,
    /// The twelve months' names, for days written in words.
    pub months: String,
}

pub fn offline_texts(page: &Page) -> OfflineTexts {
    let t = |k: &str| page.t(k).into_owned();
    OfflineTexts {
        valid: t("badge-offline-valid"),
        revoked: t("badge-offline-revoked"),
        expired: t("badge-offline-expired"),
        invalid: t("badge-offline-invalid"),
        nokeys: t("badge-offline-nokeys"),
        to: t("badge-offline-to"),
        what: t("badge-offline-what"),
        on: t("badge-offline-on"),
        asof: t("badge-offline-asof"),
        months: (1..=12).map(|m| t(&format!("month-{m}"))).collect::<Vec<_>>().join(","),
    }
}

#[derive(Template)]
#[template(path = "credentials/offline.html")]
struct OfflinePage {
    page: Page,
    texts: OfflineTexts,
    verify_js: String,
}

async fn offline_verifier(State(state): State<AppState>, page: Page) -> AppResult<Html<String>> {
    let texts = offline_texts(&page);
    let verify_js = crate::web::assets::Assets::of(&state).verify_js_href.clone();
    Ok(Html(OfflinePage { page: page.titled("badge-verifier"), texts, verify_js }.render()?))
}

/// Every issuer's public keys, raw and base64url, for the phone's check.
async fn keys_json(State(state): State<AppState>) -> AppResult<Response> {
    use base64::Engine;
    let issuers = store::issuers(&state.db).await?;
    let keys = store::all_keys(&state.db).await?;
    let mut out = serde_json::Map::new();
    for i in issuers {
        let mut ks = serde_json::Map::new();
        for k in keys.iter().filter(|k| k.issuer_id == i.id) {
            if let Ok(p) = vc::public_key_from_multibase(&k.public_multibase) {
                let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(p.as_bytes());
                ks.insert(k.number.to_string(), json!(raw));
            }
        }
        out.insert(i.id.0.to_string(), json!({"short": i.short_name, "name": i.name, "keys": ks}));
    }
    let body = json!({"made": document::stamp(chrono::Utc::now()), "issuers": out});
    Ok(([(CONTENT_TYPE, "application/json"), (CACHE_CONTROL, "no-cache")], body.to_string()).into_response())
}

/// Revoked status bits by issuer, as of now: the phone's snapshot.
async fn status_json(State(state): State<AppState>) -> AppResult<Response> {
    let mut revoked: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
    for (issuer, index) in store::all_revoked(&state.db).await? {
        revoked.entry(issuer.0.to_string()).or_default().push(index);
    }
    let body = json!({"made": document::stamp(chrono::Utc::now()), "revoked": revoked});
    Ok(([(CONTENT_TYPE, "application/json"), (CACHE_CONTROL, "no-cache")], body.to_string()).into_response())
}

/// The verifier once had a worker of its own; the site's worker (`/sw.js`)
/// now keeps the verifier too. A phone that still has the old one gets
/// this version of it, which steps aside at once.
async fn service_worker() -> Response {
    let body = "self.addEventListener('install', function () { self.skipWaiting(); });\n\
                self.addEventListener('activate', function () { self.registration.unregister(); });\n";
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
            (axum::http::HeaderName::from_static("service-worker-allowed"), "/verify"),
        ],
        body,
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "credentials/verify.html")]
pub struct VerifyPage {
    pub page: Page,
    pub v: CredentialCheck,
    pub c: credential::Model,
    pub qr: std::sync::Arc<str>,
    pub qr_link: String,
    pub acts_for: bool,
    pub holder: bool,
    pub texts: OfflineTexts,
    pub verify_js: String,
    pub form: Form,
    /// The number a basic phone texts to check the badge, when SMS comes in.
    pub sms_number: Option<String>,
}

impl VerifyPage {
    /// "Check by SMS: text CHECK 17-482913 to 16xxx", when a number is set.
    fn sms_line(&self) -> Option<String> {
        let number = self.sms_number.clone()?;
        Some(self.page.lang.t_with("badge-sms-code", &[("code", self.c.sms_code()), ("number", number)]))
    }

    fn verdict(&self) -> String {
        let issuer = self.v.issuer_short_name.clone().or(self.v.issuer_name.clone()).unwrap_or_default();
        self.page.lang.t_with(self.v.status.key(), &[("issuer", issuer)])
    }
    /// The signed document's instant ("2026-12-04T18:30:00Z"), as the Dhaka day.
    fn day(&self, s: &Option<String>) -> String {
        let lang = self.page.lang;
        let Some(s) = s.as_deref() else { return String::new() };
        match chrono::DateTime::parse_from_rfc3339(s) {
            Ok(at) => lang.date(&at.with_timezone(&chrono::Utc)),
            Err(_) => lang.day_text(s),
        }
    }
    fn narrative(&self, text: &str) -> String {
        in_language(self.page.lang, text)
    }
}

/// Evidence written by the portal carries both languages, "বাংলা (English)",
/// after an optional "YYYY-MM-DD: ": the page shows its own language's half
/// and the day in words. Words typed by a person are shown as typed.
fn in_language(lang: crate::web::Lang, text: &str) -> String {
    let (day, rest) = match text.split_once(": ") {
        Some((head, rest)) if chrono::NaiveDate::parse_from_str(head, "%Y-%m-%d").is_ok() => (Some(head), rest),
        _ => (None, text),
    };
    let halves = rest.strip_suffix(')').and_then(|r| r.rsplit_once(" (")).filter(|(_, en)| en.is_ascii());
    let words = match (halves, lang) {
        (Some((bn, _)), crate::web::Lang::Bn) => bn,
        (Some((_, en)), crate::web::Lang::En) => en,
        (None, _) => rest,
    };
    match day {
        Some(d) => format!("{}: {words}", lang.day_text(d)),
        None => words.to_owned(),
    }
}

pub fn qr_link(state: &AppState, c: &credential::Model) -> String {
    format!("{}/verify/{}#{}", state.config.public_url, c.public_id, c.compact)
}

/// Each credential's QR code as drawn for its verify page. The link it
/// encodes (address, id and signed short form) never changes, and drawing
/// it costs milliseconds (the code's masks and tens of kilobytes of path),
/// so it is drawn once per credential and kept; the verdict is not kept.
#[derive(Default)]
struct DrawnQr(crate::web::kept::KeptMap<String, std::sync::Arc<str>, 256>);

/// How long a drawn QR code is kept (it would be the same drawn again).
const KEEP_QR: std::time::Duration = std::time::Duration::from_secs(3600);

fn verify_qr(state: &AppState, c: &credential::Model, link: &str) -> AppResult<std::sync::Arc<str>> {
    let drawn = state.part::<DrawnQr>();
    if let Some(svg) = drawn.0.get(&c.public_id, KEEP_QR) {
        return Ok(svg);
    }
    let svg: std::sync::Arc<str> = super::card::qr_svg(link)?.into();
    drawn.0.put(c.public_id.clone(), svg.clone(), KEEP_QR);
    Ok(svg)
}

async fn verify_page(State(state): State<AppState>, page: Page, Path(id): Path<String>) -> AppResult<Html<String>> {
    Ok(Html(verify_html(&state, page, &id, Form::default()).await?))
}

pub async fn verify_html(state: &AppState, page: Page, id: &str, form: Form) -> AppResult<String> {
    let c = credential_by_public_id(state, id).await?;
    let doc: Value = serde_json::from_str(&c.document).map_err(|e| AppError::Internal(e.into()))?;
    let v = verification::check_stored(state, &doc, &c).await?;
    let (acts_for, holder) = match &page.user {
        Some(u) => (access::acts_for(state, u, c.issuer_id).await?, u.id == c.recipient_id),
        None => (false, false),
    };
    let qr_link = qr_link(state, &c);
    let qr = verify_qr(state, &c, &qr_link)?;
    let texts = offline_texts(&page);
    let verify_js = crate::web::assets::Assets::of(state).verify_js_href.clone();
    let mut page = page;
    page.title = v.achievement_name.clone().unwrap_or_default();
    let sms_number = state.config.senders.sms_secret.as_ref().and(state.config.senders.sms_number.clone());
    Ok(VerifyPage { page, v, c, qr, qr_link, acts_for, holder, texts, verify_js, form, sms_number }.render()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_shown_in_the_page_language() {
        use crate::web::Lang;
        let text = "2026-12-01: শ্রেণিতে চেষ্টা (tried in class)";
        assert_eq!(in_language(Lang::Bn, text), "১ ডিসেম্বর ২০২৬: শ্রেণিতে চেষ্টা");
        assert_eq!(in_language(Lang::En, text), "1 December 2026: tried in class");
        assert_eq!(in_language(Lang::En, "নিজের লেখা (কাজ)"), "নিজের লেখা (কাজ)");
    }

    #[derive(serde::Serialize)]
    struct Posted {
        name: String,
        steps: Vec<String>,
    }

    #[test]
    fn a_refused_form_comes_back_with_every_value_as_typed_repeated_ones_too() {
        let posted = Posted { name: "শিক্ষক & co".into(), steps: vec!["3".into(), "7".into()] };
        let form = kept(FieldErrors::one("name".into(), "error-required"), &posted);
        assert_eq!(form.value("name"), "শিক্ষক & co");
        assert_eq!(crate::web::fields::all(&form.typed, "steps").collect::<Vec<_>>(), ["3", "7"]);
        assert_eq!(form.error("name"), Some("error-required"));
    }
}
