//! Where the portal may send a browser after a language switch or a
//! log-in: only to a path on this site, spelled in plain URL characters.
//! Browsers forgive a lot (a tab or newline is dropped, `\` is read as `/`),
//! so anything outside that alphabet is refused rather than cleaned.

/// The longest `next` we keep; longer ones are not links we made.
const MAX_LEN: usize = 2048;

/// True for `/…` paths on this site: one leading slash, not followed by a
/// second slash or a backslash, and only URL-safe ASCII after it.
pub fn is_local_path(next: &str) -> bool {
    let bytes = next.as_bytes();
    bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && next.len() <= MAX_LEN
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || b"-._~/?=&%+:@!$'()*,;#".contains(b))
}

/// `next` when it is a local path, else the home page.
pub fn safe_next(next: Option<&str>) -> String {
    next.filter(|n| is_local_path(n)).unwrap_or("/").to_owned()
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_plain_local_paths_are_followed() {
        for good in ["/", "/contents/12", "/contents?sort=top&page=2", "/search?q=%E0%A6%97"] {
            assert_eq!(safe_next(Some(good)), good);
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\r\n/evil.example",
            "\\\\evil.example",
            "https://evil.example",
            "evil.example",
            "/ /evil",
            "/\u{0}x",
            "/পাতা",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
