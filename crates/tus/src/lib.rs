//! The tus 1.0.0 resumable upload protocol, as rules and small types: which
//! headers a request must carry, what they mean, and how a chunk's checksum
//! is checked. The web framework and the storage are the caller's.
//! <https://tus.io/protocols/resumable-upload>

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha1::Digest as _;

pub const VERSION: &str = "1.0.0";
pub const EXTENSIONS: &str = "creation,termination,checksum,expiration";
pub const CHECKSUM_ALGORITHMS: &str = "sha1,sha256";
/// The status code tus defines for a chunk whose checksum did not match.
pub const CHECKSUM_MISMATCH: u16 = 460;
pub const OFFSET_CONTENT_TYPE: &str = "application/offset+octet-stream";

#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    /// `Tus-Resumable` missing or not 1.0.0 (answer 412 with `Tus-Version`).
    UnsupportedVersion,
    /// A header is missing or malformed (answer 400).
    BadHeader(&'static str),
    /// `Upload-Offset` is not where the upload stands (answer 409).
    OffsetMismatch { expected: u64 },
    /// The chunk would go past `Upload-Length` (answer 413).
    TooLong,
    /// The checksum algorithm is not supported (answer 400).
    UnsupportedChecksum,
    /// The PATCH body has the wrong content type (answer 415).
    WrongContentType,
}

/// Every request but OPTIONS must say which protocol version it speaks.
pub fn check_version(tus_resumable: Option<&str>) -> Result<(), Error> {
    match tus_resumable {
        Some(v) if v.trim() == VERSION => Ok(()),
        _ => Err(Error::UnsupportedVersion),
    }
}

pub fn parse_u64(value: Option<&str>, header: &'static str) -> Result<u64, Error> {
    value.and_then(|v| v.trim().parse::<u64>().ok()).ok_or(Error::BadHeader(header))
}

/// `Upload-Metadata`: comma-separated `key base64value` pairs (value optional).
pub fn parse_metadata(value: Option<&str>) -> Result<HashMap<String, String>, Error> {
    let mut out = HashMap::new();
    let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
        return Ok(out);
    };
    for pair in value.split(',') {
        let mut parts = pair.trim().splitn(2, ' ');
        let key = parts.next().filter(|k| !k.is_empty()).ok_or(Error::BadHeader("Upload-Metadata"))?;
        if key.chars().any(|c| c.is_whitespace() || c == ',') || out.contains_key(key) {
            return Err(Error::BadHeader("Upload-Metadata"));
        }
        let decoded = match parts.next() {
            Some(v) => {
                let bytes = STANDARD.decode(v.trim()).map_err(|_| Error::BadHeader("Upload-Metadata"))?;
                String::from_utf8(bytes).map_err(|_| Error::BadHeader("Upload-Metadata"))?
            }
            None => String::new(),
        };
        out.insert(key.to_owned(), decoded);
    }
    Ok(out)
}

/// Checks a PATCH before its body is read.
pub fn check_patch(content_type: Option<&str>, offset_header: Option<&str>, current: u64) -> Result<u64, Error> {
    if content_type.map(|c| c.split(';').next().unwrap_or("").trim()) != Some(OFFSET_CONTENT_TYPE) {
        return Err(Error::WrongContentType);
    }
    let offset = parse_u64(offset_header, "Upload-Offset")?;
    if offset != current {
        return Err(Error::OffsetMismatch { expected: current });
    }
    Ok(offset)
}

/// Hashes a chunk as it streams by, to compare with `Upload-Checksum`.
pub enum ChunkChecksum {
    Sha1(sha1::Sha1, Vec<u8>),
    Sha256(sha2::Sha256, Vec<u8>),
}

impl ChunkChecksum {
    /// From an `Upload-Checksum: <algorithm> <base64 digest>` header.
    pub fn from_header(value: &str) -> Result<ChunkChecksum, Error> {
        let (algorithm, digest) = value.trim().split_once(' ').ok_or(Error::BadHeader("Upload-Checksum"))?;
        let digest = STANDARD.decode(digest.trim()).map_err(|_| Error::BadHeader("Upload-Checksum"))?;
        match algorithm {
            "sha1" => Ok(ChunkChecksum::Sha1(sha1::Sha1::new(), digest)),
            "sha256" => Ok(ChunkChecksum::Sha256(sha2::Sha256::new(), digest)),
            _ => Err(Error::UnsupportedChecksum),
        }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            ChunkChecksum::Sha1(h, _) => h.update(bytes),
            ChunkChecksum::Sha256(h, _) => h.update(bytes),
        }
    }

    /// True when the chunk's bytes hash to the digest the client sent.
    pub fn matches(self) -> bool {
        match self {
            ChunkChecksum::Sha1(h, want) => h.finalize()[..] == want[..],
            ChunkChecksum::Sha256(h, want) => h.finalize()[..] == want[..],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_pairs_are_decoded() {
        let m = parse_metadata(Some("filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==,is_confidential")).unwrap();
        assert_eq!(m["filename"], "world_domination_plan.pdf");
        assert_eq!(m["is_confidential"], "");
        assert!(parse_metadata(Some("filename !!!")).is_err());
        assert!(parse_metadata(Some("a YQ==,a YQ==")).is_err(), "keys are unique");
    }

    #[test]
    fn a_patch_must_continue_where_the_upload_stands() {
        assert_eq!(check_patch(Some(OFFSET_CONTENT_TYPE), Some("70"), 70), Ok(70));
        assert_eq!(check_patch(Some(OFFSET_CONTENT_TYPE), Some("0"), 70), Err(Error::OffsetMismatch { expected: 70 }));
        assert_eq!(check_patch(Some("application/json"), Some("70"), 70), Err(Error::WrongContentType));
        assert_eq!(check_patch(Some(OFFSET_CONTENT_TYPE), None, 70), Err(Error::BadHeader("Upload-Offset")));
    }

    #[test]
    fn checksums_of_chunks_are_verified() {
        // sha1("hello") = aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d
        let mut ok = ChunkChecksum::from_header("sha1 qvTGHdzF6KLavt4PO0gs2a6pQ00=").unwrap();
        ok.update(b"hel");
        ok.update(b"lo");
        assert!(ok.matches());
        let mut bad = ChunkChecksum::from_header("sha1 qvTGHdzF6KLavt4PO0gs2a6pQ00=").unwrap();
        bad.update(b"hello!");
        assert!(!bad.matches());
        assert!(matches!(ChunkChecksum::from_header("md5 AAAA"), Err(Error::UnsupportedChecksum)));
        assert_eq!(check_version(Some("1.0.0")), Ok(()));
        assert_eq!(check_version(Some("0.2.2")), Err(Error::UnsupportedVersion));
    }
}
