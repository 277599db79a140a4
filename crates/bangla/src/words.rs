//! Word segmentation by Unicode word boundaries (UAX #29), which keeps a
//! Bangla word with its vowel signs, hasanta and conjuncts in one piece.

use unicode_segmentation::UnicodeSegmentation;

/// The words of a text in search-key form; punctuation, the danda (।) and
/// white space are dropped.
pub fn words(text: &str) -> Vec<String> {
    let key = crate::search_key(text);
    key.unicode_words().filter(|w| w.chars().any(char::is_alphanumeric)).map(str::to_owned).collect()
}

/// Where each word of `text` is, as byte ranges of `text` itself (for
/// marking found words in a snippet).
pub fn word_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    text.unicode_word_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(at, w)| at..at + w.len())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bangla_words_keep_conjuncts_whole() {
        assert_eq!(words("আমি শিক্ষক।"), vec!["আমি", "শিক্ষক"]);
        assert_eq!(words("বাংলাদেশের প্রাথমিক-বিদ্যালয়, Class ৫"), vec!["বাংলাদেশের", "প্রাথমিক", "বিদ্যালয়", "class", "5"]);
    }

    #[test]
    fn mixed_spellings_give_the_same_words() {
        assert_eq!(words("বিদ্যাল\u{09DF}"), words("বিদ্যাল\u{09AF}\u{09BC}"));
    }
}
