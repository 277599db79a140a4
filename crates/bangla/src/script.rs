//! Which script a character or word is written in, and the Bangla letter
//! classes the stemmer and the phonetic key need.

/// A Bangla character (the Bengali block, U+0980–U+09FF).
pub fn is_bangla(c: char) -> bool {
    ('\u{0980}'..='\u{09FF}').contains(&c)
}

/// A word with at least one Bangla character.
pub fn is_bangla_word(word: &str) -> bool {
    word.chars().any(is_bangla)
}

/// A word of ASCII letters only (English, or Bangla typed in Latin letters).
pub fn is_latin_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic())
}

/// A dependent vowel sign (া ি ী ু ূ ৃ ে ৈ ো ৌ and the au length mark).
pub fn is_vowel_sign(c: char) -> bool {
    matches!(c, '\u{09BE}'..='\u{09C4}' | '\u{09C7}' | '\u{09C8}' | '\u{09CB}' | '\u{09CC}' | '\u{09D7}')
}

/// An independent vowel (অ … ঔ, ৠ, ৡ).
pub fn is_vowel(c: char) -> bool {
    matches!(c, '\u{0985}'..='\u{0994}' | '\u{09E0}' | '\u{09E1}')
}

/// A consonant (ক … হ, ড় ঢ় য় precomposed, ৎ).
pub fn is_consonant(c: char) -> bool {
    matches!(c, '\u{0995}'..='\u{09B9}' | '\u{09DC}' | '\u{09DD}' | '\u{09DF}' | '\u{09CE}')
}

/// Letters that carry a sound of their own (consonants and independent
/// vowels), not signs, marks or the hasanta: how long a stem really is.
pub fn letters(word: &str) -> usize {
    word.chars().filter(|c| is_consonant(*c) || is_vowel(*c) || c.is_ascii_alphanumeric()).count()
}
