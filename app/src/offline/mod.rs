//! The portal as an app a phone keeps: the web app manifest (Bangla name,
//! icons, colours), one service worker for the whole site (`/sw.js`: the
//! shell, the pages she opened lately, what she saved, and the badge
//! verifier, all usable with no network), and `/offline`, where she sees
//! what her phone keeps against the space she allows, and removes items.
//! What is saved lives only on her phone; signing out, or another account
//! signing in on it, clears it all (`static/site.js`, and the log-out's
//! `Clear-Site-Data`).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderName;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::state::AppState;
use crate::web::assets::Assets;
use crate::web::{AppError, AppResult, Lang, Page};

/// Space a phone gives saved items unless she sets another, in megabytes.
pub const DEFAULT_BUDGET_MB: u32 = 200;
/// Icon sizes the manifest offers (Android asks for 192 and 512).
const ICON_SIZES: [u32; 2] = [192, 512];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sw.js", get(service_worker))
        .route("/manifest.webmanifest", get(manifest))
        .route("/icons/{name}", get(icon))
        .route("/offline", get(offline_page))
}

async fn service_worker(State(state): State<AppState>) -> Response {
    let assets = Assets::of(&state);
    // A new release (any asset changed) is a new shell cache.
    let version = assets.css_href.rsplit('.').nth(1).unwrap_or("1").to_owned()
        + assets.site_js_href.rsplit('.').nth(1).unwrap_or("1");
    let body = include_str!("../../static/site-sw.js")
        .replace("__VERSION__", &version)
        .replace("__CSS__", &assets.css_href)
        .replace("__SITE_JS__", &assets.site_js_href)
        .replace("__VERIFY_JS__", &assets.verify_js_href)
        .replace("__BANNER_BN__", &banner(Lang::Bn))
        .replace("__BANNER_EN__", &banner(Lang::En));
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8"), (CACHE_CONTROL, "no-cache")], body).into_response()
}

/// The line a page read from the phone's copy begins with; the worker puts
/// in the date it was kept.
fn banner(lang: Lang) -> String {
    let text = lang.t_with("offline-banner", &[("date", "DATE".to_owned())]);
    // Inside a JavaScript string: no quote or backslash can end it early.
    text.chars().filter(|c| !matches!(c, '\'' | '"' | '\\' | '\u{2068}' | '\u{2069}')).collect()
}

async fn manifest(page: Page) -> Response {
    let lang = page.lang;
    let icons: Vec<serde_json::Value> = ICON_SIZES
        .iter()
        .map(|s| serde_json::json!({"src": format!("/icons/{s}.png"), "sizes": format!("{s}x{s}"), "type": "image/png", "purpose": "any"}))
        .chain([serde_json::json!({"src": "/favicon.ico", "sizes": "any", "type": "image/svg+xml"})])
        .collect();
    let body = serde_json::json!({
        "name": lang.t("site-name"),
        "short_name": lang.t("site-name"),
        "description": lang.t("site-description"),
        "lang": lang.code(),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f4f6f3",
        "theme_color": "#0b6e4f",
        "icons": icons,
    });
    ([(CONTENT_TYPE, "application/manifest+json"), (CACHE_CONTROL, "public, max-age=86400")], body.to_string())
        .into_response()
}

/// The app icon as PNG (home screens want pixels), drawn once per size
/// from the site's SVG icon.
async fn icon(Path(name): Path<String>) -> AppResult<Response> {
    let size: u32 = name.strip_suffix(".png").and_then(|s| s.parse().ok()).ok_or(AppError::NotFound)?;
    if !ICON_SIZES.contains(&size) {
        return Err(AppError::NotFound);
    }
    static DRAWN: std::sync::OnceLock<Vec<(u32, Vec<u8>)>> = std::sync::OnceLock::new();
    let drawn = DRAWN.get_or_init(|| ICON_SIZES.iter().filter_map(|s| draw_icon(*s).map(|png| (*s, png))).collect());
    let png = drawn.iter().find(|(s, _)| *s == size).map(|(_, p)| p.clone()).ok_or(AppError::NotFound)?;
    Ok(([(CONTENT_TYPE, "image/png"), (CACHE_CONTROL, "public, max-age=604800")], png).into_response())
}

fn draw_icon(size: u32) -> Option<Vec<u8>> {
    use resvg::{tiny_skia, usvg};
    let svg = include_str!("../../static/icon.svg");
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).ok()?;
    let mut pixmap = tiny_skia::Pixmap::new(size, size)?;
    let scale = size as f32 / tree.size().width();
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().ok()
}

#[derive(Template)]
#[template(path = "offline/page.html")]
struct OfflinePage {
    page: Page,
    budget: u32,
}

/// What the phone keeps. The list itself is drawn by `site.js` from the
/// phone's own records: the server never knows what she saved.
async fn offline_page(page: Page) -> AppResult<Response> {
    // The same for everyone (the worker keeps it for whoever holds the
    // phone): no header of hers, no token.
    let page = Page { user: None, csrf: String::new(), unread: 0, ..page }.titled("offline-title");
    let html = Html(OfflinePage { page, budget: DEFAULT_BUDGET_MB }.render()?).into_response();
    let mut response = html;
    response.headers_mut().insert(HeaderName::from_static("x-robots-tag"), "noindex".parse().expect("ASCII"));
    Ok(response)
}
