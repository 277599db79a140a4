//! A sound key shared by Bangla words and Bangla typed in Latin letters
//! (Banglish), so `gonit` and `ganit` find গণিত and `shikkhok` finds
//! শিক্ষক. Consonants fall into classes by how Banglish writes them
//! (aspiration and the three sibilants are not told apart: kh/k, sh/s),
//! vowels disappear except at a word's start, and a doubled class counts
//! once. Coarse on purpose: it is a fallback beside exact words, scored
//! lower, for people who cannot type Bangla on their phone.

const HASANTA: char = '\u{09CD}';
const NUKTA: char = '\u{09BC}';
/// The class of any vowel that starts a word.
const START_VOWEL: char = 'A';

/// The class of a Bangla consonant, or `None` for one that is not heard
/// in Banglish spelling.
fn bangla_class(c: char) -> Option<char> {
    Some(match c {
        'ক' | 'খ' => 'K',
        'গ' | 'ঘ' => 'G',
        'ঙ' | 'ঞ' | 'ণ' | 'ন' | 'ং' => 'N',
        'চ' | 'ছ' => 'C',
        'জ' | 'ঝ' | 'য' => 'J',
        'ট' | 'ঠ' | 'ত' | 'থ' | 'ৎ' => 'T',
        'ড' | 'ঢ' | 'দ' | 'ধ' => 'D',
        'প' | 'ফ' => 'P',
        'ব' | 'ভ' => 'B',
        'ম' => 'M',
        'র' | '\u{09DC}' | '\u{09DD}' | 'ঋ' | 'ৃ' => 'R',
        'ল' => 'L',
        'শ' | 'ষ' | 'স' => 'S',
        'হ' => 'H',
        _ => return None,
    })
}

/// Marks a vowel between consonants while the key is built: the same
/// class twice counts once only when no vowel falls between (a cluster
/// or a doubled letter), so শিশু (shishu) keeps both its শ.
const VOWEL: char = '.';

/// The sound key of a Bangla word (in [`crate::search_key`] form).
pub fn bangla_key(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    // A consonant not followed by a hasanta or a vowel sign carries the
    // inherent vowel (ক is "ko").
    let inherent = |out: &mut String, after: Option<&char>| {
        if after.is_none_or(|c| *c != HASANTA && !crate::script::is_vowel_sign(*c)) {
            out.push(VOWEL);
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let after_hasanta = i >= 1 && chars[i - 1] == HASANTA;
        // ড় ঢ় য় in NFC: the letter and a nukta.
        if next == Some(NUKTA) {
            match c {
                'ড' | 'ঢ' => {
                    out.push('R');
                    inherent(&mut out, chars.get(i + 2));
                }
                // য় is a glide between vowels, written y or not at all.
                _ => out.push(VOWEL),
            }
            i += 2;
            continue;
        }
        if crate::script::is_vowel(c) {
            out.push(match (i, c) {
                (0, 'ঋ') => 'R',
                (0, _) => START_VOWEL,
                _ => VOWEL,
            });
        } else if crate::script::is_vowel_sign(c) && c != 'ৃ' {
            out.push(VOWEL);
        } else if (c == 'জ' && next == Some(HASANTA) && chars.get(i + 2) == Some(&'ঞ'))
            || (c == 'ক' && next == Some(HASANTA) && chars.get(i + 2) == Some(&'ষ'))
        {
            // জ্ঞ is said "gg" (জ্ঞান: gyan), ক্ষ "kkh" (শিক্ষক: shikkhok).
            out.push(if c == 'জ' { 'G' } else { 'K' });
            inherent(&mut out, chars.get(i + 3));
            i += 3;
            continue;
        } else if after_hasanta && matches!(c, 'য' | 'ব') && i >= 2 {
            // য-ফলা and ব-ফলা double the consonant before them, unwritten in Banglish.
            inherent(&mut out, next.as_ref());
        } else if let Some(class) = bangla_class(c) {
            out.push(class);
            if crate::script::is_consonant(c) {
                inherent(&mut out, next.as_ref());
            }
        }
        i += 1;
    }
    collapse(&out)
}

/// The sound key of a Latin-letter word (lower case).
pub fn latin_key(word: &str) -> String {
    let b: Vec<char> = word.chars().collect();
    let is_vowel = |c: char| "aeiouw".contains(c);
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let rest: String = b[i..].iter().take(3).collect();
        let (class, len): (Option<&str>, usize) = if rest.starts_with("chh") || rest.starts_with("kkh") {
            (Some(if rest.starts_with('c') { "C" } else { "K" }), 3)
        } else {
            match rest.get(..2).unwrap_or(&rest) {
                "kh" => (Some("K"), 2),
                "gh" => (Some("G"), 2),
                "ch" => (Some("C"), 2),
                "jh" => (Some("J"), 2),
                "th" => (Some("T"), 2),
                "dh" => (Some("D"), 2),
                "ph" => (Some("P"), 2),
                "bh" => (Some("B"), 2),
                "sh" => (Some("S"), 2),
                "rh" => (Some("R"), 2),
                // ng before a vowel is ঙ্গ (n and g), else ং (one nasal).
                "ng" => match b.get(i + 2) {
                    Some(v) if is_vowel(*v) => (Some("NG"), 2),
                    _ => (Some("N"), 2),
                },
                _ => {
                    let c = b[i];
                    let class = match c {
                        _ if is_vowel(c) || c == 'y' => Some(if i == 0 && c != 'w' && c != 'y' { "A" } else { "." }),
                        // c is k in loanwords (projector, content), s before e and i.
                        'c' if matches!(b.get(i + 1), Some('e' | 'i' | 'y')) => Some("S"),
                        'k' | 'q' | 'c' => Some("K"),
                        'g' => Some("G"),
                        'j' | 'z' => Some("J"),
                        't' => Some("T"),
                        'd' => Some("D"),
                        'p' | 'f' => Some("P"),
                        'b' | 'v' => Some("B"),
                        'm' => Some("M"),
                        'n' => Some("N"),
                        'r' => Some("R"),
                        'l' => Some("L"),
                        's' => Some("S"),
                        'h' => Some("H"),
                        'x' => Some("KS"),
                        _ => None,
                    };
                    (class, 1)
                }
            }
        };
        out.push_str(class.unwrap_or(""));
        i += len;
    }
    collapse(&out)
}

/// A class written twice with no vowel between counts once (কক্ষ, kk,
/// nn); then the vowel marks go.
fn collapse(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out.retain(|c| c != VOWEL);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bn(word: &str) -> String {
        bangla_key(&crate::variants::fold(&crate::search_key(word)))
    }

    #[test]
    fn banglish_spellings_meet_their_bangla_words() {
        for (latin, bangla) in [
            ("gonit", "গণিত"),
            ("ganit", "গণিত"),
            ("shikkhok", "শিক্ষক"),
            ("shikhok", "শিক্ষক"),
            ("bhognangsho", "ভগ্নাংশ"),
            ("bhagnangsha", "ভগ্নাংশ"),
            ("bangla", "বাংলা"),
            ("bigyan", "বিজ্ঞান"),
            ("biggan", "বিজ্ঞান"),
            ("byakoron", "ব্যাকরণ"),
            ("prothom", "প্রথম"),
            ("sreni", "শ্রেণি"),
            ("shreni", "শ্রেণী"),
            ("ingreji", "ইংরেজি"),
            ("onko", "অংক"),
            ("biswo", "বিশ্ব"),
            ("bishwo", "বিশ্ব"),
            ("porichoy", "পরিচয়"),
            ("pora", "পড়া"),
            ("sangit", "সঙ্গীত"),
            ("itihas", "ইতিহাস"),
            ("bhugol", "ভূগোল"),
            ("jamiti", "জ্যামিতি"),
            ("rin", "ঋণ"),
            ("shishu", "শিশু"),
            ("haor", "হাওর"),
            ("projector", "প্রজেক্টর"),
            ("content", "কনটেন্ট"),
            ("bonna", "বন্যা"),
        ] {
            assert_eq!(latin_key(latin), bn(bangla), "{latin} ~ {bangla}");
        }
    }

    #[test]
    fn different_words_keep_different_keys() {
        assert_ne!(bn("গণিত"), bn("গান"));
        assert_ne!(bn("শিক্ষক"), bn("শিশু"));
        assert_ne!(bn("শিক্ষক"), bn("শিক্ষা"));
        assert_ne!(latin_key("bangla"), latin_key("bagan"));
    }
}
