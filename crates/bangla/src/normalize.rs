//! One normal form for Bangla text. Keyboards and phones produce the same
//! word in several byte sequences (precomposed য় or য + nukta, stray joiners,
//! Bangla or ASCII digits); comparing or indexing them unnormalised makes
//! duplicates and missed searches.

use unicode_normalization::UnicodeNormalization;

const ZWNJ: char = '\u{200C}';
const ZWJ: char = '\u{200D}';

/// The stored form of user text: NFC (which also unifies য়/ড়/ঢ় with their
/// nukta spellings), white space collapsed and trimmed. Joiners are kept,
/// because they change how a conjunct is drawn (র‍্য).
pub fn normalize(text: &str) -> String {
    let nfc: String = text.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    for word in nfc.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The stored form of a longer text that keeps its lines (Markdown):
/// NFC, Windows line ends made plain, spaces at line ends dropped, and
/// blank lines at either end trimmed. Inner spacing is left alone, since
/// Markdown gives it meaning (indented code, hard breaks).
pub fn normalize_lines(text: &str) -> String {
    let nfc: String = text.nfc().collect();
    let lines: Vec<&str> = nfc.split('\n').map(|l| l.trim_end_matches([' ', '\t', '\r'])).collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

/// The form used to compare and index: the stored form without joiners,
/// with ASCII digits and lower-case Latin letters.
pub fn search_key(text: &str) -> String {
    let stored = normalize(text);
    let without_joiners: String = stored.chars().filter(|c| *c != ZWJ && *c != ZWNJ).collect();
    crate::to_ascii_digits(&without_joiners).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_keep_their_lines() {
        assert_eq!(normalize_lines("\r\nপ্রথম লাইন  \r\n\n- দ্বিতীয়\t\n\n"), "প্রথম লাইন\n\n- দ্বিতীয়");
    }

    #[test]
    fn precomposed_and_nukta_spellings_become_one() {
        // U+09DF (য়) against য (U+09AF) + nukta (U+09BC).
        assert_eq!(normalize("\u{09DF}"), normalize("\u{09AF}\u{09BC}"));
        assert_eq!(normalize("বড়\u{09DC}"), normalize("বড়\u{09A1}\u{09BC}"));
        assert_eq!(search_key("মা\u{09DF}ের"), search_key("মা\u{09AF}\u{09BC}ের"));
    }

    #[test]
    fn joiners_digits_case_and_spaces_do_not_matter_to_search() {
        assert_eq!(search_key("র\u{200D}্যাব"), search_key("র্যাব"));
        assert_eq!(search_key("  Class   ৫ "), "class 5");
        assert_eq!(normalize("  দুই   শব্দ\n"), "দুই শব্দ");
    }
}
