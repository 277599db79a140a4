//! Course completion certificates: a public page anyone can open from the
//! code or QR printed on it, with no account; printable on A4 and readable
//! on a phone. The record keeps the name and title as issued (a later
//! change of name or title does not rewrite a certificate).

use qrcode::QrCode;
use qrcode::render::svg;

use super::model::CertificateView;
use super::store::study;
use crate::state::AppState;
use crate::web::{AppError, AppResult};

/// Codes are ten of our letters; anything else is not looked up.
fn plausible(code: &str) -> bool {
    code.len() == 10 && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

pub async fn by_code(state: &AppState, code: &str) -> AppResult<CertificateView> {
    let code = code.trim().to_ascii_uppercase();
    if !plausible(&code) {
        return Err(AppError::NotFound);
    }
    let c = study::certificate_by_code(&state.db, &code).await?.ok_or(AppError::NotFound)?;
    Ok(CertificateView {
        verify_url: format!("{}/certificates/{}", state.config.public_url, c.code),
        code: c.code,
        learner_name: c.learner_name,
        course_title: c.course_title,
        issued_at: c.issued_at,
    })
}

/// The QR code of a link, as an SVG drawing (dark squares on white).
pub fn qr_svg(link: &str) -> AppResult<String> {
    let code = QrCode::new(link.as_bytes()).map_err(|e| AppError::Internal(anyhow::anyhow!("qr: {e}")))?;
    Ok(code
        .render::<svg::Color>()
        .min_dimensions(160, 160)
        .quiet_zone(true)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}
