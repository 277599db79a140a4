//! The kinds of files the library takes, recognised from their first bytes.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Video,
    Audio,
    Slides,
    Pdf,
    Document,
    Image,
    /// A video on another site (no file here).
    Link,
}

impl MediaKind {
    pub const FILES: [MediaKind; 6] =
        [MediaKind::Video, MediaKind::Audio, MediaKind::Slides, MediaKind::Pdf, MediaKind::Document, MediaKind::Image];

    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            MediaKind::Slides => "slides",
            MediaKind::Pdf => "pdf",
            MediaKind::Document => "document",
            MediaKind::Image => "image",
            MediaKind::Link => "link",
        }
    }

    pub fn parse(s: &str) -> Option<MediaKind> {
        [MediaKind::Link].into_iter().chain(MediaKind::FILES).find(|k| k.as_str() == s)
    }

    pub fn label_key(self) -> String {
        format!("kind-{}", self.as_str())
    }
}

/// The real type of a file from its first bytes, if it is one we take.
/// Returns the kind, the MIME type and the usual file extension.
pub fn sniff(head: &[u8]) -> Option<(MediaKind, &'static str, &'static str)> {
    let found = infer::get(head)?;
    let mime = found.mime_type();
    let kind = match mime {
        "video/mp4" | "video/webm" | "video/x-matroska" | "video/3gpp" | "video/quicktime" => MediaKind::Video,
        "audio/mpeg" | "audio/m4a" | "audio/ogg" | "audio/x-wav" | "audio/aac" | "audio/amr" | "audio/x-flac" => {
            MediaKind::Audio
        }
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        | "application/vnd.oasis.opendocument.presentation" => MediaKind::Slides,
        "application/pdf" => MediaKind::Pdf,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        | "application/vnd.oasis.opendocument.text" => MediaKind::Document,
        "image/jpeg" | "image/png" | "image/webp" | "image/gif" => MediaKind::Image,
        _ => return None,
    };
    Some((kind, mime, found.extension()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_is_not_a_pdf_whatever_its_name() {
        assert!(sniff(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff").is_none());
        assert!(sniff(b"\x7fELF\x02\x01\x01\x00").is_none());
        assert_eq!(sniff(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n").map(|k| k.0), Some(MediaKind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").map(|k| k.0), Some(MediaKind::Image));
    }
}
