//! The kinds of files the library takes, recognised from their first bytes.

crate::stored_words! {
    /// What a shared file (or link) is.
    pub enum MediaKind {
        Video = "video",
        Audio = "audio",
        Slides = "slides",
        Pdf = "pdf",
        Document = "document",
        Image = "image",
        /// A video on another site (no file here).
        Link = "link",
    }
}

crate::stored_words! {
    /// A lighter version made from a stored file, for slow links and small screens.
    pub enum RenditionKind {
        Thumbnail = "thumbnail",
        Video240p = "video_240p",
        Video360p = "video_360p",
        AudioAac = "audio_aac",
        /// The first page of a PDF, as a picture.
        FirstPage = "page_1",
    }
}

impl RenditionKind {
    /// The lighter plays of a video or audio (what a slow link fetches).
    pub const LIGHT_PLAYS: [RenditionKind; 3] =
        [RenditionKind::Video240p, RenditionKind::Video360p, RenditionKind::AudioAac];

    pub fn is_video(self) -> bool {
        matches!(self, RenditionKind::Video240p | RenditionKind::Video360p)
    }
}

impl MediaKind {
    pub const FILES: [MediaKind; 6] =
        [MediaKind::Video, MediaKind::Audio, MediaKind::Slides, MediaKind::Pdf, MediaKind::Document, MediaKind::Image];

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
