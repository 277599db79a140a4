//! The badge card a teacher prints or shows: the badge, her name, the
//! issuer, the dates and a QR code whose link carries the signed short
//! form, so a phone can check the card even with no network. Drawn as
//! SVG (sharp at any print size, a few kilobytes).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::image::{escape, mixed, wrap};
use super::pages::{credential_by_public_id, issuer_of, qr_link};
use super::store;
use crate::state::AppState;
use crate::web::{AppError, AppResult};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/verify/{id}/card.svg", get(card_svg))
        .route("/verify/{id}/card.png", get(card_png))
        .route("/verify/{id}/card.pdf", get(card_pdf))
}

/// QR modules as one SVG path, at `(x, y)` with `size` pixels a side.
fn qr_path(link: &str, x: f64, y: f64, size: f64) -> AppResult<String> {
    // Low error correction: the link carries a signed short form and is
    // long, and fewer, bigger modules scan better on a cheap phone camera.
    let code = qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::L)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("qr: {e}")))?;
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

/// The QR code alone, for the verify page.
pub fn qr_svg(link: &str) -> AppResult<String> {
    Ok(format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 316 316" width="220" height="220">{}</svg>"#,
        qr_path(link, 8.0, 8.0, 300.0)?
    ))
}

pub async fn card(state: &AppState, id: &str) -> AppResult<String> {
    let c = credential_by_public_id(state, id).await?;
    let a = store::achievement(&state.db, c.achievement_id).await?.ok_or(AppError::NotFound)?;
    let i = issuer_of(state, c.issuer_id).await?;
    let teacher = crate::accounts::store::find(&state.db, c.recipient_id).await?.ok_or(AppError::NotFound)?;
    let qr = qr_path(&qr_link(state, &c), 672.0, 110.0, 290.0)?;
    let lines = |text: &str, width: usize, max: usize, y: usize, step: usize, style: &str| -> String {
        wrap(text, width, max)
            .iter()
            .enumerate()
            .map(|(n, l)| format!(r#"<text x="300" y="{}" {style}>{}</text>"#, y + n * step, mixed(l)))
            .collect()
    };
    let title = lines(&a.name, 17, 3, 160, 38, r##"font-size="28" font-weight="bold" fill="#0b3d2e""##);
    let name = lines(&teacher.name, 20, 2, 300, 32, r##"font-size="25" fill="#222""##);
    let issuer = lines(&format!("প্রদানকারী: {}", i.short_name), 40, 1, 370, 0, r##"font-size="21" fill="#444""##);
    let day = |t: chrono::DateTime<chrono::Utc>| crate::web::Lang::Bn.day(crate::web::dhaka_date(t));
    let mut dates = format!("প্রদান: {}", day(c.issued_at));
    if let Some(e) = c.expires_at {
        dates.push_str(&format!(", মেয়াদ: {}", day(e)));
    }
    let dates = lines(&dates, 40, 1, 405, 0, r##"font-size="19" fill="#444""##);
    let badge = super::image::badge_svg(&a, &i).replacen("<svg ", r#"<svg x="40" y="120" "#, 1);
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="600" viewBox="0 0 1000 600" font-family="Noto Sans Bengali, Noto Sans, sans-serif"><rect x="3" y="3" width="994" height="594" rx="24" fill="#fffdf5" stroke="#0b3d2e" stroke-width="6"/><text x="40" y="72" font-size="28" fill="#0b3d2e" font-weight="bold">বাতায়ন — যাচাইযোগ্য ব্যাজ</text>{badge}{title}{name}{issuer}{dates}{issuer_name}{qr}<text x="817" y="440" font-size="16" text-anchor="middle" fill="#555">QR স্ক্যান করে যাচাই করুন,</text><text x="817" y="462" font-size="16" text-anchor="middle" fill="#555">ইন্টারনেট ছাড়াও</text><text x="40" y="560" font-size="16" fill="#555" font-family="Noto Sans, sans-serif">{url}/verify/{id}</text></svg>"##,
        issuer_name = lines(&i.name, 34, 2, 445, 24, r##"font-size="17" fill="#555""##),
        url = escape(&state.config.public_url),
        id = c.public_id,
    ))
}

async fn card_svg(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let svg = card(&state, &id).await?;
    Ok(([(CONTENT_TYPE, "image/svg+xml"), (CACHE_CONTROL, "private, max-age=300")], svg).into_response())
}

/// Rasterises the card at `scale` (1 = 1000 × 560 pixels).
pub fn raster(svg: &str, scale: f32) -> AppResult<resvg::tiny_skia::Pixmap> {
    let options = resvg::usvg::Options { fontdb: crate::printing::fonts(), ..Default::default() };
    let tree =
        resvg::usvg::Tree::from_str(svg, &options).map_err(|e| AppError::Internal(anyhow::anyhow!("card: {e}")))?;
    let size = tree.size();
    let (w, h) = ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32);
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(w, h).ok_or_else(|| AppError::Internal(anyhow::anyhow!("card size")))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Ok(pixmap)
}

/// A one-page A4 PDF with the card centred, 180 mm wide, printed from a
/// 300 dpi raster (the text is part of the picture, so no font has to be
/// embedded and Bangla prints exactly as on screen).
pub fn pdf(pixmap: &resvg::tiny_skia::Pixmap) -> Vec<u8> {
    use std::io::Write;
    let (w, h) = (pixmap.width(), pixmap.height());
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&rgb).expect("writing to memory");
    let image = z.finish().expect("writing to memory");
    let (page_w, page_h) = (595.28_f64, 841.89_f64);
    let draw_w = 180.0 / 25.4 * 72.0;
    let draw_h = draw_w * h as f64 / w as f64;
    let (x, y) = ((page_w - draw_w) / 2.0, page_h - 72.0 - draw_h);
    let content = format!("q {draw_w:.2} 0 0 {draw_h:.2} {x:.2} {y:.2} cm /Card Do Q");
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page_w} {page_h}] /Resources << /XObject << /Card 4 0 R >> >> /Contents 5 0 R >>").into_bytes(),
        [
            format!("<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length {} >>\nstream\n", image.len()).into_bytes(),
            image,
            b"\nendstream".to_vec(),
        ]
        .concat(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()).into_bytes(),
    ];
    for (n, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", n + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// Rendering takes a moment of CPU: two at a time, off the async threads.
async fn rendered(state: &AppState, id: &str, scale: f32) -> AppResult<resvg::tiny_skia::Pixmap> {
    let svg = card(state, id).await?;
    let _slot = state.decoding.acquire().await.map_err(|e| AppError::Internal(e.into()))?;
    tokio::task::spawn_blocking(move || raster(&svg, scale)).await.map_err(|e| AppError::Internal(e.into()))?
}

async fn card_png(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    // Twice the drawing size: sharp on a phone screen and its QR modules
    // big enough for any camera.
    let pixmap = rendered(&state, &id, 2.0).await?;
    let png = pixmap.encode_png().map_err(|e| AppError::Internal(e.into()))?;
    Ok(([(CONTENT_TYPE, "image/png"), (CACHE_CONTROL, "private, max-age=300")], png).into_response())
}

async fn card_pdf(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    // 180 mm at 300 dpi is about 2126 pixels across.
    let pixmap = rendered(&state, &id, 2.126).await?;
    let body = tokio::task::spawn_blocking(move || pdf(&pixmap)).await.map_err(|e| AppError::Internal(e.into()))?;
    let name = format!(
        "attachment; filename=\"badge-{}.pdf\"",
        id.chars().filter(|c| c.is_ascii_hexdigit() || *c == '-').collect::<String>()
    );
    Ok(([(CONTENT_TYPE, "application/pdf".to_owned()), (axum::http::header::CONTENT_DISPOSITION, name)], body)
        .into_response())
}
