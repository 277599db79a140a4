//! The one analyser both search engines use: a text becomes search words
//! (folded spelling, inflection taken off) and sound keys (for Bangla typed
//! in Latin letters). Documents and queries go through the same steps, so
//! whatever a teacher types meets what another wrote.

use crate::phonetic::{bangla_key, latin_key};
use crate::script::{is_bangla_word, is_latin_word};
use crate::stem::{stem_english, stems_bangla};
use crate::variants::{fold, without_nukta};

/// Sound keys shorter than this match too much to be worth it.
pub const MIN_SOUND: usize = 2;

/// One word of a text, analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// What a query looks for, any of: the folded word with every ending
    /// off, one form for each way of reading its endings.
    pub query: Vec<String>,
    /// What a document is found under: the word and each shorter form on
    /// the way to each of `query` (see [`crate::stems_bangla`]).
    pub forms: Vec<String>,
    /// Sound keys: of each form for a Bangla word, of the word as typed for
    /// one in Latin letters (Banglish finds Bangla and the other way round).
    pub sounds: Vec<String>,
}

/// The search form of one word from [`crate::words`].
fn analyse_word(word: &str) -> Word {
    let keep = |key: String| (key.chars().count() >= MIN_SOUND).then_some(key);
    if is_bangla_word(word) {
        let (forms, query) = stems_bangla(&fold(word));
        // Sound keys read ড় as r, so they are taken before the nukta goes.
        let mut sounds: Vec<String> = forms.iter().filter_map(|f| keep(bangla_key(f))).collect();
        sounds.sort();
        sounds.dedup();
        Word { query: without_nukta(query), forms: without_nukta(forms), sounds }
    } else if is_latin_word(word) {
        let term = stem_english(word);
        let forms = if term == word { vec![term.clone()] } else { vec![word.to_owned(), term.clone()] };
        Word { query: vec![term], forms, sounds: keep(latin_key(word)).into_iter().collect() }
    } else {
        Word { query: vec![word.to_owned()], forms: vec![word.to_owned()], sounds: vec![] }
    }
}

/// Every word of `text`, in order, analysed.
pub fn analyse(text: &str) -> Vec<Word> {
    crate::words(text).iter().map(|w| analyse_word(w)).collect()
}

/// What a document is found under, in order (a word's forms one after
/// the other, for an index that keeps positions).
pub fn terms(text: &str) -> Vec<String> {
    analyse(text).into_iter().flat_map(|w| w.forms).collect()
}

/// The sound keys of `text`'s words.
pub fn sounds(text: &str) -> Vec<String> {
    analyse(text).into_iter().flat_map(|w| w.sounds).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_misspelt_and_banglish_queries_meet_the_document() {
        let doc = analyse("চতুর্থ শ্রেণির গণিত: ভগ্নাংশের যোগ");
        let has = |q: &str| {
            let w = &analyse(q)[0];
            let latin = w.query[0].is_ascii();
            doc.iter().any(|d| {
                w.query.iter().any(|q| d.forms.contains(q)) || (latin && w.sounds.iter().any(|s| d.sounds.contains(s)))
            })
        };
        for q in ["গণিত", "গনিত", "ভগ্নাংশ", "শ্রেণী", "gonit", "ganit", "bhognangsho", "jog"]
        {
            assert!(has(q), "{q} finds the document");
        }
        assert!(!has("ইতিহাস") && !has("history"));
        assert_eq!(terms("Teaching fractions"), vec!["teaching", "teach", "fractions", "fraction"]);
        assert_eq!(terms("৪র্থ শ্রেণি, ক্লাস 4"), vec!["4র্থ", "শ্রেনি", "ক্লাস", "4"]);
        assert_eq!(terms("শিক্ষকদেরকে"), vec!["শিক্ষকদেরকে", "শিক্ষকদের", "শিক্ষক", "শিক্ষকদ"]);
        // দের may be a plural or দ + ের: both readings are kept.
        let plant = &analyse("উদ্ভিদের")[0];
        assert!(plant.forms.contains(&"উদ্ভিদ".to_owned()) && plant.query.contains(&"উদ্ভিদ".to_owned()));
    }

    #[test]
    fn a_letter_typed_without_its_nukta_meets_the_word_written_with_it() {
        let meets = |q: &str, d: &str| {
            let doc = analyse(d);
            analyse(q).iter().all(|w| doc.iter().any(|d| w.query.iter().any(|q| d.forms.contains(q))))
        };
        // ড় ঢ় য় precomposed, decomposed (letter + U+09BC) and typed without the nukta.
        for (q, d) in [
            ("পডা", "পড়া"),
            ("পড়া", "পডা"),
            ("পডার", "শিশুদের পড়ার অভ্যাস"),
            ("আষাঢ", "আষা\u{09DD}"),
            ("ঢাকায", "ঢাকা\u{09DF}"),
            ("ঢাকায", "ঢাকা"),
            ("বিদ্যালয", "বিদ্যাল\u{09AF}\u{09BC}ে"),
            ("বইযের", "বই"),
            ("বড", "বড\u{09BC} ক্লাস"),
        ] {
            assert!(meets(q, d), "{q} finds {d}");
        }
        assert!(!meets("পরা", "পড়া"), "র is another letter");
        // Banglish still reads ড় as r.
        assert!(analyse("পড়া")[0].sounds == analyse("পড\u{09BC}া")[0].sounds);
        assert!(analyse("pora")[0].sounds.iter().any(|s| analyse("পড়া")[0].sounds.contains(s)));
    }
}
