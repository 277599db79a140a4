//! A few lines of a found item around the words that matched, with those
//! words marked, HTML-escaped: the same on both engines, because it comes
//! from the analyser rather than from either engine.

use askama::filters::Escaper;

/// Words shown either side of the first match.
const AROUND: usize = 14;
/// A snippet with no match shows this many words from the start.
const OPENING: usize = 28;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = askama::filters::Html.write_escaped_str(&mut out, text);
    out
}

/// Whether `word` (as written) is one of the words asked for.
fn matches(word: &str, asked: &[bangla::Word]) -> bool {
    let Some(w) = bangla::analyse(word).into_iter().next() else { return false };
    asked.iter().any(|a| super::engine::meets(a, &w))
}

/// All of a short `text` (a title), escaped, the words asked marked.
pub fn marked(text: &str, asked: &[bangla::Word]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for span in bangla::word_spans(text) {
        out.push_str(&escape(&text[at..span.start]));
        let word = &text[span.clone()];
        if matches(word, asked) {
            out.push_str("<mark>");
            out.push_str(&escape(word));
            out.push_str("</mark>");
        } else {
            out.push_str(&escape(word));
        }
        at = span.end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

/// The snippet of `text` for `asked`.
pub fn of(text: &str, asked: &[bangla::Word]) -> String {
    let spans = bangla::word_spans(text);
    if spans.is_empty() {
        return String::new();
    }
    let hits: Vec<bool> = spans.iter().map(|s| matches(&text[s.clone()], asked)).collect();
    let (from, to) = match hits.iter().position(|h| *h) {
        Some(first) => (first.saturating_sub(AROUND), (first + AROUND + 1).min(spans.len())),
        None => (0, OPENING.min(spans.len())),
    };
    let mut out = String::new();
    if from > 0 {
        out.push_str("… ");
    }
    let mut at = spans[from].start;
    for i in from..to {
        let span = spans[i].clone();
        out.push_str(&escape(&text[at..span.start]));
        if hits[i] {
            out.push_str("<mark>");
            out.push_str(&escape(&text[span.clone()]));
            out.push_str("</mark>");
        } else {
            out.push_str(&escape(&text[span.clone()]));
        }
        at = span.end;
    }
    if to < spans.len() {
        out.push_str(" …");
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_words_are_marked_and_the_rest_escaped() {
        let asked = bangla::analyse("ভগ্নাংশ");
        let s = of("আজ <b>ক্লাসে</b> ভগ্নাংশের যোগ শেখালাম।", &asked);
        assert_eq!(s, "আজ &#60;b&#62;ক্লাসে&#60;/b&#62; <mark>ভগ্নাংশের</mark> যোগ শেখালাম");
        let banglish = bangla::analyse("gonit");
        assert!(of("চতুর্থ শ্রেণির গণিত বই", &banglish).contains("<mark>গণিত</mark>"));
        assert_eq!(marked("গণিত <ও> খেলা?", &banglish), "<mark>গণিত</mark> &#60;ও&#62; খেলা?");
    }
}
