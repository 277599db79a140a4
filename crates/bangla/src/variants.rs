//! Spellings that teachers mix up, folded together for search only (the
//! stored text keeps what was typed): long and short i and u, ণ and ন,
//! khanda ta and ত with hasanta, chandrabindu, joiners and the nukta
//! spellings NFC already unifies; and, last, the nukta itself (ড় ঢ় য় meet
//! ড ঢ য, since many keyboards make the nukta a second keystroke).

const HASANTA: char = '\u{09CD}';
const ZWNJ: char = '\u{200C}';
const ZWJ: char = '\u{200D}';

/// One search spelling for a word already in [`crate::search_key`] form.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            'ী' => out.push('ি'),
            'ূ' => out.push('ু'),
            'ঈ' => out.push('ই'),
            'ঊ' => out.push('উ'),
            'ণ' => out.push('ন'),
            // ৎ is ত with a hasanta; so is ত্‌ (ত, hasanta, ZWNJ) at a word's end.
            'ৎ' => out.push('ত'),
            'ত' if chars.peek() == Some(&HASANTA) => {
                let mut ahead = chars.clone();
                ahead.next();
                if matches!(ahead.peek(), None | Some(&ZWNJ)) {
                    chars.next();
                    if chars.peek() == Some(&ZWNJ) {
                        chars.next();
                    }
                }
                out.push('ত');
            }
            // Chandrabindu nasalises a vowel; people often leave it out.
            'ঁ' | ZWJ | ZWNJ => {}
            _ => out.push(c),
        }
    }
    out
}

const NUKTA: char = '\u{09BC}';

/// The search forms of a word with the nukta taken off (ড় → ড, য় → য),
/// each once. NFC writes ড় ঢ় য় as the letter and U+09BC, so one character
/// goes; the precomposed letters are mapped too, for text not yet in NFC.
pub fn without_nukta(forms: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(forms.len());
    for f in forms {
        let plain: String = f
            .chars()
            .filter(|c| *c != NUKTA)
            .map(|c| match c {
                '\u{09DC}' => 'ড',
                '\u{09DD}' => 'ঢ',
                '\u{09DF}' => 'য',
                c => c,
            })
            .collect();
        if !out.contains(&plain) {
            out.push(plain);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_misspellings_meet() {
        assert_eq!(fold("গণিত"), fold("গনিত"));
        assert_eq!(fold("শ্রেণী"), fold("শ্রেণি"));
        assert_eq!(fold("পূর্ব"), fold("পুর্ব"));
        assert_eq!(fold("হঠাৎ"), fold("হঠাত্\u{200C}"));
        assert_eq!(fold("হঠাৎ"), fold("হঠাত্"));
        assert_eq!(fold("চাঁদ"), fold("চাদ"));
        assert_eq!(fold("ঈদ"), fold("ইদ"));
    }

    #[test]
    fn the_nukta_comes_off_in_every_spelling() {
        let plain = vec!["পড়া".to_owned(), "পড\u{09BC}া".to_owned(), "প\u{09DC}া".to_owned(), "পডা".to_owned()];
        assert_eq!(without_nukta(plain), vec!["পডা".to_owned()]);
        assert_eq!(without_nukta(vec!["বিদ্যাল\u{09DF}".into(), "আষা\u{09DD}".into()]), ["বিদ্যালয", "আষাঢ"]);
        assert_eq!(without_nukta(vec!["বই".into()]), ["বই"]);
    }

    #[test]
    fn a_hasanta_inside_a_conjunct_stays() {
        assert_eq!(fold("উত্তর"), "উত্তর");
        assert_eq!(fold("পত্রিকা"), "পত্রিকা");
    }
}
