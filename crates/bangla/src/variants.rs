//! Spellings that teachers mix up, folded together for search only (the
//! stored text keeps what was typed): long and short i and u, ণ and ন,
//! khanda ta and ত with hasanta, chandrabindu, joiners and the nukta
//! spellings NFC already unifies.

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
    fn a_hasanta_inside_a_conjunct_stays() {
        assert_eq!(fold("উত্তর"), "উত্তর");
        assert_eq!(fold("পত্রিকা"), "পত্রিকা");
    }
}
