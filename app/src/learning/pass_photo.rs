//! Reading a teacher's QR pass from a photo: the attendance page's "take a
//! photo" works on any phone with a camera and no JavaScript (the browser
//! opens the camera for a file input), and the server finds the code.

use crate::state::AppState;
use crate::web::AppError;

/// A phone photo is scaled down to this many pixels on its longer side
/// before the search: enough for a pass held up to the camera.
const SEARCH_SIDE: u32 = 1600;

fn code_in(bytes: &[u8]) -> Result<Option<String>, AppError> {
    let image = crate::profiles::photo::decode(bytes)?;
    let image =
        if image.width().max(image.height()) > SEARCH_SIDE { image.thumbnail(SEARCH_SIDE, SEARCH_SIDE) } else { image };
    let grey = image.to_luma8();
    let (w, h) = (grey.width() as usize, grey.height() as usize);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| grey.get_pixel(x as u32, y as u32)[0]);
    Ok(prepared.detect_grids().iter().find_map(|g| g.decode().ok()).map(|(_, text)| text))
}

/// The code of the pass in a photo, if one can be read.
pub async fn read(state: &AppState, bytes: Vec<u8>) -> Result<Option<String>, AppError> {
    let _permit = state.decoding.acquire().await.map_err(|e| AppError::Internal(e.into()))?;
    tokio::task::spawn_blocking(move || code_in(&bytes)).await.map_err(|e| AppError::Internal(e.into()))?
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use image::ImageFormat;

    use super::*;

    /// A pass as a phone would photograph it: a PNG of the QR code.
    pub fn pass_png(code: &str) -> Vec<u8> {
        let qr = qrcode::QrCode::new(code.as_bytes()).unwrap();
        let n = qr.width() as u32;
        let colors = qr.to_colors();
        let (scale, quiet) = (8, 4);
        let side = (n + 2 * quiet) * scale;
        let img = image::GrayImage::from_fn(side, side, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let dark = mx >= quiet
                && my >= quiet
                && mx < n + quiet
                && my < n + quiet
                && colors[((my - quiet) * n + (mx - quiet)) as usize] == qrcode::Color::Dark;
            image::Luma([if dark { 0 } else { 255 }])
        });
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn a_photographed_pass_gives_its_code_back_and_a_blank_photo_none() {
        assert_eq!(code_in(&pass_png("K7PQ2M9XHA3B")).unwrap().as_deref(), Some("K7PQ2M9XHA3B"));
        let blank = image::GrayImage::from_pixel(200, 200, image::Luma([255]));
        let mut png = Vec::new();
        blank.write_to(&mut Cursor::new(&mut png), ImageFormat::Png).unwrap();
        assert_eq!(code_in(&png).unwrap(), None);
        assert!(matches!(code_in(b"not an image"), Err(AppError::UnsupportedMediaType)));
    }
}
