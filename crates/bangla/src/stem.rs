//! A light inflectional stemmer: it takes off case endings, plural and
//! classifier suffixes (বাংলাদেশের → বাংলাদেশ, শিক্ষকদের → শিক্ষক,
//! বইগুলো → বই) and English plural, -ing and -ed endings. Light on purpose:
//! a stem keeps at least two letters, and an ending that needs a vowel or
//! a consonant before it comes off only then, so সুন্দর keeps its র.

use crate::script::{is_consonant, is_vowel, is_vowel_sign, letters};

/// What must come just before a suffix for it to be one.
#[derive(Clone, Copy, PartialEq)]
enum After {
    Anything,
    /// A consonant (ের, ে, েরা).
    Consonant,
    /// A vowel sign (র, রা, তে): হাওর keeps its র.
    VowelSign,
    /// A vowel or vowel sign (য়, য়ে: ঢাকায়, বইয়ে).
    Vowel,
}

/// Case endings, longest first.
const CASE: &[(&str, After)] = &[
    ("কে", After::Anything),
    ("ের", After::Consonant),
    ("তে", After::VowelSign),
    ("\u{09AF}\u{09BC}ের", After::Vowel),
    ("\u{09AF}\u{09BC}ে", After::Vowel),
    ("\u{09AF}\u{09BC}", After::Vowel),
    // The same typed without the nukta (য, not য়): after a vowel, য is
    // always the glide.
    ("যের", After::Vowel),
    ("যে", After::Vowel),
    ("য", After::Vowel),
    ("র", After::VowelSign),
    ("ে", After::Consonant),
];

/// Plural and classifier endings, longest first.
const NUMBER: &[(&str, After)] = &[
    ("গুলো", After::Anything),
    ("গুলি", After::Anything),
    ("খানা", After::Anything),
    ("খানি", After::Anything),
    ("দের", After::Anything),
    ("েরা", After::Consonant),
    ("টি", After::Anything),
    ("টা", After::Anything),
    ("রা", After::VowelSign),
];

/// How many endings may come off one word (বইগুলোকে: কে, then গুলো).
const MAX_ENDINGS: usize = 3;

/// The forms of a Bangla word (folded search form) as endings come off
/// one by one, the word itself first, and the shortest ones reached. An
/// ending may be read two ways (শিক্ষকদের: the plural দের; উদ্ভিদের: দ and
/// the case ending ের), so both are followed. A document is indexed under
/// every form and a query looks for any shortest one, so a word that only
/// looks inflected (বাজার: বাজা + র?) still meets itself however written.
pub fn stems_bangla(word: &str) -> (Vec<String>, Vec<String>) {
    let (mut forms, mut shortest) = (vec![word.to_owned()], Vec::new());
    follow(word, 0, &mut forms, &mut shortest);
    (forms, shortest)
}

fn follow(word: &str, depth: usize, forms: &mut Vec<String>, shortest: &mut Vec<String>) {
    let next: Vec<&str> = if depth < MAX_ENDINGS {
        [strip_one(word, NUMBER), strip_one(word, CASE)].into_iter().flatten().collect()
    } else {
        vec![]
    };
    if next.is_empty() {
        if !shortest.iter().any(|s| s == word) {
            shortest.push(word.to_owned());
        }
        return;
    }
    for shorter in next {
        if !forms.iter().any(|f| f == shorter) {
            forms.push(shorter.to_owned());
        }
        follow(shorter, depth + 1, forms, shortest);
    }
}

/// The shortest form of a Bangla word on its most likely reading (plural
/// and classifier endings before case endings).
pub fn stem_bangla(word: &str) -> String {
    stems_bangla(word).1.into_iter().next().unwrap_or_default()
}

fn strip_one<'a>(word: &'a str, endings: &[(&str, After)]) -> Option<&'a str> {
    endings.iter().find_map(|(suffix, after)| {
        let stem = word.strip_suffix(suffix)?;
        let before = stem.chars().last()?;
        let fits = match after {
            After::Anything => true,
            // A nukta (ড়, ঢ়, য় in NFC) ends a consonant too.
            After::Consonant => is_consonant(before) || before == '\u{09BC}',
            After::VowelSign => is_vowel_sign(before),
            After::Vowel => is_vowel_sign(before) || is_vowel(before),
        };
        (fits && letters(stem) >= 2).then_some(stem)
    })
}

/// The stem of a lower-case English word.
pub fn stem_english(word: &str) -> String {
    let w = word;
    let long = |stem: &str| stem.len() >= 3;
    if let Some(s) = w.strip_suffix("ies").filter(|s| long(s)) {
        return format!("{s}y");
    }
    for ending in ["sses", "shes", "ches", "xes", "zes"] {
        if w.ends_with(ending) && long(&w[..w.len() - 2]) {
            return w[..w.len() - 2].to_owned();
        }
    }
    if let Some(s) = w.strip_suffix('s').filter(|s| long(s) && !s.ends_with(['s', 'u', 'i'])) {
        return s.to_owned();
    }
    for ending in ["ing", "ed"] {
        if let Some(s) = w.strip_suffix(ending).filter(|s| long(s) && s.chars().any(|c| "aeiou".contains(c))) {
            // teaching → teach, planned → plan.
            let b = s.as_bytes();
            if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] && !matches!(b[b.len() - 1], b'l' | b's' | b'z') {
                return s[..s.len() - 1].to_owned();
            }
            return s.to_owned();
        }
    }
    w.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bangla_case_and_plural_endings_come_off() {
        for (word, stem) in [
            ("বাংলাদেশের", "বাংলাদেশ"),
            ("শিক্ষকদের", "শিক্ষক"),
            ("শিক্ষকেরা", "শিক্ষক"),
            ("শিক্ষককে", "শিক্ষক"),
            ("বইগুলো", "বই"),
            ("বইগুলোকে", "বই"),
            ("ছাত্রছাত্রীরা", "ছাত্রছাত্রী"),
            ("শিশুর", "শিশু"),
            ("ঢাকায়", "ঢাকা"),
            ("বাড়িতে", "বাড়ি"),
            ("স্কুলে", "স্কুল"),
            ("গণিতের", "গণিত"),
            ("খাতাটি", "খাতা"),
            ("বইখানা", "বই"),
            ("হাওরের", "হাওর"),
            ("বইয়ের", "বই"),
            ("খাতাটির", "খাতা"),
            ("শিক্ষকদেরকে", "শিক্ষক"),
        ] {
            assert_eq!(stem_bangla(&crate::search_key(word)), crate::search_key(stem), "{word}");
        }
    }

    #[test]
    fn words_that_only_look_inflected_keep_their_letters() {
        for word in ["সুন্দর", "হাতে", "কে", "বই", "মা"] {
            let kept = stem_bangla(&crate::search_key(word));
            assert!(crate::script::letters(&kept) >= 2 || kept == crate::search_key(word), "{word} → {kept}");
        }
        assert_eq!(stem_bangla(&crate::search_key("সুন্দর")), crate::search_key("সুন্দর"));
        assert_eq!(stem_bangla(&crate::search_key("হাতে")), crate::search_key("হাত"));
        assert_eq!(stem_bangla(&crate::search_key("হাওর")), crate::search_key("হাওর"));
    }

    #[test]
    fn english_plurals_and_verb_endings() {
        for (word, stem) in [
            ("fractions", "fraction"),
            ("classes", "class"),
            ("stories", "story"),
            ("teaching", "teach"),
            ("planned", "plan"),
            ("used", "used"),
            ("class", "class"),
            ("bus", "bus"),
            ("sing", "sing"),
        ] {
            assert_eq!(stem_english(word), stem, "{word}");
        }
    }
}
