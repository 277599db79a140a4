//! Static files compiled into the binary and served under content-hashed
//! names, so browsers may keep them for a year and a new release is never
//! mixed with an old stylesheet.

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::error::AppError;
use crate::state::AppState;

struct Asset {
    name: &'static str,
    body: &'static [u8],
    content_type: &'static str,
}

const FILES: &[Asset] = &[
    Asset { name: "app.css", body: include_bytes!("../../static/app.css"), content_type: "text/css; charset=utf-8" },
    Asset { name: "icon.svg", body: include_bytes!("../../static/icon.svg"), content_type: "image/svg+xml" },
    Asset {
        name: "site.js",
        body: include_bytes!("../../static/site.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    Asset {
        name: "upload.js",
        body: include_bytes!("../../static/upload.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    Asset {
        name: "post.js",
        body: include_bytes!("../../static/post.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    Asset {
        name: "ask.js",
        body: include_bytes!("../../static/ask.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    Asset {
        name: "learn.js",
        body: include_bytes!("../../static/learn.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    Asset {
        name: "quiz.js",
        body: include_bytes!("../../static/quiz.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    Asset {
        name: "search.js",
        body: include_bytes!("../../static/search.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    Asset {
        name: "voice.js",
        body: include_bytes!("../../static/voice.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    Asset {
        name: "attend.js",
        body: include_bytes!("../../static/attend.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    Asset {
        name: "verify.js",
        body: include_bytes!("../../static/verify.js"),
        content_type: "text/javascript; charset=utf-8",
    },
];

pub struct Assets {
    /// hashed name → file
    files: Vec<(String, &'static Asset)>,
    pub css_href: String,
    pub upload_js_href: String,
    pub post_js_href: String,
    pub ask_js_href: String,
    pub search_js_href: String,
    pub site_js_href: String,
    pub learn_js_href: String,
    pub quiz_js_href: String,
    pub attend_js_href: String,
    pub voice_js_href: String,
    pub verify_js_href: String,
}

impl Default for Assets {
    fn default() -> Self {
        Assets::build()
    }
}

impl Assets {
    pub fn of(state: &AppState) -> std::sync::Arc<Assets> {
        state.part::<Assets>()
    }

    pub fn build() -> Self {
        let files: Vec<(String, &'static Asset)> = FILES
            .iter()
            .map(|a| {
                let hash = hex::encode(&Sha256::digest(a.body)[..5]);
                let (stem, ext) = a.name.rsplit_once('.').unwrap_or((a.name, ""));
                (format!("{stem}.{hash}.{ext}"), a)
            })
            .collect();
        let href = |plain: &str| {
            files.iter().find(|(_, a)| a.name == plain).map(|(n, _)| format!("/static/{n}")).unwrap_or_default()
        };
        Assets {
            css_href: href("app.css"),
            upload_js_href: href("upload.js"),
            post_js_href: href("post.js"),
            ask_js_href: href("ask.js"),
            search_js_href: href("search.js"),
            site_js_href: href("site.js"),
            learn_js_href: href("learn.js"),
            quiz_js_href: href("quiz.js"),
            attend_js_href: href("attend.js"),
            voice_js_href: href("voice.js"),
            verify_js_href: href("verify.js"),
            files,
        }
    }
}

pub async fn serve(State(state): State<AppState>, Path(name): Path<String>) -> Result<Response, AppError> {
    let assets = state.part::<Assets>();
    let (_, asset) = assets.files.iter().find(|(n, _)| *n == name).ok_or(AppError::NotFound)?;
    Ok(([(CONTENT_TYPE, asset.content_type), (CACHE_CONTROL, "public, max-age=31536000, immutable")], asset.body)
        .into_response())
}

/// Browsers ask for /favicon.ico whatever the page says.
pub async fn favicon() -> Response {
    let asset = &FILES[1];
    ([(CONTENT_TYPE, asset.content_type), (CACHE_CONTROL, "public, max-age=86400")], asset.body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_and_style_a_page_links_to_is_served() {
        let a = Assets::build();
        for href in [
            &a.css_href,
            &a.upload_js_href,
            &a.post_js_href,
            &a.ask_js_href,
            &a.search_js_href,
            &a.site_js_href,
            &a.learn_js_href,
            &a.voice_js_href,
            &a.quiz_js_href,
            &a.attend_js_href,
            &a.verify_js_href,
        ] {
            let name = href.strip_prefix("/static/").unwrap_or_else(|| panic!("no file behind {href:?}"));
            assert!(a.files.iter().any(|(n, _)| n == name), "{href}");
        }
    }
}
