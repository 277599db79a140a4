//! The badge card a teacher prints or shows: the badge, her name, the
//! issuer, the dates and a QR code whose link carries the signed short
//! form, so a phone can check the card even with no network. Drawn as
//! SVG (sharp at any print size, a few kilobytes).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::image::{escape, wrap};
use super::pages::{credential_by_public_id, issuer_of, qr_link};
use super::store;
use crate::state::AppState;
use crate::web::{AppError, AppResult};

pub fn router() -> Router<AppState> {
    Router::new().route("/verify/{id}/card.svg", get(card_svg))
}

/// QR modules as one SVG path, at `(x, y)` with `size` pixels a side.
fn qr_path(link: &str, x: f64, y: f64, size: f64) -> AppResult<String> {
    let code = qrcode::QrCode::new(link.as_bytes()).map_err(|e| AppError::Internal(anyhow::anyhow!("qr: {e}")))?;
    let n = code.width();
    let cell = size / n as f64;
    let colors = code.to_colors();
    let mut d = String::new();
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (cx, cy) = (x + (i % n) as f64 * cell, y + (i / n) as f64 * cell);
            d.push_str(&format!("M{cx:.2} {cy:.2}h{cell:.2}v{cell:.2}h-{cell:.2}z"));
        }
    }
    Ok(format!(
        r##"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="#fff"/><path d="{d}" fill="#000"/>"##,
        x - 8.0,
        y - 8.0,
        size + 16.0,
        size + 16.0
    ))
}

pub async fn card(state: &AppState, id: &str) -> AppResult<String> {
    let c = credential_by_public_id(state, id).await?;
    let a = store::achievement(&state.db, c.achievement_id).await?.ok_or(AppError::NotFound)?;
    let i = issuer_of(state, c.issuer_id).await?;
    let teacher = crate::accounts::store::find(&state.db, c.recipient_id).await?.ok_or(AppError::NotFound)?;
    let qr = qr_path(&qr_link(state, &c), 640.0, 150.0, 300.0)?;
    let digits = |s: &str| bangla::to_bangla_digits(s);
    let title: String = wrap(&a.name, 26, 2)
        .iter()
        .enumerate()
        .map(|(n, l)| {
            format!(
                r##"<text x="290" y="{}" font-size="34" font-weight="bold" fill="#0b3d2e">{}</text>"##,
                190 + n * 44,
                escape(l)
            )
        })
        .collect();
    let until = c.expires_at.map(|e| format!(" — {}", digits(&e.format("%Y-%m-%d").to_string()))).unwrap_or_default();
    let badge = super::image::badge_svg(&a, &i).replacen("<svg ", r#"<svg x="40" y="130" "#, 1);
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="560" viewBox="0 0 1000 560" font-family="Noto Sans Bengali, Noto Sans, sans-serif"><rect width="1000" height="560" rx="24" fill="#fffdf5" stroke="#0b3d2e" stroke-width="6"/><text x="40" y="80" font-size="30" fill="#0b3d2e">বাতায়ন · মাইক্রোক্রেডেনশিয়াল</text>{badge}{title}<text x="290" y="300" font-size="30" fill="#222">{name}</text><text x="290" y="350" font-size="24" fill="#444">প্রদানকারী: {issuer}</text><text x="290" y="395" font-size="24" fill="#444">{on}{until}</text><text x="40" y="500" font-size="20" fill="#555">যাচাই: {url}/verify/{id}</text><text x="640" y="490" font-size="18" fill="#555">QR স্ক্যান করে যাচাই করুন (ইন্টারনেট ছাড়াও)</text>{qr}</svg>"##,
        name = escape(&teacher.name),
        issuer = escape(&i.name),
        on = digits(&c.issued_at.format("%Y-%m-%d").to_string()),
        url = escape(&state.config.public_url),
        id = c.public_id,
    ))
}

async fn card_svg(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let svg = card(&state, &id).await?;
    Ok(([(CONTENT_TYPE, "image/svg+xml"), (CACHE_CONTROL, "private, max-age=300")], svg).into_response())
}
