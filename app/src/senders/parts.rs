//! How a text is cut into SMS. A message in Bangla travels as UCS-2, 70
//! characters to an SMS; one in plain English letters as GSM-7, 160. A
//! longer text goes as numbered parts ("১/৩ …"), each one SMS, cut between
//! words: basic phones and cheap gateways do not always join long messages,
//! and each part must make sense alone.

/// Characters of one UCS-2 SMS (UTF-16 units).
pub const UCS2_SMS: usize = 70;
/// Characters of one GSM-7 SMS (the extension characters count two).
pub const GSM_SMS: usize = 160;

/// The GSM-7 characters besides ASCII letters, digits and the space.
const GSM_BASIC_EXTRA: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà";
/// Sent with an escape: two septets each.
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// The length of `text` in GSM-7 septets, if every character has one.
fn gsm_len(text: &str) -> Option<usize> {
    text.chars().try_fold(0, |n, c| {
        if c.is_ascii_alphanumeric() || c == ' ' || GSM_BASIC_EXTRA.contains(c) {
            Some(n + 1)
        } else if GSM_EXTENDED.contains(c) {
            Some(n + 2)
        } else {
            None
        }
    })
}

/// How `text` is measured: its length and the length of one SMS.
fn measure(text: &str, gsm: bool) -> usize {
    if gsm { gsm_len(text).unwrap_or(usize::MAX) } else { text.encode_utf16().count() }
}

/// Left out of every SMS: fluent's direction marks, control characters
/// (but the line break), and spaces at the ends.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{2068}' | '\u{2069}') && (!c.is_control() || *c == '\n'))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The most SMS one text takes: a longer text (a course author's very long
/// question) is cut short, ending "…", rather than costing hundreds of SMS.
pub const MAX_PARTS: usize = 8;

/// The SMS that carry `text`, in order: one when it fits, else numbered
/// parts ("১/৩ …") that each fit one SMS, at most [`MAX_PARTS`].
pub fn parts(text: &str) -> Vec<String> {
    let text = clean(text);
    let gsm = gsm_len(&text).is_some();
    let size = if gsm { GSM_SMS } else { UCS2_SMS };
    if measure(&text, gsm) <= size {
        return vec![text];
    }
    // The number in front takes "8/8 ": one digit each, as parts are at most eight.
    let room = size - 4;
    let mut chunks = chunks(&text, gsm, room);
    if chunks.len() > MAX_PARTS {
        chunks.truncate(MAX_PARTS);
        let ellipsis = if gsm { "..." } else { "…" };
        let last = chunks.last_mut().expect("eight parts");
        while measure(last, gsm) + measure(ellipsis, gsm) > room {
            last.pop();
        }
        last.push_str(ellipsis);
    }
    let total = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let number = format!("{}/{total}", i + 1);
            let number = if gsm { number } else { bangla::to_bangla_digits(&number) };
            format!("{number} {chunk}")
        })
        .collect()
}

/// `text` cut between words into pieces of at most `room`.
fn chunks(text: &str, gsm: bool, room: usize) -> Vec<String> {
    let mut chunks: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let joined = if current.is_empty() { word.to_owned() } else { format!("{current} {word}") };
        if measure(&joined, gsm) <= room {
            current = joined;
            continue;
        }
        if !current.is_empty() {
            chunks.push(std::mem::take(&mut current));
        }
        // A word longer than a whole part is cut where it must be.
        let mut rest = word.to_owned();
        while measure(&rest, gsm) > room {
            let cut = rest
                .char_indices()
                .map(|(i, _)| i)
                .take_while(|&i| measure(&rest[..i], gsm) <= room)
                .last()
                .unwrap_or(rest.len());
            let cut = if cut == 0 { rest.chars().next().map_or(rest.len(), char::len_utf8) } else { cut };
            chunks.push(rest[..cut].to_owned());
            rest = rest[cut..].to_owned();
        }
        current = rest;
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// How many SMS a message received from a phone took.
pub fn count_received(text: &str) -> usize {
    let gsm = gsm_len(text).is_some();
    let (single, part) = if gsm { (GSM_SMS, 153) } else { (UCS2_SMS, 67) };
    let n = measure(text, gsm);
    if n <= single { 1 } else { n.div_ceil(part) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_bangla_text_is_one_sms_and_a_long_one_numbered_parts_that_each_fit() {
        assert_eq!(parts("বাতায়ন কোড ১২৩৪৫৬। ১৫ মিনিট বৈধ।"), vec!["বাতায়ন কোড ১২৩৪৫৬। ১৫ মিনিট বৈধ।"]);
        let long = "প্রশ্ন ১/৪: একটি ত্রিভুজের তিন কোণের সমষ্টি কত ডিগ্রি? ১) ৯০ ২) ১৮০ ৩) ২৭০ ৪) ৩৬০ — উত্তরের নম্বর লিখে পাঠান";
        let sent = parts(long);
        assert!(sent.len() >= 2, "{sent:?}");
        assert!(sent.iter().all(|p| p.encode_utf16().count() <= UCS2_SMS), "{sent:?}");
        assert!(sent[0].starts_with("১/"), "{sent:?}");
        let joined: Vec<&str> = sent.iter().map(|p| p.split_once(' ').unwrap().1).collect();
        assert_eq!(joined.join(" "), long, "nothing is lost between parts");
    }

    #[test]
    fn plain_english_is_counted_in_gsm_characters() {
        let text = "Batayon: reply with the number of your answer. ".repeat(3);
        assert_eq!(parts(&text).len(), 1, "141 GSM characters fit one SMS");
        assert_eq!(count_received(&"a".repeat(161)), 2);
        assert_eq!(count_received("উত্তর ২"), 1);
        assert!(parts(&"{x} ".repeat(40)).len() > 1, "braces count two");
    }

    #[test]
    fn a_very_long_text_is_cut_short_at_eight_sms_that_each_fit() {
        let sent = parts(&"ক ".repeat(5000));
        assert_eq!(sent.len(), MAX_PARTS);
        assert!(sent.iter().all(|p| p.encode_utf16().count() <= UCS2_SMS), "{sent:?}");
        assert!(sent[7].starts_with("৮/৮ ") && sent[7].ends_with('…'), "{:?}", sent[7]);
        let sent = parts(&"ab ".repeat(10_000));
        assert_eq!(sent.len(), MAX_PARTS);
        assert!(sent.iter().all(|p| p.len() <= GSM_SMS) && sent[7].ends_with("..."), "{sent:?}");
    }

    #[test]
    fn a_word_longer_than_an_sms_is_cut() {
        let word = "ক".repeat(150);
        let sent = parts(&word);
        assert!(sent.iter().all(|p| p.encode_utf16().count() <= UCS2_SMS));
        assert_eq!(sent.iter().map(|p| p.split_once(' ').unwrap().1).collect::<String>(), word);
    }
}
