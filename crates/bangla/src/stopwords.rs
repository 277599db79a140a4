//! Words so common that they say nothing about what a teacher looks for
//! (ও, এবং, করে, the, of). A query drops them when it has other words;
//! a query of nothing else keeps them.

use std::collections::HashSet;
use std::sync::LazyLock;

const BANGLA: &str = "ও এবং আর কিন্তু তবে বা অথবা যে যা যার এই সেই ওই এ সে তা তার হয় হয়ে হবে ছিল আছে নেই না \
    করে করা করতে জন্য থেকে দিয়ে নিয়ে মধ্যে সাথে সঙ্গে কী কি কোন কেন কীভাবে কিভাবে আমি আমরা আমার তুমি আপনি \
    তিনি তারা এটা এটি ওটা একটি একটা খুব আরও সব প্রতি";
const ENGLISH: &str = "the a an and or of to in on for with is are was be by at from it this that how what why";

static STOP: LazyLock<HashSet<String>> =
    LazyLock::new(|| crate::analyse(&format!("{BANGLA} {ENGLISH}")).into_iter().flat_map(|w| w.query).collect());

/// Whether an analysed word is one of the common ones.
pub fn is_stopword(word: &crate::Word) -> bool {
    word.query.iter().all(|q| STOP.contains(q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_common_and_subject_words_are_not() {
        let words = crate::analyse("শিশুরা কীভাবে ভগ্নাংশের যোগ করে and the fractions");
        let kept: Vec<String> = words.iter().filter(|w| !is_stopword(w)).map(|w| w.query[0].clone()).collect();
        assert_eq!(kept.len(), 4, "{kept:?}");
    }
}
