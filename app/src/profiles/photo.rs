//! Profile photos: whatever image a phone sends, kept as a small square
//! JPEG (about 10 KB) in the database, so every portal node can serve it.

use std::io::Cursor;

use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::web::AppError;

pub const MAX_UPLOAD: usize = 8 * 1024 * 1024;
const SIDE: u32 = 256;

/// Decodes a photo a phone sent, upright, refusing anything whose bytes are
/// not a JPEG, PNG, WebP or GIF (whatever its name) and any decompression
/// bomb. Used for profile photos and for photographed attendance passes.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, AppError> {
    let format = image::guess_format(bytes).map_err(|_| AppError::UnsupportedMediaType)?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif) {
        return Err(AppError::UnsupportedMediaType);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    // A decompression bomb must not take the server's memory.
    limits.max_image_width = Some(8000);
    limits.max_image_height = Some(8000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| AppError::UnsupportedMediaType)?;
    // Phones store portrait photos sideways with an EXIF note; turn them upright.
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| AppError::UnsupportedMediaType)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// Crops to a centred square, resizes and re-encodes.
pub fn to_square_jpeg(bytes: &[u8]) -> Result<Vec<u8>, AppError> {
    let image = decode(bytes)?;
    let square = image.resize_to_fill(SIDE, SIDE, FilterType::Triangle).to_rgb8();
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80);
    encoder.encode_image(&square).map_err(|e| AppError::Internal(e.into()))?;
    Ok(out)
}
